import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type RunningPrognos, startPrognos } from '@prognos/server';
import { afterAll, beforeAll, expect } from 'vitest';

export interface TestServer {
  p: RunningPrognos;
  base: string;
  dir: string;
  stop(): Promise<void>;
}

/** Starts a whole Prognos (simulated plant, embedded broker on a free port) in a temp folder. */
export async function startTestServer(
  opts: {
    simulator?: boolean;
    backfillHours?: number;
    demoFaults?: boolean;
    windowMs?: number;
    /** Readings and metadata in PostgreSQL (this schema of the URL's database). */
    pgUrl?: string;
    pgSchema?: string;
    clusterMqttUrl?: string;
  } = {},
): Promise<TestServer> {
  const dir = mkdtempSync(join(tmpdir(), 'prognos-e2e-'));
  const p = await startPrognos({
    port: 0,
    host: '127.0.0.1',
    mqttPort: 0,
    dataDir: dir,
    simulator: opts.simulator ?? true,
    backfillHours: opts.backfillHours ?? 1,
    demoFaults: opts.demoFaults ?? false,
    windowMs: opts.windowMs,
    pgUrl: opts.pgUrl,
    pgSchema: opts.pgSchema,
    clusterMqttUrl: opts.clusterMqttUrl,
    logLevel: 'silent',
  });
  return {
    p,
    dir,
    base: `http://127.0.0.1:${p.port}`,
    async stop() {
      await p.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export async function getJson<T = unknown>(url: string): Promise<{ status: number; body: T }> {
  const res = await fetch(url);
  return { status: res.status, body: (await res.json()) as T };
}

export async function postJson<T = unknown>(
  url: string,
  body: unknown,
  raw?: string,
): Promise<{ status: number; body: T }> {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: raw ?? JSON.stringify(body),
  });
  return { status: res.status, body: (await res.json()) as T };
}

export async function waitFor<T>(fn: () => Promise<T | undefined>, timeoutMs: number, what: string): Promise<T> {
  const t0 = Date.now();
  for (;;) {
    const v = await fn();
    if (v !== undefined) return v;
    if (Date.now() - t0 > timeoutMs) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

/** Turns the automatic work-order rule off, so that a person creates the work order from the alert. */
export async function disableWorkOrderRule(base: string): Promise<void> {
  const rule = await fetch(`${base}/api/work-order-rule`, {
    method: 'PUT',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ enabled: false, severities: ['critical'], criticalities: ['A'] }),
  });
  expect(rule.status).toBe(200);
}

/** Registers an asset and a sensor of its own (no simulator data on it), returns the sensor id. */
export async function registerTestSensor(s: TestServer, id = 'TEST-1.PT-01'): Promise<string> {
  const put = async (url: string, body: unknown) => {
    const res = await fetch(url, {
      method: 'PUT',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    if (!res.ok) throw new Error(`PUT ${url}: ${res.status} ${await res.text()}`);
  };
  await put(`${s.base}/api/assets/TEST-1`, {
    id: 'TEST-1',
    lineId: 'test',
    name: 'Test skid',
    type: 'other',
    criticality: 'C',
  });
  await put(`${s.base}/api/sensors/${id}`, {
    id,
    assetId: 'TEST-1',
    name: 'Test pressure',
    kind: 'pressure',
    unit: 'bar',
    min: 0,
    max: 16,
    sampleRateHz: 1,
  });
  return id;
}

/** Debian Chromium driven by playwright-core (`npx playwright install` cannot work on these machines). */
export async function launchChromium(): Promise<import('playwright-core').Browser> {
  const { chromium } = await import('playwright-core');
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  });
}

/**
 * A real server (short analytics windows, one hour of back-fill, so an accelerated fault plays out in about a
 * minute) and Debian Chromium for a browser test file, started before its tests and stopped after them.
 */
export function serverAndBrowser(): {
  readonly server: TestServer;
  readonly browser: import('playwright-core').Browser;
} {
  let server: TestServer | undefined;
  let browser: import('playwright-core').Browser | undefined;
  beforeAll(async () => {
    server = await startTestServer({ backfillHours: 1, windowMs: 2000 });
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });
  return {
    get server() {
      if (!server) throw new Error('server not started');
      return server;
    },
    get browser() {
      if (!browser) throw new Error('browser not started');
      return browser;
    },
  };
}
