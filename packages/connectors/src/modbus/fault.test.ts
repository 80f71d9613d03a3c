import { GOOD, makeQuality, QualityReason } from '@prognos/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ConnectorState } from '../contract';
import { modbusFactory } from './index';
import { collector, waitFor } from './testing/collect';
import { type PymodbusHandle, startPymodbus } from './testing/pymodbus';

let server: PymodbusHandle;
beforeAll(async () => {
  server = await startPymodbus();
});
afterAll(async () => {
  await server?.stop();
});

describe('modbus connector fault handling (pymodbus killed and restarted)', () => {
  it('reports reconnecting while the server is down, marks tags bad, and resumes within 10 s of its return', async () => {
    const sink = collector();
    const conn = modbusFactory.create(
      {
        id: 'plc-fault',
        kind: 'modbus',
        host: server.host,
        port: server.port,
        unitId: server.unit,
        timeoutMs: 300,
        pollGroups: [
          {
            name: 'fast',
            intervalMs: 100,
            registers: [
              { function: 3, address: 0, sensor: 'counter' },
              { function: 3, address: 22, type: 'float32', sensor: 'wave' },
            ],
          },
        ],
      },
      sink.ctx,
    );
    const states: ConnectorState[] = [];
    const watch = setInterval(() => {
      const s = conn.health().state;
      if (states.at(-1) !== s) states.push(s);
    }, 10);
    await conn.start(sink.emit);
    try {
      await waitFor(() => sink.of('counter').length >= 3, 5000, 'values before the crash');
      const killedAt = Date.now(); // before the kill: the connector may see the socket close before kill() returns
      await server.kill();
      await waitFor(() => conn.health().state === 'reconnecting', 3000, 'state reconnecting');
      // while the server is down the state stays truthful and nothing pretends to be good
      await new Promise((r) => setTimeout(r, 1500));
      const down = conn.health();
      expect(down.state).toBe('reconnecting');
      expect(down.lastError?.at).toBeGreaterThanOrEqual(killedAt);
      // the loss is recorded once per tag as bad COMM_FAILURE, and nothing good follows while the server is down
      const firstBad = sink.readings.findIndex((r) => r.quality !== GOOD);
      expect(sink.readings[firstBad]?.ts).toBeGreaterThanOrEqual(killedAt);
      const sinceLoss = sink.readings.slice(firstBad);
      expect(sinceLoss.map((r) => [r.sensor, r.quality]).sort()).toEqual([
        ['counter', makeQuality('bad', QualityReason.COMM_FAILURE)],
        ['wave', makeQuality('bad', QualityReason.COMM_FAILURE)],
      ]);

      await server.restart();
      const restartedAt = Date.now();
      await waitFor(
        () => sink.of('counter').some((r) => r.ts >= restartedAt && r.quality === GOOD),
        10_000,
        'good values after the restart',
      );
      expect(Date.now() - restartedAt).toBeLessThan(10_000);
      const up = conn.health();
      expect(up.state).toBe('connected');
      expect(up.reconnects).toBe(1);
      await waitFor(() => sink.of('wave').filter((r) => r.ts >= restartedAt).length >= 2, 3000, 'wave flowing');
      expect(states.slice(-3)).toEqual(['connected', 'reconnecting', 'connected']); // as seen from outside, every 10 ms
      expect(sink.events.filter((e) => e.type === 'state_changed').map((e) => e.message.split(':')[0])).toEqual([
        'stopped → connecting',
        'connecting → connected',
        'connected → reconnecting',
        'reconnecting → connected',
      ]);
    } finally {
      clearInterval(watch);
      await conn.stop();
    }
  });

  it('keeps retrying when the server is not there at start, then connects', async () => {
    await server.kill();
    const sink = collector();
    const conn = modbusFactory.create(
      {
        id: 'plc-late',
        kind: 'modbus',
        host: server.host,
        port: server.port,
        timeoutMs: 300,
        pollGroups: [
          {
            name: 'g',
            intervalMs: 100,
            registers: [{ function: 4, address: 1, type: 'int16', scale: 0.01, sensor: 't' }],
          },
        ],
      },
      sink.ctx,
    );
    await conn.start(sink.emit);
    try {
      expect(conn.health().state).toBe('reconnecting');
      expect(conn.health().lastError?.message).toMatch(/ECONNREFUSED|connect/i);
      await server.restart();
      const t0 = Date.now();
      await waitFor(() => sink.of('t').length > 0, 10_000, 'first value');
      expect(Date.now() - t0).toBeLessThan(10_000);
      expect(sink.of('t')[0]?.value).toBe(-25);
      expect(conn.health().state).toBe('connected');
    } finally {
      await conn.stop();
    }
  });
});
