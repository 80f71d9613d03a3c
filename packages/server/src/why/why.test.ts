import { type Alert, type FailureMode, QualityReason, type Sensor, type SensorContribution } from '@prognos/core';
import { DEFAULT_FAILURE_MODES, rankFailureModes, rankInstrumentModes } from '@prognos/maintenance';
import { describe, expect, it } from 'vitest';
import { whyDeviation, whyDeviations } from './deviation';
import { sensorAlertCause } from './sensor-cause';
import { buildAlertWhy, buildHealthWhy, buildRulWhy, CHART_LEAD_MS, procedureLink } from './why-builders';

const NOW = Date.UTC(2026, 0, 5, 12);
const H = 3_600_000;

const sensor = (id: string, kind: Sensor['kind'], unit: string, name: string): Sensor => ({
  id: `P-101.${id}`,
  assetId: 'P-101',
  name,
  kind,
  unit,
  min: 0,
  max: 100,
  sampleRateHz: 1,
});
const SENSORS: Sensor[] = [
  sensor('VIB-DE', 'vibration', 'mm/s', 'DE bearing vibration'),
  sensor('VIB-NDE', 'vibration', 'mm/s', 'NDE bearing vibration'),
  sensor('TEMP-DE', 'bearing_temperature', 'degC', 'DE bearing temperature'),
  sensor('FLOW', 'flow', 'm3/h', 'Flow'),
];
const c = (id: string, value: number, expected: number, half: number, share: number): SensorContribution => {
  const s = SENSORS.find((x) => x.id === `P-101.${id}`)!;
  return {
    sensor: s.id,
    name: s.name,
    unit: s.unit,
    share,
    value,
    expected,
    low: expected - half,
    high: expected + half,
  };
};
const BEARING = [c('VIB-DE', 4.1, 2.2, 0.6, 0.7), c('TEMP-DE', 58, 50, 4, 0.25), c('FLOW', 120, 121, 5, 0.05)];
const MODES = new Map<string, FailureMode>(DEFAULT_FAILURE_MODES.map((m) => [m.id, m]));

const alert = (over: Partial<Alert>): Alert => ({
  id: 'a1',
  assetId: 'P-101',
  kind: 'anomaly',
  severity: 'warning',
  state: 'open',
  title: 'P-101 anomaly',
  explanation: '',
  contributions: BEARING,
  score: 1.6,
  peakScore: 2.1,
  startedAt: NOW - 2 * H,
  updatedAt: NOW - 60_000,
  ...over,
});

describe('whyDeviation', () => {
  it('says the value, the difference and the band in the sensor unit', () => {
    const d = whyDeviation(BEARING[0]!);
    expect(d.direction).toBe('above');
    expect(d.delta).toBeCloseTo(1.9, 6);
    expect(d.text).toBe(
      'DE bearing vibration 4.10 mm/s, 1.90 mm/s above normal (expected 2.20, normal 1.60–2.80 mm/s)',
    );
  });

  it('lists sensors out of their band before those inside, by share', () => {
    const ds = whyDeviations([c('FLOW', 120, 121, 5, 0.5), ...BEARING.slice(0, 2)]);
    expect(ds.map((d) => d.direction)).toEqual(['above', 'above', 'within']);
    expect(ds[0]!.sensor).toBe('P-101.VIB-DE');
    expect(ds[2]!.text).toContain('within normal');
  });
});

describe('buildAlertWhy (machine alert)', () => {
  const ranked = rankFailureModes('centrifugal_pump', BEARING, SENSORS);
  const why = buildAlertWhy({
    alert: alert({}),
    assetName: 'Pump 101',
    sensors: SENSORS,
    ranked,
    modes: MODES,
    now: NOW,
  });

  it('names the top-ranked mode with its typical symptoms, matched and missing', () => {
    const fm = MODES.get(ranked[0]!.failureModeId)!;
    expect(fm.id).toBe('pump-bearing-wear');
    expect(why.cause?.failureModeId).toBe(fm.id);
    expect(why.cause?.typicalSymptoms).toEqual(fm.symptoms.map((s) => s.text));
    expect(why.cause?.matched.length).toBeGreaterThan(0);
    expect(why.headline).toContain('DE bearing vibration is above normal');
    expect(why.headline).toContain(fm.name.toLowerCase());
  });

  it('checks first what the mode recommends, then how to confirm it', () => {
    const fm = MODES.get('pump-bearing-wear')!;
    expect(why.checkFirst[0]).toBe(fm.recommendedActions[0]);
    expect(why.checkFirst).toContain(`Confirm by: ${fm.detection}`);
  });

  it('links the library procedure when none is stored, and the stored version when there is one', () => {
    const fm = MODES.get('pump-bearing-wear')!;
    expect(why.procedure).toMatchObject({ id: fm.id, version: 1, title: fm.name, steps: fm.procedure.length });
    expect(why.procedure!.estimatedMinutes).toBeGreaterThan(0);
    const stored = procedureLink(fm, {
      id: fm.id,
      version: 3,
      title: 'Replace the DE bearing',
      failureModeIds: [fm.id],
      assetTypes: fm.assetTypes,
      steps: fm.procedure.slice(0, 4),
      tools: [],
      parts: [],
      estimatedMinutes: 240,
      author: 'x',
      createdAt: NOW,
    });
    expect(stored).toEqual({ id: fm.id, version: 3, title: 'Replace the DE bearing', steps: 4, estimatedMinutes: 240 });
  });

  it('teaches vibration and bearing frequencies, and charts the deviating sensors from before the alert', () => {
    const ids = why.lessons.map((l) => l.id);
    expect(ids).toEqual(expect.arrayContaining(['anomaly-scores', 'vibration-basics', 'bearing-frequencies']));
    expect(why.chart).toEqual({
      sensors: ['P-101.VIB-DE', 'P-101.TEMP-DE', 'P-101.FLOW'],
      from: NOW - 2 * H - CHART_LEAD_MS,
      to: NOW,
    });
  });
});

