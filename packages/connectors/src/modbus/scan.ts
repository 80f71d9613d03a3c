import { GOOD, makeQuality, QualityReason } from '@prognos/core';
import type { BrowseItem } from '../contract';
import { MODBUS_MAX_BITS_PER_READ, MODBUS_MAX_REGISTERS_PER_READ, type ModbusFunction } from './config';
import { decodeRegisters, registerCount, shortestFloat32 } from './decode';
import { classifyModbusError } from './errors';
import { type BrowseRange, orderName, referenceOf, TABLES } from './tags';

export type ReadFn = (fn: ModbusFunction, address: number, count: number) => Promise<number[]>;

/**
 * Scans a register range for discovery with live values. Addresses the device rejects (exception 2/3) are narrowed
 * down by bisection, so one missing register does not hide a whole block; they come back with bad quality and no
 * value. Link failures propagate (the caller reconnects); other failures mark the block bad.
 */
export async function scanRange(
  read: ReadFn,
  range: BrowseRange,
  opts: { maxRegisters?: number; now?: () => number } = {},
): Promise<BrowseItem[]> {
  const now = opts.now ?? Date.now;
  const bits = range.function === 1 || range.function === 2;
  const span = bits ? 1 : registerCount(range.type);
  const lastAddress = Math.min(65535, range.end + span - 1);
  const chunk = bits ? MODBUS_MAX_BITS_PER_READ : Math.min(opts.maxRegisters ?? 125, MODBUS_MAX_REGISTERS_PER_READ);
  const values = new Map<number, number>();
  const failures = new Map<number, number>();
  const ts = now();

  const readBlock = async (address: number, count: number): Promise<void> => {
    try {
      const data = await read(range.function, address, count);
      for (let i = 0; i < count; i++) values.set(address + i, data[i] ?? 0);
    } catch (err) {
      const c = classifyModbusError(err);
      if (c.class === 'link') throw err;
      if (c.class === 'point' && count > 1) {
        const half = Math.ceil(count / 2);
        await readBlock(address, half);
        await readBlock(address + half, count - half);
        return;
      }
      for (let i = 0; i < count; i++) failures.set(address + i, c.quality);
    }
  };
  for (let a = range.start; a <= lastAddress; a += chunk) await readBlock(a, Math.min(chunk, lastAddress - a + 1));

  const items: BrowseItem[] = [];
  const table = TABLES[range.function];
  const typeSuffix =
    bits || range.type === 'uint16'
      ? ''
      : `:${range.type}${span > 1 ? `:${orderName(range.byteOrder, range.wordOrder)}` : ''}`;
  for (let a = range.start; a <= range.end && a + span - 1 <= 65535; a += span) {
    const item: BrowseItem = {
      tag: `${table}:${a}${typeSuffix}`,
      name: `${table} ${a} (${referenceOf(range.function, a)})`,
      dataType: bits ? 'bool' : range.type,
      ts,
    };
    let bad: number | undefined;
    for (let i = 0; i < span; i++) {
      const q = failures.get(a + i);
      if (q !== undefined || !values.has(a + i)) bad = q ?? makeQuality('bad', QualityReason.COMM_FAILURE);
    }
    if (bad !== undefined) {
      item.value = null;
      item.quality = bad;
    } else if (bits) {
      item.value = values.get(a) === 1;
      item.quality = GOOD;
    } else {
      const regs: number[] = [];
      for (let i = 0; i < span; i++) regs.push(values.get(a + i) ?? 0);
      const raw = decodeRegisters(regs, 0, range.type, range.byteOrder, range.wordOrder);
      const v = range.type === 'float32' ? shortestFloat32(raw) : raw;
      item.value = range.type === 'bool' ? v === 1 : Number.isFinite(v) ? v : null;
      item.quality = Number.isFinite(v) ? GOOD : makeQuality('bad', QualityReason.SENSOR_FAILURE);
    }
    items.push(item);
  }
  return items;
}
