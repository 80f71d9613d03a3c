import { PrognosError } from '@prognos/core';
import { describe, expect, it } from 'vitest';
import { modbusFactory } from './index';
import { parseBrowsePath, tagOf } from './tags';
import { validateModbusConfig } from './validate';

const valid = {
  id: 'old-line',
  kind: 'modbus',
  version: 1,
  host: '10.0.0.5',
  port: 502,
  unitId: 3,
  timeoutMs: 500,
  pollGroups: [
    {
      name: 'fast',
      intervalMs: 1000,
      registers: [
        { function: 3, address: 0, type: 'float32', wordOrder: 'LE', sensor: 'P-101.VIB-DE', unit: 'mm/s' },
        { function: 4, address: 10, type: 'int16', scale: 0.01, sensor: 'P-101.TEMP', unit: '°C', deadband: 0.1 },
        { function: 1, address: 0, sensor: 'P-101.RUN' },
      ],
    },
  ],
};
const clone = () => structuredClone(valid) as unknown as Record<string, unknown> & typeof valid;

describe('modbus config validation', () => {
  it('accepts a valid TCP config and an RTU config', () => {
    expect(validateModbusConfig(valid)).toEqual([]);
    const rtu: Record<string, unknown> = clone();
    delete rtu.host;
    rtu.serial = { path: '/dev/ttyUSB0', baudRate: 9600, parity: 'none', dataBits: 8, stopBits: 2 };
    expect(validateModbusConfig(rtu)).toEqual([]);
  });

  it('names the field of every schema problem', () => {
    const c = clone();
    const regs = c.pollGroups[0]?.registers as unknown as Array<Record<string, unknown>>;
    (regs[0] as Record<string, unknown>).address = 70000;
    (regs[1] as Record<string, unknown>).type = 'float16';
    (regs[2] as Record<string, unknown>).adress = 4;
    (c as Record<string, unknown>).unitId = 300;
    const errors = validateModbusConfig(c);
    expect(errors).toContain('pollGroups[0].registers[0].address: must be <= 65535');
    expect(errors.some((e) => e.startsWith('pollGroups[0].registers[1].type: must be one of "bool"'))).toBe(true);
    expect(errors).toContain('pollGroups[0].registers[2].adress: is not a known field');
    expect(errors).toContain('unitId: must be <= 255');
  });

  it('names the field of every semantic problem', () => {
    const c = clone();
    delete (c as Record<string, unknown>).host;
    const regs = c.pollGroups[0]?.registers as unknown as Array<Record<string, unknown>>;
    (regs[2] as Record<string, unknown>).type = 'float32';
    regs.push({ function: 3, address: 65534, type: 'float64', sensor: 'X' });
    regs.push({ function: 3, address: 5, sensor: 'P-101.TEMP' });
    regs.push({ function: 3, address: 6, bit: 3, sensor: 'Y' });
    expect(validateModbusConfig(c)).toEqual([
      'host: is required (or serial.path for Modbus RTU)',
      "pollGroups[0].registers[2].type: function 1 (coils/discrete inputs) only carries 'bool'",
      'pollGroups[0].registers[3].address: float64 at 65534 runs past register 65535',
      'pollGroups[0].registers[4].sensor: "P-101.TEMP" is already mapped by pollGroups[0].registers[1]',
      "pollGroups[0].registers[5].bit: only applies to type 'bool' on a register (function 3 or 4)",
    ]);
  });

  it('the factory refuses an invalid config with a BAD_REQUEST listing the fields', () => {
    const c = clone();
    c.pollGroups[0]!.intervalMs = 0;
    const ctx = { dataDir: '/tmp', log: { info() {}, warn() {}, error() {} } };
    expect(() => modbusFactory.create(c as never, ctx)).toThrow(PrognosError);
    expect(() => modbusFactory.create(c as never, ctx)).toThrow(/pollGroups\[0\]\.intervalMs: must be >= 10/);
    expect(modbusFactory.create(valid as never, ctx).health().state).toBe('stopped');
  });
});

describe('modbus tags and browse paths', () => {
  it('names registers by table, address, type and order', () => {
    expect(tagOf({ function: 3, address: 22, type: 'float32', wordOrder: 'LE', sensor: 's' })).toBe(
      'holding:22:float32:CDAB',
    );
    expect(tagOf({ function: 4, address: 0, sensor: 's' })).toBe('input:0');
    expect(tagOf({ function: 3, address: 30, type: 'bool', bit: 5, sensor: 's' })).toBe('holding:30.5');
    expect(tagOf({ function: 2, address: 7, sensor: 's' })).toBe('discrete:7');
  });

  it('parses ranges, types and orders, and rejects bad paths naming the path', () => {
    expect(parseBrowsePath('holding:0-99')).toMatchObject({ function: 3, start: 0, end: 99, type: 'uint16' });
    expect(parseBrowsePath('input:100-131:float32:CDAB')).toMatchObject({
      function: 4,
      start: 100,
      end: 131,
      type: 'float32',
      byteOrder: 'BE',
      wordOrder: 'LE',
    });
    expect(parseBrowsePath('coils:5')).toMatchObject({ function: 1, start: 5, end: 5, type: 'bool' });
    expect(() => parseBrowsePath('holding:10-5')).toThrow(/holding:10-5/);
    expect(() => parseBrowsePath('registers:0-9')).toThrow(/TABLE:START-END/);
    expect(() => parseBrowsePath('coil:0-9:float32')).toThrow(/type/);
    expect(() => parseBrowsePath('holding:0-9999')).toThrow(/at most 2000/);
  });
});
