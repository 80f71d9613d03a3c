import { GOOD, makeQuality, QualityReason } from '@prognos/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ModbusConfig, ModbusRegister } from './config';
import { ModbusConnector } from './connector';
import { modbusFactory } from './index';
import { collector, waitFor } from './testing/collect';
import { mbpoll } from './testing/mbpoll';
import { type PymodbusHandle, startPymodbus } from './testing/pymodbus';

/**
 * Against a real peer: the pymodbus 3.0 server of Debian's python3-pymodbus (register map in
 * testing/pymodbus-server.py), cross-checked with Debian's mbpoll.
 */
let server: PymodbusHandle;
beforeAll(async () => {
  server = await startPymodbus();
});
afterAll(async () => {
  await server?.stop();
});

const BAD_SENSOR = makeQuality('bad', QualityReason.SENSOR_FAILURE);
const BAD_DEVICE = makeQuality('bad', QualityReason.DEVICE_FAILURE);
const BAD_COMM = makeQuality('bad', QualityReason.COMM_FAILURE);

function config(registers: ModbusRegister[], extra: Partial<ModbusConfig> = {}): ModbusConfig {
  return {
    id: 'plc-1',
    kind: 'modbus',
    host: server.host,
    port: server.port,
    unitId: server.unit,
    timeoutMs: 500,
    pollGroups: [{ name: 'fast', intervalMs: 100, registers }],
    ...extra,
  };
}

const DEVICE: ModbusRegister[] = [
  { function: 3, address: 0, type: 'uint16', sensor: 'counter' },
  { function: 3, address: 1, type: 'int16', sensor: 'i16', unit: 'bar', scale: 0.1 },
  { function: 3, address: 2, type: 'float32', sensor: 'f32-abcd', unit: 'mm/s' },
  { function: 3, address: 4, type: 'float32', wordOrder: 'LE', sensor: 'f32-cdab', unit: 'mm/s' },
  { function: 3, address: 6, type: 'float32', byteOrder: 'LE', sensor: 'f32-badc' },
  { function: 3, address: 8, type: 'float32', byteOrder: 'LE', wordOrder: 'LE', sensor: 'f32-dcba' },
  { function: 3, address: 10, type: 'int32', sensor: 'i32' },
  { function: 3, address: 12, type: 'uint32', wordOrder: 'LE', sensor: 'u32-cdab' },
  { function: 3, address: 14, type: 'float64', sensor: 'f64' },
  { function: 3, address: 18, type: 'float64', wordOrder: 'LE', sensor: 'f64-le' },
  { function: 3, address: 22, type: 'float32', sensor: 'wave-abcd' },
  { function: 3, address: 24, type: 'float32', wordOrder: 'LE', sensor: 'wave-cdab' },
  { function: 3, address: 30, type: 'bool', bit: 2, sensor: 'status-bit2' },
  { function: 3, address: 30, type: 'bool', bit: 1, sensor: 'status-bit1' },
  { function: 4, address: 0, type: 'int16', scale: 0.01, unit: '°C', sensor: 'temp' },
  { function: 4, address: 1, type: 'int16', scale: 0.01, offset: 273.15, unit: 'K', sensor: 'temp-k' },
  { function: 4, address: 2, type: 'float32', sensor: 'in-f32-abcd' },
  { function: 4, address: 4, type: 'float32', wordOrder: 'LE', sensor: 'in-f32-cdab' },
  { function: 1, address: 1, sensor: 'coil1' },
  { function: 2, address: 1, sensor: 'di1' },
];

