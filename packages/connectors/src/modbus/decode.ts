import type { ModbusDataType, ModbusOrder } from './config';

/** 16-bit registers one value of a type occupies (bool: one register when read from the register tables). */
export function registerCount(type: ModbusDataType): number {
  switch (type) {
    case 'int32':
    case 'uint32':
    case 'float32':
      return 2;
    case 'float64':
      return 4;
    default:
      return 1;
  }
}

/**
 * Puts `count` registers starting at `at` into wire order (A B C D ...). The Modbus Application Protocol (V1.1b3 §4.2)
 * only fixes big-endian bytes *within* a register; devices lay out multi-register values either way:
 *   wordOrder 'BE' = the first register holds the most significant word, 'LE' = the least significant one;
 *   byteOrder 'LE' = the two bytes inside each register are swapped.
 * So ABCD = BE/BE, CDAB = BE bytes + LE words, BADC = LE bytes + BE words, DCBA = LE/LE.
 */
function orderedBytes(
  regs: ArrayLike<number>,
  at: number,
  count: number,
  byteOrder: ModbusOrder,
  wordOrder: ModbusOrder,
) {
  const buf = Buffer.allocUnsafe(count * 2);
  for (let i = 0; i < count; i++) {
    const src = wordOrder === 'LE' ? at + count - 1 - i : at + i;
    const w = (regs[src] ?? 0) & 0xffff;
    if (byteOrder === 'LE') buf.writeUInt16LE(w, i * 2);
    else buf.writeUInt16BE(w, i * 2);
  }
  return buf;
}

/** Decodes one value of `type` from 16-bit registers. `bit` picks one bit (0 = LSB) of a register for bools. */
export function decodeRegisters(
  regs: ArrayLike<number>,
  at: number,
  type: ModbusDataType,
  byteOrder: ModbusOrder = 'BE',
  wordOrder: ModbusOrder = 'BE',
  bit?: number,
): number {
  const n = registerCount(type);
  const b = orderedBytes(regs, at, n, byteOrder, wordOrder);
  switch (type) {
    case 'bool': {
      const w = b.readUInt16BE(0);
      return bit === undefined ? (w !== 0 ? 1 : 0) : (w >> bit) & 1;
    }
    case 'int16':
      return b.readInt16BE(0);
    case 'uint16':
      return b.readUInt16BE(0);
    case 'int32':
      return b.readInt32BE(0);
    case 'uint32':
      return b.readUInt32BE(0);
    case 'float32':
      return b.readFloatBE(0);
    case 'float64':
      return b.readDoubleBE(0);
  }
}

/** The inverse of decodeRegisters, for servers and tests: registers (0..65535) that carry `value`. */
export function encodeRegisters(
  value: number,
  type: ModbusDataType,
  byteOrder: ModbusOrder = 'BE',
  wordOrder: ModbusOrder = 'BE',
): number[] {
  const n = registerCount(type);
  const b = Buffer.alloc(n * 2);
  switch (type) {
    case 'bool':
      b.writeUInt16BE(value ? 1 : 0, 0);
      break;
    case 'int16':
      b.writeInt16BE(value, 0);
      break;
    case 'uint16':
      b.writeUInt16BE(value, 0);
      break;
    case 'int32':
      b.writeInt32BE(value, 0);
      break;
    case 'uint32':
      b.writeUInt32BE(value, 0);
      break;
    case 'float32':
      b.writeFloatBE(value, 0);
      break;
    case 'float64':
      b.writeDoubleBE(value, 0);
      break;
  }
  const words: number[] = [];
  for (let i = 0; i < n; i++) words.push(byteOrder === 'LE' ? b.readUInt16LE(i * 2) : b.readUInt16BE(i * 2));
  return wordOrder === 'LE' ? words.reverse() : words;
}

/**
 * The shortest decimal that reads back as the same binary32 value (IEEE 754: 24 significant bits need 6 to 9 decimal
 * digits), so 123.456 sent as float32 arrives as 123.456, not 123.45600128173828 — and no precision is invented.
 */
export function shortestFloat32(x: number): number {
  const f = Math.fround(x);
  for (let d = 6; d < 9; d++) {
    const y = Number(f.toPrecision(d));
    if (Math.fround(y) === f) return y;
  }
  return Number(f.toPrecision(9));
}
