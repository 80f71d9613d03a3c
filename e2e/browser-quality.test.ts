import { mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Sensor } from '@prognos/core';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { getJson, postJson, serverAndBrowser } from './harness';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
// Screenshots go to test-results/; `PROGNOS_UPDATE_SCREENSHOTS=1 npm test` refreshes the README's in docs/.
const shots = join(root, process.env.PROGNOS_UPDATE_SCREENSHOTS ? 'docs' : 'test-results');

/**
 * Pixels of the sensor chart's canvas tinted like a flagged band (amber or red over white): red clearly above
 * blue. The series are blue and the grid grey, so these pixels come from the shading and nothing else.
 */
async function shadedPixels(page: Page): Promise<number> {
  return page.evaluate(() => {
    const canvas = document.querySelector<HTMLCanvasElement>('[data-testid="sensor-detail"] .chart-plot canvas');
    const ctx = canvas?.getContext('2d');
    if (!canvas || !ctx) return 0;
    const { data } = ctx.getImageData(0, 0, canvas.width, canvas.height);
    let n = 0;
    for (let i = 0; i < data.length; i += 4) {
      const r = data[i] ?? 0;
      const g = data[i + 1] ?? 0;
      const b = data[i + 2] ?? 0;
      if (r > 200 && r - b > 25 && r >= g && (data[i + 3] ?? 0) > 0) n++;
    }
    return n;
  });
}

