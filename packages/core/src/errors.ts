/**
 * The one error catalog. Codes are stable (clients match on them); each has an HTTP status and a message
 * that says what was wrong and what to do. Modelled on fastify's lib/errors.js.
 */
export interface ErrorDef {
  status: number;
  message: string;
}

export const ERRORS = {
  // request shape
  BAD_REQUEST: { status: 400, message: 'The request is not valid: %s' },
  MALFORMED_BODY: { status: 400, message: 'The request body could not be parsed: %s. Send a JSON document.' },
  BODY_TOO_LARGE: { status: 413, message: 'The request body is larger than %s. Split the batch.' },
  UNSUPPORTED_MEDIA_TYPE: { status: 415, message: 'Content type %s is not supported; send application/json.' },
  NOT_FOUND: { status: 404, message: 'No route %s.' },
  // ingest, per item
  INGEST_NOT_AN_OBJECT: { status: 422, message: 'Item is not an object with sensor, ts and value.' },
  INGEST_UNKNOWN_SENSOR: {
    status: 422,
    message: 'Sensor "%s" is not registered. Register it first (GET /api/sensors lists known sensors).',
  },
  INGEST_MISSING_SENSOR: { status: 422, message: 'Item has no "sensor" field (a sensor id string).' },
  INGEST_VALUE_NOT_NUMBER: {
    status: 422,
    message: 'Value %s is not a finite number. Send numbers, not strings, NaN or Infinity.',
  },
  INGEST_TS_INVALID: {
    status: 422,
    message: 'Timestamp %s is not valid. Send epoch milliseconds or an ISO 8601 string.',
  },
  INGEST_TS_IN_FUTURE: {
    status: 422,
    message: 'Timestamp %s is more than %s in the future. Check the clock of the source.',
  },
  INGEST_TS_TOO_OLD: {
    status: 422,
    message: 'Timestamp %s is before 1990. Check the clock or the timestamp unit (ms expected).',
  },
  INGEST_QUALITY_INVALID: {
    status: 422,
    message: 'Quality %s is not valid. Send "good", "suspect", "bad" or a byte 0..255.',
  },
  INGEST_BATCH_TOO_LARGE: { status: 413, message: 'Batch has %s items; the limit is %s. Split the batch.' },
  INGEST_EMPTY_BATCH: { status: 400, message: 'Batch has no readings.' },
  // a waveform snapshot from a device (MQTT); the HTTP route keeps answering BAD_REQUEST, the code its clients know
  WAVEFORM_INVALID: { status: 422, message: 'The waveform snapshot is not valid: %s.' },
  // resources
  ASSET_NOT_FOUND: { status: 404, message: 'Asset "%s" does not exist.' },
  SENSOR_NOT_FOUND: { status: 404, message: 'Sensor "%s" does not exist.' },
  ALERT_NOT_FOUND: { status: 404, message: 'Alert "%s" does not exist.' },
  WORK_ORDER_NOT_FOUND: { status: 404, message: 'Work order "%s" does not exist.' },
  WAVEFORM_NOT_FOUND: {
    status: 404,
    message: 'Waveform "%s" does not exist (GET /api/sensors/{id}/waveforms lists a sensor\'s snapshots).',
  },
  QUERY_INVALID_RANGE: { status: 400, message: 'Range is not valid: %s.' },
  UNIT_UNKNOWN: { status: 422, message: 'Unit "%s" is not known. Use one of: %s.' },
  CONFLICT: { status: 409, message: 'Conflict: %s. Reload and try again.' },
  // connectors
  CONFIG_INVALID: { status: 422, message: 'The configuration is not valid: %s' },
  CONNECTOR_NOT_FOUND: { status: 404, message: 'Connector "%s" does not exist.' },
  CONNECTOR_BROWSE_UNSUPPORTED: {
    status: 409,
    message: 'Connector kind "%s" cannot browse; only OPC UA, Modbus, MQTT and Sparkplug B can.',
  },
  CONNECTOR_UNREACHABLE: {
    status: 502,
    message: 'Could not reach the device: %s. Check the address, port and that it is running.',
  },
  // csv import
  CSV_MISSING_COLUMN: { status: 422, message: 'CSV line %s: column "%s" is missing.' },
  CSV_BAD_ROW: { status: 422, message: 'CSV line %s: %s' },
  // system
  STORE_UNAVAILABLE: { status: 503, message: 'The store is not available: %s. Retry later.' },
  SIMULATOR_DISABLED: { status: 409, message: 'The simulator is not running in this instance.' },
  INTERNAL: { status: 500, message: 'Internal error: %s' },
  // sensor trust
  SENSOR_FAULT_NOT_FOUND: {
    status: 404,
    message: 'Sensor fault "%s" does not exist (GET /api/simulator/sensor-faults lists the injected ones).',
  },
  // models (lifecycle: versions, training jobs)
  NO_MODEL: {
    status: 409,
    message: 'Asset "%s" has no model yet. Train one first (POST /api/assets/{id}/models/train with a healthy period).',
  },
  MODEL_VERSION_NOT_FOUND: {
    status: 404,
    message: 'Asset "%s" has no model version %s (GET /api/assets/{id}/models lists the versions kept).',
  },
  JOB_NOT_FOUND: {
    status: 404,
    message: 'Job "%s" does not exist (jobs are kept in memory until the server restarts; start a new one).',
  },
  TRAINING_IN_PROGRESS: {
    status: 409,
    message: 'A model is already being trained for asset "%s" (job %s). Wait for it to finish (GET /api/jobs/{id}).',
  },
  // remaining-useful-life models (run-to-failure histories, versions per name)
  RUL_DATA_INVALID: { status: 400, message: '%s, line %s: %s. Expected %s.' },
  RUL_MODEL_NOT_FOUND: {
    status: 404,
    message:
      'RUL model "%s" does not exist. Train it first (POST /api/rul/models/{name}/train; GET /api/rul/models lists them).',
  },
  RUL_MODEL_VERSION_NOT_FOUND: {
    status: 404,
    message: 'RUL model "%s" has no version %s (GET /api/rul/models/{name} lists its versions).',
  },
  RUL_TRAINING_IN_PROGRESS: {
    status: 409,
    message: 'RUL model "%s" is already being trained (job %s). Wait for it to finish (GET /api/jobs/{id}).',
  },
  // asset registry, spare parts, crews, windows, preventive plans (the maintenance plan's inputs)
  FIELD_INVALID: { status: 422, message: 'Field "%s" is not valid: %s.' },
  SPARE_PART_NOT_FOUND: { status: 404, message: 'Spare part "%s" does not exist (GET /api/spare-parts lists them).' },
  TECHNICIAN_NOT_FOUND: { status: 404, message: 'Technician "%s" does not exist (GET /api/technicians lists them).' },
  MAINTENANCE_WINDOW_NOT_FOUND: {
    status: 404,
    message: 'Maintenance window "%s" does not exist (GET /api/maintenance-windows lists them).',
  },
  PREVENTIVE_PLAN_NOT_FOUND: {
    status: 404,
    message: 'Preventive plan "%s" does not exist (GET /api/preventive-plans lists them).',
  },
  CSV_EMPTY: { status: 422, message: 'The CSV text has no header line. Send a header (%s) and one row per item.' },
  // notifications and the CMMS integration
  NOTIFICATION_CHANNEL_NOT_FOUND: {
    status: 404,
    message: 'Notification channel "%s" does not exist (GET /api/notifications/channels lists them).',
  },
  NOTIFICATION_TEST_FAILED: {
    status: 502,
    message:
      'The test message through channel "%s" was not delivered: %s. Check the address, credentials and that the receiver is running.',
  },
  CMMS_DISABLED: {
    status: 403,
    message:
      'The CMMS integration is off. Set integrations.cmms.token (or PROGNOS_CMMS_TOKEN) in the notifications configuration.',
  },
  CMMS_UNAUTHORIZED: {
    status: 401,
    message:
      'The CMMS token is missing or wrong. Send it as "Authorization: Bearer <token>" (integrations.cmms.token).',
  },
  METRICS_UNAUTHORIZED: {
    status: 401,
    message:
      'The metrics token is missing or wrong. Send it as "Authorization: Bearer <token>" (PROGNOS_METRICS_TOKEN).',
  },
  // the maintenance loop: failure-mode library, alert workflow, work orders
  FAILURE_MODE_NOT_FOUND: {
    status: 404,
    message: 'Failure mode "%s" does not exist (GET /api/failure-modes lists the library).',
  },
  FAILURE_MODE_INVALID: { status: 400, message: 'Failure mode field "%s" is not valid: %s.' },
  ALERT_STATE_CONFLICT: {
    status: 409,
    message: 'Alert "%s" is %s: it cannot be %s. Reload it (GET /api/alerts/{id}) to see its workflow.',
  },
  WORK_ORDER_STATE_CONFLICT: {
    status: 409,
    message: 'Work order "%s" is %s: %s. Reload it (GET /api/work-orders/{id}).',
  },
  WORK_ORDER_SAFETY_STEP_PENDING: {
    status: 409,
    message: 'Work order "%s": safety step %s ("%s") must be done before step %s. Do it first.',
  },
  // guided procedures, versioned
  PROCEDURE_NOT_FOUND: {
    status: 404,
    message:
      'Procedure "%s"%s does not exist (GET /api/procedures lists them, GET /api/procedures/{id}/versions its versions).',
  },
  PROCEDURE_INVALID: { status: 400, message: 'Procedure field "%s" is not valid: %s.' },
  PROCEDURE_VERSION_CONFLICT: {
    status: 409,
    message:
      'Procedure "%s" was changed meanwhile: you edited version %s, the latest is version %s (by %s). Reload it, apply your change again and save.',
  },
  // training mode (scenarios, attempts, assignments)
  TRAINING_SCENARIO_NOT_FOUND: {
    status: 404,
    message: 'Training scenario "%s" does not exist (GET /api/training/scenarios lists them).',
  },
  TRAINING_ATTEMPT_NOT_FOUND: {
    status: 404,
    message: 'Training attempt "%s" does not exist (GET /api/training/attempts lists them).',
  },
  TRAINING_ASSIGNMENT_NOT_FOUND: {
    status: 404,
    message: 'Training assignment "%s" does not exist (GET /api/training/assignments lists them).',
  },
  TRAINING_INVALID: { status: 400, message: 'Training field "%s" is not valid: %s.' },
  TRAINING_ALREADY_SUBMITTED: {
    status: 409,
    message: 'Training attempt "%s" was already submitted at %s; start a new attempt to try the scenario again.',
  },
  // why panels and lessons
  LESSON_NOT_FOUND: { status: 404, message: 'Lesson "%s" does not exist (GET /api/lessons lists them).' },
  WHY_SUBJECT_INVALID: {
    status: 400,
    message: 'Query field "subject" must be "health" or "rul", not "%s" (an alert\'s why is GET /api/alerts/{id}/why).',
  },
  // return on investment: the business-case inputs
  ROI_INPUT_INVALID: {
    status: 400,
    message: 'The business-case inputs are not valid: %s. Fix the fields named and send them again.',
  },
  // cluster workers (prognos worker): readings arriving over the partitioned MQTT topics, and the cluster's layout
  CLUSTER_TOPIC_INVALID: {
    status: 400,
    message: 'Topic "%s" is not a readings topic: %s. Publish to prognos/v1/readings/<partition>/<assetId>.',
  },
  CLUSTER_PAYLOAD_INVALID: {
    status: 400,
    message: 'The readings message is not valid: %s. Send a JSON array of {sensor, ts, value, quality?}.',
  },
  CLUSTER_PARTITION_MISMATCH: {
    status: 400,
    message:
      'Asset "%s" belongs to partition %s of %s, not %s. Publishers must compute the partition with partitionOf(assetId, partitions).',
  },
  CLUSTER_LAYOUT_MISMATCH: {
    status: 409,
    message: 'This cluster was created with %s = %s; it cannot be started with %s. Use the recorded value.',
  },
} as const satisfies Record<string, ErrorDef>;

