import { join } from 'node:path';
import type { Alert, BusinessCaseInputs, BusinessCaseResult, EvidenceLedger, WorkOrderDetail } from '@prognos/core';
import { describe, expect, it } from 'vitest';
import { fmtTraced, roiFieldErrors } from '../packages/web/src/roi-format';
import { expectFits, makeShotsFolder, minHeight, pageErrors, shots } from './browser-helpers';
import { disableWorkOrderRule, getJson, postJson, serverAndBrowser, waitFor } from './harness';

/** The gearbox misalignment alerts within about half a minute at 2 wall minutes to failure (knowledge.test.ts). */
const ASSET = 'G-401';
const TTF_MINUTES = 2;

// The real browser: Debian Chromium driven by playwright-core (npx playwright install cannot work here).
describe('the ROI page in Chromium', () => {
  const fx = serverAndBrowser();

  it('shows the business case traced to its inputs, recomputes on an edit, and lists the evidence', {
    timeout: 420_000,
  }, async () => {
    const base = fx.server.base;
    const post = <T>(path: string, body: unknown) => postJson<T>(`${base}${path}`, body);
    const expectedNpv = async () => {
      const c = (await getJson<BusinessCaseResult>(`${base}/api/roi/case`)).body;
      const s = c.scenarios.find((x) => x.name === 'expected');
      expect(s).toBeDefined();
      return fmtTraced(s?.npv);
    };
    // The evidence below comes from a real alert: a person creates its work order (the automatic rule is off), and
    // the fault starts now so its alert is there by the time the business case has been checked.
    await disableWorkOrderRule(base);
    expect(
      (await post('/api/simulator/faults', { assetId: ASSET, kind: 'misalignment', timeToFailureMinutes: TTF_MINUTES }))
        .status,
    ).toBe(200);

    const page = await fx.browser.newPage({ viewport: { width: 1280, height: 900 } });
    const errors = pageErrors(page);
    await page.goto(`${base}/`);
    await page.locator('nav.sidebar a[href="#/roi"]').click();
    await page.waitForURL(/#\/roi$/);

    // The three scenarios, each with its NPV as the API computed it.
    const cards = page.getByTestId('roi-scenario');
    await cards.first().waitFor({ timeout: 15_000 });
    expect(await cards.evaluateAll((els) => els.map((e) => e.getAttribute('data-scenario')))).toEqual([
      'conservative',
      'expected',
      'optimistic',
    ]);
    const npv = page.locator('[data-testid="roi-scenario"][data-scenario="expected"] [data-testid="roi-npv"] button');
    const before = await expectedNpv();
    expect(await npv.textContent()).toBe(before);
    const caseBefore = (await getJson<BusinessCaseResult>(`${base}/api/roi/case`)).body;
    for (const s of caseBefore.scenarios) {
      const shown = page.locator(
        `[data-testid="roi-scenario"][data-scenario="${s.name}"] [data-testid="roi-npv"] button`,
      );
      expect(await shown.textContent()).toBe(fmtTraced(s.npv));
    }
    expect(await page.getByTestId('roi-detection').getAttribute('data-source')).toBe(caseBefore.detection.source);

    // Click the expected NPV: how it was computed, with its formula and inputs.
    await npv.click();
    const panel = page.getByTestId('trace-panel');
    await panel.waitFor();
    expect(await panel.getByTestId('trace-label').textContent()).toBe(
      caseBefore.scenarios.find((s) => s.name === 'expected')?.npv.label,
    );
    expect(await panel.getByTestId('trace-value').textContent()).toBe(before);
    expect((await panel.getByTestId('trace-formula').textContent())?.length ?? 0).toBeGreaterThan(5);
    expect(await panel.getByTestId('trace-input').count()).toBeGreaterThanOrEqual(1);
    makeShotsFolder();
    await page.screenshot({ path: join(shots, 'screenshot-roi-trace.png') });
    await panel.getByTestId('trace-close').click();
    await panel.waitFor({ state: 'detached' });

    // The tornado has a bar per input, the largest swing first; the benefit lines and cash flow are drawn.
    const bars = page.locator('[data-testid="roi-tornado"] [data-testid="tornado-bar"]');
    expect(await bars.count()).toBeGreaterThanOrEqual(1);
    expect(await bars.count()).toBe(caseBefore.tornado.length);
    expect(await bars.first().getAttribute('data-input')).toBe(caseBefore.tornado[0]?.input);
    expect(await page.getByTestId('roi-benefit-line').count()).toBeGreaterThanOrEqual(1);
    expect(await page.locator('[data-testid="roi-cashflow"] rect').count()).toBe(
      caseBefore.scenarios.find((s) => s.name === 'expected')?.cashFlows.length,
    );
    // Every figure on the business case goes through the traced component.
    expect(await page.getByTestId('traced').count()).toBeGreaterThan(10);
    await page.screenshot({ path: join(shots, 'screenshot-roi.png'), fullPage: true });
    await page.getByTestId('roi-benefits').evaluate((e) => e.scrollIntoView({ block: 'start' }));
    await page.screenshot({ path: join(shots, 'screenshot-roi-benefits.png') });
    await page.getByTestId('roi-cashflow').screenshot({ path: join(shots, 'screenshot-roi-cashflow.png') });
    await page.getByTestId('roi-tornado').evaluate((e) => e.scrollIntoView({ block: 'end' }));
    await page.screenshot({ path: join(shots, 'screenshot-roi-tornado.png') });

    // Edit a class's failures per year and save: the case is recomputed and the page shows the API's new NPV.
    await page.getByTestId('roi-tab-inputs').click();
    const form = page.getByTestId('roi-inputs-form');
    await form.waitFor();
    const field = page.getByTestId('roi-input-classes.0.failuresPerYear');
    const was = Number(await field.inputValue());
    await field.fill(String(was * 2 + 1));
    await page.getByTestId('roi-save').click();
    await page.getByTestId('roi-saved').waitFor({ timeout: 15_000 });
    const saved = (await getJson<BusinessCaseInputs & { defaults: boolean }>(`${base}/api/roi/inputs`)).body;
    expect(saved.defaults).toBe(false);
    expect(saved.classes[0]?.failuresPerYear).toBe(was * 2 + 1);
    const after = await expectedNpv();
    expect(after).not.toBe(before);
    await page.getByTestId('roi-tab-case').click();
    await expect.poll(() => npv.textContent(), { timeout: 15_000 }).toBe(after);

    // A negative value: the server's coded error shows at the field it names, and nothing is stored.
    await page.getByTestId('roi-tab-inputs').click();
    await field.fill('-3');
    await page.getByTestId('roi-save').click();
    const fieldError = page.getByTestId('field-error-classes.0.failuresPerYear');
    await fieldError.waitFor({ timeout: 15_000 });
    expect((await fieldError.textContent())?.length ?? 0).toBeGreaterThan(0);
    expect(await field.getAttribute('aria-invalid')).toBe('true');
    const bad = await fetch(`${base}/api/roi/inputs`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        ...saved,
        defaults: undefined,
        classes: saved.classes.map((c, k) => (k === 0 ? { ...c, failuresPerYear: -3 } : c)),
      }),
    });
    expect(bad.status).toBe(400);
    const badBody = (await bad.json()) as { code: string; message: string; details?: unknown };
    expect(badBody.code).toMatch(/^[A-Z_]+$/);
    expect(badBody.message).toContain('failuresPerYear');
    // The message at the field is the server's own for that field.
    const named = roiFieldErrors(badBody.details)['classes.0.failuresPerYear'];
    expect(named).toBeTruthy();
    expect(await fieldError.textContent()).toBe(named);
    expect(await fieldError.isVisible()).toBe(true);
    expect(await page.getByTestId('roi-save-error').textContent()).toContain('failuresPerYear');
    expect((await getJson<BusinessCaseInputs>(`${base}/api/roi/inputs`)).body.classes[0]?.failuresPerYear).toBe(
      was * 2 + 1,
    );
    await page.screenshot({ path: join(shots, 'screenshot-roi-inputs.png') });

    // Evidence: a confirmed catch (the alert's work order completed with the failure confirmed) and a missed failure
    // (a corrective repair of a failure no alert warned of).
    const alert = await waitFor(
      async () => {
        const list = (await getJson<Alert[]>(`${base}/api/alerts?assetId=${ASSET}&state=active`)).body;
        return list.find((a) => a.kind === 'anomaly');
      },
      (TTF_MINUTES + 2) * 60_000,
      `an anomaly alert on ${ASSET}`,
    );
    const wo = (await post<WorkOrderDetail>(`/api/alerts/${alert.id}/work-order`, { by: 'kim' })).body;
    expect((await post(`/api/work-orders/${wo.id}/start`, { by: 'lee' })).status).toBe(200);
    const done = await post(`/api/work-orders/${wo.id}/complete`, {
      by: 'lee',
      findings: {
        failureConfirmed: true,
        rootCause: 'coupling bolts loose',
        actionTaken: 'realigned',
        downtimeHours: 1,
      },
    });
    expect(done.status).toBe(200);
    expect((await post(`/api/simulator/assets/${ASSET}/repair`, {})).status).toBe(200);
    const manual = await post<WorkOrderDetail>('/api/work-orders', {
      assetId: 'P-101',
      type: 'corrective',
      title: 'Seal burst during the night shift',
      by: 'kim',
    });
    expect(manual.status).toBe(200);
    expect((await post(`/api/work-orders/${manual.body.id}/start`, { by: 'lee' })).status).toBe(200);
    const missed = await post(`/api/work-orders/${manual.body.id}/complete`, {
      by: 'lee',
      findings: { failureConfirmed: true, rootCause: 'seal worn', actionTaken: 'replaced the seal', downtimeHours: 6 },
    });
    expect(missed.status).toBe(200);

    // The page's period is the last 12 months: the same ledger the API gives for it.
    await page.reload();
    await page.getByTestId('roi-tab-evidence').click();
    await page.getByTestId('ledger-totals').waitFor({ timeout: 15_000 });
    const pdfHref = (await page.getByTestId('roi-download-pdf').getAttribute('href')) ?? '';
    const q = new URL(pdfHref, base).searchParams;
    const ledger = (await getJson<EvidenceLedger>(`${base}/api/roi/ledger?from=${q.get('from')}&to=${Date.now()}`))
      .body;
    expect(ledger.totals.catches).toBe(1);
    expect(ledger.totals.missedFailures).toBe(1);
    const entries = page.getByTestId('ledger-entry');
    await expect.poll(() => entries.count(), { timeout: 15_000 }).toBe(ledger.entries.length);
    const kinds = await entries.evaluateAll((els) => els.map((e) => e.getAttribute('data-kind')).sort());
    expect(kinds).toEqual(ledger.entries.map((e) => e.kind).sort());
    const caught = page.locator('[data-testid="ledger-entry"][data-kind="catch"]');
    expect(await caught.getByTestId('ledger-alert-link').getAttribute('href')).toBe(
      `#/alerts/${encodeURIComponent(alert.id)}`,
    );
    expect(await caught.getByTestId('ledger-wo-link').getAttribute('href')).toBe(
      `#/work-orders/${encodeURIComponent(wo.id)}`,
    );
    expect(await page.getByTestId('ledger-catches').locator('.roi-mid').textContent()).toBe('1');
    expect(await page.getByTestId('ledger-missed').locator('.roi-mid').textContent()).toBe('1');
    const net = page.getByTestId('ledger-net').getByTestId('traced').first();
    expect(await net.textContent()).toBe(fmtTraced(ledger.traced.net));
    // The catch's value opens its trace too.
    await caught.getByTestId('traced').last().click();
    await page.getByTestId('trace-panel').waitFor();
    expect(await page.getByTestId('trace-input').count()).toBeGreaterThanOrEqual(1);
    await page.getByTestId('trace-close').click();
    // Grouped by asset, line and month.
    for (const g of ['asset', 'line', 'month'] as const) {
      await page.getByTestId(`ledger-group-${g}`).click();
      const rows = page.locator(`[data-testid="ledger-groups"][data-group-by="${g}"] [data-testid="ledger-group"]`);
      await expect.poll(() => rows.count()).toBeGreaterThanOrEqual(1);
    }
    await page.screenshot({ path: join(shots, 'screenshot-roi-evidence.png'), fullPage: true });

    // The downloads are plain links to the API with the period: a PDF and a CSV.
    for (const [id, type] of [
      ['roi-download-pdf', 'application/pdf'],
      ['roi-download-csv', 'text/csv'],
    ] as const) {
      const href = (await page.getByTestId(id).getAttribute('href')) ?? '';
      expect(href).toMatch(/^\/api\/roi\/report\.(pdf|csv)\?from=\d+&to=\d+$/);
      const res = await fetch(new URL(href, base));
      expect(res.status, id).toBe(200);
      expect(res.headers.get('content-type'), id).toContain(type);
      const body = Buffer.from(await res.arrayBuffer());
      expect(body.length, id).toBeGreaterThan(100);
      if (type === 'application/pdf') expect(body.subarray(0, 5).toString()).toBe('%PDF-');
    }

    // On a phone every section fits and its controls are big enough to hit.
    await page.setViewportSize({ width: 390, height: 844 });
    await page.waitForTimeout(300);
    await expectFits(page);
    expect(await minHeight(page.locator('.roi-page [data-testid="traced"]'))).toBeGreaterThanOrEqual(44);
    expect(await minHeight(page.locator('.roi-page .segmented button'))).toBeGreaterThanOrEqual(44);
    await page.screenshot({ path: join(shots, 'screenshot-roi-evidence-phone.png'), fullPage: true });
    await page.getByTestId('roi-tab-case').click();
    await page.getByTestId('roi-scenario').first().waitFor();
    await expectFits(page);
    expect(await minHeight(page.locator('.roi-page [data-testid="traced"]'))).toBeGreaterThanOrEqual(44);
    expect(await minHeight(page.locator('.roi-downloads a'))).toBeGreaterThanOrEqual(44);
    await page.screenshot({ path: join(shots, 'screenshot-roi-phone.png'), fullPage: true });
    await page.getByTestId('roi-tornado').evaluate((e) => e.scrollIntoView({ block: 'start' }));
    await page.screenshot({ path: join(shots, 'screenshot-roi-tornado-phone.png') });
    await page.getByTestId('roi-tab-inputs').click();
    await page.getByTestId('roi-inputs-form').waitFor();
    await expectFits(page);
    expect(await minHeight(page.getByTestId('roi-inputs-form').locator('input, button'))).toBeGreaterThanOrEqual(44);

    expect(errors).toEqual([]);
    await page.close();
  });
});
