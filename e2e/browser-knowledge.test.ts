import type { Alert, WorkOrderDetail } from '@prognos/core';
import { describe, expect, it } from 'vitest';
import { overflow, pageErrors } from './browser-helpers';
import { disableWorkOrderRule, getJson, postJson, serverAndBrowser, waitFor } from './harness';

const ASSET = 'G-401';
/** Wall minutes to failure (12 process hours at the demo's 360×): the misalignment alerts within half a minute. */
const TTF_MINUTES = 2;

/** Lee books 40 minutes on the work order and completes it: the coupling bolts were loose. */
async function fixCoupling(base: string, id: string): Promise<void> {
  expect((await postJson(`${base}/api/work-orders/${id}/labour`, { technician: 'lee', hours: 2 / 3 })).status).toBe(
    200,
  );
  const done = await postJson(`${base}/api/work-orders/${id}/complete`, {
    by: 'lee',
    findings: {
      failureConfirmed: true,
      rootCause: 'coupling bolts loose',
      actionTaken: 're-tightened and realigned',
      downtimeHours: 1,
    },
  });
  expect(done.status).toBe(200);
}

// The real browser: Debian Chromium driven by playwright-core.
describe('know-how search in Chromium', () => {
  const fx = serverAndBrowser();

  it('finds a completed work order by a word of its findings, highlighted, and opens the work order', {
    timeout: 90_000,
  }, async () => {
    const base = fx.server.base;
    // A job done by hand on the gearbox: 40 minutes, coupling bolts found loose.
    const created = await postJson<WorkOrderDetail>(`${base}/api/work-orders`, {
      assetId: 'G-401',
      type: 'corrective',
      title: 'Noisy coupling on the conveyor gearbox',
      failureModeId: 'gearbox-misalignment',
      by: 'kim',
    });
    expect(created.status).toBe(200);
    const id = created.body.id;
    await fixCoupling(base, id);

    const page = await fx.browser.newPage({ viewport: { width: 390, height: 844 } });
    const errors = pageErrors(page);
    await page.goto(`${base}/#/knowledge`);
    // Without words: the newest findings.
    await expect.poll(() => page.getByTestId('knowledge-hit').count(), { timeout: 15_000 }).toBe(1);

    await page.getByTestId('knowledge-search').fill('coupling bolt*');
    await page.getByTestId('knowledge-search-submit').click();
    await page.waitForURL(/#\/knowledge\?q=coupling%20bolt\*$/);
    const hit = page.locator(`[data-testid="knowledge-hit"][data-work-order-id="${id}"]`);
    await expect.poll(() => hit.getByTestId('knowledge-snippet').count(), { timeout: 10_000 }).toBe(1);
    expect(await hit.locator('mark').allTextContents()).toEqual(expect.arrayContaining(['coupling', 'bolts']));
    const text = await hit.textContent();
    expect(text).toContain('re-tightened and realigned');
    expect(text).toContain('Input or output shaft misalignment');
    expect(text).toContain('fixed in 40 min');
    expect((await overflow(page)).doc).toBeLessThanOrEqual(0);
    await page.getByTestId('knowledge-page').screenshot({ path: 'test-results/knowledge-page.png' });
    const box = await page.getByTestId('knowledge-search-submit').boundingBox();
    expect(box?.height).toBeGreaterThanOrEqual(44);

    // No match: says so instead of an empty list.
    await page.getByTestId('knowledge-search').fill('impeller');
    await page.getByTestId('knowledge-search-submit').click();
    await expect.poll(() => page.getByText('Nothing found for “impeller”').count(), { timeout: 10_000 }).toBe(1);

    // Back to the hit, then to its work order.
    await page.goBack();
    await hit.locator('a.know-title').click();
    await page.waitForURL(new RegExp(`#/work-orders/${id}$`));
    expect(errors).toEqual([]);
    await page.close();
  });

  it("shows last time's finding on a later similar alert, and past findings for its causes", {
    timeout: 600_000,
  }, async () => {
    const base = fx.server.base;
    await disableWorkOrderRule(base);
    const activeAnomaly = async (notId?: string) =>
      (await getJson<Alert[]>(`${base}/api/alerts?assetId=${ASSET}&state=active`)).body.find(
        (a) => a.kind === 'anomaly' && a.id !== notId,
      );
    const inject = async () =>
      expect(
        (
          await postJson(`${base}/api/simulator/faults`, {
            assetId: ASSET,
            kind: 'misalignment',
            timeToFailureMinutes: TTF_MINUTES,
          })
        ).status,
      ).toBe(200);

    await inject();
    const first = await waitFor(activeAnomaly, (TTF_MINUTES + 2) * 60_000, `an anomaly alert on ${ASSET}`);
    const wo = (await postJson<WorkOrderDetail>(`${base}/api/alerts/${first.id}/work-order`, { by: 'kim' })).body;
    await fixCoupling(base, wo.id);
    expect((await postJson(`${base}/api/simulator/assets/${ASSET}/repair`, {})).status).toBe(200);
    await waitFor(
      async () => ((await activeAnomaly()) === undefined ? true : undefined),
      60_000,
      `no active anomaly on ${ASSET} after the repair`,
    );
    await inject();
    const again = await waitFor(
      async () => {
        const a = await activeAnomaly(first.id);
        return a?.similar?.some((e) => e.alertId === first.id) ? a : undefined;
      },
      (TTF_MINUTES + 2) * 60_000,
      'a second alert with the first as a similar episode',
    );

    const page = await fx.browser.newPage({ viewport: { width: 390, height: 844 } });
    const errors = pageErrors(page);
    await page.goto(`${base}/#/alerts/${again.id}`);
    const episode = page.locator(`[data-testid="similar-episode"][data-alert-id="${first.id}"]`);
    const finding = episode.getByTestId('similar-finding');
    await expect.poll(() => finding.count(), { timeout: 15_000 }).toBe(1);
    expect(await finding.getByTestId('similar-finding-cause').textContent()).toBe('coupling bolts loose');
    const text = await finding.textContent();
    expect(text).toContain('re-tightened and realigned');
    expect(text).toContain('fixed in 40 min');
    expect(text).toContain('by lee');
    // Past findings for the alert's likely causes on gearboxes (at least the job done by hand above, on misalignment).
    const past = page.getByTestId('past-findings');
    await expect.poll(() => past.getByTestId('knowledge-hit').count(), { timeout: 10_000 }).toBeGreaterThanOrEqual(1);
    expect((await overflow(page)).doc).toBeLessThanOrEqual(0);
    // For a person to look at: last time's finding and the past findings on a phone.
    await page.getByTestId('similar-episodes').screenshot({ path: 'test-results/knowledge-similar.png' });
    await past.screenshot({ path: 'test-results/knowledge-past-findings.png' });
    await finding.getByTestId('similar-finding-work-order').click();
    await page.waitForURL(new RegExp(`#/work-orders/${wo.id}$`));
    expect(errors).toEqual([]);
    await page.close();
  });
});
