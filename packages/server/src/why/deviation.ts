/** One sensor's reading against its normal band, in engineering units and plain words (the rows of a why panel). */
import { formatValue, type SensorContribution, type WhyDeviation } from '@prognos/core';

/** A number as the sensor's readings show it, without the unit (the unit is said once, at the end). */
const num = (v: number): string => formatValue(v, '');

export function whyDeviation(c: SensorContribution): WhyDeviation {
  const direction = c.value > c.high ? 'above' : c.value < c.low ? 'below' : 'within';
  const delta = c.value - c.expected;
  const band = `expected ${num(c.expected)}, normal ${num(c.low)}–${formatValue(c.high, c.unit)}`;
  const how =
    direction === 'within'
      ? 'within normal'
      : `${formatValue(Math.abs(delta), c.unit)} ${delta >= 0 ? 'above' : 'below'} normal`;
  return {
    sensor: c.sensor,
    name: c.name,
    unit: c.unit,
    value: c.value,
    expected: c.expected,
    low: c.low,
    high: c.high,
    delta,
    direction,
    share: Number.isFinite(c.share) ? Math.max(0, Math.min(1, c.share)) : 0,
    text: `${c.name} ${formatValue(c.value, c.unit)}, ${how} (${band})`,
  };
}

/**
 * The deviations worth reading: sensors outside their band first, then by share; at most `limit` (a why panel lists
 * what matters, the evidence table lists everything).
 */
export function whyDeviations(cs: readonly SensorContribution[], limit = 6): WhyDeviation[] {
  return cs
    .filter((c) => Number.isFinite(c.value) && Number.isFinite(c.expected))
    .map(whyDeviation)
    .sort((a, b) => Number(a.direction === 'within') - Number(b.direction === 'within') || b.share - a.share)
    .slice(0, limit);
}
