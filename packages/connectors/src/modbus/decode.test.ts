import { describe, expect, it } from 'vitest';
import type { ModbusDataType, ModbusOrder } from './config';
import { decodeRegisters, encodeRegisters, registerCount, shortestFloat32 } from './decode';

describe('modbus decode', () => {
  it('decodes float32 123.456 in all four byte/word orders (ABCD, CDAB, BADC, DCBA)', () => {
    // 123.456f = 0x42F6E979
    const cases: Array<[ModbusOrder, ModbusOrder, number[]]> = [
      ['BE', 'BE', [0x42f6, 0xe979]],
      ['BE', 'LE', [0xe979, 0x42f6]],
      ['LE', 'BE', [0xf642, 0x79e9]],
      ['LE', 'LE', [0x79e9, 0xf642]],
    ];
    for (const [b, w, regs] of cases) {
      expect(shortestFloat32(decodeRegisters(regs, 0, 'float32', b, w))).toBe(123.456);
      expect(encodeRegisters(123.456, 'float32', b, w)).toEqual(regs);
    }
  });

  it('decodes signed and unsigned 16/32-bit integers and float64 at an offset', () => {
    expect(decodeRegisters([0, 0xfb2e], 1, 'int16')).toBe(-1234);
    expect(decodeRegisters([0xfb2e], 0, 'uint16')).toBe(64302);
    expect(decodeRegisters([0x2efb], 0, 'int16', 'LE')).toBe(-1234);
    expect(decodeRegisters(encodeRegisters(-100000, 'int32'), 0, 'int32')).toBe(-100000);
    expect(decodeRegisters([0x5e00, 0xb2d0], 0, 'uint32', 'BE', 'LE')).toBe(3_000_000_000);
    const f64 = encodeRegisters(-9876.54321, 'float64', 'BE', 'LE');
    expect(f64).toHaveLength(4);
    expect(decodeRegisters([7, ...f64], 1, 'float64', 'BE', 'LE')).toBe(-9876.54321);
    expect(decodeRegisters(f64, 0, 'float64')).not.toBe(-9876.54321);
  });

  it('round-trips every type in every order', () => {
    const samples: Record<ModbusDataType, number> = {
      bool: 1,
      int16: -32768,
      uint16: 65535,
      int32: -2147483648,
      uint32: 4294967295,
      float32: Math.fround(-0.15625),
      float64: Math.PI,
    };
    for (const [type, v] of Object.entries(samples) as Array<[ModbusDataType, number]>) {
      for (const b of ['BE', 'LE'] as const) {
        for (const w of ['BE', 'LE'] as const) {
          const regs = encodeRegisters(v, type, b, w);
          expect(regs).toHaveLength(registerCount(type));
          expect(decodeRegisters(regs, 0, type, b, w)).toBe(v);
        }
      }
    }
  });

  it('reads single bits of a status register', () => {
    const status = 0b1010_0000_0000_0101;
    expect([0, 1, 2, 13, 15].map((bit) => decodeRegisters([status], 0, 'bool', 'BE', 'BE', bit))).toEqual([
      1, 0, 1, 1, 1,
    ]);
    expect(decodeRegisters([status], 0, 'bool')).toBe(1);
    expect(decodeRegisters([0], 0, 'bool')).toBe(0);
  });

  it('prints float32 values with the shortest decimal that reads back the same', () => {
    expect(shortestFloat32(Math.fround(1013.25))).toBe(1013.25);
    expect(shortestFloat32(Math.fround(21.7))).toBe(21.7);
    expect(shortestFloat32(Math.fround(0.1))).toBe(0.1);
    const x = Math.fround(16777217 / 3);
    expect(Math.fround(shortestFloat32(x))).toBe(x);
  });
});