// The real browser: Debian Chromium driven by playwright-core (npx playwright install cannot work here).
describe('data-quality UI in Chromium, with an injected sensor fault', () => {
  const fx = serverAndBrowser();

  it('puts a stuck sensor at the top of the data-quality page and shades its flagged interval', {
    timeout: process.env.PROGNOS_UPDATE_SCREENSHOTS ? 420_000 : 240_000,
  }, async () => {
    const sensors = await getJson<Sensor[]>(`${fx.server.base}/api/sensors?assetId=P-101`);
    const target = sensors.body.find((x) => x.kind === 'discharge_pressure') ?? sensors.body[0];
    expect(target).toBeDefined();
    const sensorId = target!.id;
    const inject = await postJson(`${fx.server.base}/api/simulator/sensor-faults`, {
      sensorId,
      kind: 'stuck',
      durationMinutes: 30,
    });
    expect(inject.status).toBe(200);

    const page = await fx.browser.newPage({ viewport: { width: 1440, height: 900 } });
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(`${fx.server.base}/`);
    await page.getByRole('link', { name: 'Data quality', exact: true }).click();
    await page.waitForURL(/#\/quality$/);
    await page.waitForSelector('[data-testid="quality-page"]', { timeout: 15_000 });
    expect(await page.locator('[data-testid="quality-asset-score"]').count()).toBeGreaterThanOrEqual(6);

    // The stuck sensor turns suspect or bad with a flatline reason, among the flagged rows at the top (worst
    // first: no good sensor is listed above it).
    const row = `[data-testid="quality-sensor-row"][data-sensor-id="${sensorId}"]`;
    await page.waitForFunction(
      (sel) => {
        const rows = [...document.querySelectorAll<HTMLElement>('[data-testid="quality-sensor-row"]')];
        const i = rows.findIndex((r) => r.matches(sel));
        const r = rows[i];
        return (
          r !== undefined &&
          (r.dataset.state === 'suspect' || r.dataset.state === 'bad') &&
          /\bFLATLINE\b/.test(r.dataset.reasons ?? '') &&
          rows.slice(0, i).every((x) => x.dataset.state !== 'good')
        );
      },
      row,
      { timeout: 150_000, polling: 500 },
    );
    expect(await page.locator(row).textContent()).toMatch(/Flatline/);
    // its timeline shows the flagged stretch once the detail behind it is loaded
    await page.waitForSelector(
      `${row} [data-testid="quality-timeline"]:not([data-intervals=""]):not([data-intervals="0"])`,
      {
        timeout: 30_000,
      },
    );

    // Sensor detail: the flagged interval is listed and shaded on the chart.
    await page.locator(`${row} a`).first().click();
    await page.waitForURL(/#\/quality\/sensors\//);
    await page.waitForSelector(`[data-testid="sensor-detail"][data-sensor-id="${sensorId}"]`, { timeout: 15_000 });
    await page.waitForSelector('[data-testid="flagged-interval"]', { timeout: 30_000 });
    const intervals = page.locator('[data-testid="flagged-interval"]');
    expect(await intervals.count()).toBeGreaterThanOrEqual(1);
    expect(['suspect', 'bad']).toContain(await intervals.first().getAttribute('data-state'));
    await page.waitForFunction(
      () => Number(document.querySelector('[data-testid="sensor-chart"]')?.getAttribute('data-points')) > 10,
      undefined,
      { timeout: 20_000 },
    );
    await page.waitForTimeout(1200); // one chart flush: the band is drawn with the data
    expect(await shadedPixels(page)).toBeGreaterThan(300);
    mkdirSync(shots, { recursive: true });
    if (process.env.PROGNOS_UPDATE_SCREENSHOTS) {
      // For the README: let the stuck stretch grow wide enough to read in a 30-minute chart.
      await page.waitForFunction(
        () =>
          [...document.querySelectorAll('[data-testid="flagged-interval"]')].reduce(
            (sum, el) => sum + Number(el.getAttribute('data-to')) - Number(el.getAttribute('data-from')),
            0,
          ) >= 90_000,
        undefined,
        { timeout: 180_000, polling: 1000 },
      );
      await page.waitForTimeout(1200);
    }
    await page.screenshot({ path: join(shots, 'screenshot-sensor.png') });

    // Asset page: the data-quality score, the stuck sensor among the least trusted, its chart shaded too.
    await page.goto(`${fx.server.base}/#/assets/P-101`);
    const score = page.locator('[data-testid="asset-quality-score"]');
    await score.waitFor({ timeout: 15_000 });
    expect(await score.getAttribute('data-score')).toMatch(/^\d+(\.\d+)?$/);
    await page.waitForSelector(`[data-testid="asset-worst-sensors"] a[href$="${encodeURIComponent(sensorId)}"]`, {
      timeout: 30_000,
    });
    await page.waitForSelector(`[data-testid="sensor-chart"][data-sensor-id="${sensorId}"]:not([data-flagged="0"])`, {
      timeout: 30_000,
    });

    // Back on the data-quality page (the sensor's timeline now shows its flagged stretch) for the screenshot.
    await page.getByRole('link', { name: 'Data quality', exact: true }).click();
    await page.waitForSelector(
      `${row}:not([data-state="good"]) [data-testid="quality-timeline"]:not([data-intervals=""])`,
      {
        timeout: 30_000,
      },
    );
    await page.waitForTimeout(500);
    await page.screenshot({ path: join(shots, 'screenshot-quality.png') });

    // The demo control injects a sensor fault through the same API.
    const panel = page.locator('[data-testid="sensor-fault-inject"]');
    await panel.locator('summary').click();
    const other = sensors.body.find((x) => x.id !== sensorId) ?? target!;
    await panel.getByLabel('Sensor', { exact: true }).selectOption(other.id);
    await panel.getByLabel('Fault', { exact: true }).selectOption('spike');
    await panel.getByLabel('Minutes', { exact: true }).fill('1');
    await panel.getByRole('button', { name: 'Inject' }).click();
    await panel.getByRole('status').filter({ hasText: 'Injected' }).waitFor({ timeout: 10_000 });
    const faults = await getJson<{ sensorId: string; kind: string }[]>(`${fx.server.base}/api/simulator/sensor-faults`);
    expect(faults.body.map((f) => `${f.sensorId}:${f.kind}`)).toEqual([`${sensorId}:stuck`, `${other.id}:spike`]);
    expect(errors).toEqual([]);
  });
});
