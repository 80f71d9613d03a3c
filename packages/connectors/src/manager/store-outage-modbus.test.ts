import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Reading } from '@prognos/core';
import { openSqliteStore } from '@prognos/store';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { modbusFactory } from '../modbus/index';
import { type PymodbusHandle, startPymodbus } from '../modbus/testing/pymodbus';
import { eventually, intakeProblems, managerOverStore, missingFrom, storeOutage, tapFactory } from '../testing/outage';

const COUNTER = 'L0.COUNTER';
const WAVE = 'L0.WAVE';

let server: PymodbusHandle;
let root: string;
beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'prognos-outage-modbus-'));
  server = await startPymodbus();
});
afterAll(async () => {
  await server?.stop();
  rmSync(root, { recursive: true, force: true });
});

describe('store outage under the ConnectorManager: Modbus TCP (Debian pymodbus)', () => {
  it('keeps every poll result taken while the store was stopped, in order, once the store is back', async () => {
    const produced: Reading[] = [];
    const { store, mgr, health, why } = await managerOverStore({
      open: () => openSqliteStore({ path: join(root, 'store.db') }),
      factory: tapFactory(modbusFactory, produced),
      dataDir: join(root, 'data'),
      connector: {
        id: 'old-line',
        kind: 'modbus',
        host: server.host,
        port: server.port,
        unitId: server.unit,
        timeoutMs: 1000,
        pollGroups: [
          {
            name: 'fast',
            intervalMs: 100,
            registers: [
              { function: 3, address: 0, sensor: COUNTER }, // +1 every 100 ms on the server
              { function: 3, address: 22, type: 'float32', sensor: WAVE },
            ],
          },
        ],
      },
    });
    await mgr.start();
    try {
      await eventually(
        () => store.accepted.filter((r) => r.sensor === COUNTER).length >= 5,
        10_000,
        'values stored',
        why,
      );

      const out = await storeOutage(store, health, 3000);
      // the device was polled all along: every poll during the outage went to the disk buffer, none was lost
      const during = produced.filter((r) => r.ts >= out.downAt && r.ts < out.upAt);
      expect(during.filter((r) => r.sensor === COUNTER).length).toBeGreaterThanOrEqual(10);
      expect(out.maxBuffered).toBeGreaterThan(0);
      expect(out.states).toEqual(['connected']); // a store outage is not a device outage

      // values after the return go through too, behind the backlog
      const upAt = out.upAt;
      await eventually(() => store.accepted.some((r) => r.ts > upAt + 300), 10_000, 'readings after the return', why);
      await eventually(() => health()?.buffered === 0, 10_000, 'the backlog delivered', why);
      expect(health()?.state).toBe('connected');
      await mgr.stop();

      for (const sensor of [COUNTER, WAVE]) {
        const stored = await store.read(sensor);
        const mine = produced.filter((r) => r.sensor === sensor);
        expect(missingFrom(mine, stored)).toEqual([]);
        expect(stored.length).toBe(mine.length); // nothing the connector did not produce
        expect(intakeProblems(store.accepted, sensor)).toEqual([]);
      }
      // the device's counter never goes back in what was stored across the outage (source order kept)
      const counter = (await store.read(COUNTER)).map((r) => r.value);
      expect(counter.every((v, i) => i === 0 || v >= (counter[i - 1] as number))).toBe(true);
      expect(store.refused).toBeGreaterThan(0);
    } finally {
      await mgr.stop();
      await store.stop();
    }
  });
});
