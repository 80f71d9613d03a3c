import { makeQuality, QualityReason } from '@prognos/core';

/** Exception codes of the Modbus Application Protocol V1.1b3 §7. */
export const ModbusException = {
  ILLEGAL_FUNCTION: 1,
  ILLEGAL_DATA_ADDRESS: 2,
  ILLEGAL_DATA_VALUE: 3,
  SERVER_DEVICE_FAILURE: 4,
  ACKNOWLEDGE: 5,
  SERVER_DEVICE_BUSY: 6,
  MEMORY_PARITY_ERROR: 8,
  GATEWAY_PATH_UNAVAILABLE: 10,
  GATEWAY_TARGET_FAILED: 11,
} as const;

/**
 * What a failed request means:
 *  - 'point': the device answered that this point cannot be read (bad address/function/quantity) — a mapping
 *    problem of these tags only; the link is fine.
 *  - 'device': the device answered but reports an internal failure (4, 8) or is busy (5, 6).
 *  - 'path': a gateway could not reach the device (10, 11) — the device is unreachable, the link to the gateway is fine.
 *  - 'timeout': no answer within timeoutMs.
 *  - 'link': the connection itself failed (closed, refused, not open) — reconnect.
 */
export type ModbusErrorClass = 'point' | 'device' | 'path' | 'timeout' | 'link';

export interface ClassifiedError {
  class: ModbusErrorClass;
  /** The Modbus exception code, when the device sent one. */
  code?: number;
  /** The quality byte the affected readings get. */
  quality: number;
  message: string;
}

export function classifyModbusError(err: unknown): ClassifiedError {
  const e = (err ?? {}) as { modbusCode?: unknown; errno?: unknown; code?: unknown; message?: unknown };
  const message = typeof e.message === 'string' && e.message ? e.message : String(err);
  if (typeof e.modbusCode === 'number') {
    const code = e.modbusCode;
    switch (code) {
      case ModbusException.ILLEGAL_FUNCTION:
      case ModbusException.ILLEGAL_DATA_ADDRESS:
      case ModbusException.ILLEGAL_DATA_VALUE:
        // The point does not exist on this device: no measurement behind the tag.
        return { class: 'point', code, quality: makeQuality('bad', QualityReason.SENSOR_FAILURE), message };
      case ModbusException.GATEWAY_PATH_UNAVAILABLE:
      case ModbusException.GATEWAY_TARGET_FAILED:
        return { class: 'path', code, quality: makeQuality('bad', QualityReason.COMM_FAILURE), message };
      case ModbusException.ACKNOWLEDGE:
      case ModbusException.SERVER_DEVICE_BUSY:
        // Busy/acknowledge: the device is alive but gave no value this time; a transient communication outcome.
        return { class: 'device', code, quality: makeQuality('bad', QualityReason.COMM_FAILURE), message };
      default:
        // 4 server device failure, 8 memory parity error, and anything unknown: the device itself is in trouble.
        return { class: 'device', code, quality: makeQuality('bad', QualityReason.DEVICE_FAILURE), message };
    }
  }
  if (e.errno === 'ETIMEDOUT' || /timed out/i.test(message)) {
    return { class: 'timeout', quality: makeQuality('bad', QualityReason.COMM_FAILURE), message };
  }
  return { class: 'link', quality: makeQuality('bad', QualityReason.COMM_FAILURE), message };
}
