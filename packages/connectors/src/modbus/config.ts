import type { ConnectorConfigBase, TagMapping } from '../contract';

/** 1 coils, 2 discrete inputs, 3 holding registers, 4 input registers (the read function codes). */
export type ModbusFunction = 1 | 2 | 3 | 4;
export type ModbusDataType = 'bool' | 'int16' | 'uint16' | 'int32' | 'uint32' | 'float32' | 'float64';
/** Byte order inside a register / word order across registers: ABCD = BE/BE, CDAB = BE/LE, BADC = LE/BE, DCBA = LE/LE. */
export type ModbusOrder = 'BE' | 'LE';

export interface ModbusRegister extends TagMapping {
  function: ModbusFunction;
  /** 0-based PDU address (register 40001 in the traditional notation is holding address 0). */
  address: number;
  /** Default: 'bool' for functions 1–2, 'uint16' for 3–4. Functions 1–2 only carry 'bool'. */
  type?: ModbusDataType;
  /** Default 'BE' (the Modbus standard: high byte first). */
  byteOrder?: ModbusOrder;
  /** Default 'BE' (first register = most significant word). */
  wordOrder?: ModbusOrder;
  /** For type 'bool' on a register: the bit (0 = least significant) to read; absent = register ≠ 0. */
  bit?: number;
}

export interface ModbusPollGroup {
  name: string;
  intervalMs: number;
  registers: ModbusRegister[];
}

export interface ModbusSerialConfig {
  /** Serial device, e.g. /dev/ttyUSB0. */
  path: string;
  /** Default 19200 (the Modbus over Serial Line spec's recommended default, V1.02 §2.5.1). */
  baudRate?: number;
  /** Default 'even' (ibid. §2.5.1: even parity is required as the default). */
  parity?: 'none' | 'even' | 'odd';
  dataBits?: 7 | 8;
  stopBits?: 1 | 2;
}

export interface ModbusConfig extends ConnectorConfigBase {
  kind: 'modbus';
  /** Config format version (for migrations); 1 is the only one so far. */
  version?: 1;
  /** Modbus TCP server; ignored when `serial` is set (RTU). */
  host?: string;
  /** Default 502 (IANA port for Modbus TCP). */
  port?: number;
  /** Unit identifier (slave address); default 1. */
  unitId?: number;
  /** Per-request response timeout and connect timeout, ms; default 1000. */
  timeoutMs?: number;
  /** Modbus RTU over a serial line; when present the connector speaks RTU instead of TCP. */
  serial?: ModbusSerialConfig;
  /** Largest run of unmapped registers (or coils ÷ 16) bridged to merge two reads into one; default 4. */
  maxGap?: number;
  /** Registers per request; default and maximum 125 (Modbus Application Protocol V1.1b3 §6.3/§6.4). */
  maxRegistersPerRead?: number;
  pollGroups: ModbusPollGroup[];
}

export const MODBUS_MAX_REGISTERS_PER_READ = 125;
/** Coils/discrete inputs per request (V1.1b3 §6.1/§6.2: 1 to 2000). */
export const MODBUS_MAX_BITS_PER_READ = 2000;

const registerSchema = {
  type: 'object',
  required: ['function', 'address', 'sensor'],
  additionalProperties: false,
  properties: {
    function: { enum: [1, 2, 3, 4] },
    address: { type: 'integer', minimum: 0, maximum: 65535 },
    type: { enum: ['bool', 'int16', 'uint16', 'int32', 'uint32', 'float32', 'float64'] },
    byteOrder: { enum: ['BE', 'LE'] },
    wordOrder: { enum: ['BE', 'LE'] },
    bit: { type: 'integer', minimum: 0, maximum: 15 },
    sensor: { type: 'string', minLength: 1 },
    scale: { type: 'number' },
    offset: { type: 'number' },
    unit: { type: 'string' },
    deadband: { type: 'number', minimum: 0 },
    expectedIntervalMs: { type: 'number', exclusiveMinimum: 0 },
  },
} as const;

/** JSON schema (draft-07, ajv) of a whole Modbus connector entry, base fields included. */
export const modbusConfigSchema = {
  $id: 'prognos/connector/modbus',
  type: 'object',
  required: ['id', 'kind', 'pollGroups'],
  additionalProperties: false,
  properties: {
    id: { type: 'string', minLength: 1 },
    kind: { const: 'modbus' },
    enabled: { type: 'boolean' },
    name: { type: 'string' },
    version: { const: 1 },
    host: { type: 'string', minLength: 1 },
    port: { type: 'integer', minimum: 1, maximum: 65535 },
    unitId: { type: 'integer', minimum: 0, maximum: 255 },
    timeoutMs: { type: 'integer', minimum: 10, maximum: 60000 },
    serial: {
      type: 'object',
      required: ['path'],
      additionalProperties: false,
      properties: {
        path: { type: 'string', minLength: 1 },
        baudRate: { type: 'integer', minimum: 300, maximum: 921600 },
        parity: { enum: ['none', 'even', 'odd'] },
        dataBits: { enum: [7, 8] },
        stopBits: { enum: [1, 2] },
      },
    },
    maxGap: { type: 'integer', minimum: 0, maximum: 124 },
    maxRegistersPerRead: { type: 'integer', minimum: 1, maximum: MODBUS_MAX_REGISTERS_PER_READ },
    pollGroups: {
      type: 'array',
      minItems: 1,
      items: {
        type: 'object',
        required: ['name', 'intervalMs', 'registers'],
        additionalProperties: false,
        properties: {
          name: { type: 'string', minLength: 1 },
          intervalMs: { type: 'integer', minimum: 10 },
          registers: { type: 'array', minItems: 1, items: registerSchema },
        },
      },
    },
  },
} as const;
