import { type Asset, formatValue, type Sensor, type SensorContribution, type SensorKind } from '@prognos/core';
import { topDrivers } from '../health/health-index';

/** Words for the alert title, per sensor kind. */
const KIND_WORDS: Record<SensorKind, string> = {
  vibration: 'vibration',
  bearing_temperature: 'temperature',
  winding_temperature: 'temperature',
  temperature: 'temperature',
  current: 'current',
  voltage: 'voltage',
  power: 'power',
  pressure: 'pressure',
  discharge_pressure: 'pressure',
  suction_pressure: 'pressure',
  differential_pressure: 'pressure',
  flow: 'flow',
  speed: 'speed',
  torque: 'torque',
  other: 'readings',
};

export interface ExplainInput {
  asset: Pick<Asset, 'id' | 'name'>;
  /** Sensor kinds, for the title (sensors not found count as "readings"). */
  sensors: readonly Pick<Sensor, 'id' | 'kind'>[];
  contributions: readonly SensorContribution[];
  startedAt: number;
  /** End of the latest abnormal window. */
  lastAbnormalAt: number;
  closedAt?: number;
}

function joinWords(words: readonly string[]): string {
  if (words.length <= 1) return words.join('');
  return `${words.slice(0, -1).join(', ')} and ${words[words.length - 1]}`;
}

function signed(delta: number, unit: string): string {
  return `${delta >= 0 ? '+' : ''}${formatValue(delta, unit)}`;
}

/** "1.6–2.6 mm/s": enough decimals for the band's width to show with two significant digits. */
export function formatRange(low: number, high: number, unit: string): string {
  const width = Math.abs(high - low);
  const digits = width > 0 ? Math.min(4, Math.max(0, Math.ceil(-Math.log10(width)) + 1)) : 2;
  const hi = formatValue(high, unit, digits);
  return `${low.toFixed(digits)}–${hi}`;
}

/** "10:42 UTC", with the date when the span crosses days. */
function formatTime(ts: number, withDate: boolean): string {
  const iso = new Date(ts).toISOString();
  return `${withDate ? `${iso.slice(0, 10)} ` : ''}${iso.slice(11, 16)} UTC`;
}

/** "14 min", "2 h 5 min", "3 d 4 h". */
export function formatDuration(ms: number): string {
  const min = Math.max(0, Math.round(ms / 60_000));
  if (min < 1) return 'under 1 min';
  if (min < 60) return `${min} min`;
  const h = Math.floor(min / 60);
  if (h < 48) return min % 60 === 0 ? `${h} h` : `${h} h ${min % 60} min`;
  return `${Math.floor(h / 24)} d ${h % 24} h`;
}

/** One sensor's part of the explanation, in its engineering unit. */
export function describeContribution(c: SensorContribution, detailed: boolean): string {
  const pct = Math.round(c.share * 100);
  const delta = signed(c.value - c.expected, c.unit);
  if (detailed) {
    return (
      `${c.name} is ${formatValue(c.value, c.unit)}, normally ${formatRange(c.low, c.high, c.unit)} ` +
      `(expected ${formatValue(c.expected, c.unit)}, ${delta}, ${pct} % of the deviation)`
    );
  }
  return `${c.name} is ${formatValue(c.value, c.unit)} against an expected ${formatValue(c.expected, c.unit)} (${delta}, ${pct} %)`;
}

/**
 * Title and plain-language explanation of an anomaly episode: which sensors deviate (the top contributors, up to
 * three with a share of at least 10 %), by how much in their own units, and since when. Example:
 * "P-101 Feed pump 1: DE bearing vibration is 6.20 mm/s, normally 1.6–2.6 mm/s (expected 2.10 mm/s, +4.10 mm/s,
 * 62 % of the deviation); bearing temperature is 71.3 °C against an expected 58.0 °C (+13.3 °C, 25 %).
 * Abnormal since 10:42 UTC (14 min)."
 */
export function explainAnomaly(input: ExplainInput): { title: string; explanation: string } {
  const { asset } = input;
  const drivers = topDrivers(input.contributions);
  const kinds = new Map(input.sensors.map((s) => [s.id, s.kind]));
  const words = [...new Set(drivers.map((d) => KIND_WORDS[kinds.get(d.sensor) ?? 'other']))];
  const title = `Abnormal ${words.length > 0 ? joinWords(words) : 'behaviour'} on ${asset.id}`;
  const who = asset.name.includes(asset.id) ? asset.name : `${asset.id} ${asset.name}`;
  const parts = drivers.map((d, i) => describeContribution(d, i === 0));
  const what = parts.length > 0 ? `${parts.join('; ')}.` : 'the sensors no longer agree with their baseline.';
  const end = input.closedAt ?? input.lastAbnormalAt;
  const multiDay = new Date(input.startedAt).toISOString().slice(0, 10) !== new Date(end).toISOString().slice(0, 10);
  const since = formatTime(input.startedAt, multiDay);
  const when =
    input.closedAt === undefined
      ? `Abnormal since ${since} (${formatDuration(input.lastAbnormalAt - input.startedAt)}).`
      : `Abnormal from ${since} for ${formatDuration(input.lastAbnormalAt - input.startedAt)}; back to normal at ${formatTime(input.closedAt, multiDay)}.`;
  return { title, explanation: `${who}: ${what} ${when}` };
}
