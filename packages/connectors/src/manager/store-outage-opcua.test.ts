import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Reading } from '@prognos/core';
import { createDemoPlant, type OpcuaServerHandle, opcuaNodeId, startOpcuaServer } from '@prognos/simulator';
import { openSqliteStore } from '@prognos/store';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { opcuaFactory } from '../opcua/index';
import { freePort } from '../testing/mosquitto';
import { eventually, intakeProblems, managerOverStore, missingFrom, storeOutage, tapFactory } from '../testing/outage';

const plant = createDemoPlant();
const SENSORS = plant.sensors
  .filter((s) => s.assetId === 'P-101')
  .slice(0, 2)
  .map((s) => s.id);

/**
 * The "PLC": every 100 ms each sensor gets a new value (a counter) with a new source timestamp, published into the
 * server's address space at once. `history` is everything the device produced, the ground truth of the test.
 */
class CounterSource {
  readonly history: Reading[] = [];
  private readonly values = new Map<string, Reading>();
  private n = 0;
  private timer?: NodeJS.Timeout;
  latest(): ReadonlyMap<string, Reading> {
    return this.values;
  }
  run(server: OpcuaServerHandle): void {
    this.timer = setInterval(() => {
      const ts = Date.now();
      this.n++;
      for (const [i, sensor] of SENSORS.entries()) {
        const r = { sensor, ts, value: this.n * (i + 1), quality: 0 };
        this.values.set(sensor, r);
        this.history.push(r);
      }
      server.update();
    }, 100);
  }
  stop(): void {
    clearInterval(this.timer);
  }
}

const source = new CounterSource();
let server: OpcuaServerHandle;
let root: string;
beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'prognos-outage-opcua-'));
  server = await startOpcuaServer({
    port: await freePort(),
    plant,
    assets: ['P-101'],
    source,
    pkiDir: join(root, 'pki'),
    updateIntervalMs: 60_000, // the source publishes each value itself
  });
  source.run(server);
});
afterAll(async () => {
  source.stop();
  await server?.stop();
  rmSync(root, { recursive: true, force: true });
});

describe('store outage under the ConnectorManager: OPC UA (simulator server, values changing every 100 ms)', () => {
  it('keeps every value change the server reported while the store was stopped, in order, once it is back', async () => {
    const handed: Reading[] = [];
    const { store, mgr, health, why } = await managerOverStore({
      open: () => openSqliteStore({ path: join(root, 'store.db') }),
      factory: tapFactory(opcuaFactory, handed),
      dataDir: join(root, 'data'),
      connector: {
        id: 'new-line',
        kind: 'opcua',
        endpointUrl: server.endpointUrl,
        // sampling 0 = on every change (Part 4 §5.12.1.2) and a queue that holds a publishing interval's worth,
        // so the server reports each value the device produced
        samplingIntervalMs: 0,
        publishingIntervalMs: 200,
        queueSize: 100,
        tags: SENSORS.map((sensor) => ({ nodeId: opcuaNodeId(sensor), sensor })),
      },
    });
    await mgr.start();
    try {
      // generous: the first connection creates the client certificate, slow on a busy machine
      await eventually(() => health()?.state === 'connected', 20_000, 'connected', why);
      await eventually(() => store.accepted.length >= 10, 10_000, 'values stored', why);
      const firstTs = Math.min(...store.accepted.map((r) => r.ts));

      const out = await storeOutage(store, health, 3000);
      expect(out.maxBuffered).toBeGreaterThan(0);
      expect(out.states).toEqual(['connected']);
      const produced = source.history.filter((r) => r.ts >= out.downAt && r.ts < out.upAt);
      expect(produced.length).toBeGreaterThanOrEqual(20 * SENSORS.length);

      const upAt = out.upAt;
      await eventually(() => store.accepted.some((r) => r.ts > upAt + 300), 10_000, 'readings after the return', why);
      await eventually(() => health()?.buffered === 0, 10_000, 'the backlog delivered', why);
      expect(health()?.state).toBe('connected');
      await mgr.stop();

      // every value the device produced from the first one stored until after the return: the outage's included
      const lastTs = Math.max(...store.accepted.map((r) => r.ts));
      const expected = source.history.filter((r) => r.ts >= firstTs && r.ts <= lastTs);
      for (const sensor of SENSORS) {
        const stored = await store.read(sensor);
        expect(missingFrom(produced, stored).filter((r) => r.sensor === sensor)).toEqual([]);
        expect(missingFrom(expected, stored).filter((r) => r.sensor === sensor)).toEqual([]);
        // and nothing but what the connector handed over, each once
        expect(missingFrom(stored, handed)).toEqual([]);
        expect(intakeProblems(store.accepted, sensor)).toEqual([]);
      }
      expect(store.refused).toBeGreaterThan(0);
    } finally {
      await mgr.stop();
      await store.stop();
    }
  });
});
