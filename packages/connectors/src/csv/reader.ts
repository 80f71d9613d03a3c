import { createReadStream } from 'node:fs';
import { open } from 'node:fs/promises';
import type { Readable } from 'node:stream';
import { GOOD, parseQuality, type Reading } from '@prognos/core';
import { parse } from 'csv-parse';
import { detectCsvDelimiter } from './delimiter';
import { type CsvTimestampFormat, detectTimestampFormat, makeTimestampParser } from './timestamp';

/** Where a CSV column (wide) or a source tag name (long) goes. value = raw * scale + offset */
export interface CsvColumnMapping {
  sensor: string;
  scale?: number;
  offset?: number;
  /** Unit of the converted value; a unit in the file (header "[unit]" or unit column) must equal it. */
  unit?: string;
}

export interface CsvReaderOptions {
  /** wide: a timestamp column and one column per sensor; long: timestamp, sensor, value (unit, quality) per row. */
  layout?: 'auto' | 'wide' | 'long';
  /** Detected from the first lines when absent. */
  delimiter?: string;
  timestampColumn?: string;
  timestampFormat?: CsvTimestampFormat;
  /** IANA zone of timestamps written without an offset (default UTC). */
  timezone?: string;
  sensorColumn?: string;
  valueColumn?: string;
  unitColumn?: string;
  qualityColumn?: string;
  /** Column (wide) or tag name (long) → sensor, scale, offset, unit. */
  columns?: Record<string, CsvColumnMapping>;
  /** Columns/tags not in `columns`: use their name as the sensor id (default), ignore them, or report each row. */
  unmapped?: 'passthrough' | 'ignore' | 'error';
  /** "12,5" means 12.5; default: true when the delimiter is ";" (the usual pairing in European exports). */
  decimalComma?: boolean;
  /** Readings per yielded batch (default 5000). */
  batchSize?: number;
  /** Data rows to skip (resume after a checkpoint). */
  skipRows?: number;
}

export interface CsvRowError {
  line: number;
  column?: string;
  message: string;
}

export interface CsvFileInfo {
  layout: 'wide' | 'long';
  delimiter: string;
  timestampColumn: string;
  timestampFormat: Exclude<CsvTimestampFormat, 'auto'>;
}

export interface CsvBatch {
  readings: Reading[];
  /** Device tag (column or source tag name) of each reading, same order: for per-tag health. */
  tags: string[];
  errors: CsvRowError[];
  /** Data rows read so far (including skipped ones). */
  rows: number;
  /** Bytes of the file consumed so far. */
  bytes: number;
  info: CsvFileInfo;
}

/** The file cannot be imported at all (no timestamp column, unknown timestamp format...). */
export class CsvFormatError extends Error {
  constructor(
    message: string,
    readonly line = 1,
  ) {
    super(message);
    this.name = 'CsvFormatError';
  }
}

const TS_COLUMNS = ['ts', 'timestamp', 'time', 'datetime', 'date_time', 'date', '_time', 'zeit', 'zeitstempel'];
const SENSOR_COLUMNS = ['sensor', 'tag', 'tagname', 'tag_name', 'name', 'signal', 'point', 'item'];
const VALUE_COLUMNS = ['value', 'val', 'v', 'wert'];
const UNIT_COLUMNS = ['unit', 'units', 'uom', 'einheit'];
const QUALITY_COLUMNS = ['quality', 'q', 'status'];
/** "P-101.TEMP [degC]" or "P-101.TEMP (degC)" */
const HEADER_UNIT_RE = /^(.*?)\s*[[(]([^\])]+)[\])]\s*$/;

function findColumn(header: string[], configured: string | undefined, defaults: string[], what: string): number {
  const lower = header.map((h) => h.toLowerCase());
  if (configured !== undefined) {
    const i = header.indexOf(configured);
    const j = i >= 0 ? i : lower.indexOf(configured.toLowerCase());
    if (j < 0) throw new CsvFormatError(`${what} column "${configured}" is not in the header (${header.join(', ')})`);
    return j;
  }
  for (const d of defaults) {
    const i = lower.indexOf(d);
    if (i >= 0) return i;
  }
  return -1;
}

async function readHead(path: string): Promise<string> {
  const fh = await open(path, 'r');
  try {
    const buf = Buffer.alloc(65_536);
    const { bytesRead } = await fh.read(buf, 0, buf.length, 0);
    return buf.subarray(0, bytesRead).toString('utf8');
  } finally {
    await fh.close();
  }
}

/** Peeks at the start of a stream without consuming it. */
async function peek(stream: Readable): Promise<string> {
  for (;;) {
    const chunk = stream.read() as Buffer | string | null;
    if (chunk !== null) {
      stream.unshift(chunk);
      return chunk.toString();
    }
    if (stream.readableEnded) return '';
    await new Promise<void>((resolve, reject) => {
      const done = () => {
        stream.off('readable', done);
        stream.off('end', done);
        stream.off('error', fail);
        resolve();
      };
      const fail = (e: Error) => {
        stream.off('readable', done);
        stream.off('end', done);
        reject(e);
      };
      stream.once('readable', done);
      stream.once('end', done);
      stream.once('error', fail);
    });
  }
}

