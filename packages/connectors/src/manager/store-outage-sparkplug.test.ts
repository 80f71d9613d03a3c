import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SparkplugEdgeNode } from '@prognos/simulator';
import { openSqliteStore } from '@prognos/store';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ConnectorFactory } from '../contract';
import { sparkplugFactory } from '../sparkplug/index';
import { type MosquittoHandle, startMosquitto } from '../testing/mosquitto';
import { eventually, intakeProblems, managerOverStore, storeOutage } from '../testing/outage';

const COUNT = 'P-101.COUNT';
const PROBE = 'P-101.PROBE';

let broker: MosquittoHandle;
let root: string;
beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'prognos-outage-spb-'));
  broker = await startMosquitto();
});
afterAll(async () => {
  await broker?.stop();
  rmSync(root, { recursive: true, force: true });
});

describe('store outage under the ConnectorManager: Sparkplug B (simulator edge node at QoS 1)', () => {
  it('keeps every counter value the edge node published while the store was stopped, in order, once it is back', async () => {
    const { store, mgr, health, why } = await managerOverStore({
      open: () => openSqliteStore({ path: join(root, 'store.db') }),
      factory: sparkplugFactory as unknown as ConnectorFactory,
      dataDir: join(root, 'data'),
      connector: {
        id: 'spb-host',
        kind: 'sparkplug',
        url: broker.url,
        groupId: 'G1',
        clientId: `prognos-outage-${process.pid}`,
      },
    });
    await mgr.start();
    let edge: SparkplugEdgeNode | undefined;
    let timer: NodeJS.Timeout | undefined;
    try {
      await eventually(() => health()?.state === 'connected', 10_000, 'connected', why);
      // QoS 1 births and data; metric names are the sensor ids without the device prefix (COUNT, PROBE)
      edge = await SparkplugEdgeNode.connect(broker.url, {
        groupId: 'G1',
        edgeNodeId: 'E1',
        devices: { 'P-101': [COUNT, PROBE] },
        qos: 1,
      });
      const node = edge;
      // a probe value that reaches the store proves the host's subscription and the births are in place
      let probe = 0;
      await eventually(
        () => {
          node.publish([{ sensor: PROBE, ts: Date.now(), value: ++probe, quality: 0 }]);
          return store.accepted.some((r) => r.sensor === PROBE && r.value > 0);
        },
        10_000,
        'the first probe stored',
        why,
      );

      // the device: a counter metric every 50 ms, each with its own (strictly increasing) metric timestamp
      const sent: number[] = [];
      timer = setInterval(() => {
        const n = sent.length;
        const ts = Math.max(Date.now(), (sent[n - 1] ?? 0) + 1);
        sent.push(ts);
        node.publish([{ sensor: COUNT, ts, value: n, quality: 0 }]);
      }, 50);
      await eventually(
        () => store.accepted.filter((r) => r.sensor === COUNT).length >= 5,
        10_000,
        'values stored',
        why,
      );

      const out = await storeOutage(store, health, 3000);
      expect(out.maxBuffered).toBeGreaterThan(0);
      expect(out.states).toEqual(['connected']);
      expect(sent.filter((t) => t >= out.downAt && t < out.upAt).length).toBeGreaterThanOrEqual(20);

      const upAt = out.upAt;
      await eventually(() => store.accepted.some((r) => r.ts > upAt + 300), 10_000, 'values after the return', why);
      clearInterval(timer);
      expect(await node.flush(10_000)).toBe(true); // every DDATA acknowledged by the broker
      const total = sent.length;
      await eventually(
        () => store.accepted.some((r) => r.sensor === COUNT && r.value === total - 1),
        10_000,
        'the last',
        why,
      );
      await eventually(() => health()?.buffered === 0, 10_000, 'the backlog delivered', why);
      expect(health()?.state).toBe('connected');
      expect(node.stats().dropped).toBe(0);
      await mgr.stop();

      // every value published, before, during and after the outage, each with its metric timestamp
      const stored = await store.read(COUNT);
      expect(stored.map((r) => r.value)).toEqual(Array.from({ length: total }, (_, n) => n));
      expect(stored.map((r) => r.ts)).toEqual(sent);
      expect(intakeProblems(store.accepted, COUNT)).toEqual([]);
      expect(store.refused).toBeGreaterThan(0);
    } finally {
      clearInterval(timer);
      await edge?.close(500);
      await mgr.stop();
      await store.stop();
    }
  });
});