describe('modbus connector against pymodbus 3.0', () => {
  it('plans contiguous registers into one request per function', () => {
    const c = new ModbusConnector(config(DEVICE), collector().ctx);
    expect(c.plan().fast?.map((r) => [r.function, r.address, r.count])).toEqual([
      [1, 1, 1],
      [2, 1, 1],
      [3, 0, 31], // 0..25 plus the status word at 30: the 4-register hole is bridged
      [4, 0, 6],
    ]);
  });

  it('decodes every type and order, scales, and matches mbpoll', async () => {
    const sink = collector();
    const conn = modbusFactory.create(config(DEVICE), sink.ctx);
    const before = Date.now();
    await conn.start(sink.emit);
    try {
      await waitFor(() => sink.of('counter').length >= 3 && sink.of('di1').length >= 1, 5000, 'three polls');
      const after = Date.now();
      const last = (s: string) => sink.of(s).at(-1);
      const value = (s: string) => last(s)?.value;
      expect(conn.health().state).toBe('connected');
      expect(value('i16')).toBe(-123.4);
      expect(value('f32-abcd')).toBe(123.456);
      expect(value('f32-cdab')).toBe(123.456);
      expect(value('f32-badc')).toBe(1013.25);
      expect(value('f32-dcba')).toBe(-42.125);
      expect(value('i32')).toBe(-100000);
      expect(value('u32-cdab')).toBe(3_000_000_000);
      expect(value('f64')).toBe(12345.6789);
      expect(value('f64-le')).toBe(-9876.54321);
      expect(value('status-bit2')).toBe(1);
      expect(value('status-bit1')).toBe(0);
      expect(value('temp-k')).toBe(248.15);
      expect(value('in-f32-abcd')).toBe(987.5);
      expect(value('in-f32-cdab')).toBe(987.5);
      expect(value('coil1')).toBe(1);
      expect(value('di1')).toBe(0);
      // both word orders of the changing wave agree; the input-register temperature is scaled into its band
      const wave = sink.readings.filter((r) => r.sensor === 'wave-abcd' || r.sensor === 'wave-cdab');
      for (const r of wave) expect(Math.abs(r.value - 50)).toBeLessThanOrEqual(10.01);
      for (const r of sink.of('temp')) expect(Math.abs(r.value - 20)).toBeLessThanOrEqual(5.01);
      // timestamps are poll times, every reading good
      for (const r of sink.readings) {
        expect(r.ts).toBeGreaterThanOrEqual(before);
        expect(r.ts).toBeLessThanOrEqual(after);
        expect(r.quality).toBe(GOOD);
      }
      // the counter moves on between polls: values change over time
      const counts = sink.of('counter').map((r) => r.value);
      expect(new Set(counts).size).toBeGreaterThan(1);

      // cross-check with Debian's mbpoll: float32 in both word orders, 16-bit registers, input registers
      const peer = { port: server.port, unit: server.unit };
      const [abcd, cdab, regs, input, waveBE, waveLE] = await Promise.all([
        mbpoll({ ...peer, table: 4, type: 'float', address: 2, count: 1, bigEndianWords: true }),
        mbpoll({ ...peer, table: 4, type: 'float', address: 4, count: 1 }),
        mbpoll({ ...peer, table: 4, address: 1, count: 1 }),
        mbpoll({ ...peer, table: 3, type: 'float', address: 4, count: 1 }),
        mbpoll({ ...peer, table: 4, type: 'float', address: 22, count: 1, bigEndianWords: true }),
        mbpoll({ ...peer, table: 4, type: 'float', address: 24, count: 1 }),
      ]);
      expect(abcd[0]?.value).toBe(value('f32-abcd'));
      expect(cdab[0]?.value).toBe(value('f32-cdab'));
      expect(regs[0]?.signed).toBe(-1234); // the connector scaled it by 0.1
      expect(input[0]?.value).toBe(value('in-f32-cdab'));
      // the wave changes over 10 s; connector and mbpoll read it within a few hundred ms of each other
      expect(Math.abs((waveBE[0]?.value ?? 0) - (value('wave-abcd') ?? 0))).toBeLessThan(2);
      expect(Math.abs((waveLE[0]?.value ?? 0) - (value('wave-cdab') ?? 0))).toBeLessThan(2);

      const h = conn.health();
      expect(h.readings).toBe(sink.readings.length);
      expect(h.target).toBe(`tcp://127.0.0.1:${server.port} unit 1`);
      expect(h.latencyMs?.p99).toBeLessThan(1000);
      expect(h.tags.find((t) => t.sensor === 'f32-cdab')).toMatchObject({
        tag: 'holding:4:float32:CDAB',
        lastValue: 123.456,
        lastQuality: GOOD,
        errors: 0,
        stale: false,
      });
    } finally {
      await conn.stop();
    }
    expect(conn.health().state).toBe('stopped');
  });

  it('maps exceptions to bad quality: illegal address, device failure, gateway target failure', async () => {
    const sink = collector();
    const conn = modbusFactory.create(
      config([
        { function: 3, address: 97, sensor: 'ok-97' },
        { function: 3, address: 100, sensor: 'unmapped-100', unit: 'bar' }, // merged with 97, then split
        { function: 3, address: 201, sensor: 'failing-201' },
        { function: 4, address: 60, sensor: 'unmapped-in-60' },
      ]),
      sink.ctx,
    );
    const gw = modbusFactory.create(
      { ...config([{ function: 3, address: 0, sensor: 'behind-gateway' }]), id: 'gw', unitId: server.unit + 1 },
      sink.ctx,
    );
    await conn.start(sink.emit);
    await gw.start(sink.emit);
    try {
      await waitFor(() => sink.of('ok-97').length >= 1 && sink.of('behind-gateway').length >= 1, 5000, 'first polls');
      await waitFor(
        () => (conn.health().tags.find((t) => t.sensor === 'unmapped-100')?.errors ?? 0) >= 3,
        5000,
        'three polls of the unmapped register',
      );
      expect(sink.of('ok-97')[0]?.quality).toBe(GOOD);
      expect(sink.of('unmapped-100').map((r) => r.quality)).toEqual([BAD_SENSOR]); // once: repeats carry no news
      expect(sink.of('unmapped-in-60').map((r) => r.quality)).toEqual([BAD_SENSOR]);
      expect(sink.of('failing-201').map((r) => r.quality)).toEqual([BAD_DEVICE]);
      expect(sink.of('behind-gateway').map((r) => r.quality)).toEqual([BAD_COMM]);
      expect(conn.plan().fast?.map((r) => [r.function, r.address, r.count])).toEqual([
        [3, 97, 1],
        [3, 100, 1],
        [3, 201, 1],
        [4, 60, 1],
      ]);
      const h = conn.health();
      expect(h.state).toBe('connected'); // some values read: the link and the device are fine
      expect(h.lastError?.message).toMatch(/Modbus exception/);
      // connected, but nothing behind the gateway answers: a truthful 'error' state
      expect(gw.health().state).toBe('error');
      expect(gw.health().lastError?.message).toMatch(/exception 11/);
    } finally {
      await conn.stop();
      await gw.stop();
    }
  });

  it('applies the deadband to changes, and marks a unit that never answers bad after timeouts', async () => {
    const sink = collector();
    const conn = modbusFactory.create(
      config([
        { function: 3, address: 2, type: 'float32', sensor: 'steady', deadband: 0.5 },
        { function: 3, address: 22, type: 'float32', sensor: 'wave', deadband: 0.2 },
      ]),
      sink.ctx,
    );
    const silent = modbusFactory.create(
      { ...config([{ function: 3, address: 0, sensor: 'silent' }]), id: 'silent', unitId: 42, timeoutMs: 100 },
      sink.ctx,
    );
    await conn.start(sink.emit);
    await silent.start(sink.emit);
    try {
      await new Promise((r) => setTimeout(r, 1200));
      expect(sink.of('steady')).toHaveLength(1);
      const wave = sink.of('wave').map((r) => r.value);
      expect(wave.length).toBeGreaterThan(1);
      for (let i = 1; i < wave.length; i++) expect(Math.abs((wave[i] ?? 0) - (wave[i - 1] ?? 0))).toBeGreaterThan(0.2);
      expect(conn.health().tags.find((t) => t.sensor === 'steady')?.stale).toBe(false);
      // unit 42 is not served: requests time out, count as errors, the tag turns bad (COMM_FAILURE) and stale
      expect(sink.of('silent')[0]?.quality).toBe(BAD_COMM);
      const sh = silent.health();
      expect(sh.errors).toBeGreaterThanOrEqual(2);
      expect(sh.tags[0]?.stale).toBe(true);
      expect(sink.events.some((e) => e.type === 'tag_stale' && e.sensor === 'silent')).toBe(true);
      expect(['reconnecting', 'error', 'connected']).toContain(sh.state);
    } finally {
      await conn.stop();
      await silent.stop();
    }
  });

  it('browses a register range with live values, with and without a running connection', async () => {
    const sink = collector();
    const conn = modbusFactory.create(config([{ function: 3, address: 0, sensor: 'counter' }]), sink.ctx);
    // not started: discovery before the config is saved opens its own connection
    const items = (await conn.browse?.('holding:96-103')) ?? [];
    expect(items.map((i) => [i.tag, i.value === null ? null : typeof i.value, i.quality])).toEqual([
      ['holding:96', 'number', GOOD],
      ['holding:97', 'number', GOOD],
      ['holding:98', 'number', GOOD],
      ['holding:99', 'number', GOOD],
      ['holding:100', null, BAD_SENSOR],
      ['holding:101', null, BAD_SENSOR],
      ['holding:102', null, BAD_SENSOR],
      ['holding:103', null, BAD_SENSOR],
    ]);
    expect(items[0]?.name).toBe('holding 96 (40097)');
    await conn.start(sink.emit);
    try {
      const floats = (await conn.browse?.('holding:2-5:float32')) ?? [];
      expect(floats.map((i) => [i.tag, i.value])).toEqual([
        ['holding:2:float32:ABCD', 123.456],
        ['holding:4:float32:ABCD', expect.any(Number)], // a CDAB value read as ABCD: garbage, as in real life
      ]);
      const cdab = (await conn.browse?.('input:0-5:float32:CDAB')) ?? [];
      expect(cdab.find((i) => i.tag === 'input:4:float32:CDAB')?.value).toBe(987.5);
      const coils = (await conn.browse?.('coil:0-2')) ?? [];
      expect(coils.slice(1).map((i) => i.value)).toEqual([true, false]);
      const roots = (await conn.browse?.()) ?? [];
      expect(roots.map((r) => r.tag)).toEqual(['coil:0-99', 'discrete:0-99', 'holding:0-99', 'input:0-99']);
      expect(conn.health().state).toBe('connected');
    } finally {
      await conn.stop();
    }
  });
});