export type ErrorCode = keyof typeof ERRORS;

function fill(template: string, args: readonly unknown[]): string {
  let i = 0;
  return template.replace(/%s/g, () => (i < args.length ? String(args[i++]) : ''));
}

export class PrognosError extends Error {
  readonly code: ErrorCode;
  readonly status: number;
  readonly details?: Record<string, unknown>;
  constructor(code: ErrorCode, args: readonly unknown[] = [], details?: Record<string, unknown>) {
    super(fill(ERRORS[code].message, args));
    this.name = 'PrognosError';
    this.code = code;
    this.status = ERRORS[code].status;
    this.details = details;
  }
  toJSON(): ErrorBody {
    return { code: this.code, message: this.message, ...(this.details ? { details: this.details } : {}) };
  }
}

export interface ErrorBody {
  code: string;
  message: string;
  details?: Record<string, unknown>;
}

export function prognosError(code: ErrorCode, ...args: unknown[]): PrognosError {
  return new PrognosError(code, args);
}

/** A per-item error in a batch response: which item (index), and the coded error. */
export interface ItemError extends ErrorBody {
  index: number;
}
export function itemError(index: number, code: ErrorCode, ...args: unknown[]): ItemError {
  return { index, code, message: fill(ERRORS[code].message, args) };
}
