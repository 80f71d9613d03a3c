import type { ComponentSpec, SignalSpec } from './model';

/*
 * Standard sensors that most rotating machines carry, and the components they sit on. Each factory fixes what
 * is common to the transmitter type (kind, unit, range, resolution, noise) and takes only what differs per
 * machine, so a model's signal table states just what is specific to it. The tag name stays a literal type so
 * that `indexOf(signals)` still gives `I['VIB-DE']` and friends.
 */

/** A signal spec whose tag name is the literal N. */
export type Signal<N extends string> = SignalSpec & { name: N };

/**
 * Casing vibration velocity, mm/s RMS. 0–20 mm/s spans ISO 10816-3 zones A–D with room above the trip level;
 * the noise is that of a typical 4–20 mA vibration transmitter.
 */
export function vibration<const N extends string>(name: N, label: string, component: string): Signal<N> {
  return {
    name,
    label,
    kind: 'vibration',
    unit: 'mm/s',
    min: 0,
    max: 20,
    resolution: 0.01,
    noiseAbs: 0.02,
    noiseRel: 0.04,
    nonNegative: true,
    component,
  };
}

/** Bearing outer-ring temperature (Pt100), °C. */
export function bearingTemperature(label: string, component: string, noiseAbs = 0.15): Signal<'TEMP-BRG'> {
  return { ...temperature('TEMP-BRG', label, noiseAbs, component), kind: 'bearing_temperature' };
}

/** Stator winding temperature (embedded Pt100); the range covers insulation class H (180 °C, IEC 60085). */
export function windingTemperature(label: string, component: string): Signal<'TEMP-WDG'> {
  return { ...temperature('TEMP-WDG', label, 0.2, component), kind: 'winding_temperature', max: 180 };
}

/** A process temperature (Pt100, −10…120 °C), e.g. oil or discharge air. */
export function temperature<const N extends string>(
  name: N,
  label: string,
  noiseAbs: number,
  component?: string,
): Signal<N> {
  return {
    name,
    label,
    kind: 'temperature',
    unit: 'degC',
    min: -10,
    max: 120,
    resolution: 0.1,
    noiseAbs,
    noiseRel: 0,
    ...(component ? { component } : {}),
  };
}

/** Motor line current from a current transformer, A (on the MOTOR component unless told otherwise). */
export function motorCurrent(o: {
  max: number;
  component?: string;
  label?: string;
  noiseAbs?: number;
}): Signal<'CURRENT'> {
  return {
    name: 'CURRENT',
    label: o.label ?? 'motor current',
    kind: 'current',
    unit: 'A',
    min: 0,
    max: o.max,
    resolution: 0.1,
    noiseAbs: o.noiseAbs ?? 0.1,
    noiseRel: 0.005,
    nonNegative: true,
    component: o.component ?? 'MOTOR',
  };
}

/** Shaft speed from the drive or a pulse pickup, rpm; a digital reading with only a small relative jitter. */
export function shaftSpeed(o: { label: string; max: number; noiseRel: number; resolution?: number }): Signal<'SPEED'> {
  return {
    name: 'SPEED',
    label: o.label,
    kind: 'speed',
    unit: 'rpm',
    min: 0,
    max: o.max,
    resolution: o.resolution ?? 1,
    noiseAbs: 0,
    noiseRel: o.noiseRel,
    nonNegative: true,
  };
}

/** Range, resolution and noise of a transmitter, for the signals whose scale is specific to the machine. */
interface Scale {
  max: number;
  resolution: number;
  noiseAbs: number;
  noiseRel: number;
}

/** Active electrical power from a power meter, kW. */
export function electricalPower(label: string, s: Scale): Signal<'POWER'> {
  return { name: 'POWER', label, kind: 'power', unit: 'kW', min: 0, ...s, nonNegative: true };
}

/** Volume flow, m³/h. */
export function volumeFlow(label: string, s: Scale): Signal<'FLOW'> {
  return { name: 'FLOW', label, kind: 'flow', unit: 'm3/h', min: 0, ...s, nonNegative: true };
}

/** Components shared by motor-driven machines. */
export const DRIVE_MOTOR: ComponentSpec = { suffix: 'MOTOR', name: 'Drive motor', type: 'induction_motor' };
/** The bearings that bearingSignals() measure. */
export const DE_NDE_BEARINGS: readonly ComponentSpec[] = [
  { suffix: 'BRG-DE', name: 'Drive-end bearing', type: 'rolling_bearing' },
  { suffix: 'BRG-NDE', name: 'Non-drive-end bearing', type: 'rolling_bearing' },
];

/**
 * The usual bearing instrumentation of a horizontal machine: vibration at the drive-end and non-drive-end
 * bearings and the temperature of the (more loaded) drive-end bearing.
 */
export function bearingSignals() {
  return [
    vibration('VIB-DE', 'DE bearing vibration', 'BRG-DE'),
    vibration('VIB-NDE', 'NDE bearing vibration', 'BRG-NDE'),
    bearingTemperature('DE bearing temperature', 'BRG-DE'),
  ] as const;
}
