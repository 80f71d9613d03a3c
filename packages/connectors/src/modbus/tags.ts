import { PrognosError } from '@prognos/core';
import type { ModbusDataType, ModbusFunction, ModbusOrder, ModbusRegister } from './config';

/** Table names used in tag strings and browse paths, by function code. */
export const TABLES: Record<ModbusFunction, string> = { 1: 'coil', 2: 'discrete', 3: 'holding', 4: 'input' };
const TABLE_ALIASES: Record<string, ModbusFunction> = {
  coil: 1,
  coils: 1,
  '0x': 1,
  discrete: 2,
  'discrete-input': 2,
  'discrete-inputs': 2,
  '1x': 2,
  holding: 3,
  '4x': 3,
  input: 4,
  '3x': 4,
  '1': 1,
  '2': 2,
  '3': 3,
  '4': 4,
};
/** Traditional 1-based reference prefixes (coil 00001, discrete 10001, input 30001, holding 40001). */
const REFERENCE_BASE: Record<ModbusFunction, number> = { 1: 1, 2: 10001, 3: 40001, 4: 30001 };

export type ByteWordOrder = 'ABCD' | 'CDAB' | 'BADC' | 'DCBA';
const ORDERS: Record<ByteWordOrder, [ModbusOrder, ModbusOrder]> = {
  ABCD: ['BE', 'BE'],
  CDAB: ['BE', 'LE'],
  BADC: ['LE', 'BE'],
  DCBA: ['LE', 'LE'],
};
const TYPES: readonly ModbusDataType[] = ['bool', 'int16', 'uint16', 'int32', 'uint32', 'float32', 'float64'];

export function orderName(byteOrder: ModbusOrder = 'BE', wordOrder: ModbusOrder = 'BE'): ByteWordOrder {
  const found = Object.entries(ORDERS).find(([, [b, w]]) => b === byteOrder && w === wordOrder);
  return (found?.[0] ?? 'ABCD') as ByteWordOrder;
}

/** The device-side name of a configured register, e.g. "holding:22:float32:CDAB", "input:0", "holding:30.5". */
export function tagOf(r: ModbusRegister): string {
  const base = `${TABLES[r.function]}:${r.address}`;
  if (r.function === 1 || r.function === 2) return base;
  const type = r.type ?? 'uint16';
  if (type === 'bool') return r.bit === undefined ? `${base}:bool` : `${base}.${r.bit}`;
  if (type === 'uint16') return base;
  if (type === 'int16') return `${base}:int16${r.byteOrder === 'LE' ? ':BADC' : ''}`;
  return `${base}:${type}:${orderName(r.byteOrder, r.wordOrder)}`;
}

/** Human reference of an address in the classic 5-digit notation (holding 0 → 40001). */
export function referenceOf(fn: ModbusFunction, address: number): string {
  return String(REFERENCE_BASE[fn] + address).padStart(5, '0');
}

export interface BrowseRange {
  function: ModbusFunction;
  start: number;
  /** Inclusive. */
  end: number;
  type: ModbusDataType;
  byteOrder: ModbusOrder;
  wordOrder: ModbusOrder;
}

/** Largest range one browse call scans (registers or bits), so a typo cannot start a 65,536-register scan. */
export const MAX_BROWSE_SPAN = 2000;

/**
 * Parses a browse path: `TABLE:START[-END][:TYPE][:ORDER]`, e.g. `holding:0-99`, `input:100-131`,
 * `holding:20-27:float32:CDAB`, `coil:0-15`. TABLE is coil, discrete, holding, input (or 1–4, 0x/1x/3x/4x).
 */
export function parseBrowsePath(path: string): BrowseRange {
  const m = /^\s*([\w-]+)\s*:\s*(\d+)(?:\s*-\s*(\d+))?(?::(\w+))?(?::(\w+))?\s*$/i.exec(path);
  const fn = m ? TABLE_ALIASES[(m[1] ?? '').toLowerCase()] : undefined;
  if (!m || fn === undefined) {
    throw new PrognosError('BAD_REQUEST', [
      `path "${path}": expected TABLE:START-END[:TYPE][:ORDER] with TABLE coil|discrete|holding|input, e.g. holding:0-99`,
    ]);
  }
  const start = Number(m[2]);
  const end = m[3] === undefined ? start : Number(m[3]);
  const bits = fn === 1 || fn === 2;
  const type = (m[4]?.toLowerCase() ?? (bits ? 'bool' : 'uint16')) as ModbusDataType;
  if (!TYPES.includes(type) || (bits && type !== 'bool')) {
    throw new PrognosError('BAD_REQUEST', [`path "${path}": type must be one of ${TYPES.join(', ')} (bool for coils)`]);
  }
  const order = (m[5]?.toUpperCase() ?? 'ABCD') as ByteWordOrder;
  const orders = ORDERS[order];
  if (!orders) throw new PrognosError('BAD_REQUEST', [`path "${path}": order must be ABCD, CDAB, BADC or DCBA`]);
  if (end < start || end > 65535) {
    throw new PrognosError('BAD_REQUEST', [`path "${path}": range must satisfy START ≤ END ≤ 65535`]);
  }
  if (end - start + 1 > MAX_BROWSE_SPAN) {
    throw new PrognosError('BAD_REQUEST', [`path "${path}": at most ${MAX_BROWSE_SPAN} addresses per scan`]);
  }
  return { function: fn, start, end, type, byteOrder: orders[0], wordOrder: orders[1] };
}