describe('sensor alerts', () => {
  const sc: SensorContribution = {
    sensor: 'P-101.TEMP-DE',
    name: 'DE bearing temperature',
    unit: 'degC',
    share: 1,
    value: 41,
    expected: 41,
    low: 0,
    high: 150,
  };
  const sensorAlert = alert({
    kind: 'sensor',
    title: 'Sensor P-101.TEMP-DE stuck (flatline) since 12:03 — check transmitter',
    contributions: [sc],
  });

  it('reads the sensor and its reason back from the alert', () => {
    expect(sensorAlertCause(sensorAlert)).toEqual({
      sensors: ['P-101.TEMP-DE'],
      reasons: [{ code: QualityReason.FLATLINE, label: 'stuck (flatline)' }],
      attributed: false,
    });
    const bias = sensorAlertCause({
      ...sensorAlert,
      title: 'Sensor P-101.TEMP-DE reading with an offset (bias) since 9:00 — check the zero',
    });
    expect(bias.reasons[0]?.code).toBe(QualityReason.BIAS);
    const attributed = sensorAlertCause({
      ...sensorAlert,
      title: 'Pump 101: anomaly explained by untrusted sensors P-101.TEMP-DE, P-101.VIB-DE — not a machine alarm',
    });
    expect(attributed).toEqual({ sensors: ['P-101.TEMP-DE', 'P-101.VIB-DE'], reasons: [], attributed: true });
  });

  it('explain an untrusted sensor with an instrument mode, its loop check and a procedure', () => {
    const reasons = [{ code: QualityReason.FLATLINE, label: 'stuck (flatline)', detail: 'same value for 20 min' }];
    const why = buildAlertWhy({
      alert: sensorAlert,
      assetName: 'Pump 101',
      sensors: SENSORS,
      ranked: rankInstrumentModes(reasons, DEFAULT_FAILURE_MODES),
      modes: MODES,
      sensorCause: { sensors: ['P-101.TEMP-DE'], reasons, attributed: false },
      now: NOW,
    });
    expect(why.cause?.failureModeId).toBe('instrument-signal-loss');
    expect(why.headline).toContain('not of the machine');
    expect(why.checkFirst.some((s) => /4–20 mA/.test(s))).toBe(true);
    expect(why.procedure?.id).toBe('instrument-signal-loss');
    expect(why.procedure!.steps).toBeGreaterThan(3);
    expect(why.lessons.map((l) => l.id)).toContain('sensor-trust');
    expect(why.deviations[0]).toMatchObject({ unit: 'degC', value: 41 });
    expect(why.notes.some((n) => n.includes('same value for 20 min'))).toBe(true);
  });
});

describe('health and RUL', () => {
  const base = {
    assetId: 'P-101',
    assetName: 'Pump 101',
    sensors: SENSORS,
    health: { assetId: 'P-101', ts: NOW, health: 54, score: 1.3, status: 'watch' as const, contributions: BEARING },
    detail: {
      trendPerHour: -2.4,
      drivers: BEARING,
      components: [{ id: 'de', name: 'DE bearing', health: 48, trendPerHour: -3, drivers: [BEARING[0]!] }],
    },
    ranked: rankFailureModes('centrifugal_pump', BEARING, SENSORS),
    modes: MODES,
    now: NOW,
  };

  it('says what drags the health down, the worst component and the trend', () => {
    const why = buildHealthWhy(base);
    expect(why.subject).toBe('health');
    expect(why.headline).toContain('health 54/100');
    expect(why.headline).toContain('de bearing vibration above normal');
    expect(why.headline).toContain('DE bearing at 48/100');
    expect(why.notes).toContain('The health is falling by 2.4 points per hour.');
    expect(why.cause?.failureModeId).toBe('pump-bearing-wear');
    expect(why.lessons.map((l) => l.id)).toContain('health-score');
  });

  it('explains the RUL interval, P(failure) and the model, and plans by the lower bound', () => {
    const rul = {
      method: 'health-trend' as const,
      ts: NOW,
      hours: 40,
      lowerHours: 25,
      upperHours: 70,
      failureProbability: 0.18,
      horizonHours: 24,
      threshold: 20,
    };
    const why = buildRulWhy({ ...base, rul });
    expect(why.headline).toContain('about 40 h; 90 % interval 25 to 70 h');
    expect(why.headline).toContain('Chance of failing within 24 h: 18 %');
    expect(why.notes.join(' ')).toContain('health-trend');
    expect(why.checkFirst[0]).toContain('before 25 h');
    expect(why.lessons.map((l) => l.id)).toEqual(expect.arrayContaining(['remaining-useful-life', 'health-score']));
  });

  it('says plainly when there is no RUL to explain', () => {
    const why = buildRulWhy({ ...base, detail: { ...base.detail, trendPerHour: 0 } });
    expect(why.headline).toContain('no remaining-useful-life estimate');
    expect(why.checkFirst.length).toBeGreaterThan(0);
  });
});
