import { type Alert, GOOD, makeQuality, QualityReason, type Reading, Rng } from '@prognos/core';
import { describe, expect, it } from 'vitest';
import type { PcaDetectorState } from '../anomaly/pca-detector';
import { deserializeAssetModel, serializeAssetModel } from '../model/asset-model';
import { learnEnvelope, trainAssetModel } from '../model/train-asset-model';
import { PUMP, PUMP_SENSORS, pumpReadings, toSeries } from '../testing/synthetic';
import { AssetMonitor, healthGroups, type MonitorEvent } from './asset-monitor';

const H = 3_600_000;
const T0 = Date.UTC(2024, 4, 1);
const model = trainAssetModel(
  PUMP,
  PUMP_SENSORS,
  toSeries(pumpReadings(new Rng('baseline'), { from: T0, durationMs: 24 * H, stops: [[T0 + 5 * H, T0 + 6 * H]] })),
);
const LIVE = T0 + 24 * H;

function monitor(
  readings: readonly Reading[],
  batch = 60,
  extra: Partial<ConstructorParameters<typeof AssetMonitor>[0]> = {},
) {
  let n = 0;
  const mon = new AssetMonitor({ asset: PUMP, sensors: PUMP_SENSORS, model, newId: () => `alert-${++n}`, ...extra });
  const events: MonitorEvent[] = [];
  for (let i = 0; i < readings.length; i += batch) events.push(...mon.ingest(readings.slice(i, i + batch)));
  const alerts = events.flatMap((e) => (e.type === 'alert' ? [e] : []));
  const health = events.flatMap((e) => (e.type === 'health' ? [e] : []));
  return { mon, events, alerts, health };
}

