import type { ConfigIssue } from '../config/types';
import { CONNECTOR_ID_PATTERN } from '../config/validate';
import type { ConnectorConfigBase } from '../contract';
import type { CsvReaderOptions } from './reader';
import { assertTimeZone, CSV_TIMESTAMP_FORMATS } from './timestamp';

export interface CsvConnectorConfig extends ConnectorConfigBase, Omit<CsvReaderOptions, 'skipRows' | 'batchSize'> {
  kind: 'csv';
  /** The drop folder: every new file in it is imported once, then moved to done/ or failed/. */
  folder: string;
  /** File name endings imported (default .csv, .txt, .tsv). */
  extensions?: string[];
  /** Folders for imported and rejected files (default <folder>/done and <folder>/failed). */
  doneFolder?: string;
  failedFolder?: string;
  /** Periodic scan (fallback for file systems where fs.watch misses events), default 5000 ms. */
  scanIntervalMs?: number;
  /** A file must be unchanged this long before it is imported (still being copied otherwise), default 2000 ms. */
  settleMs?: number;
  /** Readings per emit (default 5000). */
  batchSize?: number;
}

const columnMapping = {
  type: 'object',
  required: ['sensor'],
  additionalProperties: false,
  properties: {
    sensor: { type: 'string', minLength: 1 },
    scale: { type: 'number' },
    offset: { type: 'number' },
    unit: { type: 'string', minLength: 1 },
  },
};

/** JSON schema of a `kind: csv` entry (ajv 8). */
export const csvConfigSchema = {
  $id: 'prognos:connector:csv',
  type: 'object',
  required: ['id', 'kind', 'folder'],
  additionalProperties: false,
  properties: {
    id: { type: 'string', pattern: CONNECTOR_ID_PATTERN },
    kind: { const: 'csv' },
    enabled: { type: 'boolean' },
    name: { type: 'string' },
    folder: { type: 'string', minLength: 1 },
    extensions: { type: 'array', items: { type: 'string', pattern: '^\\.[^/\\\\]+$' }, minItems: 1 },
    doneFolder: { type: 'string', minLength: 1 },
    failedFolder: { type: 'string', minLength: 1 },
    scanIntervalMs: { type: 'number', minimum: 100 },
    settleMs: { type: 'number', minimum: 0 },
    batchSize: { type: 'integer', minimum: 1, maximum: 1_000_000 },
    layout: { enum: ['auto', 'wide', 'long'] },
    delimiter: { enum: [',', ';', '\t', '|'] },
    timestampColumn: { type: 'string', minLength: 1 },
    timestampFormat: { enum: [...CSV_TIMESTAMP_FORMATS] },
    timezone: { type: 'string', minLength: 1 },
    sensorColumn: { type: 'string', minLength: 1 },
    valueColumn: { type: 'string', minLength: 1 },
    unitColumn: { type: 'string', minLength: 1 },
    qualityColumn: { type: 'string', minLength: 1 },
    columns: { type: 'object', additionalProperties: columnMapping },
    unmapped: { enum: ['passthrough', 'ignore', 'error'] },
    decimalComma: { type: 'boolean' },
  },
} as const;

export function checkCsvConfig(c: CsvConnectorConfig): ConfigIssue[] {
  const out: ConfigIssue[] = [];
  if (c.timezone) {
    try {
      assertTimeZone(c.timezone);
    } catch {
      out.push({ path: 'timezone', message: `"${c.timezone}" is not an IANA time zone (e.g. Europe/Berlin)` });
    }
  }
  if (c.layout === 'wide' && (c.sensorColumn || c.valueColumn || c.unitColumn || c.qualityColumn)) {
    out.push({
      path: 'layout',
      message: 'sensorColumn/valueColumn/unitColumn/qualityColumn belong to the long layout',
    });
  }
  return out;
}
