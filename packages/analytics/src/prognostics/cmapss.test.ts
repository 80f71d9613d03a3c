import { describe, expect, it } from 'vitest';
import { CmapssFormatError, parseCmapss, parseRulFile, remainingCycles } from './cmapss';

const row = (unit: number, cycle: number, s = 0) =>
  [unit, cycle, -0.0007, -0.0004, 100.0, ...Array.from({ length: 21 }, (_, i) => 500 + i + s)].join(' ');

describe('C-MAPSS parser', () => {
  it('reads 26 space-separated columns with trailing spaces, grouped by unit', () => {
    const text = `${row(1, 1)}  \n${row(1, 2, 1)}  \n${row(2, 1)} \n\n`;
    const engines = parseCmapss(text);
    expect(engines).toHaveLength(2);
    const e = engines[0]!;
    expect(e.unit).toBe(1);
    expect(e.cycles).toEqual([1, 2]);
    expect(e.settings[0]).toEqual([-0.0007, -0.0004, 100]);
    expect(e.sensors[1]).toHaveLength(21);
    expect(e.sensors[1]![0]).toBe(501);
    expect(e.sensors[1]![20]).toBe(521);
    expect(remainingCycles(e)).toEqual([1, 0]);
  });

  it('rejects a row with the wrong number of columns', () => {
    expect(() => parseCmapss('1 1 0 0 100 1 2 3\n', 'x.txt')).toThrow(/x.txt:1: expected 26 columns/);
  });

  it('names the line and column of a value that is not a number', () => {
    const bad = row(1, 2).replace(' 505 ', ' 5O5 ');
    let err: unknown;
    try {
      parseCmapss(`${row(1, 1)}\n\n${bad}\n`, 'train.txt');
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(CmapssFormatError);
    expect(err).toMatchObject({ file: 'train.txt', line: 3, column: 11 });
    expect((err as Error).message).toBe('train.txt:3: column 11: "5O5" is not a number');
    expect(() => parseRulFile('12\n\nx\n', 'RUL.txt')).toThrow('RUL.txt:3: column 1: "x" is not a number');
  });

  it('reads the RUL file', () => {
    expect(parseRulFile('112 \n98\n\n69 \n')).toEqual([112, 98, 69]);
  });
});
