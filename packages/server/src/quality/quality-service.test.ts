import type { Alert, Reading } from '@prognos/core';
import { isGood, makeQuality, QualityReason, qualityReason } from '@prognos/core';
import { openSqliteStore, type SqliteStore } from '@prognos/store';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { QualityConfig } from '../config';
import { EventBus } from '../event-bus';
import { IngestService } from '../ingest-service';
import { type QualityEvent, QualityService } from './quality-service';
import { clean, PT } from './test-fixtures';

const HOLD = 60_000;
const CONFIG: QualityConfig = { calibrationIntervalDays: 365, alertHoldMs: HOLD, tickMs: 1000, snapshotMs: 60_000 };
const log = { info() {}, warn() {}, error() {} };

interface Rig {
  store: SqliteStore;
  bus: EventBus;
  quality: QualityService;
  ingest: IngestService;
  events: QualityEvent[];
  alerts: { change: string; alert: Alert }[];
}

async function rig(store = openSqliteStore({ path: ':memory:' })): Promise<Rig> {
  const m = store.metadata;
  await m.upsertSite({ id: 'S', name: 'Site' });
  await m.upsertArea({ id: 'A', siteId: 'S', name: 'Area' });
  await m.upsertLine({ id: 'L', areaId: 'A', name: 'Line' });
  await m.upsertAsset({ id: 'SKID', lineId: 'L', name: 'Booster skid', type: 'other', criticality: 'A' });
  await m.upsertSensor(PT);
  const bus = new EventBus();
  const quality = new QualityService({ metadata: m, readings: store.readings, bus, config: CONFIG, log });
  await quality.init();
  const ingest = new IngestService(store.readings, m, bus, { quality });
  await ingest.refreshSensors();
  const r: Rig = { store, bus, quality, ingest, events: [], alerts: [] };
  bus.on('quality', (e) => r.events.push(e));
  bus.on('alert', (e) => r.alerts.push(e));
  return r;
}

/**
 * n live readings (by default ending now), the last `faulty` of them stuck at 7.777 bar, or (`range`) at 40 bar
 * on a 0..16 bar sensor, which the statistical checks never learn from, so the sensor can recover at once.
 */
function live(n: number, faulty = 0, t0 = Date.now() - n * 1000, kind: 'stuck' | 'range' = 'stuck'): Reading[] {
  const out = clean(n, t0);
  for (let i = n - faulty; i < n; i++) out[i] = { ...out[i]!, value: kind === 'stuck' ? 7.777 : 40 };
  return out;
}

