/**
 * HTTP and MQTT ingestion throughput against a real Prognos server running in its own process (the bundled CLI,
 * `prognos serve`), so that the load generator does not share the server's event loop.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Rng } from '@prognos/core';
import mqtt from 'mqtt';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const srv = createServer();
    srv.listen(0, '127.0.0.1', () => {
      const port = (srv.address() as { port: number }).port;
      srv.close(() => resolve(port));
    });
  });
}

export interface BenchServer {
  http: string;
  mqttUrl: string;
  sensors: string[];
  stop(): Promise<void>;
}

export async function startBenchServer(nSensors: number): Promise<BenchServer> {
  const dir = mkdtempSync(join(tmpdir(), 'prognos-bench-'));
  const [port, mport] = [await freePort(), await freePort()];
  const child: ChildProcess = spawn(
    process.execPath,
    [
      join(root, 'packages/cli/bin/prognos.js'),
      'serve',
      '--port',
      String(port),
      '--mqtt-port',
      String(mport),
      '--data-dir',
      dir,
      '--log-level',
      'warn',
    ],
    { stdio: ['ignore', 'ignore', 'inherit'] },
  );
  const http = `http://127.0.0.1:${port}`;
  for (let i = 0; ; i++) {
    try {
      if ((await fetch(`${http}/api/health`)).ok) break;
    } catch {}
    if (i > 150) throw new Error('bench server did not start');
    await new Promise((r) => setTimeout(r, 100));
  }
  const sensors = Array.from({ length: nSensors }, (_, i) => `BENCH.S${String(i).padStart(3, '0')}`);
  const plant = {
    site: { id: 'bench', name: 'Bench' },
    areas: [{ id: 'bench-a', siteId: 'bench', name: 'A' }],
    lines: [{ id: 'bench-l', areaId: 'bench-a', name: 'L' }],
    assets: [{ id: 'BENCH', lineId: 'bench-l', name: 'Bench asset', type: 'other', criticality: 'C' }],
    components: [],
    sensors: sensors.map((id) => ({
      id,
      assetId: 'BENCH',
      name: id,
      kind: 'other',
      unit: 'bar',
      min: 0,
      max: 100,
      sampleRateHz: 1,
    })),
  };
  const res = await fetch(`${http}/api/plant`, {
    method: 'PUT',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(plant),
  });
  if (!res.ok) throw new Error(`registering bench sensors failed: ${res.status} ${await res.text()}`);
  return {
    http,
    mqttUrl: `mqtt://127.0.0.1:${mport}`,
    sensors,
    async stop() {
      child.kill('SIGTERM');
      await new Promise((r) => child.once('exit', r));
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Pre-serialised JSON batches of 1 Hz readings for all sensors, ending in the past (no future timestamps). */
function makeBatches(sensors: string[], total: number, perBatch: number, startTs: number): string[] {
  const out: string[] = [];
  const perSensorPerBatch = Math.max(1, Math.floor(perBatch / sensors.length));
  const rng = new Rng('bench-wire');
  let t = startTs;
  let made = 0;
  while (made < total) {
    const items: { sensor: string; ts: number; value: number }[] = [];
    for (let k = 0; k < perSensorPerBatch; k++, t += 1000) {
      for (let s = 0; s < sensors.length; s++) {
        // A transmitter's signal: slow process movement plus Gaussian noise, quantised to 0.01 (the same shape as
        // the in-process bench). The server checks every reading; a noiseless sawtooth would read as a faulty sensor.
        const v = 50 + 10 * Math.sin(t / 600_000 + s) + 0.2 * rng.normal();
        items.push({ sensor: sensors[s]!, ts: t, value: Math.round(v * 100) / 100 });
      }
    }
    made += items.length;
    out.push(JSON.stringify({ readings: items }));
  }
  return out;
}

export async function benchHttp(
  server: BenchServer,
  total: number,
  perBatch = 10_000,
  concurrency = 4,
): Promise<number> {
  const seconds = Math.ceil(total / server.sensors.length);
  const batches = makeBatches(server.sensors, total, perBatch, Date.now() - seconds * 1000 - 3600_000);
  const count = batches.length * perBatch;
  const t0 = performance.now();
  let next = 0;
  const worker = async () => {
    while (next < batches.length) {
      const body = batches[next++]!;
      const res = await fetch(`${server.http}/api/readings`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body,
      });
      const r = (await res.json()) as { stored: number };
      if (res.status !== 200) throw new Error(`HTTP ingest answered ${res.status}: ${JSON.stringify(r).slice(0, 200)}`);
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  return count / ((performance.now() - t0) / 1000);
}

export async function benchMqtt(server: BenchServer, total: number, perMessage = 1000, inflight = 16): Promise<number> {
  const seconds = Math.ceil(total / server.sensors.length);
  // a different time range than the HTTP run, so these are new readings
  const msgs = makeBatches(server.sensors, total, perMessage, Date.now() - 2 * seconds * 1000 - 7200_000);
  const count = msgs.length * perMessage;
  const client = await mqtt.connectAsync(server.mqttUrl, { clientId: 'prognos-bench' });
  const t0 = performance.now();
  let next = 0;
  // QoS 1: the broker acknowledges after the readings are stored, so the acks measure durable ingestion
  const worker = async () => {
    while (next < msgs.length) await client.publishAsync('prognos/readings/bench', msgs[next++]!, { qos: 1 });
  };
  await Promise.all(Array.from({ length: inflight }, worker));
  const rate = count / ((performance.now() - t0) / 1000);
  await client.endAsync();
  return rate;
}