describe('AssetMonitor', () => {
  it('a drift on one sensor opens exactly one alert that names the sensor with its unit', () => {
    const driftFrom = LIVE + 4 * H;
    const live = pumpReadings(new Rng('drift'), {
      from: LIVE,
      durationMs: 10 * H,
      fault: { sensor: 'P-101.VIB-DE', delta: (ts) => Math.max(0, (ts - driftFrom) / H) * 0.3 },
    });
    const { mon, alerts, health } = monitor(live);
    const opened = alerts.filter((a) => a.change === 'opened');
    expect(opened).toHaveLength(1);
    expect(alerts.filter((a) => a.change === 'closed')).toHaveLength(0);
    const alert = opened[0].alert;
    expect(alert.startedAt).toBeGreaterThan(driftFrom);
    expect(alert.startedAt).toBeLessThan(driftFrom + 2 * H);
    expect(alert.title).toMatch(/^Abnormal vibration/);
    expect(alert.explanation).toMatch(/^P-101 Feed pump 1: DE bearing vibration is \d+\.\d+ mm\/s, normally/);
    expect(alert.contributions.reduce((a, b) => (b.share > a.share ? b : a)).sensor).toBe('P-101.VIB-DE');
    // One alert, updated while it lasts, escalating as the drift grows.
    expect(new Set(alerts.map((a) => a.alert.id))).toEqual(new Set(['alert-1']));
    const last = alerts.at(-1)!.alert;
    expect(last.severity).toBe('critical');
    expect(last.peakScore).toBeGreaterThan(3);
    expect(last.updatedAt).toBeGreaterThan(alert.updatedAt);
    expect(mon.activeAlert()?.id).toBe('alert-1');
    // Health: ~100 before the drift, low at the end, falling.
    const before = health.filter((h) => h.health.ts < driftFrom);
    expect(Math.min(...before.map((h) => h.health.health))).toBeGreaterThan(70);
    expect(mon.state()!.health).toBeLessThan(20);
    expect(mon.state()!.status).toBe('alarm');
    expect(health.find((h) => h.health.ts > driftFrom + 2 * H)!.trendPerHour).toBeLessThan(0);
    expect(mon.snapshot()!.drivers[0].sensor).toBe('P-101.VIB-DE');
  });

  it('healthy data, including a stop and restart, produces no alert; stopped windows hold the health', () => {
    const live = pumpReadings(new Rng('healthy'), {
      from: LIVE,
      durationMs: 12 * H,
      stops: [[LIVE + 3 * H, LIVE + 6 * H]],
    });
    const { mon, alerts, health } = monitor(live);
    expect(alerts).toEqual([]);
    const stopped = health.filter((h) => !h.running);
    // 180 stopped windows and the start-up grace.
    expect(stopped.length).toBe(180 + model.startupWindows);
    const lastRunning = health.filter((h) => h.running && h.health.ts <= LIVE + 3 * H).at(-1)!;
    for (const h of stopped) expect(h.health.health).toBe(lastRunning.health.health);
    expect(mon.state()!.health).toBeGreaterThan(80);
    expect(mon.state()!.status).toBe('ok');
  });

  it('a long stop with readings far from the running baseline raises nothing', () => {
    const live = pumpReadings(new Rng('stop'), { from: LIVE, durationMs: 6 * H, stops: [[LIVE, LIVE + 6 * H]] });
    const { mon, alerts, health } = monitor(live);
    expect(alerts).toEqual([]);
    expect(health).toEqual([]); // nothing scored yet, so no health to hold
    expect(mon.state()).toBeUndefined();
  });

  it('gives the same events whatever the order of readings within a window and the batch size', () => {
    const live = pumpReadings(new Rng('order'), {
      from: LIVE,
      durationMs: 3 * H,
      fault: { sensor: 'P-101.TEMP-DE', delta: (ts) => (ts > LIVE + H ? 8 : 0) },
    });
    const reference = monitor(live, 10_000);
    // Shuffle within each window, then feed one reading at a time.
    const rng = new Rng('shuffle');
    const byWindow = new Map<number, Reading[]>();
    for (const r of live) {
      const w = Math.floor(r.ts / 60_000);
      if (!byWindow.has(w)) byWindow.set(w, []);
      byWindow.get(w)!.push(r);
    }
    const shuffled = [...byWindow.values()].flatMap((list) =>
      list
        .map((r) => ({ r, k: rng.next() }))
        .sort((a, b) => a.k - b.k)
        .map((x) => x.r),
    );
    const single = monitor(shuffled, 1);
    // Summation order differs, so compare numbers to 9 significant digits.
    const strip = (events: MonitorEvent[]) =>
      JSON.parse(JSON.stringify(events, (_k, v) => (typeof v === 'number' ? Number(v.toPrecision(9)) : v)));
    expect(strip(single.events)).toEqual(strip(reference.events));
    expect(reference.alerts.filter((a) => a.change === 'opened')).toHaveLength(1);
    expect(reference.alerts[0].alert.explanation).toContain('°C');
  });

  it('never scores flagged readings: a failed sensor is reconstructed from the others, not alarmed on', () => {
    const bad = makeQuality('bad', QualityReason.SENSOR_FAILURE);
    const live = pumpReadings(new Rng('flagged'), { from: LIVE, durationMs: 4 * H }).map((r) =>
      r.sensor === 'P-101.VIB-DE' && r.ts > LIVE + H ? { ...r, value: 99, quality: bad } : r,
    );
    const { mon, alerts, health } = monitor(live);
    expect(alerts).toEqual([]);
    expect(mon.counters.flagged).toBeGreaterThan(1000);
    // the machine is still watched through its other sensors, the failed one taking its expected value
    expect(mon.counters.imputed).toBeGreaterThan(150);
    expect(Math.max(...health.map((h) => h.health.ts))).toBeGreaterThan(LIVE + 3 * H);
    expect(health.at(-1)!.health.health).toBeGreaterThan(80);
  });

  it('takes a reading back out of its window when a late verdict flags it (a confirmed spike)', () => {
    const live = pumpReadings(new Rng('spikes'), { from: LIVE, durationMs: 2 * H });
    const bad = makeQuality('suspect', QualityReason.SPIKE);
    const withVerdicts: typeof live = [];
    let n = 0;
    for (const r of live) {
      const spike = r.sensor === 'P-101.VIB-DE' && n++ % 6 === 5;
      const reading = spike ? { ...r, value: r.value + 60 } : r;
      withVerdicts.push(reading);
      // the checker's verdict arrives one reading later: the same reading again, flagged
      if (spike) withVerdicts.push({ ...reading, quality: bad });
    }
    const { alerts } = monitor(withVerdicts, 1);
    expect(alerts).toEqual([]);
    const { alerts: unflagged } = monitor(
      withVerdicts.filter((r) => r.quality === 0),
      1,
    );
    expect(unflagged.length).toBeGreaterThan(0);
  });

  it('stops scoring when more than a quarter of the sensors have no good reading', () => {
    const bad = makeQuality('bad', QualityReason.SENSOR_FAILURE);
    const failed = new Set(PUMP_SENSORS.slice(0, Math.floor(PUMP_SENSORS.length / 4) + 1).map((s) => s.id));
    const live = pumpReadings(new Rng('flagged-many'), { from: LIVE, durationMs: 2 * H }).map((r) =>
      failed.has(r.sensor) && r.ts > LIVE + H ? { ...r, quality: bad } : r,
    );
    const { mon, alerts } = monitor(live);
    expect(alerts).toEqual([]);
    expect(mon.counters.incomplete).toBeGreaterThan(30);
  });

  it('closes windows by reading time, counts late readings, and advanceTo flushes the last window', () => {
    // the PCA (of the first operating regime, when the model learnt several): its training means are normal values
    const pcaState = () => {
      const st = model.detector.toJSON() as PcaDetectorState | { members: PcaDetectorState[] };
      return 'members' in st ? (st.members[0] as PcaDetectorState) : st;
    };
    const mon = new AssetMonitor({ asset: PUMP, sensors: PUMP_SENSORS, model });
    const row = (ts: number) =>
      PUMP_SENSORS.map((s, j) => ({
        sensor: s.id,
        ts,
        value: pcaState().mean[j],
        quality: 0,
      }));
    expect(mon.ingest(row(LIVE + 1000))).toEqual([]);
    expect(mon.ingest(row(LIVE + 30_000))).toEqual([]);
    const ev = mon.ingest(row(LIVE + 70_000)); // past the end of window 0 plus lateness
    expect(ev).toHaveLength(1);
    expect(ev[0]).toMatchObject({ type: 'health', running: true, health: { ts: LIVE + 60_000, health: 100 } });
    mon.ingest([
      { sensor: 'P-101.FLOW', ts: LIVE + 5_000, value: 1, quality: 0 },
      { sensor: 'X', ts: LIVE, value: 1, quality: 0 },
    ]);
    expect(mon.counters).toMatchObject({ late: 1, ignored: 1 });
    expect(mon.advanceTo(LIVE + 120_000)).toHaveLength(1);
  });

  it('resumes an episode that was open before a restart instead of opening a second alert', () => {
    const live = pumpReadings(new Rng('resume'), {
      from: LIVE,
      durationMs: 2 * H,
      fault: { sensor: 'P-101.VIB-DE', delta: () => 2 },
    });
    const open: Alert = {
      id: 'before-restart',
      assetId: PUMP.id,
      kind: 'anomaly',
      severity: 'warning',
      state: 'acknowledged',
      title: 't',
      explanation: 'e',
      contributions: [],
      score: 2,
      peakScore: 2,
      startedAt: LIVE - H,
      updatedAt: LIVE,
    };
    const { alerts } = monitor(live, 60, { activeAlert: open });
    expect(alerts.length).toBeGreaterThan(50);
    expect(alerts.every((a) => a.alert.id === 'before-restart' && a.change === 'updated')).toBe(true);
    expect(alerts.at(-1)!.alert.explanation).toContain('DE bearing vibration');
  });
});

