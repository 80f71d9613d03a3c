import { mkdirSync, mkdtempSync, readdirSync, renameSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GOOD, makeQuality, QualityReason, type Reading } from '@prognos/core';
import {
  createDemoPlant,
  type OpcuaServerHandle,
  opcuaTagMap,
  PlantSimulator,
  startOpcuaServer,
} from '@prognos/simulator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Connector, ConnectorContext, ConnectorEvent, ConnectorState } from '../contract';
import { freePort } from '../testing/mosquitto';
import type { OpcuaConfig, OpcuaTag } from './config';
import { opcuaFactory } from './index';

const plant = createDemoPlant();
const ASSETS = ['P-101', 'M-201'];
const quiet = { info() {}, warn() {}, error() {} };

/** The simulator stepped on the wall clock every 200 ms; its latest readings feed the OPC UA servers. */
class LiveSource {
  private readonly sim = new PlantSimulator(plant, { seed: 7, randomStops: false });
  private readonly values = new Map<string, Reading>();
  /** Every simulated reading by sensor and timestamp, to check what the connector delivers. */
  readonly history = new Map<string, Map<number, number>>();
  readonly overrides = new Map<string, Reading>();
  private readonly timer: NodeJS.Timeout;
  constructor() {
    this.step();
    this.timer = setInterval(() => this.step(), 200);
  }
  private step(): void {
    for (const r of this.sim.step(Date.now())) {
      if (!ASSETS.some((a) => r.sensor.startsWith(`${a}.`))) continue;
      this.values.set(r.sensor, r);
      const h = this.history.get(r.sensor) ?? new Map<number, number>();
      this.history.set(r.sensor, h);
      h.set(r.ts, r.value);
    }
  }
  latest(): ReadonlyMap<string, Reading> {
    if (!this.overrides.size) return this.values;
    const m = new Map(this.values);
    for (const [k, v] of this.overrides) m.set(k, v);
    return m;
  }
  close(): void {
    clearInterval(this.timer);
  }
}

