/**
 * The memory a Prognos server needs for a plant of 10,000 sensors at 1 Hz (the `rss_mb_10k_sensors` figure of
 * `npm run bench -- scale`).
 *
 * The server runs as a child process, exactly as an operator starts it (`prognos serve`, from the sources through
 * tsx, without the simulator and without the embedded MQTT broker), so the figure is the server's own resident
 * set read from /proc/<pid>/status, not the bench's. The bench registers 1,000 assets × 10 sensors through
 * PUT /api/plant, then feeds 10,000 readings per second through POST /api/readings (ten gateways of 100 assets,
 * each posting its 1,000 readings once a second, spread over the second) and reads VmRSS at the end.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

const ASSETS = 1_000;
const SENSORS_PER_ASSET = 10;
/** Assets per gateway: one POST of 100 × 10 readings per gateway and second. */
const ASSETS_PER_GATEWAY = 100;

export interface ServerRssOptions {
  /** PostgreSQL for readings and metadata; unset = the embedded store in a temporary folder. */
  pgUrl?: string;
  /** Schema for the PostgreSQL run (created by the server, dropped by the caller). */
  pgSchema: string;
  /** How long readings are fed, seconds. */
  seconds: number;
  log: (m: string) => void;
}

export interface ServerRss {
  /** Resident set after the feed, MB (VmRSS). */
  rssMb: number;
  /** Peak resident set over the whole run, MB (VmHWM). */
  peakMb: number;
  /** Readings the server reported stored. */
  stored: number;
  store: 'postgresql' | 'embedded';
}

/** kB figure of one line of /proc/<pid>/status, e.g. VmRSS. */
function procStatusKb(pid: number, field: string): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const m = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status);
  if (!m) throw new Error(`/proc/${pid}/status has no ${field} line`);
  return Number(m[1]);
}

