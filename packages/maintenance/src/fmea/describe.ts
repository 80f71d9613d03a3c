import { formatValue, type SensorContribution } from '@prognos/core';

/** "1.2–1.9 mm/s": enough decimals for the band's width to show with two significant digits. */
export function formatBand(low: number, high: number, unit: string): string {
  const width = Math.abs(high - low);
  const digits = width > 0 ? Math.min(4, Math.max(0, Math.ceil(-Math.log10(width)) + 1)) : 2;
  return `${low.toFixed(digits)}–${formatValue(high, unit, digits)}`;
}

/** Where a reading sits against its normal band. */
export function bandSide(c: SensorContribution): 'above' | 'below' | 'within' {
  if (c.value > c.high) return 'above';
  if (c.value < c.low) return 'below';
  return 'within';
}

/**
 * One sensor's reading in words a technician reads at a glance, e.g.
 * "DE bearing vibration 4.10 mm/s, above its normal 1.2–1.9 mm/s (62 % of the anomaly)".
 */
export function describeReading(c: SensorContribution): string {
  const side = bandSide(c);
  const where = side === 'within' ? 'within' : side;
  const pct = Number.isFinite(c.share) ? Math.round(Math.max(0, c.share) * 100) : 0;
  const share = side === 'within' ? '' : ` (${pct} % of the anomaly)`;
  return `${c.name} ${formatValue(c.value, c.unit)}, ${where} its normal ${formatBand(c.low, c.high, c.unit)}${share}`;
}
