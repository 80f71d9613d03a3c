import { mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Alert } from '@prognos/core';
import { describe, expect, it } from 'vitest';
import { getJson, postJson, serverAndBrowser } from './harness';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
// Screenshots go to test-results/; `PROGNOS_UPDATE_SCREENSHOTS=1 npm test` refreshes the README's in docs/.
const shots = join(root, process.env.PROGNOS_UPDATE_SCREENSHOTS ? 'docs' : 'test-results');

interface SimStatus {
  faults: { assetId: string; failed: boolean; failedAt?: number; expectedFailureAt: number }[];
}

// The real browser: Debian Chromium driven by playwright-core (npx playwright install cannot work here).
describe('web UI in Chromium, with an injected fault', () => {
  const fx = serverAndBrowser();

  it('shows the fleet, opens an asset, draws live charts, and shows the fault alert before the failure', {
    timeout: 180_000,
  }, async () => {
    // A bearing episode on the sister pump last month, fixed by a work order: the new alert should recall it.
    const metadata = fx.server.p.ctx.metadata;
    const monthAgo = Date.now() - 30 * 86_400_000;
    await metadata.saveAlert({
      id: 'past-P-102',
      assetId: 'P-102',
      kind: 'anomaly',
      severity: 'warning',
      state: 'closed',
      title: 'Abnormal vibration on P-102',
      explanation: 'DE bearing vibration high',
      contributions: [
        {
          sensor: 'P-102.VIB-DE',
          name: 'DE vibration',
          unit: 'mm/s',
          share: 0.7,
          value: 4,
          expected: 1.5,
          low: 1,
          high: 2,
        },
        {
          sensor: 'P-102.VIB-NDE',
          name: 'NDE vibration',
          unit: 'mm/s',
          share: 0.2,
          value: 2.5,
          expected: 1.2,
          low: 0.8,
          high: 1.6,
        },
        {
          sensor: 'P-102.TEMP-BRG',
          name: 'bearing temp',
          unit: '°C',
          share: 0.1,
          value: 60,
          expected: 50,
          low: 45,
          high: 55,
        },
      ],
      score: 3,
      peakScore: 5,
      startedAt: monthAgo,
      updatedAt: monthAgo + 3_600_000,
      closedAt: monthAgo + 7_200_000,
    });
    await metadata.saveWorkOrder({
      id: 'WO-past',
      assetId: 'P-102',
      alertId: 'past-P-102',
      title: 'Replace DE bearing',
      description: '',
      status: 'done',
      priority: 'high',
      createdAt: monthAgo + 600_000,
      completedAt: monthAgo + 5 * 3_600_000,
    });
    const inject = await postJson<{ expectedFailureAt: number }>(`${fx.server.base}/api/simulator/faults`, {
      assetId: 'P-101',
      kind: 'bearing_wear',
      timeToFailureMinutes: 1.5,
    });
    expect(inject.status).toBe(200);

    const page = await fx.browser.newPage({ viewport: { width: 1440, height: 900 } });
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(`${fx.server.base}/`);
    await page.waitForFunction(() => document.querySelectorAll('[data-testid="asset-card"]').length >= 6, undefined, {
      timeout: 15_000,
    });
    expect(await page.locator('[data-testid="asset-card"]').count()).toBeGreaterThanOrEqual(6);

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
    // a chart is a real canvas drawn by uPlot
    expect(await page.locator('[data-testid="sensor-chart"] canvas').count()).toBeGreaterThan(0);
    // live: the newest drawn reading moves forward as readings stream in
    const before = Number(await page.locator('[data-testid="sensor-chart"]').first().getAttribute('data-last-ts'));
    await page.waitForFunction(
      (b) => Number(document.querySelector('[data-testid="sensor-chart"]')?.getAttribute('data-last-ts')) > b,
      before,
      { timeout: 15_000 },
    );

    // the injected bearing fault raises an alert, shown on the asset page with its explanation
    await page.waitForSelector('[data-testid="active-alert"]', { timeout: 90_000 });
    const explanation = await page.locator('[data-testid="alert-explanation"]').textContent();
    expect(explanation).toMatch(/vibration|bearing/i);
    expect(explanation).toMatch(/mm\/s|°C/);
    // …and what happened the last time a pump deviated like this
    await page.waitForSelector('[data-testid="similar-episode"][data-alert-id="past-P-102"]', { timeout: 15_000 });
    expect(await page.locator('[data-testid="similar-episodes"]').textContent()).toContain(
      'Fixed: work order "Replace DE bearing" completed',
    );

    const alerts = await getJson<Alert[]>(`${fx.server.base}/api/alerts?assetId=P-101`);
    expect(alerts.body.length).toBe(1);
    const alert = alerts.body[0]!;
    expect(alert.contributions.some((c) => c.sensor.startsWith('P-101.'))).toBe(true);
    const sim = await getJson<SimStatus>(`${fx.server.base}/api/simulator`);
    const fault = sim.body.faults.find((f) => f.assetId === 'P-101')!;
    // raised before the simulated failure
    expect(alert.startedAt).toBeLessThan(fault.failedAt ?? fault.expectedFailureAt);
    expect(alert.startedAt).toBeLessThan(inject.body.expectedFailureAt);

    await page.waitForTimeout(1500);
    mkdirSync(shots, { recursive: true });
    await page.screenshot({ path: join(shots, 'screenshot-asset.png') });
    await page.goto(`${fx.server.base}/#/`);
    await page.waitForSelector('[data-testid="asset-card"][data-asset-id="P-101"][data-status="alarm"]', {
      timeout: 15_000,
    });
    await page.waitForTimeout(1000);
    await page.screenshot({ path: join(shots, 'screenshot.png') });
    expect(errors).toEqual([]);
  });
});
