import { makeQuality, PrognosError, QualityReason, type Reading, Rng, type Sensor } from '@prognos/core';
import { describe, expect, it } from 'vitest';
import { alignSeries } from '../features/windowing';
import { PUMP, PUMP_SENSORS, pumpReadings, toSeries } from '../testing/synthetic';
import { deserializeAssetModel, serializeAssetModel } from './asset-model';
import { trainAssetModel } from './train-asset-model';

const H = 3_600_000;
const T0 = Date.UTC(2024, 4, 1);
const readings = pumpReadings(new Rng('train'), { from: T0, durationMs: 12 * H, stops: [[T0 + 4 * H, T0 + 5 * H]] });
const model = trainAssetModel(PUMP, PUMP_SENSORS, toSeries(readings), { now: T0 + 12 * H });

describe('trainAssetModel', () => {
  it('learns a baseline from running windows only, skipping stops and start-ups', () => {
    expect(model.assetId).toBe('P-101');
    expect(model.sensors.map((s) => s.id)).toEqual(PUMP_SENSORS.map((s) => s.id));
    expect(model.sensors[4]).toEqual({
      id: 'P-101.VIB-DE',
      name: 'DE bearing vibration',
      unit: 'mm/s',
      kind: 'vibration',
    });
    expect(model.running?.sensor).toBe('P-101.SPEED');
    expect(model.running!.level).toBeGreaterThan(1450);
    expect(model.running!.threshold).toBeCloseTo(model.running!.level * 0.1, 9);
    // 720 one-minute windows, minus 60 stopped and 30 of start-up.
    expect(model.rows).toBe(720 - 60 - model.startupWindows);
    expect(model.startupWindows).toBe(30);
    expect(model.windowMs).toBe(60_000);
    expect(model.excluded).toEqual([]);
    expect(model.detector.dimension).toBe(6);
  });

  it('leaves out sensors without data or without variation, and ignores other assets’ sensors', () => {
    const extra: Sensor[] = [
      { ...PUMP_SENSORS[0], id: 'P-101.SETPOINT', name: 'Setpoint', kind: 'other', unit: '%' },
      { ...PUMP_SENSORS[0], id: 'P-101.DEAD', name: 'Dead', kind: 'other', unit: '%' },
      { ...PUMP_SENSORS[0], id: 'P-102.SPEED', assetId: 'P-102' },
    ];
    const constant: Reading[] = [];
    for (let ts = T0; ts < T0 + 12 * H; ts += 30_000)
      constant.push({ sensor: 'P-101.SETPOINT', ts, value: 80, quality: 0 });
    const m = trainAssetModel(PUMP, [...PUMP_SENSORS, ...extra], toSeries([...readings, ...constant]));
    expect(m.sensors).toHaveLength(6);
    expect(m.excluded.map((e) => e.sensor).sort()).toEqual(['P-101.DEAD', 'P-101.SETPOINT']);
    expect(m.excluded.find((e) => e.sensor === 'P-101.SETPOINT')?.reason).toMatch(/constant/);
  });

  it('never learns from flagged readings', () => {
    const bad = makeQuality('bad', QualityReason.SPIKE);
    const poisoned = readings.map((r, i) =>
      r.sensor === 'P-101.VIB-DE' && i % 7 === 0 ? { ...r, value: 500, quality: bad } : r,
    );
    const clean = readings.filter((r, i) => !(r.sensor === 'P-101.VIB-DE' && i % 7 === 0));
    const a = trainAssetModel(PUMP, PUMP_SENSORS, toSeries(poisoned), { now: 0 });
    const b = trainAssetModel(PUMP, PUMP_SENSORS, toSeries(clean), { now: 0 });
    expect(serializeAssetModel(a)).toBe(serializeAssetModel(b));
  });

  it('throws a clear error when there is too little healthy running data', () => {
    const short = pumpReadings(new Rng(2), { from: T0, durationMs: 40 * 60_000 });
    let err: unknown;
    try {
      trainAssetModel(PUMP, PUMP_SENSORS, toSeries(short));
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(PrognosError);
    expect((err as PrognosError).code).toBe('BAD_REQUEST');
    expect((err as PrognosError).message).toMatch(/only 40 healthy running windows.*at least 50 needed/);
    // All stopped: nothing to learn from either.
    const stopped = pumpReadings(new Rng(3), { from: T0, durationMs: 3 * H, stops: [[T0, T0 + 3 * H]] });
    expect(() => trainAssetModel(PUMP, PUMP_SENSORS, toSeries(stopped))).toThrow(/healthy running windows/);
    expect(() => trainAssetModel(PUMP, PUMP_SENSORS, new Map())).toThrow(/no sensor has good readings/);
  });

  it('round-trips through a string with identical scores and explanations', () => {
    const text = serializeAssetModel(model);
    expect(JSON.stringify(model)).toBe(text);
    const back = deserializeAssetModel(text);
    const rows = alignSeries(
      toSeries(readings),
      model.sensors.map((s) => s.id),
    ).rows.slice(0, 100);
    expect(back.detector.score(rows)).toEqual(model.detector.score(rows));
    expect(back.detector.explain(rows[5])).toEqual(model.detector.explain(rows[5]));
    expect(serializeAssetModel(back)).toBe(text);
    expect({ ...back, detector: null }).toEqual({ ...model, detector: null });
    expect(() => deserializeAssetModel('{"version":2}')).toThrow(/not a serialized asset model/);
    expect(() => deserializeAssetModel('nope')).toThrow(/not valid JSON/);
  });
});
