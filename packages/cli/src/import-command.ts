import { mkdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { CsvFormatError, type CsvReaderOptions, readCsv } from '@prognos/connectors/csv';
import { type ItemError, isUnit, PrognosError, type Reading } from '@prognos/core';
import { EventBus, IngestService } from '@prognos/server';
import { openSqliteStore } from '@prognos/store';
import { SingleBar } from 'cli-progress';

export interface ImportOptions {
  dataDir: string;
  url?: string;
  delimiter?: string;
  batch: number;
  registerAsset?: string;
  unit: string;
  layout?: 'auto' | 'wide' | 'long';
  timezone?: string;
  timestampFormat?: string;
}

/**
 * Imports a historian CSV export through the same streaming reader as the CSV connector (wide or long layout,
 * timestamp formats and time zones, decimal commas), so a file of any size never sits in memory.
 */
export async function importCommand(file: string, o: ImportOptions): Promise<void> {
  const path = resolve(file);
  const size = statSync(path).size;
  const sink = o.url ? await httpSink(o.url) : await storeSink(o);
  const bar = new SingleBar({
    format: ' importing |{bar}| {percentage}% | {readings} readings | {rejected} rejected | {rate}/s | ETA {eta}s',
    hideCursor: true,
    noTTYOutput: !process.stderr.isTTY,
    notTTYSchedule: 2000,
  });
  bar.start(size, 0, { readings: 0, rejected: 0, rate: 0 });
  const t0 = Date.now();
  let stored = 0;
  let rejected = 0;
  const registered = new Set<string>();
  const errorCounts = new Map<string, { count: number; first: string }>();
  const count = (code: string, where: string, n = 1) => {
    const cur = errorCounts.get(code);
    if (cur) cur.count += n;
    else errorCounts.set(code, { count: n, first: where });
  };
  try {
    for await (const batch of readCsv(path, {
      layout: o.layout ?? 'auto',
      delimiter: o.delimiter,
      timezone: o.timezone,
      timestampFormat: o.timestampFormat as CsvReaderOptions['timestampFormat'],
      batchSize: o.batch,
    })) {
      for (const e of batch.errors)
        count('CSV_BAD_ROW', `line ${e.line}${e.column ? `, column ${e.column}` : ''}: ${e.message}`);
      rejected += batch.errors.length;
      if (o.registerAsset) {
        const fresh = [...new Set(batch.readings.map((r) => r.sensor))].filter((id) => !registered.has(id));
        if (fresh.length) await sink.register(fresh, o.registerAsset, o.unit);
        for (const id of fresh) registered.add(id);
      }
      if (batch.readings.length > 0) {
        const res = await sink.send(batch.readings);
        stored += res.stored;
        rejected += res.rejected;
        for (const e of res.errors) count(e.code, e.message);
      }
      const secs = (Date.now() - t0) / 1000;
      bar.update(batch.bytes, { readings: stored, rejected, rate: Math.round(stored / Math.max(secs, 0.001)) });
    }
  } catch (err) {
    bar.stop();
    await sink.close();
    if (err instanceof CsvFormatError) throw new Error(`${path}, line ${err.line}: ${err.message}`);
    throw err;
  }
  bar.update(size, {
    readings: stored,
    rejected,
    rate: Math.round(stored / Math.max((Date.now() - t0) / 1000, 0.001)),
  });
  bar.stop();
  await sink.close();
  console.log(`Imported ${stored} readings in ${((Date.now() - t0) / 1000).toFixed(1)} s; rejected ${rejected}.`);
  for (const [code, e] of errorCounts) console.log(`  ${code} × ${e.count} (first: ${e.first})`);
  if (stored === 0 && rejected > 0) process.exitCode = 2;
}

interface Sink {
  send(items: Reading[]): Promise<{ stored: number; rejected: number; errors: ItemError[] }>;
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
