/**
 * Waveform snapshots in Chromium: a snapshot posted to a demo vibration sensor shows up on its detail page with
 * the spectrum and the envelope spectrum drawn, the fault-frequency markers listed, and the page fits a phone.
 * Uses a synthetic outer-race-like signal (impacts at BPFO ringing a 3 kHz resonance) so it needs no dataset.
 */
import { mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, postJson, startTestServer, type TestServer } from './harness';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const shots = join(root, 'test-results');
const SENSOR = 'P-101.VIB-DE';
const SKF_6205 = { balls: 9, ballDiameter: 0.3126, pitchDiameter: 1.537, contactAngleDeg: 0 };

/** 2 s at 12 kHz: decaying 3 kHz bursts at 107.4 Hz (BPFO of a 6205 at 29.95 Hz) over a 1× line and noise. */
function outerRaceLike(fs = 12000, seconds = 2): number[] {
  const bpfo = 107.36;
  let seed = 12345;
  const rand = () => {
    seed = (seed * 1103515245 + 12345) % 2 ** 31;
    return seed / 2 ** 31 - 0.5;
  };
  const x: number[] = [];
  for (let i = 0; i < fs * seconds; i++) {
    const t = i / fs;
    const since = t % (1 / bpfo);
    const burst = Math.exp(-since * 800) * Math.sin(2 * Math.PI * 3000 * since);
    x.push(0.5 * burst + 0.05 * Math.sin(2 * Math.PI * 29.95 * t) + 0.05 * rand());
  }
  return x;
}

describe('waveform snapshots in Chromium', () => {
  let server: TestServer;
  let browser: import('playwright-core').Browser;
  beforeAll(async () => {
    server = await startTestServer({ backfillHours: 0.05 });
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('lists a posted snapshot and draws spectrum and envelope with markers, also at 390 px', {
    timeout: 60_000,
  }, async () => {
    const post = await postJson<{ id: string; summary: { diagnosis?: { finding: string } } }>(
      `${server.base}/api/sensors/${SENSOR}/waveforms`,
      { sampleRateHz: 12000, values: outerRaceLike(), shaftHz: 29.95, bearing: SKF_6205 },
    );
    expect(post.status).toBe(201);
    expect(post.body.summary.diagnosis?.finding).toBe('outer_race');

    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(`${server.base}/#/quality/sensors/${encodeURIComponent(SENSOR)}`);
    await page.waitForSelector('[data-testid="waveform-snapshots"] [data-testid="waveform-row"]', { timeout: 20_000 });
    const row = page.locator(`[data-testid="waveform-row"][data-id="${post.body.id}"]`);
    expect(await row.getAttribute('data-finding')).toBe('outer_race');
    expect(await row.textContent()).toMatch(/mm\/s/);

    await page.waitForSelector('[data-testid="waveform-envelope"] canvas', { timeout: 20_000 });
    await page.waitForSelector('[data-testid="waveform-spectrum"] canvas');
    const envMarkers = (await page.getByTestId('waveform-envelope').getAttribute('data-markers')) ?? '';
    expect(envMarkers.split(',')).toEqual(expect.arrayContaining(['BPFO', 'BPFI', 'BSF', '1×']));
    const points = Number(await page.getByTestId('waveform-spectrum').getAttribute('data-points'));
    expect(points).toBeGreaterThan(100);
    expect(points).toBeLessThanOrEqual(2000);
    const labels = await page.$$eval('[data-testid="waveform-markers"] li', (els) =>
      els.map((e) => e.getAttribute('data-label')),
    );
    expect(labels).toContain('BPFO');
    expect(await page.getByTestId('waveform-diagnosis').getAttribute('data-finding')).toBe('outer_race');
    // Something was drawn on the envelope canvas (not a blank chart).
    const inked = await page.$eval('[data-testid="waveform-envelope"] canvas', (c) => {
      const cv = c as HTMLCanvasElement;
      const d = cv.getContext('2d')?.getImageData(0, 0, cv.width, cv.height).data ?? new Uint8ClampedArray();
      let n = 0;
      for (let i = 3; i < d.length; i += 4) if (d[i]! > 0) n++;
      return n;
    });
    expect(inked).toBeGreaterThan(1000);

    mkdirSync(shots, { recursive: true });
    await page.getByTestId('waveform-snapshots').scrollIntoViewIfNeeded();
    await page.screenshot({ path: join(shots, 'screenshot-waveforms.png'), fullPage: true });

    await page.setViewportSize({ width: 390, height: 844 });
    await page.waitForTimeout(400);
    const fit = await page.evaluate(() => {
      const sec = document.querySelector('[data-testid="waveform-snapshots"]') as HTMLElement;
      const chart = document.querySelector('[data-testid="waveform-envelope"] canvas') as HTMLCanvasElement;
      return {
        doc: document.documentElement.scrollWidth,
        sectionRight: sec.getBoundingClientRect().right,
        chartWidth: chart.getBoundingClientRect().width,
      };
    });
    expect(fit.doc).toBeLessThanOrEqual(390);
    expect(fit.sectionRight).toBeLessThanOrEqual(390);
    expect(fit.chartWidth).toBeLessThanOrEqual(390);
    await page.getByTestId('waveform-snapshots').screenshot({ path: join(shots, 'screenshot-waveforms-phone.png') });
    expect(errors).toEqual([]);
    await page.close();
  });
});
