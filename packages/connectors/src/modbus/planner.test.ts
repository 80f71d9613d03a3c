import { describe, expect, it } from 'vitest';
import type { ModbusRegister } from './config';
import { planReads, splitRequest } from './planner';

const reg = (fn: 1 | 2 | 3 | 4, address: number, type?: ModbusRegister['type']): ModbusRegister => ({
  function: fn,
  address,
  sensor: `S${fn}.${address}.${type ?? ''}`,
  ...(type ? { type } : {}),
});
const shape = (plan: ReturnType<typeof planReads>) => plan.map((r) => [r.function, r.address, r.count]);

describe('modbus read planner', () => {
  it('reads contiguous registers of one function in one request, types spanning 1, 2 and 4 registers', () => {
    const plan = planReads([
      reg(3, 4, 'float32'),
      reg(3, 0),
      reg(3, 1, 'int16'),
      reg(3, 2, 'float32'),
      reg(3, 6, 'float64'),
    ]);
    expect(shape(plan)).toEqual([[3, 0, 10]]);
    expect(plan[0]?.items.map((it) => [it.index, it.offset, it.span])).toEqual([
      [1, 0, 1],
      [2, 1, 1],
      [3, 2, 2],
      [0, 4, 2],
      [4, 6, 4],
    ]);
  });

  it('bridges gaps up to maxGap and no further', () => {
    expect(shape(planReads([reg(3, 0), reg(3, 5)]))).toEqual([[3, 0, 6]]); // gap of 4
    expect(shape(planReads([reg(3, 0), reg(3, 6)]))).toEqual([
      [3, 0, 1],
      [3, 6, 1],
    ]); // gap of 5
    expect(shape(planReads([reg(3, 0), reg(3, 2)], { maxGap: 0 }))).toEqual([
      [3, 0, 1],
      [3, 2, 1],
    ]);
  });

  it('never exceeds 125 registers (Modbus V1.1b3 §6.3) nor a configured lower limit', () => {
    const regs = Array.from({ length: 200 }, (_, i) => reg(4, 1000 + i));
    expect(shape(planReads(regs))).toEqual([
      [4, 1000, 125],
      [4, 1125, 75],
    ]);
    expect(shape(planReads(regs, { maxRegisters: 64 })).map((r) => r[2])).toEqual([64, 64, 64, 8]);
    // a float32 straddling the limit starts the next request instead of being cut in two
    const f = [...Array.from({ length: 124 }, (_, i) => reg(3, i)), reg(3, 124, 'float32')];
    expect(shape(planReads(f))).toEqual([
      [3, 0, 124],
      [3, 124, 2],
    ]);
  });

  it('keeps functions apart and bridges wider gaps for bits (2000 bits per read, §6.1)', () => {
    const plan = planReads([reg(1, 0), reg(1, 40), reg(2, 0), reg(4, 0), reg(3, 0), reg(1, 3000)]);
    expect(shape(plan)).toEqual([
      [1, 0, 41],
      [1, 3000, 1],
      [2, 0, 1],
      [3, 0, 1],
      [4, 0, 1],
    ]);
  });

  it('shares a request between overlapping mappings of the same registers', () => {
    const plan = planReads([reg(3, 10, 'uint32'), reg(3, 10, 'uint16'), reg(3, 11, 'uint16')]);
    expect(shape(plan)).toEqual([[3, 10, 2]]);
    expect(plan[0]?.items.map((it) => it.offset).sort()).toEqual([0, 0, 1]);
  });

  it('splits a merged request into one request per distinct value', () => {
    const [merged] = planReads([reg(3, 97), reg(3, 100), reg(3, 100, 'int16'), reg(3, 98, 'float32')]);
    expect(merged && [merged.address, merged.count]).toEqual([97, 4]);
    const parts = splitRequest(merged as NonNullable<typeof merged>);
    expect(parts.map((p) => [p.address, p.count, p.items.length])).toEqual([
      [97, 1, 1],
      [98, 2, 1],
      [100, 1, 2],
    ]);
    expect(parts.flatMap((p) => p.items.map((it) => it.offset))).toEqual([0, 0, 0, 0]);
  });
});
