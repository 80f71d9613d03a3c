import { makeQuality, PrognosError, QualityReason, type Reading, Rng, type Sensor } from '@prognos/core';
import { describe, expect, it } from 'vitest';
import { alignSeries } from '../features/windowing';
import { PUMP, PUMP_SENSORS, pumpReadings, toSeries } from '../testing/synthetic';
import { deserializeAssetModel, serializeAssetModel } from './asset-model';
import { DETECTOR_KINDS, type DetectorKind, trainAssetModel, trainAssetModelAsync } from './train-asset-model';

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

describe('trainAssetModel detector choice and progress', () => {
  const series = toSeries(readings);
  const rows = alignSeries(
    series,
    model.sensors.map((s) => s.id),
  ).rows.slice(400, 500);

  it.each(DETECTOR_KINDS.filter((k) => k !== 'pca'))('builds a %s model with a held-out alert level', (kind) => {
    const progress: [number, string][] = [];
    const m = trainAssetModel(PUMP, PUMP_SENSORS, series, {
      detector: kind,
      now: 0,
      onProgress: (f, msg) => progress.push([f, msg]),
    });
    expect(m.detectorKind).toBe(kind);
    expect(m.rows).toBe(model.rows);
    expect(m.alert!.level).toBeGreaterThanOrEqual(1);
    // Held-out scores: 4 quarters, except the autoencoder's single split (its last quarter); the level is set on
    // their running minimum over the 3-window persistence, hence 2 fewer samples than scores.
    const held = kind === 'autoencoder' ? m.rows - Math.floor((3 * m.rows) / 4) : m.rows;
    expect(m.alert!.samples).toBe(held - 2);
    // healthy rows score below the alert level (calibrated score / level < 1) nearly always
    const over = m.detector.score(rows).filter((s) => s / m.alert!.level >= 1).length;
    expect(over).toBeLessThanOrEqual(2);
    const back = deserializeAssetModel(serializeAssetModel(m));
    expect(back.detectorKind).toBe(kind);
    expect(back.detector.score(rows)).toEqual(m.detector.score(rows));
    // progress: from 0 to 1, never backwards, through fitting and calibrating
    const fractions = progress.map(([f]) => f);
    expect(fractions[0]).toBe(0);
    expect(fractions.at(-1)).toBe(1);
    for (let i = 1; i < fractions.length; i++) expect(fractions[i]).toBeGreaterThanOrEqual(fractions[i - 1]!);
    expect(progress.some(([, msg]) => msg.startsWith(`fitting the ${kind} detector`))).toBe(true);
    expect(progress.some(([, msg]) => /calibrating the alert level \(held-out fold 1 of [14]\)/.test(msg))).toBe(true);
  });

  it('trains the same model asynchronously, yielding to the event loop between stages', async () => {
    let turns = 0;
    const timer = setInterval(() => turns++, 0);
    const m = await trainAssetModelAsync(PUMP, PUMP_SENSORS, series, { now: T0 + 12 * H });
    clearInterval(timer);
    expect(serializeAssetModel(m)).toBe(serializeAssetModel(model));
    expect(m.detectorKind).toBe('pca');
    expect(turns).toBeGreaterThan(0);
  });

  it('rejects an unknown detector kind with a coded error before any work', () => {
    let err: unknown;
    try {
      trainAssetModel(PUMP, PUMP_SENSORS, series, { detector: 'svm' as DetectorKind });
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(PrognosError);
    expect((err as PrognosError).code).toBe('BAD_REQUEST');
    expect((err as PrognosError).message).toMatch(/unknown detector "svm".*pca, mset, autoencoder, ensemble/);
  });
});
