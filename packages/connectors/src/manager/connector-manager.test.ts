import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Reading } from '@prognos/core';
import { afterEach, describe, expect, it } from 'vitest';
import { ConnectorsConfigError } from '../config/types';
import type {
  BrowseItem,
  Connector,
  ConnectorConfigBase,
  ConnectorContext,
  ConnectorEvent,
  ConnectorFactory,
  Emit,
} from '../contract';
import { ConnectorManager, ConnectorManagerError } from './connector-manager';
import { ConnectorHealthTracker } from './health-tracker';

/** A connector under the test's control: it emits when told to, with per-tag health from the shared tracker. */
interface FakeConfig extends ConnectorConfigBase {
  kind: 'modbus';
  tags: { tag: string; sensor: string; expectedIntervalMs?: number }[];
  failStart?: boolean;
}

const live = new Map<string, FakeConnector>();

class FakeConnector implements Connector {
  readonly kind = 'modbus' as const;
  readonly tracker: ConnectorHealthTracker;
  emit?: Emit;
  constructor(
    readonly config: FakeConfig,
    readonly ctx: ConnectorContext,
  ) {
    this.tracker = new ConnectorHealthTracker(config.id, 'modbus', `fake://${config.id}`, ctx);
    for (const t of config.tags) this.tracker.registerTag(t.tag, t.sensor, t.expectedIntervalMs);
  }
  get id() {
    return this.config.id;
  }
  async start(emit: Emit) {
    if (this.config.failStart) throw new Error('device address unreachable');
    this.emit = emit;
    this.tracker.setState('connected');
    live.set(this.id, this);
  }
  async stop() {
    this.tracker.setState('stopped');
    live.delete(this.id);
  }
  health() {
    return this.tracker.snapshot();
  }
  async browse(path?: string): Promise<BrowseItem[]> {
    return this.config.tags
      .filter((t) => !path || t.tag.startsWith(path))
      .map((t) => ({ tag: t.tag, name: t.sensor, value: 1 }));
  }
  /** Produces one value per tag and hands it on. */
  async produce(ts: number, value: number) {
    const rs: Reading[] = this.config.tags.map((t) => ({ sensor: t.sensor, ts, value, quality: 0 }));
    for (const t of this.config.tags) this.tracker.tagValue(t.tag, t.sensor, value, 0);
    await this.emit!(rs);
    this.tracker.emitted(rs);
  }
}

const fakeFactory: ConnectorFactory<FakeConfig> = {
  kind: 'modbus',
  schema: {
    type: 'object',
    required: ['id', 'kind', 'tags'],
    additionalProperties: false,
    properties: {
      id: { type: 'string' },
      kind: { const: 'modbus' },
      enabled: { type: 'boolean' },
      name: { type: 'string' },
      failStart: { type: 'boolean' },
      tags: {
        type: 'array',
        items: {
          type: 'object',
          required: ['tag', 'sensor'],
          additionalProperties: false,
          properties: {
            tag: { type: 'string' },
            sensor: { type: 'string' },
            expectedIntervalMs: { type: 'number', minimum: 1 },
          },
        },
      },
    },
  },
  create: (config, ctx) => new FakeConnector(config, ctx),
};

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

function setup(now?: () => number) {
  const dataDir = mkdtempSync(join(tmpdir(), 'prognos-mgr-'));
  dirs.push(dataDir);
  const stored: (Reading & { from: string })[] = [];
  const events: ConnectorEvent[] = [];
  const state = { storeUp: true };
  const mgr = new ConnectorManager({
    factories: [fakeFactory as ConnectorFactory],
    dataDir,
    sink: async (rs, from) => {
      if (!state.storeUp) throw new Error('store down');
      for (const r of rs) stored.push({ ...r, from });
    },
    log: { info() {}, warn() {}, error() {} },
    onEvent: (e) => events.push(e),
    buffer: { backoff: { baseMs: 10, maxMs: 30, minMs: 5 } },
    watchdogIntervalMs: 60_000,
    now,
  });
  return { mgr, stored, events, state, dataDir };
}

const entry = (id: string, over: Partial<FakeConfig> = {}): FakeConfig => ({
  id,
  kind: 'modbus',
  tags: [{ tag: '40001', sensor: `${id}.A`, expectedIntervalMs: 1000 }],
  ...over,
});

async function until(cond: () => boolean, ms = 3000): Promise<void> {
  const t0 = Date.now();
  while (!cond()) {
    if (Date.now() - t0 > ms) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 10));
  }
}

