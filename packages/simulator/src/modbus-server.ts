import { isGood, type Reading, type Sensor } from '@prognos/core';
import { ServerTCP } from 'modbus-serial';
import type { PlantDefinition } from './types';

/**
 * The simulator as an "old line" Modbus TCP device. Register map (0-based PDU addresses), for the asset at position
 * k of `assets` and its j-th sensor (plant order):
 *   holding registers (function 3)  100·k + 2·j, +1   float32, big-endian words and bytes (ABCD), the value as is;
 *                                                     NaN when the simulated reading is not good quality
 *   input registers   (function 4)  100·k + j         int16, value × 10^d, d = 2 (×100) where the sensor's declared
 *                                                     range with 50 % headroom fits in ±32767, else fewer decimals
 *                                                     (rpm, large flows); saturates at ±32767
 * Addresses outside the map answer exception 2 (illegal data address); a sensor without a value yet (before the
 * first step) answers exception 4 (server device failure).
 */
export const MODBUS_ASSET_BLOCK = 100;
const MAX_SENSORS_PER_ASSET = MODBUS_ASSET_BLOCK / 2;
const INT16_MAX = 32767;
/** Headroom over a sensor's declared range before the int16 scaling saturates (faults push values past it). */
const HEADROOM = 1.5;

/** One register of the map; structurally a `ModbusRegister` of the Modbus connector config (@prognos/connectors). */
export interface SimModbusRegister {
  function: 3 | 4;
  address: number;
  type: 'float32' | 'int16';
  byteOrder: 'BE';
  wordOrder: 'BE';
  /** value = raw × scale (input registers only). */
  scale?: number;
  sensor: string;
  unit: string;
}

/** Each array plugs directly into a Modbus connector poll group's `registers`. */
export interface ModbusRegisterMap {
  holding: SimModbusRegister[];
  input: SimModbusRegister[];
}

/** Decimal digits kept in the int16 input register of a sensor: 2 (×100) when its range fits, fewer otherwise. */
function int16Decimals(s: Sensor): number {
  const span = Math.max(Math.abs(s.min), Math.abs(s.max)) * HEADROOM;
  for (let d = 2; d > -4; d--) if (span * 10 ** d <= INT16_MAX) return d;
  return -4;
}

/** The register map of the chosen assets (see the module comment for the layout). */
export function modbusRegisterMap(plant: PlantDefinition, assets: readonly string[]): ModbusRegisterMap {
  const map: ModbusRegisterMap = { holding: [], input: [] };
  assets.forEach((assetId, k) => {
    if (!plant.assets.some((a) => a.id === assetId)) throw new Error(`modbus server: unknown asset "${assetId}"`);
    const sensors = plant.sensors.filter((s) => s.assetId === assetId);
    if (sensors.length > MAX_SENSORS_PER_ASSET) {
      throw new Error(`modbus server: ${assetId} has ${sensors.length} sensors; at most ${MAX_SENSORS_PER_ASSET} fit`);
    }
    const base = MODBUS_ASSET_BLOCK * k;
    sensors.forEach((s, j) => {
      const common = { byteOrder: 'BE', wordOrder: 'BE', sensor: s.id, unit: s.unit } as const;
      map.holding.push({ function: 3, address: base + 2 * j, type: 'float32', ...common });
      const d = int16Decimals(s);
      map.input.push({ function: 4, address: base + j, type: 'int16', scale: 10 ** -d, ...common });
    });
  });
  return map;
}

/** Where the served values come from; a PlantSimulator fits (it is stepped elsewhere). */
export interface ModbusValueSource {
  readonly plant: PlantDefinition;
  latest(): ReadonlyMap<string, Reading>;
}

export interface ModbusServerOptions {
  port: number;
  /** Default 127.0.0.1. */
  host?: string;
  assets: string[];
  /** Answer only this unit id; default: any. */
  unitId?: number;
}

export interface ModbusServerHandle {
  host: string;
  port: number;
  map: ModbusRegisterMap;
  /** Register reads served so far. */
  readonly reads: number;
  close(): Promise<void>;
}

type ModbusFault = { modbusErrorCode: number; msg: string };
const fault = (modbusErrorCode: number, msg: string): ModbusFault => ({ modbusErrorCode, msg });

/** Starts a Modbus TCP server (modbus-serial `ServerTCP`) that reads the source's latest values on every request. */
export async function startModbusServer(
  sim: ModbusValueSource,
  opts: ModbusServerOptions,
): Promise<ModbusServerHandle> {
  const map = modbusRegisterMap(sim.plant, opts.assets);
  const holding = new Map<number, { sensor: string; word: number }>();
  for (const r of map.holding) {
    holding.set(r.address, { sensor: r.sensor, word: 0 });
    holding.set(r.address + 1, { sensor: r.sensor, word: 1 });
  }
  const input = new Map<number, { sensor: string; factor: number }>();
  for (const r of map.input) input.set(r.address, { sensor: r.sensor, factor: 1 / (r.scale ?? 1) });
  let reads = 0;
  const buf = Buffer.alloc(4);

  const value = (sensor: string): Reading => {
    const r = sim.latest().get(sensor);
    if (!r) throw fault(4, `no value for ${sensor} yet`);
    return r;
  };
  const holdingAt = (addr: number): number => {
    const e = holding.get(addr);
    if (!e) throw fault(2, `holding register ${addr} is not mapped`);
    const r = value(e.sensor);
    buf.writeFloatBE(isGood(r.quality) ? r.value : Number.NaN, 0);
    reads++;
    return buf.readUInt16BE(e.word * 2);
  };
  const inputAt = (addr: number): number => {
    const e = input.get(addr);
    if (!e) throw fault(2, `input register ${addr} is not mapped`);
    const raw = Math.max(-INT16_MAX, Math.min(INT16_MAX, Math.round(value(e.sensor).value * e.factor)));
    reads++;
    return raw & 0xffff;
  };
  const many = (at: (a: number) => number) => (addr: number, length: number) =>
    Array.from({ length }, (_, i) => at(addr + i));

  const host = opts.host ?? '127.0.0.1';
  const server = new ServerTCP(
    {
      getHoldingRegister: (addr: number) => holdingAt(addr),
      getMultipleHoldingRegisters: many(holdingAt),
      getInputRegister: (addr: number) => inputAt(addr),
      getMultipleInputRegisters: many(inputAt),
    },
    { host, port: opts.port, ...(opts.unitId !== undefined ? { unitID: opts.unitId } : {}) },
  );
  await new Promise<void>((resolve, reject) => {
    server.once('initialized', () => resolve());
    server.once('serverError', (err: unknown) => reject(err));
  });
  // A client's socket error (a reset connection) must not crash the simulator.
  server.on('socketError', () => {});
  server.on('error', () => {});
  return {
    host,
    port: opts.port,
    map,
    get reads() {
      return reads;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