describe('AssetMonitor with a drift allowance (short training period)', () => {
  // 90 minutes of healthy training in which the bearing temperature is still settling: 1.5 °C per hour downwards.
  // A plain steady pump (load wandering at random, no cycles), so that the settling is the only trend.
  const S0 = Date.UTC(2024, 6, 1);
  const TRAIN = 1.5 * H;
  const settling = (ts: number) => -1.5 * ((ts - S0) / H);
  const stream = (seed: string, from: number, durationMs: number, temp: (ts: number) => number): Reading[] => {
    const rng = new Rng(seed);
    const out: Reading[] = [];
    for (let ts = from; ts < from + durationMs; ts += 10_000) {
      const load = 0.7 + 0.1 * rng.normal();
      const v: Record<string, number> = {
        SPEED: 1485 - 10 * load + 1.5 * rng.normal(),
        CURRENT: 18 + 22 * load + 0.6 * rng.normal(),
        FLOW: 20 + 70 * load + 2 * rng.normal(),
        PRESS: 6.5 - 1.8 * load + 0.06 * rng.normal(),
        'VIB-DE': 1.2 + 1.2 * load + 0.15 * rng.normal(),
        'TEMP-DE': 60 + temp(ts) + 0.3 * rng.normal(),
      };
      for (const [k, value] of Object.entries(v)) out.push({ sensor: `P-101.${k}`, ts, value, quality: GOOD });
    }
    return out;
  };
  const train = (driftAllowance: boolean | 'auto') =>
    trainAssetModel(PUMP, PUMP_SENSORS, toSeries(stream('settling', S0, TRAIN, settling)), { driftAllowance });
  const live = (fault?: (ts: number) => number) =>
    stream('settling-live', S0 + TRAIN, 2 * H, (ts) => settling(ts) + (fault?.(ts) ?? 0));
  const run = (m: ReturnType<typeof train>, readings: Reading[]) => {
    const mon = new AssetMonitor({ asset: PUMP, sensors: PUMP_SENSORS, model: m });
    const events: MonitorEvent[] = [];
    for (let i = 0; i < readings.length; i += 60) events.push(...mon.ingest(readings.slice(i, i + 60)));
    return events;
  };

  it('is learned by default for a short period, not for a whole day of training, and survives serialization', () => {
    const m = train('auto');
    expect(m.drift).toBeDefined();
    const t = S0 + TRAIN / 2 + 2 * H; // two hours after the middle of training
    const temp = m.sensors.findIndex((s) => s.id === 'P-101.TEMP-DE');
    // 1.5 °C/h for two hours; the sensors that only wandered with the load get next to nothing.
    expect(m.drift!.allowance(temp, t)).toBeGreaterThan(2);
    expect(m.drift!.allowance(temp, t)).toBeLessThan(3.5);
    const current = m.sensors.findIndex((s) => s.id === 'P-101.CURRENT');
    expect(m.drift!.allowance(current, t)).toBeLessThan(0.5);
    const back = deserializeAssetModel(serializeAssetModel(m));
    expect(back.drift!.allowance(temp, t)).toBeCloseTo(m.drift!.allowance(temp, t), 9);
    // A day of training: no allowance (the slow variables' range is in the data).
    expect(model.drift).toBeUndefined();
  });

  it('keeps quiet while the drift seen in training goes on, where the same model without it alarms', () => {
    const readings = live();
    const withAllowance = run(train('auto'), readings).filter((e) => e.type === 'alert');
    const without = run(train(false), readings).filter((e) => e.type === 'alert');
    expect(without.length).toBeGreaterThan(0);
    expect(withAllowance).toEqual([]);
  });

  it('still alerts on a fault beyond the band, explained with the real reading and a widened band', () => {
    const jump = S0 + TRAIN + H;
    const events = run(
      train('auto'),
      live((ts) => (ts > jump ? 12 : 0)),
    );
    const opened = events.flatMap((e) => (e.type === 'alert' && e.change === 'opened' ? [e.alert] : []));
    expect(opened).toHaveLength(1);
    const c = opened[0].contributions.find((x) => x.sensor === 'P-101.TEMP-DE')!;
    // The reading as measured (the training level minus the settling, plus 12), not as the detector saw it.
    expect(c.value).toBeGreaterThan(c.high);
    expect(c.high - c.low).toBeGreaterThan(4);
  });
});

