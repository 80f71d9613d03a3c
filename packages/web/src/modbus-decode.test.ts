import { describe, expect, it } from 'vitest';
import {
  decodeAt,
  decodeRange,
  hexWord,
  isRawWords,
  parseRange,
  registerAddress,
  registerMap,
  scanPath,
} from './modbus-decode';

/** 41.5 as IEEE 754 single precision is 0x42260000. */
const HI = 0x4226;
const LO = 0x0000;

describe('modbus decode', () => {
  it('parses scan ranges and says what is wrong', () => {
    expect(parseRange('0-99')).toEqual({ start: 0, end: 99 });
    expect(parseRange(' 40 – 41 ')).toEqual({ start: 40, end: 41 });
    expect(parseRange('7')).toEqual({ start: 7, end: 7 });
    expect(parseRange('9-3')).toMatch(/ends before/);
    expect(parseRange('0-5000')).toMatch(/at most/);
    expect(parseRange('0-70000')).toMatch(/65535/);
    expect(parseRange('abc')).toMatch(/range/);
    expect(scanPath(4, { start: 0, end: 49 })).toBe('input:0-49');
  });

  it('reads register addresses from tags and folds signed words', () => {
    expect(registerAddress('holding:17')).toBe(17);
    expect(registerAddress('40018')).toBe(40018);
    expect(registerAddress('name')).toBeUndefined();
    const m = registerMap([
      { tag: 'holding:0', name: '', value: -1 },
      { tag: 'holding:1', name: '', value: 5 },
      { tag: 'holding:2', name: '', value: null },
    ]);
    expect([...m]).toEqual([
      [0, 0xffff],
      [1, 5],
    ]);
  });

  it('decodes every type in the four byte/word orders, as the connector does', () => {
    const at = (words: number[]) => new Map(words.map((w, i) => [i, w]));
    // 41.5 = 0x42260000: bytes A=42 B=26 C=00 D=00
    expect(decodeAt(at([HI, LO]), 0, 'float32', 'ABCD')).toBe(41.5);
    expect(decodeAt(at([LO, HI]), 0, 'float32', 'CDAB')).toBe(41.5);
    expect(decodeAt(at([0x2642, 0x0000]), 0, 'float32', 'BADC')).toBe(41.5);
    expect(decodeAt(at([0x0000, 0x2642]), 0, 'float32', 'DCBA')).toBe(41.5);
    expect(decodeAt(at([LO, HI]), 0, 'float32', 'ABCD')).not.toBe(41.5);
    expect(decodeAt(at([0xfff6]), 0, 'int16', 'ABCD')).toBe(-10);
    expect(decodeAt(at([0xfff6]), 0, 'uint16', 'ABCD')).toBe(65526);
    expect(decodeAt(at([0xf6ff]), 0, 'int16', 'BADC')).toBe(-10);
    expect(decodeAt(at([0xffff, 0xfffe]), 0, 'int32', 'ABCD')).toBe(-2);
    expect(decodeAt(at([0x0001, 0x0000]), 0, 'uint32', 'CDAB')).toBe(1);
    expect(decodeAt(at([0x3ff0, 0, 0, 0]), 0, 'float64', 'ABCD')).toBe(1);
    expect(decodeAt(at([0, 0, 0, 0x3ff0]), 0, 'float64', 'CDAB')).toBe(1);
    // a word it needs was not read
    expect(decodeAt(at([HI]), 0, 'float32', 'ABCD')).toBeUndefined();
  });

  it('lays a range out in steps of the type width', () => {
    const regs = new Map([
      [10, HI],
      [11, LO],
      [12, 1],
      [13, 2],
    ]);
    const rows = decodeRange(regs, { start: 10, end: 14 }, 'float32', 'ABCD');
    expect(rows.map((r) => r.address)).toEqual([10, 12]);
    expect(rows[0]).toEqual({ address: 10, words: [HI, LO], value: 41.5 });
    expect(decodeRange(regs, { start: 10, end: 12 }, 'uint16', 'ABCD').map((r) => r.value)).toEqual([HI, LO, 1]);
    expect(hexWord(0x42)).toBe('0x0042');
  });

  it('tells raw words from values the server decoded', () => {
    expect(isRawWords([{ tag: 'holding:0', name: '', value: 3, dataType: 'uint16' }])).toBe(true);
    expect(isRawWords([{ tag: 'holding:0', name: '', value: 3 }])).toBe(true);
    expect(isRawWords([{ tag: 'holding:0', name: '', value: 41.5, dataType: 'float32' }])).toBe(false);
    expect(isRawWords([{ tag: 'coil:0', name: '', value: true }])).toBe(false);
  });
});
