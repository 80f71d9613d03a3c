import { makeQuality, QualityReason, type QualityReasonCode } from '@prognos/core';
import { ua } from './ua';

/**
 * OPC UA status codes → the Prognos quality byte. The severity is the top two bits of the code (Part 4 §7.34.1:
 * 00 Good, 01 Uncertain, 10 Bad); the sub-code picks the reason. Codes not listed fall back to the severity with a
 * generic reason: SOURCE_UNCERTAIN for Uncertain, DEVICE_FAILURE for Bad.
 */
const REASONS: Record<string, QualityReasonCode> = {
  // Bad: the link between the client, the server and the device
  BadCommunicationError: QualityReason.COMM_FAILURE,
  BadNotConnected: QualityReason.COMM_FAILURE,
  BadNoCommunication: QualityReason.COMM_FAILURE,
  BadTimeout: QualityReason.COMM_FAILURE,
  BadRequestTimeout: QualityReason.COMM_FAILURE,
  BadServerNotConnected: QualityReason.COMM_FAILURE,
  BadServerHalted: QualityReason.COMM_FAILURE,
  BadShutdown: QualityReason.COMM_FAILURE,
  BadConnectionClosed: QualityReason.COMM_FAILURE,
  BadConnectionRejected: QualityReason.COMM_FAILURE,
  BadSecureChannelClosed: QualityReason.COMM_FAILURE,
  BadSessionClosed: QualityReason.COMM_FAILURE,
  BadWaitingForInitialData: QualityReason.COMM_FAILURE,
  BadNoData: QualityReason.GAP,
  BadNoDataAvailable: QualityReason.GAP,
  // Bad: the measurement chain
  BadSensorFailure: QualityReason.SENSOR_FAILURE,
  BadDeviceFailure: QualityReason.DEVICE_FAILURE,
  BadConfigurationError: QualityReason.DEVICE_FAILURE,
  BadOutOfService: QualityReason.DEVICE_FAILURE,
  BadOutOfRange: QualityReason.OUT_OF_RANGE,
  // Uncertain (Part 8 §6.3.2 data-access sub-codes)
  UncertainEngineeringUnitsExceeded: QualityReason.OUT_OF_RANGE,
  UncertainOverRange: QualityReason.OUT_OF_RANGE,
  UncertainUnderRange: QualityReason.OUT_OF_RANGE,
  UncertainSensorNotAccurate: QualityReason.SENSOR_FAILURE,
  UncertainSensorCalibration: QualityReason.SENSOR_FAILURE,
  UncertainNoCommunicationLastUsableValue: QualityReason.COMM_FAILURE,
  UncertainLastUsableValue: QualityReason.GAP,
  UncertainSubstituteValue: QualityReason.MANUAL,
  UncertainTransducerInManual: QualityReason.MANUAL,
  UncertainConfigurationError: QualityReason.DEVICE_FAILURE,
};

/** Status code (upper 16 bits) → reason, built on first use so that node-opcua loads only when OPC UA is used. */
let byCode: Map<number, QualityReasonCode> | undefined;
function reasonsByCode(): Map<number, QualityReasonCode> {
  if (byCode) return byCode;
  byCode = new Map();
  for (const [name, reason] of Object.entries(REASONS)) {
    const sc = (ua.StatusCodes as unknown as Record<string, { value: number } | undefined>)[name];
    if (sc) byCode.set(sc.value >>> 0, reason);
  }
  return byCode;
}

/** The quality byte of an OPC UA status code (its numeric value, info bits allowed). */
export function qualityFromStatus(code: number): number {
  const severity = code >>> 30;
  if (severity === 0) return makeQuality('good');
  const reason = reasonsByCode().get((code & 0xffff0000) >>> 0);
  if (severity === 1) return makeQuality('suspect', reason ?? QualityReason.SOURCE_UNCERTAIN);
  return makeQuality('bad', reason ?? QualityReason.DEVICE_FAILURE);
}
