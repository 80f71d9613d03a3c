/**
 * Vibration severity per ISO 10816-3:2009, "Mechanical vibration — Evaluation of machine vibration by
 * measurements on non-rotating parts — Part 3: Industrial machines with nominal power above 15 kW and nominal
 * speeds between 120 r/min and 15 000 r/min", Annex A, Tables A.1 and A.2 (broadband r.m.s. velocity in mm/s,
 * measured on the bearing housings). The standard has since been revised as ISO 20816-3:2022.
 */
import { fft } from './fft';

/** Group 1: large machines, 300 kW to 50 MW (electrical machines of shaft height ≥ 315 mm). Group 2: medium
 * machines, 15 kW to 300 kW (shaft height 160–315 mm). Foundation "rigid" when the lowest natural frequency of the
 * machine and foundation is at least 25 % above the main excitation (running speed), otherwise "flexible". */
export type Iso10816Class = 'group1-rigid' | 'group1-flexible' | 'group2-rigid' | 'group2-flexible';

/**
 * Zone A: newly commissioned machines. B: acceptable for unrestricted long-term operation. C: unsatisfactory for
 * long-term continuous operation, plan a remedy. D: severe enough to cause damage.
 */
export type Iso10816Zone = 'A' | 'B' | 'C' | 'D';

/** Zone boundaries A/B, B/C, C/D in mm/s r.m.s. (ISO 10816-3:2009, Tables A.1 and A.2). */
export const ISO10816_3_BOUNDARIES: Readonly<Record<Iso10816Class, readonly [number, number, number]>> = {
  'group1-rigid': [2.3, 4.5, 7.1],
  'group1-flexible': [3.5, 7.1, 11.0],
  'group2-rigid': [1.4, 2.8, 4.5],
  'group2-flexible': [2.3, 4.5, 7.1],
};

/** Zone of a broadband velocity r.m.s.; a value equal to a boundary stays in the lower (better) zone. */
export function iso10816Zone(velocityRmsMmS: number, machineClass: Iso10816Class): Iso10816Zone {
  if (!(velocityRmsMmS >= 0))
    throw new RangeError(`velocity r.m.s. must be a non-negative number, got ${velocityRmsMmS}`);
  const [ab, bc, cd] = ISO10816_3_BOUNDARIES[machineClass];
  if (velocityRmsMmS <= ab) return 'A';
  if (velocityRmsMmS <= bc) return 'B';
  if (velocityRmsMmS <= cd) return 'C';
  return 'D';
}

/** Standard gravity (CGPM 1901), for accelerometers that report g. */
export const STANDARD_GRAVITY = 9.80665;

export interface VelocityRmsOptions {
  /**
   * Band in Hz, default [10, 1000]: ISO 10816-3 specifies 10–1000 Hz for machines above 600 r/min
   * (2–1000 Hz for 120–600 r/min).
   */
  band?: [number, number];
}

/**
 * Velocity r.m.s. in mm/s from acceleration in g, integrated in the frequency domain (V = A / jω bin by bin,
 * bins outside the band zeroed) and summed by Parseval. Integrating in the time domain instead would turn any
 * sensor offset and low-frequency drift into a growing ramp; dividing by ω per bin cannot.
 */
export function velocityRms(accelG: ArrayLike<number>, fs: number, opts: VelocityRmsOptions = {}): number {
  const [lo, hi] = opts.band ?? [10, 1000];
  const n = accelG.length;
  if (n < 2) return 0;
  const X = fft(accelG);
  let power = 0;
  const k0 = Math.max(1, Math.ceil((lo * n) / fs));
  const k1 = Math.min(Math.floor(n / 2), Math.floor((hi * n) / fs));
  for (let k = k0; k <= k1; k++) {
    const omega = (2 * Math.PI * k * fs) / n;
    const a2 = (X.re[k] * X.re[k] + X.im[k] * X.im[k]) / (n * n);
    // Both the bin and its negative-frequency mirror, except at Nyquist which has no mirror.
    const both = n % 2 === 0 && k === n / 2 ? 1 : 2;
    power += (both * a2 * STANDARD_GRAVITY ** 2) / (omega * omega);
  }
  return Math.sqrt(power) * 1000;
}