describe('QualityService', () => {
  let r: Rig;
  beforeEach(async () => {
    r = await rig();
  });
  afterEach(async () => {
    await r.quality.close();
    await r.store.close();
  });

  it('flags readings on their way into the store, never drops them, keeps a bad verdict of the source', async () => {
    const items = live(300, 100);
    items[10] = { ...items[10]!, quality: makeQuality('bad', QualityReason.DEVICE_FAILURE) };
    const res = await r.ingest.ingest(items);
    expect(res.stored).toBe(300);
    const stored = await r.store.readings.read(PT.id, items[0]!.ts, items[299]!.ts + 1);
    expect(stored.ts.length).toBe(300);
    expect(qualityReason(stored.quality[10]!)).toBe(QualityReason.DEVICE_FAILURE);
    const flat = [...stored.quality].filter((q) => qualityReason(q) === QualityReason.FLATLINE).length;
    expect(flat).toBeGreaterThan(60);
    expect([...stored.quality].slice(0, 200).filter((q) => !isGood(q))).toHaveLength(1);
  });

  it('follows the state good → suspect → bad → good with reasons, transitions and live events', async () => {
    const t0 = Date.now() - 450_000;
    await r.ingest.ingest(live(300, 100, t0, 'range'));
    const t = r.quality.trustOf(PT.id)!;
    expect(t.state).toBe('bad');
    expect(r.events.map((e) => e.state)).toEqual(['suspect', 'bad']);
    expect(r.events[0]!.reasons[0]!.name).toBe('OUT_OF_RANGE');
    const view = r.quality.view(PT, Date.now());
    expect(view.reasons[0]).toMatchObject({
      code: QualityReason.OUT_OF_RANGE,
      name: 'OUT_OF_RANGE',
      since: t0 + 200_000,
    });
    expect(view.score).toBeLessThan(80);
    expect(t.transitions.map((x) => `${x.from}>${x.to}`)).toEqual(['good>suspect', 'suspect>bad']);
    // the sensor is repaired: clean readings again
    await r.ingest.ingest(clean(120, t0 + 300_000, 'after'));
    expect(r.quality.trustOf(PT.id)!.state).toBe('good');
    expect(r.events.at(-1)).toMatchObject({ sensorId: PT.id, assetId: 'SKID', state: 'good' });
    expect(r.quality.view(PT, Date.now()).reasons.map((x) => x.name)).toEqual(['CALIBRATION_OVERDUE']);
  });

  it('raises one sensor alert and one work order after the hold time, and closes the alert once good again', async () => {
    const t0 = Date.now() - 450_000;
    await r.ingest.ingest(live(300, 100, t0, 'range'));
    const now = Date.now();
    r.quality.tick(now + HOLD / 2);
    expect(r.alerts).toHaveLength(0);
    for (let i = 1; i <= 5; i++) r.quality.tick(now + HOLD + i * 1000);
    await r.quality.drain();
    expect(r.alerts.map((a) => a.change)).toEqual(['opened']);
    const alert = r.alerts[0]!.alert;
    expect(alert).toMatchObject({ kind: 'sensor', assetId: 'SKID', state: 'open', severity: 'warning' });
    expect(alert.title).toMatch(/^Sensor SKID\.PT-01 out of range since \d\d:\d\d — check wiring and range$/);
    expect(alert.explanation).toContain('not of the machine');
    expect(alert.explanation).toContain('Check the wiring');
    const wos = await r.store.metadata.listWorkOrders('SKID');
    expect(wos).toHaveLength(1);
    expect(wos[0]).toMatchObject({ alertId: alert.id, status: 'open', priority: 'high' });
    expect(wos[0]!.title).toBe('Check/recalibrate sensor SKID.PT-01 (Skid discharge pressure)');
    expect(wos[0]!.description).toContain('1. ');
    expect((await r.store.metadata.getAlert(alert.id))?.state).toBe('open');
    // unchanged content is refreshed at most once a minute
    r.quality.tick(now + HOLD + 30_000);
    r.quality.tick(now + 2 * HOLD + 10_000);
    expect(r.alerts.filter((a) => a.change === 'updated')).toHaveLength(1);
    // good again: the alert closes only after the hold time
    await r.ingest.ingest(clean(120, t0 + 300_000, 'after'));
    expect(r.quality.trustOf(PT.id)!.state).toBe('good');
    const good = Date.now();
    r.quality.tick(good + HOLD / 2);
    expect(r.alerts.at(-1)!.change).not.toBe('closed');
    r.quality.tick(good + HOLD + 1000);
    r.quality.tick(good + HOLD + 2000);
    await r.quality.drain();
    expect(r.alerts.filter((a) => a.change === 'closed')).toHaveLength(1);
    const closed = await r.store.metadata.getAlert(alert.id);
    expect(closed).toMatchObject({ state: 'closed', title: alert.title });
    expect(await r.store.metadata.listWorkOrders('SKID')).toHaveLength(1);
  });

  it('a person closing the alert ends the episode: no new alert until the sensor was good again', async () => {
    await r.ingest.ingest(live(300, 100));
    const now = Date.now();
    r.quality.tick(now + HOLD + 1000);
    const alert = r.alerts[0]!.alert;
    expect(alert.title).toMatch(/^Sensor SKID\.PT-01 stuck \(flatline\) since .* — check transmitter$/);
    r.bus.emit('alert', { change: 'closed', alert: { ...alert, state: 'closed' } });
    for (let i = 2; i < 10; i++) r.quality.tick(now + HOLD + i * 60_000);
    expect(r.alerts.filter((a) => a.change === 'opened')).toHaveLength(1);
    expect(r.quality.ownsAlert(alert.id)).toBe(false);
  });

  it('a live sensor that goes silent becomes suspect, then bad with score 0, and recovers when it sends', async () => {
    const items = live(120);
    await r.ingest.ingest(items);
    r.quality.watchGapsFrom(0);
    const last = items.at(-1)!.ts;
    r.quality.tick(last + 5000);
    expect(r.quality.trustOf(PT.id)).toMatchObject({ state: 'suspect', gap: 'suspect' });
    r.quality.tick(last + 15_000);
    expect(r.quality.trustOf(PT.id)).toMatchObject({ state: 'bad', score: 0 });
    expect(r.quality.view(PT, last + 15_000).reasons[0]).toMatchObject({ name: 'GAP', since: last });
    await r.ingest.ingest(clean(5, last + 16_000, 'back'));
    expect(r.quality.trustOf(PT.id)!.gap).toBeUndefined();
  });

  it('history imports are not live: their silence is no gap', async () => {
    await r.ingest.ingest(clean(120, Date.now() - 86400_000));
    r.quality.watchGapsFrom(0);
    r.quality.tick(Date.now());
    expect(r.quality.trustOf(PT.id)!.state).toBe('good');
    expect(r.events).toHaveLength(0);
  });

  it('shows an overdue calibration as a reason without changing the state', () => {
    const view = r.quality.view(PT, Date.now());
    expect(view.state).toBe('good');
    expect(view.calibrationDue).toBe('2020-12-31');
    expect(view.calibrationOverdue).toBe(true);
    expect(view.reasons).toEqual([expect.objectContaining({ code: 15, name: 'CALIBRATION_OVERDUE' })]);
    const fresh = r.quality.view({ ...PT, lastCalibration: new Date().toISOString().slice(0, 10) }, Date.now());
    expect(fresh.calibrationOverdue).toBe(false);
    expect(r.quality.view({ ...PT, lastCalibration: undefined }, Date.now()).calibrationDue).toBeNull();
  });

  it('saves its states on close and restores them (with the open episode) on start', async () => {
    await r.ingest.ingest(live(300, 100));
    r.quality.tick(Date.now() + HOLD + 1000);
    const alertId = r.alerts[0]!.alert.id;
    await r.quality.close();
    const again = new QualityService({
      metadata: r.store.metadata,
      readings: r.store.readings,
      bus: r.bus,
      config: CONFIG,
      log,
    });
    await again.init();
    expect(again.trustOf(PT.id)).toMatchObject({ state: 'bad', episode: { alertId } });
    expect(again.trustOf(PT.id)!.transitions).toHaveLength(2);
    expect(again.ownsAlert(alertId)).toBe(true);
    again.tick(Date.now() + 2 * HOLD);
    expect(r.alerts.filter((a) => a.change === 'opened')).toHaveLength(1);
    r.quality = again;
  });
});
