import { mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type Browser, chromium } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestServer, startTestServer } from './harness';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

// The real browser: Debian Chromium driven by playwright-core (npx playwright install cannot work here).
describe('web UI in Chromium', () => {
  let s: TestServer;
  let browser: Browser;
  beforeAll(async () => {
    s = await startTestServer({ backfillHours: 1 });
    browser = await chromium.launch({
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
    });
  });
  afterAll(async () => {
    await browser?.close();
    await s?.stop();
  });

  it('shows the fleet, opens an asset and draws sensor charts with data', async () => {
    const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(`${s.base}/`);
    await page.waitForSelector('[data-testid="asset-card"]', { timeout: 15_000 });
    await page.waitForFunction(() => document.querySelectorAll('[data-testid="asset-card"]').length >= 6, undefined, { timeout: 15_000 });
    const cards = await page.locator('[data-testid="asset-card"]').count();
    expect(cards).toBeGreaterThanOrEqual(6);
    // health arrives with the first analytics windows
    await page.waitForTimeout(1500);
    mkdirSync(join(root, 'docs'), { recursive: true });
    await page.screenshot({ path: join(root, 'docs', 'screenshot-fleet.png') });

    await page.locator('[data-testid="asset-card"][data-asset-id="P-101"]').click();
    await page.waitForURL(/#\/assets\/P-101/);
    await page.waitForFunction(
      () => {
        const charts = [...document.querySelectorAll('[data-testid="sensor-chart"]')];
        return charts.length >= 3 && charts.every((c) => Number(c.getAttribute('data-points')) > 10);
      },
      undefined,
      { timeout: 20_000 },
    );
    const points = await page.locator('[data-testid="sensor-chart"]').first().getAttribute('data-points');
    expect(Number(points)).toBeGreaterThan(10);
    // a chart is a real canvas drawn by uPlot
    expect(await page.locator('[data-testid="sensor-chart"] canvas').count()).toBeGreaterThan(0);
    // live: the newest drawn reading moves forward as readings stream in
    const chart = page.locator('[data-testid="sensor-chart"]').first();
    const before = Number(await chart.getAttribute('data-last-ts'));
    await page.waitForFunction(
      (b) => Number(document.querySelector('[data-testid="sensor-chart"]')?.getAttribute('data-last-ts')) > b,
      before,
      { timeout: 15_000 },
    );
    await page.screenshot({ path: join(root, 'docs', 'screenshot.png') });
    expect(errors).toEqual([]);
  });
});
