import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { getJson, serverAndBrowser } from './harness';

const ASSET = 'P-101';

interface Version {
  version: number;
  active: boolean;
  note?: string;
}

/** Pixels of the alert-threshold line (dark red, dashed) on the rows around where the chart says it drew it. */
async function thresholdPixels(page: Page): Promise<number> {
  return page.evaluate(() => {
    const plot = document.querySelector<HTMLElement>('[data-testid="anomaly-chart"] .chart-plot');
    const canvas = plot?.querySelector('canvas');
    const ctx = canvas?.getContext('2d');
    const y = Number(plot?.dataset.thresholdY);
    if (!canvas || !ctx || !Number.isFinite(y) || plot?.dataset.thresholdY === '') return 0;
    const { data } = ctx.getImageData(0, Math.max(0, Math.round(y) - 1), canvas.width, 3);
    let n = 0;
    for (let i = 0; i < data.length; i += 4) {
      const r = data[i] ?? 0;
      const g = data[i + 1] ?? 0;
      const b = data[i + 2] ?? 0;
      if (r > 140 && r - g > 60 && r - b > 60) n++;
    }
    return n;
  });
}

/**
 * Pixels of a sensor chart tinted green: only the model's normal band and its expected line are green (the
 * series are blue, the grid grey, flagged intervals amber or red).
 */
async function bandPixels(page: Page, sensorId: string): Promise<number> {
  return page.evaluate((id) => {
    const canvas = document.querySelector<HTMLCanvasElement>(
      `[data-testid="sensor-chart"][data-sensor-id="${id}"] .chart-plot canvas`,
    );
    const ctx = canvas?.getContext('2d');
    if (!canvas || !ctx) return 0;
    const { data } = ctx.getImageData(0, 0, canvas.width, canvas.height);
    let n = 0;
    for (let i = 0; i < data.length; i += 4) {
      const r = data[i] ?? 0;
      const g = data[i + 1] ?? 0;
      const b = data[i + 2] ?? 0;
      if ((data[i + 3] ?? 0) > 0 && g > 100 && g > r + 8 && g > b + 4) n++;
    }
    return n;
  }, sensorId);
}

