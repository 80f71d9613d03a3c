import { type ConnectorContext, type ModbusConfig, modbusFactory } from '@prognos/connectors';
import { freePort } from '@prognos/connectors/testing';
import { GOOD, makeQuality, QualityReason, type Reading } from '@prognos/core';
import { describe, expect, it } from 'vitest';
import { createDemoPlant } from './demo-plant';
import { modbusRegisterMap, startModbusServer } from './modbus-server';
import { demoSim, MONDAY } from './test-helpers';

const ctx: ConnectorContext = { dataDir: '/tmp', log: { info() {}, warn() {}, error() {} } };

async function until(cond: () => boolean, ms: number, what: string): Promise<void> {
  const t0 = Date.now();
  while (!cond()) {
    if (Date.now() - t0 > ms) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe('simulator Modbus TCP server', () => {
  it('lays out each asset in its own block: float32 holding pairs and int16 input registers', () => {
    const map = modbusRegisterMap(createDemoPlant(), ['P-101', 'M-201']);
    expect(map.holding.slice(0, 2)).toEqual([
      {
        function: 3,
        address: 0,
        type: 'float32',
        byteOrder: 'BE',
        wordOrder: 'BE',
        sensor: 'P-101.VIB-DE',
        unit: 'mm/s',
      },
      {
        function: 3,
        address: 2,
        type: 'float32',
        byteOrder: 'BE',
        wordOrder: 'BE',
        sensor: 'P-101.VIB-NDE',
        unit: 'mm/s',
      },
    ]);
    expect(map.holding.find((r) => r.sensor === 'M-201.VIB-DE')?.address).toBe(100);
    expect(map.input.find((r) => r.sensor === 'M-201.TEMP-BRG')).toMatchObject({ address: 102, scale: 0.01 });
    // 1600 rpm × 1.5 headroom does not fit ×100 in an int16: one decimal instead
    expect(map.input.find((r) => r.sensor === 'M-201.SPEED')).toMatchObject({ address: 105, scale: 0.1 });
    expect(() => modbusRegisterMap(createDemoPlant(), ['NOPE'])).toThrow(/unknown asset "NOPE"/);
  });

  it('is read by the Modbus connector: latest values, scaling, units, and exceptions as bad quality', async () => {
    const sim = demoSim({ randomStops: false });
    const port = await freePort();
    const server = await startModbusServer(sim, { port, assets: ['P-101', 'M-201'] });
    const base = { kind: 'modbus' as const, host: '127.0.0.1', port, timeoutMs: 500 };
    const holdingCfg: ModbusConfig = {
      ...base,
      id: 'old-line-hr',
      pollGroups: [
        {
          name: 'all',
          intervalMs: 50,
          registers: [...server.map.holding, { function: 3, address: 60, sensor: 'unmapped', unit: 'bar' }],
        },
      ],
    };
    const inputCfg: ModbusConfig = {
      ...base,
      id: 'old-line-ir',
      pollGroups: [{ name: 'all', intervalMs: 50, registers: server.map.input }],
    };
    const hr: Reading[] = [];
    const ir: Reading[] = [];
    const hrConn = modbusFactory.create(holdingCfg, ctx);
    const irConn = modbusFactory.create(inputCfg, ctx);
    try {
      // the simulator has not been stepped: no values yet → exception 4 → DEVICE_FAILURE
      await irConn.start(async (b) => {
        ir.push(...b);
      });
      await until(() => ir.length >= server.map.input.length, 3000, 'bad readings before the first step');
      expect(new Set(ir.map((r) => r.quality))).toEqual(new Set([makeQuality('bad', QualityReason.DEVICE_FAILURE)]));

      const first = sim.step(MONDAY + 60_000);
      const truth = new Map(first.map((r) => [r.sensor, r.value]));
      await hrConn.start(async (b) => {
        hr.push(...b);
      });
      const good = (rs: Reading[], sensor: string) => rs.filter((r) => r.sensor === sensor && r.quality === GOOD);
      await until(
        () =>
          server.map.holding.every((r) => good(hr, r.sensor).length > 0) &&
          server.map.input.every((r) => good(ir, r.sensor).length > 0),
        3000,
        'good values of every sensor',
      );
      for (const r of server.map.holding) {
        const v = good(hr, r.sensor)[0]?.value ?? Number.NaN;
        expect(Math.fround(v)).toBe(Math.fround(truth.get(r.sensor) ?? Number.NaN)); // float32 carries the value exactly
      }
      for (const r of server.map.input) {
        const v = good(ir, r.sensor).at(-1)?.value ?? Number.NaN;
        expect(Math.abs(v - (truth.get(r.sensor) ?? Number.NaN))).toBeLessThanOrEqual((r.scale ?? 1) / 2 + 1e-9);
      }
      expect(hr.filter((r) => r.sensor === 'unmapped').map((r) => r.quality)).toEqual([
        makeQuality('bad', QualityReason.SENSOR_FAILURE),
      ]);
      expect(hrConn.health().tags.find((t) => t.sensor === 'P-101.VIB-DE')?.tag).toBe('holding:0:float32:ABCD');

      // the next step is served on the next poll, without restarting anything
      const second = sim.step(MONDAY + 120_000);
      const bearing = second.find((r) => r.sensor === 'M-201.TEMP-BRG')?.value ?? Number.NaN;
      const pollFrom = Date.now();
      await until(
        () => hr.some((r) => r.ts >= pollFrom && r.sensor === 'M-201.TEMP-BRG'),
        2000,
        'a poll after the step',
      );
      expect(Math.fround(hr.filter((r) => r.sensor === 'M-201.TEMP-BRG').at(-1)?.value ?? 0)).toBe(
        Math.fround(bearing),
      );
      expect(server.reads).toBeGreaterThan(0);
      expect(hrConn.health().state).toBe('connected');
    } finally {
      await hrConn.stop();
      await irConn.stop();
      await server.close();
    }
  });
});