async function waitFor(cond: () => boolean, timeoutMs: number, what: string): Promise<void> {
  const t0 = Date.now();
  while (!cond()) {
    if (Date.now() - t0 > timeoutMs) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

interface Harness {
  connector: Connector;
  readings: Reading[];
  states: ConnectorState[];
  events: ConnectorEvent[];
}

function makeConnector(
  cfg: Partial<OpcuaConfig> & Pick<OpcuaConfig, 'endpointUrl' | 'tags'>,
  dataDir: string,
  log: ConnectorContext['log'] = quiet,
): Harness {
  const events: ConnectorEvent[] = [];
  const states: ConnectorState[] = [];
  const ctx: ConnectorContext = {
    dataDir,
    log,
    onEvent: (e) => {
      events.push(e);
      if (e.type === 'state_changed') states.push(e.message.split(' ')[2]?.replace(':', '') as ConnectorState);
    },
  };
  const connector = opcuaFactory.create(
    {
      id: 'opc-test',
      kind: 'opcua',
      samplingIntervalMs: 100,
      publishingIntervalMs: 200,
      reconnect: { baseMs: 200, maxMs: 1000 },
      ...cfg,
    },
    ctx,
  );
  return { connector, readings: [], states, events };
}

async function run(h: Harness): Promise<void> {
  await h.connector.start(async (batch) => {
    h.readings.push(...batch);
  });
}

describe('OPC UA connector against the simulator OPC UA server', () => {
  const source = new LiveSource();
  const root = mkdtempSync(join(tmpdir(), 'prognos-opcua-test-'));
  const dataDir = join(root, 'client');
  let server: OpcuaServerHandle;
  let url: string;
  const tags = () => opcuaTagMap(plant, ASSETS, url).tags;

  beforeAll(async () => {
    server = await startOpcuaServer({
      port: await freePort(),
      plant,
      assets: ASSETS,
      source,
      securityModes: ['None', 'SignAndEncrypt'],
      users: [{ username: 'operator', password: 's3cret' }],
      pkiDir: join(root, 'server-pki'),
      updateIntervalMs: 50,
    });
    url = server.endpointUrl;
  });
  afterAll(async () => {
    await server?.stop();
    source.close();
    rmSync(root, { recursive: true, force: true });
  });

  it('delivers values with their source timestamps, scaled, with quality from the status code', async () => {
    const scaledTag = { nodeId: 'ns=1;s=P-101.VIB-DE', sensor: 'P-101.VIB-DE.x2', scale: 2, offset: 1, unit: 'mm/s' };
    // Deadbands wider than anything the simulator does: only the first value of these comes through.
    const deadbands: Record<string, Partial<OpcuaTag>> = {
      'M-201.SPEED': { deadband: 1e6 },
      'M-201.POWER': { deadband: 100, deadbandType: 'percent' },
    };
    const mapped = tags().map((t) => ({ ...t, ...deadbands[t.sensor] }));
    const missing = { nodeId: 'ns=1;s=No.Such.Node', sensor: 'X.MISSING' };
    const h = makeConnector({ endpointUrl: url, tags: [...mapped, scaledTag, missing] }, dataDir);
    await run(h);
    try {
      expect(h.connector.health().state).toBe('connected');
      const count = (s: string) => h.readings.filter((r) => r.sensor === s).length;
      const steady = tags().filter((t) => !deadbands[t.sensor]);
      await waitFor(() => steady.every((t) => count(t.sensor) >= 3) && count(scaledTag.sensor) >= 3, 8000, 'values');
      expect(count('M-201.SPEED')).toBe(1);
      expect(count('M-201.POWER')).toBe(1);
      const refused = h.connector.health().tags.find((t) => t.sensor === 'X.MISSING');
      expect(refused).toMatchObject({ tag: 'ns=1;s=No.Such.Node', errors: 1 });
      for (const r of h.readings) {
        const base = r.sensor === scaledTag.sensor ? 'P-101.VIB-DE' : r.sensor;
        const simulated = source.history.get(base)?.get(r.ts);
        // The reading carries the simulator's own timestamp (the OPC UA source timestamp), not the arrival time.
        expect(simulated, `${r.sensor} @ ${r.ts}`).toBeDefined();
        const want = r.sensor === scaledTag.sensor ? (simulated as number) * 2 + 1 : (simulated as number);
        expect(r.value).toBeCloseTo(want, 9);
        expect(r.quality).toBe(GOOD);
      }
      // Deliberately bad and uncertain readings at the source come through as bad/suspect with the reason.
      const sensorFail = makeQuality('bad', QualityReason.SENSOR_FAILURE);
      const overRange = makeQuality('suspect', QualityReason.OUT_OF_RANGE);
      source.overrides.set('M-201.CURRENT', { sensor: 'M-201.CURRENT', ts: Date.now(), value: 0, quality: sensorFail });
      source.overrides.set('P-101.FLOW', { sensor: 'P-101.FLOW', ts: Date.now(), value: 999, quality: overRange });
      await waitFor(
        () =>
          h.readings.some((r) => r.sensor === 'M-201.CURRENT' && r.quality === sensorFail) &&
          h.readings.some((r) => r.sensor === 'P-101.FLOW' && r.quality === overRange && r.value === 999),
        5000,
        'bad and uncertain readings',
      );
      source.overrides.clear();
      const health = h.connector.health();
      expect(health.readings).toBeGreaterThan(0);
      expect(health.latencyMs?.p99).toBeLessThan(2000);
      expect(health.tags.find((t) => t.sensor === 'M-201.CURRENT')?.lastQuality).toBeDefined();
      expect(health.tags.filter((t) => t.sensor !== 'X.MISSING').every((t) => t.lastValueAt !== undefined)).toBe(true);
    } finally {
      await h.connector.stop();
    }
    expect(h.connector.health().state).toBe('stopped');
  });

  it('logs in with username and password, and reports a refused password as an error', async () => {
    const ok = makeConnector({ endpointUrl: url, tags: tags(), username: 'operator', password: 's3cret' }, dataDir);
    await run(ok);
    await waitFor(() => ok.readings.length > 0, 5000, 'values after login');
    await ok.connector.stop();

    const bad = makeConnector({ endpointUrl: url, tags: tags(), username: 'operator', password: 'wrong' }, dataDir);
    await run(bad);
    try {
      const health = bad.connector.health();
      expect(health.state).toBe('error');
      expect(health.lastError?.message).toMatch(
        /refused the login of user "operator" \(Bad\w+\): check username and password/,
      );
      expect(bad.readings).toHaveLength(0);
    } finally {
      await bad.connector.stop();
    }
  });

  it('connects with SignAndEncrypt/Basic256Sha256 and names the available endpoints when none matches', async () => {
    const h = makeConnector(
      {
        endpointUrl: url,
        tags: tags(),
        securityMode: 'SignAndEncrypt',
        securityPolicy: 'Basic256Sha256',
        trustServerCertificate: true,
      },
      dataDir,
    );
    await run(h);
    try {
      expect(h.connector.health().state).toBe('connected');
      await waitFor(() => h.readings.length >= 10, 5000, 'encrypted values');
    } finally {
      await h.connector.stop();
    }
    const sign = makeConnector(
      { endpointUrl: url, tags: tags(), securityMode: 'Sign', trustServerCertificate: true },
      dataDir,
    );
    await run(sign);
    await sign.connector.stop();
    expect(sign.states).toContain('error');
    expect(sign.connector.health().lastError?.message).toMatch(
      /offers no Sign\/Basic256Sha256 endpoint.*available: None\/None \([^)]*Anonymous[^)]*\); SignAndEncrypt\/Basic256Sha256/,
    );
  });

  it('refuses an untrusted server certificate, says where to trust it, and connects once it is trusted', async () => {
    const fresh = join(root, 'client-untrusted');
    const h = makeConnector(
      { endpointUrl: url, tags: tags(), securityMode: 'SignAndEncrypt', trustServerCertificate: false },
      fresh,
    );
    await run(h);
    try {
      const health = h.connector.health();
      expect(health.state).toBe('error');
      const msg = health.lastError?.message ?? '';
      expect(msg).toMatch(/server certificate of .* is not trusted \(BadCertificateUntrusted\)/);
      const trusted = join(fresh, 'pki', 'trusted', 'certs');
      expect(msg).toContain(trusted);
      expect(h.readings).toHaveLength(0);
      // Do what the message says: move the rejected certificate into the trust list.
      const rejected = join(fresh, 'pki', 'rejected');
      const [file] = readdirSync(rejected);
      expect(file).toBeDefined();
      mkdirSync(trusted, { recursive: true });
      renameSync(join(rejected, file as string), join(trusted, file as string));
      await waitFor(() => h.readings.length > 0, 8000, 'values once the certificate is trusted');
      expect(h.connector.health().state).toBe('connected');
    } finally {
      await h.connector.stop();
    }
  });

  it('browses the plant folders with live values, without being started', async () => {
    const h = makeConnector({ endpointUrl: url, tags: [] }, dataDir);
    const browse = h.connector.browse as NonNullable<Connector['browse']>;
    const objects = await browse.call(h.connector);
    const plantNode = objects.find((i) => i.name === 'Plant');
    expect(plantNode?.hasChildren).toBe(true);
    const lines = await browse.call(h.connector, plantNode?.tag);
    expect(lines.map((l) => l.name).sort()).toEqual(['Cooling water and compressed air', 'Extrusion line']);
    const util = lines.find((l) => l.name.startsWith('Cooling')) as (typeof lines)[number];
    const assets = await browse.call(h.connector, util.tag);
    expect(assets.map((a) => a.name)).toEqual(['P-101 Cooling water pump 1']);
    const sensors = await browse.call(h.connector, assets[0]?.tag);
    const pumpSensors = plant.sensors.filter((s) => s.assetId === 'P-101');
    expect(sensors.map((s) => s.tag).sort()).toEqual(pumpSensors.map((s) => `ns=1;s=${s.id}`).sort());
    for (const s of sensors) {
      expect(s.dataType).toBe('Double');
      expect(typeof s.value).toBe('number');
      expect(s.quality).toBe(GOOD);
      expect(Math.abs(Date.now() - (s.ts ?? 0))).toBeLessThan(5000);
      expect(s.hasChildren).toBe(false);
    }
    await expect(browse.call(h.connector, 'ns=1;s=Nope')).rejects.toThrow(
      /cannot browse ns=1;s=Nope: BadNodeIdUnknown/,
    );
  });
});

