import type { SensorContribution } from '@prognos/core';
import { describe, expect, it } from 'vitest';
import { describeContribution, explainAnomaly, formatDuration, formatRange } from './explain';

const vib: SensorContribution = {
  sensor: 'P-101.VIB-DE',
  name: 'DE bearing vibration',
  unit: 'mm/s',
  share: 0.62,
  value: 6.2,
  expected: 2.1,
  low: 1.6,
  high: 2.6,
};
const temp: SensorContribution = {
  sensor: 'P-101.TEMP-DE',
  name: 'bearing temperature',
  unit: 'degC',
  share: 0.25,
  value: 71.3,
  expected: 58,
  low: 55,
  high: 61,
};
const flow: SensorContribution = { ...temp, sensor: 'P-101.FLOW', name: 'flow', unit: 'm3/h', share: 0.05 };
const sensors = [
  { id: 'P-101.VIB-DE', kind: 'vibration' as const },
  { id: 'P-101.TEMP-DE', kind: 'bearing_temperature' as const },
  { id: 'P-101.FLOW', kind: 'flow' as const },
];
const start = Date.UTC(2024, 4, 1, 10, 42);

describe('explainAnomaly', () => {
  it('names the top contributors with values, expected values and deviations in engineering units', () => {
    const { title, explanation } = explainAnomaly({
      asset: { id: 'P-101', name: 'Feed pump 1' },
      sensors,
      contributions: [flow, temp, vib],
      startedAt: start,
      lastAbnormalAt: start + 14 * 60_000,
    });
    expect(title).toBe('Abnormal vibration and temperature on P-101');
    expect(explanation).toBe(
      'P-101 Feed pump 1: DE bearing vibration is 6.20 mm/s, normally 1.6–2.6 mm/s (expected 2.10 mm/s, ' +
        '+4.10 mm/s, 62 % of the deviation); bearing temperature is 71.3 °C against an expected 58.0 °C ' +
        '(+13.3 °C, 25 %). Abnormal since 10:42 UTC (14 min).',
    );
  });

  it('says when the episode ended, and shows dates when it spans days', () => {
    const { explanation } = explainAnomaly({
      asset: { id: 'P-101', name: 'P-101 feed pump' },
      sensors,
      contributions: [vib],
      startedAt: start,
      lastAbnormalAt: start + 26 * 3_600_000,
      closedAt: start + 26 * 3_600_000 + 5 * 60_000,
    });
    expect(explanation.startsWith('P-101 feed pump: DE bearing vibration')).toBe(true);
    expect(explanation).toContain(
      'Abnormal from 2024-05-01 10:42 UTC for 26 h; back to normal at 2024-05-02 12:47 UTC.',
    );
  });

  it('always names at least the largest contributor, and reads negative deviations with a sign', () => {
    const low = { ...flow, share: 0.08, value: 12, expected: 20 };
    const { title, explanation } = explainAnomaly({
      asset: { id: 'P-2', name: 'Pump' },
      sensors,
      contributions: [low, { ...vib, share: 0.07 }],
      startedAt: start,
      lastAbnormalAt: start + 60_000,
    });
    expect(title).toBe('Abnormal flow on P-2');
    expect(explanation).toContain('flow is 12.0 m³/h, normally');
    expect(explanation).toContain('-8.00 m³/h');
    expect(explanation).not.toContain('vibration');
  });
});

describe('formatting helpers', () => {
  it('formats ranges with enough digits for their width', () => {
    expect(formatRange(1.6, 2.6, 'mm/s')).toBe('1.6–2.6 mm/s');
    expect(formatRange(0.123, 0.173, 'bar')).toBe('0.123–0.173 bar');
    expect(formatRange(1450, 1480, 'rpm')).toBe('1450–1480 rpm');
    expect(formatRange(45.2, 60.9, 'degC')).toBe('45–61 °C');
  });

  it('formats durations', () => {
    expect(formatDuration(14 * 60_000)).toBe('14 min');
    expect(formatDuration(125 * 60_000)).toBe('2 h 5 min');
    expect(formatDuration(120 * 60_000)).toBe('2 h');
    expect(formatDuration(76 * 3_600_000)).toBe('3 d 4 h');
    expect(formatDuration(10_000)).toBe('under 1 min');
  });

  it('describes one contribution briefly', () => {
    expect(describeContribution(temp, false)).toBe(
      'bearing temperature is 71.3 °C against an expected 58.0 °C (+13.3 °C, 25 %)',
    );
  });
});