/** Starts `prognos serve` on a free port and resolves with its base URL once it prints that it is running. */
function startServer(args: string[]): Promise<{ child: ChildProcess; base: string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'packages/cli/src/main.ts', 'serve', ...args], {
    cwd: process.cwd(),
    env: { ...process.env, PROGNOS_LOG_LEVEL: 'warn' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  return new Promise((resolve, reject) => {
    let out = '';
    const onData = (chunk: Buffer) => {
      out += chunk.toString();
      const m = /Web UI\s+(http:\/\/localhost:\d+)/.exec(out);
      if (m) {
        child.stdout!.off('data', onData);
        child.stdout!.resume(); // keep draining so the child never blocks on a full pipe
        resolve({ child, base: m[1]! });
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', (chunk: Buffer) => {
      out += chunk.toString();
    });
    child.once('exit', (code) => reject(new Error(`prognos serve exited (${code}) before it was ready:\n${out}`)));
  });
}

async function stopServer(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM'); // the server flushes its store and exits
  const timedOut = await Promise.race([exited.then(() => false), sleep(30_000).then(() => true)]);
  if (timedOut) child.kill('SIGKILL');
}

async function call(base: string, method: string, path: string, body: unknown): Promise<unknown> {
  const res = await fetch(`${base}${path}`, {
    method,
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  const text = await res.text();
  if (!res.ok) throw new Error(`${method} ${path}: HTTP ${res.status} ${text.slice(0, 300)}`);
  return text ? JSON.parse(text) : undefined;
}

const assetId = (a: number) => `BENCH-${String(a).padStart(4, '0')}`;
const sensorId = (a: number, k: number) => `${assetId(a)}.T${k}`;

/** Registers assets [from, to) with their sensors (PUT /api/plant is idempotent for the shared site/area/line). */
async function registerAssets(base: string, from: number, to: number): Promise<void> {
  const assets = [];
  const sensors = [];
  for (let a = from; a < to; a++) {
    assets.push({
      id: assetId(a),
      lineId: 'BENCH-L1',
      name: `Bench pump ${a}`,
      type: 'centrifugal_pump',
      criticality: 'B',
    });
    for (let k = 0; k < SENSORS_PER_ASSET; k++) {
      sensors.push({
        id: sensorId(a, k),
        assetId: assetId(a),
        name: `Temperature ${k}`,
        kind: 'temperature',
        unit: 'degC',
        min: 0,
        max: 120,
        sampleRateHz: 1,
      });
    }
  }
  await call(base, 'PUT', '/api/plant', {
    site: { id: 'BENCH', name: 'Bench site' },
    areas: [{ id: 'BENCH-A1', siteId: 'BENCH', name: 'Bench area' }],
    lines: [{ id: 'BENCH-L1', areaId: 'BENCH-A1', name: 'Bench line' }],
    assets,
    sensors,
  });
}

/** One gateway's readings of one second: each of its assets' sensors once, smooth values well inside range. */
function gatewayReadings(gateway: number, ts: number): unknown[] {
  const out = [];
  const first = gateway * ASSETS_PER_GATEWAY;
  for (let a = first; a < first + ASSETS_PER_GATEWAY; a++) {
    for (let k = 0; k < SENSORS_PER_ASSET; k++) {
      const v = 60 + 10 * Math.sin(ts / 60_000 + a + k) + ((a * 31 + k * 7 + ts / 1000) % 10) / 10;
      out.push({ sensor: sensorId(a, k), ts, value: Math.round(v * 10) / 10 });
    }
  }
  return out;
}

export async function benchServerRss(opts: ServerRssOptions): Promise<ServerRss> {
  const dataDir = mkdtempSync(join(tmpdir(), 'prognos-rss-'));
  const args = ['--port', '0', '--no-mqtt', '--data-dir', dataDir];
  if (opts.pgUrl) args.push('--pg-url', opts.pgUrl, '--pg-schema', opts.pgSchema);
  const { child, base } = await startServer(args);
  try {
    const pid = child.pid!;
    opts.log(`server pid ${pid} at ${base}: registering ${ASSETS} assets × ${SENSORS_PER_ASSET} sensors`);
    for (let a = 0; a < ASSETS; a += ASSETS_PER_GATEWAY) await registerAssets(base, a, a + ASSETS_PER_GATEWAY);
    const gateways = ASSETS / ASSETS_PER_GATEWAY;
    opts.log(`feeding ${gateways * ASSETS_PER_GATEWAY * SENSORS_PER_ASSET} readings/s for ${opts.seconds} s`);
    let stored = 0;
    let lagging = 0;
    const t0 = Date.now();
    const inFlight: Promise<void>[] = [];
    for (let s = 0; s < opts.seconds; s++) {
      const ts = t0 + s * 1000;
      for (let g = 0; g < gateways; g++) {
        // Gateways post at their own offsets within the second, as independent devices would.
        const due = ts + (g * 1000) / gateways;
        const wait = due - Date.now();
        if (wait > 0) await sleep(wait);
        else if (wait < -1000) lagging++;
        const post = call(base, 'POST', '/api/readings', { readings: gatewayReadings(g, ts) }).then((r) => {
          stored += (r as { stored: number }).stored;
        });
        inFlight.push(post);
      }
      // Keep the promise list short; errors surface here.
      await Promise.all(inFlight.splice(0, inFlight.length - gateways));
    }
    await Promise.all(inFlight);
    const expected = opts.seconds * gateways * ASSETS_PER_GATEWAY * SENSORS_PER_ASSET;
    if (stored !== expected) throw new Error(`the server stored ${stored} of ${expected} readings`);
    if (lagging > 0) opts.log(`warning: ${lagging} posts went out more than 1 s late (the server fell behind)`);
    const rssMb = procStatusKb(pid, 'VmRSS') / 1024;
    const peakMb = procStatusKb(pid, 'VmHWM') / 1024;
    return { rssMb, peakMb, stored, store: opts.pgUrl ? 'postgresql' : 'embedded' };
  } finally {
    await stopServer(child);
    rmSync(dataDir, { recursive: true, force: true });
  }
}