describe('OPC UA connector fault handling', () => {
  it('recovers from a short and a long server outage on the same port within 10 s, truthful meanwhile', async () => {
    const source = new LiveSource();
    const root = mkdtempSync(join(tmpdir(), 'prognos-opcua-fault-'));
    const port = await freePort();
    const opts = { port, plant, assets: ['P-101'], source, pkiDir: join(root, 'server-pki'), updateIntervalMs: 50 };
    let server = await startOpcuaServer(opts);
    const warnings: string[] = [];
    // Publishing every 100 ms makes the keep-alive 1 s, so a session node-opcua cannot restore is given up after
    // 3 keep-alives + the longest backoff (4 s) and rebuilt from scratch.
    const h = makeConnector(
      { endpointUrl: server.endpointUrl, publishingIntervalMs: 100, tags: opcuaTagMap(plant, ['P-101'], '').tags },
      join(root, 'c'),
      { ...quiet, warn: (o) => warnings.push(JSON.stringify(o)) },
    );
    const outage = async (ms: number) => {
      await server.stop();
      await waitFor(() => h.connector.health().state === 'reconnecting', 5000, 'state reconnecting');
      expect(h.connector.health().lastError?.message).toMatch(/lost|cannot be established|closed/i);
      await new Promise((r) => setTimeout(r, ms));
      // Truthful while the server is away: not connected.
      expect(h.connector.health().state).toBe('reconnecting');
      const restartedAt = Date.now();
      server = await startOpcuaServer(opts);
      await waitFor(() => h.readings.some((r) => r.ts > restartedAt + 100), 10_000, 'values from the restarted server');
      expect(Date.now() - restartedAt).toBeLessThan(10_000);
      expect(h.connector.health().state).toBe('connected');
    };
    try {
      await run(h);
      await waitFor(() => h.readings.length >= 20, 5000, 'values before the fault');
      // Short: node-opcua repairs the channel and recreates session and subscription on the new server.
      await outage(1000);
      expect(h.connector.health().reconnects).toBe(1);
      expect(warnings.join()).not.toMatch(/could not restore/);
      // Long: the connector gives up on the old client and reconnects from scratch with its Backoff.
      await outage(5000);
      expect(warnings.join()).toMatch(/could not restore the session/);
      const health = h.connector.health();
      expect(health.reconnects).toBe(2);
      const types = h.events.map((e) => e.type);
      expect(types).toContain('tag_stale');
      expect(types.lastIndexOf('tag_recovered')).toBeGreaterThan(types.lastIndexOf('tag_stale'));
      expect(health.tags.every((t) => !t.stale)).toBe(true);
      expect(h.states.at(-1)).toBe('connected');
    } finally {
      await h.connector.stop();
      await server.stop();
      source.close();
      rmSync(root, { recursive: true, force: true });
    }
  });
});