describe('ConnectorManager', () => {
  it('loads, starts, routes readings through each connector’s buffer to the sink, and stops', async () => {
    const { mgr, stored, dataDir } = setup();
    await mgr.load({ version: 1, connectors: [entry('a'), entry('b', { enabled: false })] });
    expect(mgr.list().map((h) => [h.id, h.state])).toEqual([
      ['a', 'stopped'],
      ['b', 'stopped'],
    ]);
    await mgr.start();
    expect(mgr.list().map((h) => [h.id, h.state])).toEqual([
      ['a', 'connected'],
      ['b', 'stopped'],
    ]);
    await live.get('a')!.produce(1000, 1);
    expect(stored).toEqual([{ sensor: 'a.A', ts: 1000, value: 1, quality: 0, from: 'a' }]);
    expect(existsSync(join(dataDir, 'connectors', 'a', 'buffer'))).toBe(true);
    expect(mgr.get('a')?.health).toMatchObject({ readings: 1, buffered: 0, evicted: 0 });
    expect(mgr.get('a')?.config).toEqual(entry('a'));
    await mgr.stop();
    expect(mgr.list().every((h) => h.state === 'stopped')).toBe(true);
    expect(live.size).toBe(0);
  });

  it('shows buffered readings while the store is down and delivers them in order when it returns', async () => {
    const { mgr, stored, state } = setup();
    await mgr.load({ version: 1, connectors: [entry('a')] });
    await mgr.start();
    state.storeUp = false;
    for (let i = 0; i < 5; i++) await live.get('a')!.produce(1000 + i, i);
    expect(mgr.get('a')?.health.buffered).toBe(5);
    state.storeUp = true;
    await until(() => mgr.get('a')!.health.buffered === 0);
    expect(stored.map((r) => r.value)).toEqual([0, 1, 2, 3, 4]);
    await mgr.stop();
  });

  it('adds, updates and removes connectors at runtime, validating like the file', async () => {
    const { mgr, stored } = setup();
    await mgr.start();
    const h = await mgr.add(entry('x'));
    expect(h.state).toBe('connected');
    await expect(mgr.add(entry('x'))).rejects.toThrow(/already exists/);
    const bad = await mgr.add({ id: 'y', kind: 'modbus', tags: [{ tag: 1, sensor: 's' }] }).catch((e) => e);
    expect(bad).toBeInstanceOf(ConnectorsConfigError);
    expect(bad.errors).toContainEqual({ path: 'tags[0].tag', message: 'must be string (got 1)' });
    await expect(mgr.add({ id: '../evil', kind: 'modbus', tags: [] })).rejects.toThrow(/id: must be 1–64 letters/);

    await mgr.update(entry('x', { tags: [{ tag: '40002', sensor: 'x.B' }] }));
    await live.get('x')!.produce(5, 5);
    expect(stored.at(-1)).toMatchObject({ sensor: 'x.B', from: 'x' });
    await mgr.update(entry('x', { enabled: false }));
    expect(mgr.get('x')?.health.state).toBe('stopped');
    expect(live.has('x')).toBe(false);
    await expect(mgr.update(entry('nope'))).rejects.toBeInstanceOf(ConnectorManagerError);
    await mgr.remove('x');
    expect(mgr.list()).toEqual([]);
    await expect(mgr.remove('x')).rejects.toThrow(/no connector/);
    await mgr.stop();
  });

  it('load() replaces the set: removed ones stop, changed ones restart, unchanged ones keep running', async () => {
    const { mgr } = setup();
    await mgr.load({ version: 1, connectors: [entry('a'), entry('b')] });
    await mgr.start();
    const a = live.get('a');
    await mgr.load({ version: 1, connectors: [entry('a'), entry('c')] });
    expect(live.get('a')).toBe(a);
    expect([...live.keys()].sort()).toEqual(['a', 'c']);
    expect(mgr.config().connectors.map((c) => c.id)).toEqual(['a', 'c']);
    await expect(mgr.load({ version: 1, connectors: [entry('a'), entry('a')] })).rejects.toThrow(/duplicate id "a"/);
    await mgr.stop();
  });

  it('a connector that fails to start reports "error" and does not stop the others', async () => {
    const { mgr } = setup();
    await mgr.load({ version: 1, connectors: [entry('bad', { failStart: true }), entry('good')] });
    await mgr.start();
    const [bad, good] = mgr.list();
    expect(bad).toMatchObject({ id: 'bad', state: 'error', lastError: { message: 'device address unreachable' } });
    expect(good!.state).toBe('connected');
    await mgr.stop();
  });

  it('browses through the connector, with clear errors otherwise', async () => {
    const { mgr } = setup();
    await mgr.load({ version: 1, connectors: [entry('a')] });
    await expect(mgr.browse('a')).rejects.toThrow(/not running/);
    await mgr.start();
    expect(await mgr.browse('a', '400')).toEqual([{ tag: '40001', name: 'a.A', value: 1 }]);
    await expect(mgr.browse('zz')).rejects.toThrow(/no connector "zz"/);
    await mgr.stop();
  });

  it('stale-tag watchdog raises tag_stale and tag_recovered once per transition', async () => {
    let now = 1_000_000;
    const { mgr, events } = setup(() => now);
    await mgr.load({ version: 1, connectors: [entry('a')] });
    await mgr.start();
    await live.get('a')!.produce(now, 1);
    mgr.checkStale();
    now += 2500; // < 3 × 1000 ms
    mgr.checkStale();
    expect(events.filter((e) => e.type.startsWith('tag_'))).toEqual([]);
    now += 1000; // > 3 × 1000 ms without a value
    mgr.checkStale();
    mgr.checkStale();
    const stale = events.filter((e) => e.type === 'tag_stale');
    expect(stale).toHaveLength(1);
    expect(stale[0]).toMatchObject({ connectorId: 'a', sensor: 'a.A', tag: '40001' });
    expect(mgr.get('a')!.health.tags[0]!.stale).toBe(true);
    await live.get('a')!.produce(now, 2);
    mgr.checkStale();
    mgr.checkStale();
    expect(events.filter((e) => e.type === 'tag_recovered')).toHaveLength(1);
    await mgr.stop();
  });
});
