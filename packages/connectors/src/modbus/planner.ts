import {
  MODBUS_MAX_BITS_PER_READ,
  MODBUS_MAX_REGISTERS_PER_READ,
  type ModbusFunction,
  type ModbusRegister,
} from './config';
import { registerCount } from './decode';

/** One configured register inside a planned request. */
export interface PlannedItem {
  /** Position of the register in its poll group's `registers`. */
  index: number;
  register: ModbusRegister;
  /** Offset of its first register (or bit) from the request's start address. */
  offset: number;
  /** Registers (or bits) it spans. */
  span: number;
}

/** One Modbus read request: function, start address, quantity, and the configured registers it serves. */
export interface ReadRequest {
  function: ModbusFunction;
  address: number;
  count: number;
  items: PlannedItem[];
}

export interface PlanOptions {
  /** Unmapped registers bridged between two values to read them in one request (default 4). Bits: × 16. */
  maxGap?: number;
  /** Registers per request, ≤ 125 (default 125). */
  maxRegisters?: number;
  /** Bits per request, ≤ 2000 (default 2000). */
  maxBits?: number;
}

export function isBitFunction(fn: ModbusFunction): boolean {
  return fn === 1 || fn === 2;
}

/** Registers (or bits, for functions 1–2) a configured register spans. */
export function spanOf(r: ModbusRegister): number {
  return isBitFunction(r.function) ? 1 : registerCount(r.type ?? 'uint16');
}

/**
 * Plans the reads of one poll group once, at start: per function code, registers sorted by address are merged into
 * one request while the hole between them is at most `maxGap` and the request stays within the protocol's limit
 * (125 registers / 2000 bits, Modbus Application Protocol V1.1b3 §6.1–6.4). Reading a few unused registers costs
 * 2 bytes each; a separate request costs a full round trip, which dominates on TCP and even more on a 9600-baud line.
 * Overlapping mappings (two types over the same registers) share the request.
 */
export function planReads(registers: readonly ModbusRegister[], opts: PlanOptions = {}): ReadRequest[] {
  const maxGap = opts.maxGap ?? 4;
  const maxRegs = Math.min(opts.maxRegisters ?? MODBUS_MAX_REGISTERS_PER_READ, MODBUS_MAX_REGISTERS_PER_READ);
  const maxBits = Math.min(opts.maxBits ?? MODBUS_MAX_BITS_PER_READ, MODBUS_MAX_BITS_PER_READ);
  const out: ReadRequest[] = [];
  for (const fn of [1, 2, 3, 4] as const) {
    const bits = isBitFunction(fn);
    const limit = bits ? maxBits : maxRegs;
    const gap = bits ? maxGap * 16 : maxGap;
    const items = registers
      .map((register, index) => ({ index, register, span: spanOf(register) }))
      .filter((it) => it.register.function === fn)
      .sort((a, b) => a.register.address - b.register.address || b.span - a.span);
    let cur: { address: number; end: number; items: typeof items } | undefined;
    const flush = () => {
      if (!cur) return;
      const start = cur.address;
      out.push({
        function: fn,
        address: start,
        count: cur.end - start,
        items: cur.items.map((it) => ({ ...it, offset: it.register.address - start })),
      });
    };
    for (const it of items) {
      const a = it.register.address;
      const end = a + it.span;
      if (cur && a - cur.end <= gap && Math.max(cur.end, end) - cur.address <= limit) {
        cur.end = Math.max(cur.end, end);
        cur.items.push(it);
      } else {
        flush();
        cur = { address: a, end, items: [it] };
      }
    }
    flush();
  }
  return out;
}

/**
 * Splits a merged request into one request per distinct value. Used when a device answers a merged read with
 * "illegal data address" (exception 2): some register in the bridged gap does not exist, so each value is read on
 * its own and only the truly unmapped ones stay bad.
 */
export function splitRequest(req: ReadRequest): ReadRequest[] {
  const byRange = new Map<string, ReadRequest>();
  for (const it of req.items) {
    const address = req.address + it.offset;
    const key = `${address}/${it.span}`;
    let r = byRange.get(key);
    if (!r) {
      r = { function: req.function, address, count: it.span, items: [] };
      byRange.set(key, r);
    }
    r.items.push({ ...it, offset: 0 });
  }
  return [...byRange.values()];
}
