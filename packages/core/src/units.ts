/**
 * A strict internal unit table. Every sensor names its unit with one of these symbols; nothing is implied.
 * We keep our own table rather than a general unit library because plant data needs a small, closed set of
 * engineering units with exact conversion factors (including offset units such as °C/°F), and a closed set
 * lets ingest reject a typo ("degc", "Bar") instead of guessing.
 */
export type Quantity =
  | 'temperature'
  | 'pressure'
  | 'vibration_velocity'
  | 'acceleration'
  | 'current'
  | 'voltage'
  | 'power'
  | 'rotational_speed'
  | 'frequency'
  | 'volume_flow'
  | 'ratio'
  | 'torque'
  | 'length'
  | 'time'
  | 'mass_flow'
  | 'energy'
  | 'dimensionless';

export interface UnitDef {
  symbol: string;
  /** Human-readable symbol for display. */
  label: string;
  quantity: Quantity;
  /** value_in_base = value * factor + offset */
  factor: number;
  offset: number;
}

const U = (symbol: string, label: string, quantity: Quantity, factor = 1, offset = 0): UnitDef => ({
  symbol,
  label,
  quantity,
  factor,
  offset,
});

/** Base units: K, Pa, m/s, m/s², A, V, W, rad/s… (SI), except where the trade uses another (mm/s, rpm) */
export const UNITS: Readonly<Record<string, UnitDef>> = Object.freeze({
  degC: U('degC', '°C', 'temperature', 1, 273.15),
  degF: U('degF', '°F', 'temperature', 5 / 9, 273.15 - (32 * 5) / 9),
  K: U('K', 'K', 'temperature'),
  Pa: U('Pa', 'Pa', 'pressure'),
  kPa: U('kPa', 'kPa', 'pressure', 1e3),
  MPa: U('MPa', 'MPa', 'pressure', 1e6),
  bar: U('bar', 'bar', 'pressure', 1e5),
  psi: U('psi', 'psi', 'pressure', 6894.757293168),
  'mm/s': U('mm/s', 'mm/s', 'vibration_velocity', 1e-3),
  'in/s': U('in/s', 'in/s', 'vibration_velocity', 0.0254),
  g: U('g', 'g', 'acceleration', 9.80665),
  'm/s2': U('m/s2', 'm/s²', 'acceleration'),
  A: U('A', 'A', 'current'),
  mA: U('mA', 'mA', 'current', 1e-3),
  V: U('V', 'V', 'voltage'),
  W: U('W', 'W', 'power'),
  kW: U('kW', 'kW', 'power', 1e3),
  rpm: U('rpm', 'rpm', 'rotational_speed', 1),
  Hz: U('Hz', 'Hz', 'frequency'),
  'm3/h': U('m3/h', 'm³/h', 'volume_flow', 1 / 3600),
  'L/min': U('L/min', 'L/min', 'volume_flow', 1e-3 / 60),
  'L/s': U('L/s', 'L/s', 'volume_flow', 1e-3),
  'kg/h': U('kg/h', 'kg/h', 'mass_flow', 1 / 3600),
  '%': U('%', '%', 'ratio', 0.01),
  Nm: U('Nm', 'N·m', 'torque'),
  mm: U('mm', 'mm', 'length', 1e-3),
  um: U('um', 'µm', 'length', 1e-6),
  s: U('s', 's', 'time'),
  min: U('min', 'min', 'time', 60),
  h: U('h', 'h', 'time', 3600),
  kWh: U('kWh', 'kWh', 'energy', 3.6e6),
  '1': U('1', '', 'dimensionless'),
});

export function unitDef(symbol: string): UnitDef | undefined {
  return Object.hasOwn(UNITS, symbol) ? UNITS[symbol] : undefined;
}
export function isUnit(symbol: string): boolean {
  return unitDef(symbol) !== undefined;
}
/** Converts a value between two units of the same quantity; throws on a quantity mismatch. */
export function convert(value: number, from: string, to: string): number {
  const a = unitDef(from);
  const b = unitDef(to);
  if (!a || !b) throw new Error(`unknown unit ${!a ? from : to}`);
  if (a.quantity !== b.quantity) throw new Error(`cannot convert ${a.quantity} (${from}) to ${b.quantity} (${to})`);
  if (a === b) return value;
  return (value * a.factor + a.offset - b.offset) / b.factor;
}
/** Converts a *difference* (no offset), e.g. a deviation of +5 °C is +9 °F. */
export function convertDelta(delta: number, from: string, to: string): number {
  const a = unitDef(from);
  const b = unitDef(to);
  if (!a || !b) throw new Error(`unknown unit ${!a ? from : to}`);
  if (a.quantity !== b.quantity) throw new Error(`cannot convert ${from} to ${to}`);
  return (delta * a.factor) / b.factor;
}
/** Formats a value with its unit for people: "78.2 °C". */
export function formatValue(value: number, unit: string, digits?: number): string {
  const label = unitDef(unit)?.label ?? unit;
  const abs = Math.abs(value);
  const d = digits ?? (abs >= 100 ? 1 : abs >= 10 ? 1 : abs >= 1 ? 2 : 3);
  const s = value.toFixed(d);
  if (!label) return s;
  return label === '%' ? `${s} %` : `${s} ${label}`;
}