describe('AssetMonitor operating envelope', () => {
  const live = pumpReadings(new Rng('order'), {
    from: LIVE,
    durationMs: 3 * H,
    fault: { sensor: 'P-101.TEMP-DE', delta: (ts) => (ts > LIVE + H ? 8 : 0) },
  });
  const withEnvelope = (low: number, high: number) => ({
    ...model,
    envelope: { sensor: 'P-101.SPEED', low, high },
  });
  const run = (m: typeof model) => {
    const mon = new AssetMonitor({ asset: PUMP, sensors: PUMP_SENSORS, model: m });
    const events: MonitorEvent[] = [];
    for (let i = 0; i < live.length; i += 60) events.push(...mon.ingest(live.slice(i, i + 60)));
    return { mon, events };
  };

  it('opens no alert while the machine runs outside the speeds it was trained on, and says so', () => {
    const { mon, events } = run(withEnvelope(1000, 1200));
    expect(events.filter((e) => e.type === 'alert')).toEqual([]);
    // Never inside, so no health to hold yet (an extrapolated score does not set it).
    expect(events.filter((e) => e.type === 'health')).toEqual([]);
    expect(mon.counters.outside).toBeGreaterThan(150);
    expect(mon.state()).toBeUndefined();
  });

  it('keeps the last health while outside, marked as outside and running', () => {
    const m = withEnvelope(1000, 2000);
    const mon = new AssetMonitor({ asset: PUMP, sensors: PUMP_SENSORS, model: m });
    const firstHour = live.filter((r) => r.ts < LIVE + 0.5 * H);
    mon.ingest(firstHour);
    const before = mon.state()!.health;
    m.envelope = { sensor: 'P-101.SPEED', low: 1000, high: 1200 };
    const events = mon.ingest(live.filter((r) => r.ts >= LIVE + 0.5 * H && r.ts < LIVE + 0.75 * H));
    const health = events.flatMap((e) => (e.type === 'health' ? [e] : []));
    expect(health.length).toBeGreaterThan(10);
    for (const h of health) {
      expect(h.running).toBe(true);
      expect(h.health.health).toBe(before);
      expect(h.outside).toMatchObject({ sensor: 'P-101.SPEED', low: 1000, high: 1200 });
      expect(h.outside!.value).toBeGreaterThan(1200);
    }
  });

  it('inside the envelope the same fault opens its alert as before', () => {
    const { mon, events } = run(withEnvelope(1000, 2000));
    expect(events.filter((e) => e.type === 'alert' && e.change === 'opened')).toHaveLength(1);
    expect(mon.counters.outside).toBe(0);
  });
});