function parseNumber(raw: string, decimalComma: boolean): number | undefined {
  let s = raw.trim();
  if (s === '') return undefined;
  if (decimalComma && s.includes(',') && !s.includes('.')) s = s.replace(',', '.');
  const n = Number(s);
  if (Number.isFinite(n)) return n;
  const l = s.toLowerCase();
  if (l === 'true' || l === 'on') return 1;
  if (l === 'false' || l === 'off') return 0;
  return undefined;
}

function show(s: string): string {
  return JSON.stringify(s.length > 40 ? `${s.slice(0, 37)}...` : s);
}

interface WideColumn {
  index: number;
  name: string;
  sensor: string;
  scale: number;
  offset: number;
}

/**
 * Streams readings out of a CSV file (or stream) in batches, with csv-parse and backpressure: the next rows are
 * parsed only when the consumer asks for the next batch, so a file of any size needs memory for one batch only.
 * Problems with single rows come back in `errors` (line and column); problems with the whole file throw
 * CsvFormatError.
 */
export async function* readCsv(source: string | Readable, opts: CsvReaderOptions = {}): AsyncGenerator<CsvBatch> {
  const stream = typeof source === 'string' ? createReadStream(source, { highWaterMark: 1 << 20 }) : source;
  let delimiter = opts.delimiter;
  if (!delimiter) {
    delimiter = detectCsvDelimiter(typeof source === 'string' ? await readHead(source) : await peek(stream));
  }
  const decimalComma = opts.decimalComma ?? delimiter === ';';
  const batchSize = opts.batchSize ?? 5000;
  const skip = opts.skipRows ?? 0;
  const unmapped = opts.unmapped ?? 'passthrough';
  const mappingOf = (name: string): CsvColumnMapping | undefined => opts.columns?.[name];
  const parser = stream.pipe(
    parse({
      delimiter,
      bom: true,
      relax_column_count: true,
      relax_quotes: true,
      skip_empty_lines: true,
      // no `trim` (it costs a quarter of the parse time): the few fields that need it are trimmed below
      info: true,
    }),
  );
  stream.once('error', (e: Error) => parser.destroy(e));

  let info: CsvFileInfo | undefined;
  let header: string[] = [];
  let tsIndex = -1;
  let parseTs: ((t: string, prev?: number) => number | undefined) | undefined;
  let wide: WideColumn[] = [];
  let sensorIndex = -1;
  let valueIndex = -1;
  let unitIndex = -1;
  let qualityIndex = -1;
  let headerErrors: CsvRowError[] = [];
  let rows = 0;
  let bytes = 0;
  let prevTs: number | undefined;
  let readings: Reading[] = [];
  let tags: string[] = [];
  let errors: CsvRowError[] = [];

  const setupHeader = (row: string[]) => {
    header = row.map((h) => h.trim());
    tsIndex = findColumn(header, opts.timestampColumn, TS_COLUMNS, 'timestamp');
    if (tsIndex < 0) {
      throw new CsvFormatError(
        `no timestamp column: expected one of ${TS_COLUMNS.join(', ')} or set timestampColumn (header: ${header.join(', ')})`,
      );
    }
    sensorIndex = findColumn(header, opts.sensorColumn, SENSOR_COLUMNS, 'sensor');
    valueIndex = findColumn(header, opts.valueColumn, VALUE_COLUMNS, 'value');
    const layout =
      opts.layout && opts.layout !== 'auto' ? opts.layout : sensorIndex >= 0 && valueIndex >= 0 ? 'long' : 'wide';
    if (layout === 'long') {
      if (sensorIndex < 0) throw new CsvFormatError(`long layout needs a sensor column (${SENSOR_COLUMNS.join(', ')})`);
      if (valueIndex < 0) throw new CsvFormatError(`long layout needs a value column (${VALUE_COLUMNS.join(', ')})`);
      unitIndex = findColumn(header, opts.unitColumn, UNIT_COLUMNS, 'unit');
      qualityIndex = findColumn(header, opts.qualityColumn, QUALITY_COLUMNS, 'quality');
    } else {
      wide = [];
      header.forEach((h, index) => {
        if (index === tsIndex || h === '') return;
        const m = HEADER_UNIT_RE.exec(h);
        const bare = m ? m[1]! : h;
        const fileUnit = m ? m[2]!.trim() : undefined;
        const map = mappingOf(h) ?? mappingOf(bare);
        if (!map && unmapped === 'ignore') return;
        if (!map && unmapped === 'error') {
          headerErrors.push({ line: 1, column: h, message: `column "${h}" is not mapped to a sensor` });
          return;
        }
        if (map?.unit && fileUnit && map.unit !== fileUnit) {
          headerErrors.push({
            line: 1,
            column: h,
            message: `column "${h}" is in ${fileUnit} but its mapping expects ${map.unit}; column skipped`,
          });
          return;
        }
        wide.push({ index, name: h, sensor: map?.sensor ?? bare, scale: map?.scale ?? 1, offset: map?.offset ?? 0 });
      });
    }
    return layout;
  };

  const setupTimestamps = (sample: string) => {
    let format = opts.timestampFormat && opts.timestampFormat !== 'auto' ? opts.timestampFormat : undefined;
    if (!format) {
      try {
        format = detectTimestampFormat(sample);
      } catch (e) {
        throw new CsvFormatError((e as Error).message, 2);
      }
    }
    try {
      parseTs = makeTimestampParser(format, opts.timezone ?? 'UTC');
    } catch (e) {
      throw new CsvFormatError(`timezone "${opts.timezone}": ${(e as Error).message}`);
    }
    return format;
  };

  const batch = (): CsvBatch => {
    const b = { readings, tags, errors, rows, bytes, info: info! };
    readings = [];
    tags = [];
    errors = [];
    return b;
  };

  let layout: 'wide' | 'long' | undefined;
  for await (const rec of parser as AsyncIterable<{ record: string[]; info: { lines: number; bytes: number } }>) {
    const row = rec.record;
    const line = rec.info.lines;
    bytes = rec.info.bytes;
    if (!layout) {
      layout = setupHeader(row);
      errors.push(...headerErrors);
      headerErrors = [];
      continue;
    }
    rows++;
    if (rows <= skip) continue;
    const tsText = (row[tsIndex] ?? '').trim();
    if (!parseTs) {
      if (tsText === '') {
        errors.push({ line, column: header[tsIndex], message: 'empty timestamp' });
        continue;
      }
      const format = setupTimestamps(tsText);
      info = { layout, delimiter, timestampColumn: header[tsIndex]!, timestampFormat: format };
    }
    const ts = parseTs!(tsText, prevTs);
    if (ts === undefined) {
      errors.push({
        line,
        column: header[tsIndex],
        message: `timestamp ${show(tsText)} is not ${info!.timestampFormat}`,
      });
      continue;
    }
    prevTs = ts;
    if (layout === 'wide') {
      for (const c of wide) {
        const raw = row[c.index];
        if (raw === undefined || raw === '' || raw.trim() === '') continue; // no sample for this sensor at this time
        const v = parseNumber(raw, decimalComma);
        if (v === undefined) {
          errors.push({ line, column: c.name, message: `${show(raw)} is not a number` });
          continue;
        }
        readings.push({ sensor: c.sensor, ts, value: v * c.scale + c.offset, quality: GOOD });
        tags.push(c.name);
      }
    } else {
      const name = (row[sensorIndex] ?? '').trim();
      if (name === '') {
        errors.push({ line, column: header[sensorIndex], message: 'empty sensor' });
        continue;
      }
      const map = mappingOf(name);
      if (!map && unmapped === 'ignore') continue;
      if (!map && unmapped === 'error') {
        errors.push({ line, column: header[sensorIndex], message: `sensor ${show(name)} is not mapped` });
        continue;
      }
      const unit = unitIndex >= 0 ? (row[unitIndex] ?? '').trim() : '';
      if (map?.unit && unit !== '' && unit !== map.unit) {
        errors.push({
          line,
          column: header[unitIndex],
          message: `unit ${show(unit)} of ${show(name)} does not match the mapping (${map.unit})`,
        });
        continue;
      }
      const raw = (row[valueIndex] ?? '').trim();
      const v = parseNumber(raw, decimalComma);
      if (v === undefined) {
        errors.push({
          line,
          column: header[valueIndex],
          message: raw === '' ? 'empty value' : `${show(raw)} is not a number`,
        });
        continue;
      }
      let quality = GOOD;
      const qText = qualityIndex >= 0 ? (row[qualityIndex] ?? '').trim() : '';
      if (qText !== '') {
        const q = parseQuality(/^\d+$/.test(qText) ? Number(qText) : qText.toLowerCase());
        if (q === undefined) {
          errors.push({ line, column: header[qualityIndex], message: `quality ${show(qText)} is not understood` });
          continue;
        }
        quality = q;
      }
      readings.push({
        sensor: map?.sensor ?? name,
        ts,
        value: v * (map?.scale ?? 1) + (map?.offset ?? 0),
        quality,
      });
      tags.push(name);
    }
    if (readings.length >= batchSize) yield batch();
  }
  if (!layout) throw new CsvFormatError('the file is empty', 1);
  // a file with a header and no data rows: nothing to detect the timestamp format from
  info ??= { layout, delimiter, timestampColumn: header[tsIndex]!, timestampFormat: 'iso' };
  // the last batch also carries the final row and byte counts
  yield batch();
}
