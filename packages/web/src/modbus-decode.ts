/**
 * Decoding of a scanned Modbus register range in the browser. The preview returns raw 16-bit registers; decoding
 * them here means switching the data type or the byte/word order re-renders at once, without asking the device
 * again: picking the order by seeing which one gives plausible values is the point of the live preview.
 * Modbus itself defines only 16-bit big-endian registers (Modbus Application Protocol V1.1b3 §4.2); wider values
 * span several registers in a vendor-chosen order, named by where bytes A (most significant) to D land: ABCD (the
 * standard order), CDAB (word-swapped), BADC (byte-swapped), DCBA. Same rules as the connector's decode.ts.
 */
import type { BrowseItem } from './api-types';

export type ModbusFunction = 3 | 4;
export type ModbusType = 'int16' | 'uint16' | 'int32' | 'uint32' | 'float32' | 'float64';
export type ModbusOrder = 'BE' | 'LE';
export type ByteWordOrder = 'ABCD' | 'CDAB' | 'BADC' | 'DCBA';

/** [byteOrder inside a register, wordOrder across registers], as the connector configuration spells them. */
export const ORDERS: Record<ByteWordOrder, { byteOrder: ModbusOrder; wordOrder: ModbusOrder }> = {
  ABCD: { byteOrder: 'BE', wordOrder: 'BE' },
  CDAB: { byteOrder: 'BE', wordOrder: 'LE' },
  BADC: { byteOrder: 'LE', wordOrder: 'BE' },
  DCBA: { byteOrder: 'LE', wordOrder: 'LE' },
};

export const FUNCTION_AREA: Record<ModbusFunction, 'holding' | 'input'> = { 3: 'holding', 4: 'input' };
export const TYPE_WORDS: Record<ModbusType, number> = {
  int16: 1,
  uint16: 1,
  int32: 2,
  uint32: 2,
  float32: 2,
  float64: 4,
};
/** A scan is a preview, not a poll plan: keep it to what a person can read through. */
export const MAX_SCAN = 1000;

export interface ScanRange {
  start: number;
  end: number;
}

/** "0-99", "40 - 59" or "7" → inclusive range of 0-based register addresses; a string says what is wrong. */
export function parseRange(text: string): ScanRange | string {
  const m = /^\s*(\d+)\s*(?:[-–]\s*(\d+))?\s*$/.exec(text);
  if (!m) return 'Use a register range such as 0-99';
  const start = Number(m[1]);
  const end = m[2] === undefined ? start : Number(m[2]);
  if (start > 65535 || end > 65535) return 'Register addresses go from 0 to 65535';
  if (end < start) return 'The range ends before it starts';
  if (end - start + 1 > MAX_SCAN) return `Scan at most ${MAX_SCAN} registers at a time`;
  return { start, end };
}

/** The preview path for a scan, e.g. "holding:0-99". */
export function scanPath(fn: ModbusFunction, r: ScanRange): string {
  return `${FUNCTION_AREA[fn]}:${r.start}-${r.end}`;
}

/** The register address a browse item stands for: the last number in its tag ("holding:17" → 17). */
export function registerAddress(tag: string): number | undefined {
  const m = /(\d+)\D*$/.exec(tag);
  return m ? Number(m[1]) : undefined;
}

/** True when the items are plain 16-bit words that this module should decode (not values the server decoded). */
export function isRawWords(items: BrowseItem[]): boolean {
  return items.every(
    (i) =>
      (i.value === undefined || i.value === null || typeof i.value === 'number') &&
      (i.dataType === undefined || /^(u?int16|word|register|uint16be)$/i.test(i.dataType)),
  );
}

/** address → unsigned 16-bit word (a signed int16 from the server is folded into 0..65535). */
export function registerMap(items: BrowseItem[]): Map<number, number> {
  const m = new Map<number, number>();
  for (const i of items) {
    const a = registerAddress(i.tag);
    if (a !== undefined && typeof i.value === 'number' && Number.isFinite(i.value)) m.set(a, i.value & 0xffff);
  }
  return m;
}

/** The value of `type` starting at `address`, or undefined when a word it needs was not read. */
export function decodeAt(
  regs: ReadonlyMap<number, number>,
  address: number,
  type: ModbusType,
  order: ByteWordOrder,
): number | undefined {
  const n = TYPE_WORDS[type];
  const { byteOrder, wordOrder } = ORDERS[order];
  const dv = new DataView(new ArrayBuffer(n * 2));
  for (let i = 0; i < n; i++) {
    const w = regs.get(wordOrder === 'LE' ? address + n - 1 - i : address + i);
    if (w === undefined) return undefined;
    dv.setUint16(i * 2, w, byteOrder === 'LE');
  }
  switch (type) {
    case 'int16':
      return dv.getInt16(0);
    case 'uint16':
      return dv.getUint16(0);
    case 'int32':
      return dv.getInt32(0);
    case 'uint32':
      return dv.getUint32(0);
    case 'float32':
      return dv.getFloat32(0);
    case 'float64':
      return dv.getFloat64(0);
  }
}

export interface DecodedRegister {
  address: number;
  /** The raw words the value is made of, in address order. */
  words: number[];
  value: number | undefined;
}

/** One row per value of `type` in the range (a float32 takes two registers, so a 0-9 scan gives five rows). */
export function decodeRange(
  regs: ReadonlyMap<number, number>,
  range: ScanRange,
  type: ModbusType,
  order: ByteWordOrder,
): DecodedRegister[] {
  const n = TYPE_WORDS[type];
  const rows: DecodedRegister[] = [];
  for (let a = range.start; a + n - 1 <= range.end; a += n) {
    const words: number[] = [];
    for (let k = 0; k < n; k++) {
      const w = regs.get(a + k);
      if (w !== undefined) words.push(w);
    }
    rows.push({ address: a, words, value: decodeAt(regs, a, type, order) });
  }
  return rows;
}

/** "0x41C8" */
export function hexWord(w: number): string {
  return `0x${w.toString(16).toUpperCase().padStart(4, '0')}`;
}
