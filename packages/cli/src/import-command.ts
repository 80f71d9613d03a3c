import { closeSync, createReadStream, mkdirSync, openSync, readSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { type ItemError, isUnit, PrognosError } from '@prognos/core';
import { EventBus, IngestService } from '@prognos/server';
import { openSqliteStore } from '@prognos/store';
import { SingleBar } from 'cli-progress';
import { parse } from 'csv-parse';

export interface ImportOptions {
  dataDir: string;
  url?: string;
  delimiter?: string;
  batch: number;
  registerAsset?: string;
  unit: string;
}

const TS_COLUMNS = ['ts', 'timestamp', 'time', 'datetime', 'date_time'];

/** Decides long (sensor,ts,value) or wide (ts + one column per sensor) layout from the header. */
export function detectLayout(header: string[]): {
  layout: 'long' | 'wide';
  tsIndex: number;
  sensorIndex?: number;
  valueIndex?: number;
  qualityIndex?: number;
} {
  const lower = header.map((h) => h.trim().toLowerCase());
  const tsIndex = lower.findIndex((h) => TS_COLUMNS.includes(h));
  if (tsIndex < 0) throw new PrognosError('CSV_MISSING_COLUMN', [1, `ts (or ${TS_COLUMNS.slice(1).join('/')})`]);
  const sensorIndex = lower.indexOf('sensor');
  const valueIndex = lower.indexOf('value');
  if (sensorIndex >= 0 && valueIndex >= 0) {
    const q = lower.indexOf('quality');
    return { layout: 'long', tsIndex, sensorIndex, valueIndex, qualityIndex: q >= 0 ? q : undefined };
  }
  return { layout: 'wide', tsIndex };
}

export function detectDelimiter(file: string): string {
  const buf = Buffer.alloc(4096);
  const fd = openSync(file, 'r');
  const n = readSync(fd, buf, 0, 4096, 0);
  closeSync(fd);
  const head = buf.subarray(0, n).toString('utf8').split(/\r?\n/)[0] ?? '';
  const counts = [',', ';', '\t'].map((d) => [d, head.split(d).length] as const);
  counts.sort((a, b) => b[1] - a[1]);
  return counts[0]![0];
}

function toNumber(s: string): number | string {
  const t = s.trim();
  if (t === '') return s;
  const n = Number(t);
  return Number.isFinite(n) ? n : s;
}

export async function importCommand(file: string, o: ImportOptions): Promise<void> {
  const path = resolve(file);
  const size = statSync(path).size;
  const delimiter = o.delimiter ?? detectDelimiter(path);
  const sink = o.url ? await httpSink(o.url) : await storeSink(o);
  const bar = new SingleBar({
    format: ' importing |{bar}| {percentage}% | {readings} readings | {rejected} rejected | {rate}/s | ETA {eta}s',
    hideCursor: true,
    noTTYOutput: !process.stderr.isTTY,
    notTTYSchedule: 2000,
  });
  bar.start(size, 0, { readings: 0, rejected: 0, rate: 0 });
  const t0 = Date.now();
  const input = createReadStream(path);
  let bytes = 0;
  input.on('data', (c) => {
    bytes += c.length;
  });
  const parser = input.pipe(
    parse({ delimiter, relax_column_count: true, skip_empty_lines: true, trim: true, info: true }),
  );
  let layout: ReturnType<typeof detectLayout> | undefined;
  let header: string[] = [];
  let batch: unknown[] = [];
  let lines: number[] = [];
  let stored = 0;
  let rejected = 0;
  const errorCounts = new Map<string, { count: number; first: string }>();
  const flush = async () => {
    if (batch.length === 0) return;
    const res = await sink.send(batch);
    stored += res.stored;
    rejected += res.rejected;
    for (const e of res.errors) {
      const key = e.code;
      const cur = errorCounts.get(key);
      const where = `line ${lines[e.index] ?? '?'}: ${e.message}`;
      if (cur) cur.count++;
      else errorCounts.set(key, { count: 1, first: where });
    }
    batch = [];
    lines = [];
    const secs = (Date.now() - t0) / 1000;
    bar.update(bytes, { readings: stored, rejected, rate: Math.round(stored / Math.max(secs, 0.001)) });
  };
  for await (const rec of parser as AsyncIterable<{ record: string[]; info: { lines: number } }>) {
    const row = rec.record;
    if (!layout) {
      header = row;
      layout = detectLayout(row);
      if (layout.layout === 'wide' && o.registerAsset) {
        await sink.register(
          header.filter((_, i) => i !== layout!.tsIndex),
          o.registerAsset,
          o.unit,
        );
      }
      continue;
    }
    const tsRaw = row[layout.tsIndex] ?? '';
    const ts = /^\d+(\.\d+)?$/.test(tsRaw)
      ? Number(tsRaw)
      : tsRaw.includes('T') || tsRaw.includes('Z')
        ? tsRaw
        : tsRaw.replace(' ', 'T');
    if (layout.layout === 'long') {
      const item: Record<string, unknown> = {
        sensor: row[layout.sensorIndex!],
        ts,
        value: toNumber(row[layout.valueIndex!] ?? ''),
      };
      if (layout.qualityIndex !== undefined) item.quality = toNumber(row[layout.qualityIndex] ?? '');
      batch.push(item);
      lines.push(rec.info.lines);
    } else {
      for (let i = 0; i < row.length; i++) {
        if (i === layout.tsIndex || row[i] === '') continue;
        batch.push({ sensor: header[i], ts, value: toNumber(row[i]!) });
        lines.push(rec.info.lines);
      }
    }
    if (batch.length >= o.batch) await flush();
  }
  await flush();
  bar.update(size, {
    readings: stored,
    rejected,
    rate: Math.round(stored / Math.max((Date.now() - t0) / 1000, 0.001)),
  });
  bar.stop();
  await sink.close();
  console.log(`Imported ${stored} readings in ${((Date.now() - t0) / 1000).toFixed(1)} s; rejected ${rejected}.`);
  for (const [code, e] of errorCounts) console.log(`  ${code} × ${e.count} (first at ${e.first})`);
  if (stored === 0 && rejected > 0) process.exitCode = 2;
}

interface Sink {
  send(items: unknown[]): Promise<{ stored: number; rejected: number; errors: ItemError[] }>;
  register(sensors: string[], assetId: string, unit: string): Promise<void>;
  close(): Promise<void>;
}

async function storeSink(o: ImportOptions): Promise<Sink> {
  mkdirSync(o.dataDir, { recursive: true });
  const store = openSqliteStore({ path: join(o.dataDir, 'prognos.db') });
  const ingest = new IngestService(store.readings, store.metadata, new EventBus(), { maxFutureMs: 5 * 60_000 });
  await ingest.refreshSensors();
  return {
    send: (items) => ingest.ingest(items),
    async register(sensors, assetId, unit) {
      if (!isUnit(unit)) throw new PrognosError('UNIT_UNKNOWN', [unit, 'see core/units']);
      if (!(await store.metadata.getAsset(assetId))) {
        await store.metadata.upsertAsset({
          id: assetId,
          lineId: 'imported',
          name: assetId,
          type: 'other',
          criticality: 'C',
        });
      }
      for (const id of sensors) {
        if (ingest.knownSensor(id)) continue;
        await store.metadata.upsertSensor({
          id,
          assetId,
          name: id,
          kind: 'other',
          unit,
          min: -1e9,
          max: 1e9,
          sampleRateHz: 1,
        });
        ingest.addSensor(id);
      }
    },
    async close() {
      await store.close();
    },
  };
}

async function httpSink(url: string): Promise<Sink> {
  const base = url.replace(/\/$/, '');
  return {
    async send(items) {
      const res = await fetch(`${base}/api/readings`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ readings: items }),
      });
      const body = (await res.json()) as {
        stored?: number;
        rejected?: number;
        errors?: ItemError[];
        code?: string;
        message?: string;
      };
      if (body.stored === undefined) throw new Error(`server answered ${res.status}: ${body.code} ${body.message}`);
      return { stored: body.stored, rejected: body.rejected ?? 0, errors: body.errors ?? [] };
    },
    async register(sensors, assetId, unit) {
      await fetch(`${base}/api/assets/${encodeURIComponent(assetId)}`, {
        method: 'PUT',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ id: assetId, lineId: 'imported', name: assetId, type: 'other', criticality: 'C' }),
      });
      for (const id of sensors) {
        const r = await fetch(`${base}/api/sensors/${encodeURIComponent(id)}`, {
          method: 'PUT',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ id, assetId, name: id, kind: 'other', unit, min: -1e9, max: 1e9, sampleRateHz: 1 }),
        });
        if (!r.ok) throw new Error(`registering ${id}: ${r.status} ${await r.text()}`);
      }
    },
    async close() {},
  };
}