describe('learnEnvelope', () => {
  const speed = PUMP_SENSORS.find((s) => s.kind === 'speed')!;
  it('is the trained range plus 2 % of it on each side, for a speed that moves', () => {
    const values = Array.from({ length: 101 }, (_, i) => 1000 + 5 * i); // 1000..1500
    expect(learnEnvelope(speed, values)).toEqual({ sensor: speed.id, low: 990, high: 1510 });
  });
  it('is absent for a fixed-speed machine, a current indicator, or too little data', () => {
    const fixed = Array.from({ length: 100 }, (_, i) => 1480 + (i % 7));
    expect(learnEnvelope(speed, fixed)).toBeUndefined();
    const current = PUMP_SENSORS.find((s) => s.kind === 'current')!;
    expect(learnEnvelope(current, [10, 20, 30, 40])).toBeUndefined();
    expect(learnEnvelope(speed, [1000])).toBeUndefined();
    expect(learnEnvelope(speed, [Number.NaN, Number.NaN])).toBeUndefined();
  });
});

describe('AssetMonitor health per component', () => {
  const on: Record<string, string> = {
    'P-101.VIB-DE': 'P-101.DE',
    'P-101.TEMP-DE': 'P-101.DE',
    'P-101.SPEED': 'P-101.MOTOR',
    'P-101.CURRENT': 'P-101.MOTOR',
  };
  const sensors = PUMP_SENSORS.map((s) => (on[s.id] ? { ...s, componentId: on[s.id] } : s));
  const components = [
    { id: 'P-101.DE', assetId: 'P-101', name: 'DE bearing', type: 'bearing' },
    { id: 'P-101.MOTOR', assetId: 'P-101', name: 'Drive motor', type: 'motor' },
    { id: 'P-101.SEAL', assetId: 'P-101', name: 'Seal', type: 'seal' },
  ];

  it('groups the model sensors by component, the rest as Process, and skips components without sensors', () => {
    const groups = healthGroups(model, sensors, components);
    expect(groups.map((g) => g.id)).toEqual(['P-101.DE', 'P-101.MOTOR', '_process']);
    expect([...groups[0]!.sensors].sort()).toEqual(['P-101.TEMP-DE', 'P-101.VIB-DE']);
    expect(groups[2]!.name).toBe('Process');
    expect(healthGroups(model, sensors, [])).toEqual([]);
  });

  it('a DE-bearing vibration drift lowers the DE bearing the most, with its trend and driver', () => {
    const driftFrom = LIVE + 4 * H;
    const live = pumpReadings(new Rng('drift'), {
      from: LIVE,
      durationMs: 8 * H,
      fault: { sensor: 'P-101.VIB-DE', delta: (ts) => Math.max(0, (ts - driftFrom) / H) * 0.3 },
    });
    const mon = new AssetMonitor({ asset: PUMP, sensors, model, components });
    const events: MonitorEvent[] = [];
    for (let i = 0; i < live.length; i += 60) events.push(...mon.ingest(live.slice(i, i + 60)));
    const snap = mon.snapshot()!;
    // The health keeps falling: a remaining useful life by its trend, with an interval and a failure probability.
    const health = events.flatMap((e) => (e.type === 'health' ? [e] : []));
    expect(health.filter((h) => h.health.ts < driftFrom).every((h) => h.rul === undefined)).toBe(true);
    const rul = health.at(-1)!.rul!;
    expect(rul.hours).toBeGreaterThanOrEqual(0);
    expect(rul.lowerHours).toBeLessThanOrEqual(rul.hours);
    expect(rul.upperHours).toBeGreaterThanOrEqual(rul.hours);
    expect(rul.failureProbability).toBeGreaterThan(0);
    expect(rul.failureProbability).toBeLessThanOrEqual(1);
    const [worst, ...rest] = snap.components;
    expect(worst!.id).toBe('P-101.DE');
    expect(worst!.name).toBe('DE bearing');
    expect(worst!.health).toBeLessThan(30);
    expect(worst!.trendPerHour).toBeLessThan(0);
    expect(worst!.drivers[0]!.sensor).toBe('P-101.VIB-DE');
    for (const c of rest) expect(c.health).toBeGreaterThan(worst!.health);
  });
});
