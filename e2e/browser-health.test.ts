import { mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { serverAndBrowser } from './harness';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
// Screenshots go to test-results/; `PROGNOS_UPDATE_SCREENSHOTS=1 npm test` refreshes the README's in docs/.
const shots = join(root, process.env.PROGNOS_UPDATE_SCREENSHOTS ? 'docs' : 'test-results');
const ASSET = 'P-101';

// The real browser: Debian Chromium driven by playwright-core (npx playwright install cannot work here).
describe('health by component in Chromium', () => {
  const fx = serverAndBrowser();

  it('shows one health bar per component, worst first, and fits a phone', { timeout: 60_000 }, async () => {
    const page = await fx.browser.newPage({ viewport: { width: 1400, height: 900 } });
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(`${fx.server.base}/#/assets/${ASSET}`);
    await page.waitForSelector('[data-testid="component-health-panel"]', { timeout: 15_000 });
    // The demo's pumps have components (bearings, motor, …): rows come with the first scored window, from the
    // asset's detail or the live 'health' events.
    await page.waitForSelector('[data-testid="component-health"] [data-testid="component-row"]', { timeout: 40_000 });

    const rows = await page.$$eval('[data-testid="component-row"]', (els) =>
      els.map((e) => ({
        id: e.getAttribute('data-component-id') ?? '',
        name: e.querySelector('.hp-name')?.textContent?.trim() ?? '',
        health: e.getAttribute('data-health') ?? '',
      })),
    );
    expect(rows.length).toBeGreaterThanOrEqual(2);
    for (const r of rows) {
      expect(r.id).not.toBe('');
      expect(r.name).not.toBe('');
      expect(r.health).toMatch(/^\d+$/);
      const h = Number(r.health);
      expect(h).toBeGreaterThanOrEqual(0);
      expect(h).toBeLessThanOrEqual(100);
    }
    const values = rows.map((r) => Number(r.health));
    expect(values).toEqual([...values].sort((a, b) => a - b));
    expect(await page.getByTestId('health-trend').textContent()).toMatch(/Steady|Falling \d+|Rising \d+/);

    mkdirSync(shots, { recursive: true });
    await page.locator('[data-testid="component-health-panel"]').scrollIntoViewIfNeeded();
    await page.screenshot({ path: join(shots, 'screenshot-health.png') });

    // A phone: rows wrap (name, number and trend; the bar below), nothing runs off the side.
    await page.setViewportSize({ width: 390, height: 844 });
    await page.waitForTimeout(300);
    await page.locator('[data-testid="component-health-panel"]').scrollIntoViewIfNeeded();
    const widths = await page.evaluate(() => ({
      doc: document.documentElement.scrollWidth,
      content: (() => {
        const c = document.querySelector('.content');
        return (c?.scrollWidth ?? 0) - (c?.clientWidth ?? 0);
      })(),
      panel: (() => {
        const p = document.querySelector('[data-testid="component-health-panel"]');
        return (p?.scrollWidth ?? 0) - (p?.clientWidth ?? 0);
      })(),
    }));
    expect(widths.doc).toBeLessThanOrEqual(390);
    expect(widths.content).toBeLessThanOrEqual(1);
    expect(widths.panel).toBeLessThanOrEqual(1);
    await page.screenshot({ path: join(shots, 'screenshot-health-phone.png') });
    expect(errors).toEqual([]);
  });
});
