/** Geometry of a rolling-element bearing; diameters in any one unit (only their ratio matters). */
export interface BearingGeometry {
  balls: number;
  ballDiameter: number;
  pitchDiameter: number;
  contactAngleDeg: number;
}

export interface BearingFrequenciesInput extends BearingGeometry {
  /** Shaft (inner ring) speed in Hz, outer ring fixed. */
  shaftHz: number;
}

/** Characteristic defect frequencies in Hz. */
export interface BearingFrequencies {
  shaftHz: number;
  /** Ball pass frequency, outer race: a defect on the stationary outer race is struck by each ball in turn. */
  bpfo: number;
  /** Ball pass frequency, inner race. */
  bpfi: number;
  /** Ball spin frequency: one ball's rotation about its own axis. */
  bsf: number;
  /** Fundamental train (cage) frequency. */
  ftf: number;
}

/**
 * Kinematic defect frequencies with no slip (Randall & Antoni 2011, "Rolling element bearing diagnostics—A
 * tutorial", MSSP 25); real bearings slip 1–2 %, so a search for these lines needs a tolerance of that size.
 *
 * Convention for BSF: (Pd / 2Bd)·fr·(1 − (Bd/Pd·cos φ)²), the rotation of a ball about its own axis. A spall on
 * a ball strikes both races once per spin, so its envelope line is often strongest at 2×BSF; the 2× form is not
 * used here. With this convention the SKF 6205 at 29.95 Hz gives BSF ≈ 70.6 Hz, the figure the CWRU Bearing Data
 * Center quotes (BPFO 107.4, BPFI 162.2, FTF 11.9 Hz).
 */
export function bearingFrequencies(b: BearingFrequenciesInput): BearingFrequencies {
  if (!(b.balls > 0 && b.ballDiameter > 0 && b.pitchDiameter > b.ballDiameter)) {
    throw new RangeError('bearing geometry needs balls > 0 and 0 < ballDiameter < pitchDiameter');
  }
  const r = (b.ballDiameter / b.pitchDiameter) * Math.cos((b.contactAngleDeg * Math.PI) / 180);
  const fr = b.shaftHz;
  return {
    shaftHz: fr,
    bpfo: (b.balls / 2) * fr * (1 - r),
    bpfi: (b.balls / 2) * fr * (1 + r),
    bsf: (b.pitchDiameter / (2 * b.ballDiameter)) * fr * (1 - r * r),
    ftf: (fr / 2) * (1 - r),
  };
}

/** SKF 6205-2RS JEM, the drive-end bearing of the CWRU Bearing Data Center rig (diameters in inches). */
export const SKF_6205: BearingGeometry = { balls: 9, ballDiameter: 0.3126, pitchDiameter: 1.537, contactAngleDeg: 0 };