// The real browser: Debian Chromium driven by playwright-core (npx playwright install cannot work here).
describe('models and anomaly views in Chromium', () => {
  const fx = serverAndBrowser();

  it('lists model versions, trains a new one with progress, rolls back, and draws the anomaly views', {
    timeout: 240_000,
  }, async () => {
    const page = await fx.browser.newPage({ viewport: { width: 1440, height: 900 } });
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(`${fx.server.base}/`);
    await page.getByRole('link', { name: 'Models', exact: true }).click();
    await page.waitForURL(/#\/models$/);
    await page.waitForSelector('[data-testid="models-page"]', { timeout: 15_000 });

    // The demo asset's model trained at startup shows up (the page follows the live 'model' events).
    const card = page.locator(`[data-testid="model-asset"][data-asset-id="${ASSET}"]`);
    await page.waitForSelector(
      `[data-testid="model-asset"][data-asset-id="${ASSET}"]:not([data-active-version=""]) [data-testid="model-version"]`,
      { timeout: 120_000 },
    );
    const before = Number(await card.getAttribute('data-versions'));
    const activeBefore = Number(await card.getAttribute('data-active-version'));
    expect(before).toBeGreaterThanOrEqual(1);
    expect(await card.locator('[data-testid="model-version"][data-active="true"]').count()).toBe(1);
    expect(await card.locator('[data-testid="model-versions"]').textContent()).toMatch(/false alarm/);

    // Train a new version from the form's default range (the last 24 h).
    await card.getByTestId('train-open').click();
    const form = card.getByTestId('train-form');
    expect(await form.getByLabel('From', { exact: true }).inputValue()).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d$/);
    await form.getByLabel('Detector', { exact: true }).selectOption('pca');
    await form.getByLabel('Note', { exact: true }).fill('e2e retrain');
    await form.getByTestId('train-submit').click();
    const progress = form.getByTestId('job-progress');
    await progress.waitFor({ timeout: 10_000 });
    await form.locator('[data-testid="job-progress"][data-state="done"]').waitFor({ timeout: 120_000 });
    expect(await progress.getByRole('progressbar').getAttribute('aria-valuenow')).toBe('100');
    const trained = Number(await progress.getAttribute('data-version'));
    expect(trained).toBeGreaterThan(activeBefore);

    // The new version is listed, active (a trained model becomes the active one), with its note.
    const row = card.locator(`[data-testid="model-version"][data-version="${trained}"]`);
    await card.locator(`[data-testid="model-version"][data-version="${trained}"][data-active="true"]`).waitFor({
      timeout: 15_000,
    });
    expect(await row.textContent()).toContain('e2e retrain');
    // Its evaluation report opens on demand.
    const evaluation = row.getByTestId('model-evaluation');
    expect(await evaluation.textContent()).toMatch(/held-out windows/);
    await evaluation.getByTestId('model-report-toggle').click();
    const report = card.locator(`tr.model-report-row[data-version="${trained}"] [data-testid="model-report"]`);
    expect(await report.textContent()).toContain('Held-out score');
    expect(Number(await card.getAttribute('data-versions'))).toBe(before + 1);

    // Roll back to the version that was active before, with a confirmation step.
    const old = card.locator(`[data-testid="model-version"][data-version="${activeBefore}"]`);
    await old.getByTestId('model-activate').click();
    await old.getByTestId('model-activate-confirm').click();
    await card
      .locator(`[data-testid="model-version"][data-version="${activeBefore}"][data-active="true"]`)
      .waitFor({ timeout: 15_000 });
    expect(await row.getAttribute('data-active')).toBe('false');
    const api = await getJson<{ active?: Version }>(`${fx.server.base}/api/assets/${ASSET}/models`);
    expect(api.body.active?.version).toBe(activeBefore);

    // Phone width: the version history turns into stacked cards, nothing runs off the side.
    await page.setViewportSize({ width: 390, height: 844 });
    await page.waitForTimeout(300);
    const overflow = await page.evaluate(() => {
      const content = document.querySelector('.content');
      const table = document.querySelector('[data-testid="model-versions"]');
      return {
        page: (content?.scrollWidth ?? 0) - (content?.clientWidth ?? 0),
        table: (table?.scrollWidth ?? 0) - (table?.parentElement?.clientWidth ?? 0),
      };
    });
    expect(overflow.page).toBeLessThanOrEqual(1);
    expect(overflow.table).toBeLessThanOrEqual(1);
    await page.setViewportSize({ width: 1440, height: 900 });

    // Asset page: the anomaly score per window with its alert-threshold line, the contributions, and the model's
    // normal band behind a sensor chart.
    await page.goto(`${fx.server.base}/#/assets/${ASSET}`);
    const chart = page.locator('[data-testid="anomaly-chart"]');
    await page.waitForSelector('[data-testid="anomaly-chart"][data-state="ready"]:not([data-points="0"])', {
      timeout: 30_000,
    });
    // modelVersion is optional in the contract; when the server sends it, it is the version rolled back to.
    const shown = await chart.getAttribute('data-model-version');
    if (shown) expect(Number(shown)).toBe(activeBefore);
    expect(await chart.textContent()).toContain('alert threshold');
    await page.waitForFunction(
      () =>
        Number(document.querySelector('[data-testid="anomaly-chart"] .chart-plot')?.getAttribute('data-threshold-y')) >
        0,
      undefined,
      { timeout: 10_000 },
    );
    expect(await thresholdPixels(page)).toBeGreaterThan(100);
    await page.waitForSelector('[data-testid="contribution-chart"] [data-testid="contribution-bar"]', {
      timeout: 30_000,
    });

    const banded = await page.waitForFunction(
      () =>
        [...document.querySelectorAll<HTMLElement>('[data-testid="sensor-chart"]')].find(
          (c) => Number(c.dataset.bandWindows) > 0 && Number(c.dataset.points) > 10,
        )?.dataset.sensorId,
      undefined,
      { timeout: 30_000, polling: 500 },
    );
    const sensorId = (await banded.jsonValue()) as string;
    expect(await bandPixels(page, sensorId)).toBeGreaterThan(200);

    // The asset page on a phone: charts and contributions stack, nothing runs off the side.
    await page.setViewportSize({ width: 390, height: 844 });
    await page.waitForTimeout(300);
    const assetOverflow = await page.evaluate(() => {
      const content = document.querySelector('.content');
      return (content?.scrollWidth ?? 0) - (content?.clientWidth ?? 0);
    });
    expect(assetOverflow).toBeLessThanOrEqual(1);
    expect(errors).toEqual([]);
  });
});
