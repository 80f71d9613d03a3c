import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { actAs, expectFits, inRange, makeShotsFolder, pageErrors, shots } from './browser-helpers';
import { disableWorkOrderRule, getJson, postJson, serverAndBrowser } from './harness';

const ASSET = 'P-101';
/** Wall minutes to failure (12 process hours at the demo's 360×): the alert shows within about a minute. */
const TTF_MINUTES = 2;

// The real browser: Debian Chromium driven by playwright-core (npx playwright install cannot work here).
describe('the maintenance loop in Chromium', () => {
  const fx = serverAndBrowser();

  it('turns an injected fault into a work order a technician completes, and the alert precision follows', {
    timeout: 300_000,
  }, async () => {
    const base = fx.server.base;
    // A person creates the work order here, not the automatic rule (critical alerts on A assets).
    await disableWorkOrderRule(base);

    const page = await fx.browser.newPage({ viewport: { width: 1280, height: 900 } });
    const errors = pageErrors(page);
    await page.goto(`${base}/`);
    await page.locator('nav.sidebar a[href="#/alerts"]').click();
    await page.waitForURL(/#\/alerts$/);
    // Nothing labelled yet: precision is unknown, not 0 %.
    const overall = page.getByTestId('precision-overall');
    await expect.poll(() => overall.textContent(), { timeout: 15_000 }).toBe('—');

    const fault = await postJson(`${base}/api/simulator/faults`, {
      assetId: ASSET,
      kind: 'bearing_wear',
      timeToFailureMinutes: TTF_MINUTES,
    });
    expect(fault.status).toBe(200);

    // The alert arrives live on the alerts page; open it.
    const row = page.locator(`[data-testid="alert-row"][data-asset-id="${ASSET}"]`).first();
    await row.waitFor({ timeout: (TTF_MINUTES + 1) * 60_000 });
    await row.getByTestId('alert-open').click();
    await page.waitForURL(/#\/alerts\/[^/]+$/);
    const alertId = decodeURIComponent(page.url().split('#/alerts/')[1] ?? '');
    expect(alertId).not.toBe('');

    // Ranked failure modes: best first, each with a score, and bearing wear's symptoms matched.
    await page.waitForSelector('[data-testid="ranked-failure-mode"]', { timeout: 15_000 });
    const scores = await page.$$eval('[data-testid="ranked-failure-mode"]', (els) =>
      els.map((e) => Number(e.getAttribute('data-score'))),
    );
    expect(scores.length).toBeGreaterThanOrEqual(1);
    expect(scores).toEqual([...scores].sort((a, b) => b - a));
    for (const s of scores) expect(s).toBeGreaterThanOrEqual(0);
    expect(await page.locator('[data-testid="ranked-failure-mode"] .match-num').first().textContent()).toMatch(
      /^\d+ %$/,
    );
    expect(await page.getByTestId('workflow-status').getAttribute('data-status')).toBe('new');
    await actAs(page, 'tech.anna');
    // The workflow by hand: acknowledge, assign, comment, snooze with a reason; each is recorded by name.
    await page.getByTestId('wf-acknowledge').click();
    await expect.poll(() => page.getByTestId('workflow-status').getAttribute('data-status')).toBe('acknowledged');
    await page.getByRole('button', { name: 'Assign', exact: true }).click();
    await page.getByLabel('Assignee').fill('tech.anna');
    await page.locator('form').getByRole('button', { name: 'Assign' }).click();
    await expect.poll(() => page.getByTestId('alert-assignee').textContent()).toContain('tech.anna');
    await page.getByPlaceholder('Add a comment…').fill('Seal area dry, vibration audible at the drive end');
    await page.getByRole('button', { name: 'Post' }).click();
    await page.getByTestId('alert-comment').first().waitFor();
    expect(await page.getByTestId('alert-comment').first().textContent()).toContain('tech.anna');
    await page.getByRole('button', { name: 'Snooze', exact: true }).click();
    await page.getByLabel('Reason').fill('Waiting for the crew on shift');
    await page.locator('form').getByRole('button', { name: 'Snooze' }).click();
    await page.getByText('Snoozed until').waitFor();
    const wf = (
      await getJson<{ workflow: { status: string; assignee?: string; snoozeReason?: string } }>(
        `${base}/api/alerts/${encodeURIComponent(alertId)}`,
      )
    ).body.workflow;
    expect(wf).toMatchObject({
      status: 'acknowledged',
      assignee: 'tech.anna',
      snoozeReason: 'Waiting for the crew on shift',
    });
    makeShotsFolder();
    await page.screenshot({ path: join(shots, 'screenshot-alert-detail.png'), fullPage: true });

    // Create the work order from the alert: the page moves to it.
    await page.getByTestId('create-work-order').click();
    await page.waitForURL(/#\/work-orders\/[^/]+$/, { timeout: 15_000 });
    await page.waitForSelector('[data-testid="work-order-page"]');
    const woId = (await page.getByTestId('work-order-page').getAttribute('data-wo-id')) ?? '';
    expect(woId).not.toBe('');
    expect(['low', 'medium', 'high', 'urgent']).toContain(
      await page.getByTestId('wo-priority').getAttribute('data-priority'),
    );
    const dueAt = Number(await page.getByTestId('wo-due').getAttribute('data-due-at'));
    expect(dueAt).toBeGreaterThan(0);
    expect(await page.getByTestId('wo-due').textContent()).toMatch(/due in|due now|overdue by/);
    expect((await page.getByTestId('wo-risk-reason').textContent())?.trim()).not.toBe('');
    await page.screenshot({ path: join(shots, 'screenshot-work-order.png'), fullPage: true });

    // The technician's phone: nothing runs off the side.
    await page.setViewportSize({ width: 390, height: 844 });
    await page.waitForTimeout(300);
    await expectFits(page);
    await page.screenshot({ path: join(shots, 'screenshot-work-order-phone.png'), fullPage: true });

    // The checklist, on the phone: a step after an open safety step cannot be ticked; tick every step in order.
    const steps = page.getByTestId('procedure-step');
    const n = await steps.count();
    expect(n).toBeGreaterThanOrEqual(2);
    const safety = await steps.evaluateAll((els) => els.map((e) => e.getAttribute('data-safety') === 'true'));
    expect(safety[0]).toBe(true);
    const firstOrdinary = safety.indexOf(false);
    if (firstOrdinary > 0)
      expect(await steps.nth(firstOrdinary).locator('input[type="checkbox"]').isDisabled()).toBe(true);
    const wo0 = (
      await getJson<{ procedure: { expected?: { min?: number; max?: number } }[] }>(
        `${base}/api/work-orders/${encodeURIComponent(woId)}`,
      )
    ).body;
    let readings = 0;
    for (let i = 0; i < n; i++) {
      const step = steps.nth(i);
      const exp = wo0.procedure[i]?.expected;
      if (exp) {
        await step.getByTestId('step-value').fill(String(inRange(exp.min, exp.max)));
        await expect.poll(() => step.getByTestId('reading-hint').getAttribute('data-check')).toBe('in');
        readings++;
      }
      // The box ticks once the server has stored the step (a controlled input), so click and wait for it.
      await step.locator('input[type="checkbox"]').click();
      await expect.poll(() => step.getAttribute('data-done'), { timeout: 10_000 }).toBe('true');
    }
    await expect.poll(() => page.getByTestId('steps-left').textContent()).toBe('All steps done');
    expect(await page.getByTestId('work-order-page').getAttribute('data-status')).toBe('in_progress');

    // Every step is stored, by the technician, safety steps first.
    const stored = (
      await getJson<{ stepResults: { step: number; done: boolean; by: string; value?: number }[] }>(
        `${base}/api/work-orders/${encodeURIComponent(woId)}`,
      )
    ).body;
    expect(
      stored.stepResults
        .filter((r) => r.done)
        .map((r) => r.step)
        .sort((a, b) => a - b),
    ).toEqual([...Array(n).keys()]);
    expect(stored.stepResults.every((r) => r.by === 'tech.anna')).toBe(true);
    expect(stored.stepResults.filter((r) => r.value !== undefined).length).toBe(readings);

    // Findings: the failure the alert pointed at is confirmed.
    await page.getByTestId('finding-confirmed').check();
    await page.getByTestId('finding-root-cause').fill('Drive-end bearing outer race spalled: lubrication starved');
    await page.getByTestId('finding-action').fill('Replaced the drive-end bearing and regreased');
    await page.getByTestId('finding-downtime').fill('3');
    await page.getByTestId('finding-downtime-reason').fill('Planned stop for the bearing change');
    await page.screenshot({ path: join(shots, 'screenshot-work-order-findings-phone.png'), fullPage: true });
    await page.getByTestId('complete-work-order').click();
    await page.waitForSelector('[data-testid="work-order-page"][data-status="done"] [data-testid="wo-findings"]', {
      timeout: 15_000,
    });
    await expectFits(page);

    // Back on the alert: it carries the label from the work order.
    await page.setViewportSize({ width: 1280, height: 900 });
    await page.getByRole('link', { name: `alert ${alertId}` }).click();
    await page.waitForSelector(`[data-testid="alert-page"][data-alert-id="${alertId}"]`);
    const label = page.getByTestId('alert-label');
    await label.waitFor({ timeout: 15_000 });
    expect(await label.getAttribute('data-outcome')).toBe('confirmed');
    await page.screenshot({ path: join(shots, 'screenshot-alert-labelled.png'), fullPage: true });

    // And the precision figure moves from "—" to 100 %.
    await page.locator('nav.sidebar a[href="#/alerts"]').click();
    await page.waitForURL(/#\/alerts$/);
    await expect.poll(() => page.getByTestId('precision-overall').textContent(), { timeout: 15_000 }).toBe('100 %');
    expect(await page.locator(`[data-testid="precision-row"][data-key="${ASSET}"]`).count()).toBe(1);
    await page.getByTestId('precision').scrollIntoViewIfNeeded();
    await page.screenshot({ path: join(shots, 'screenshot-precision.png') });

    // Retraining uses the label: a new model of the pump, trained from the Models page on a period that covers the
    // fault, leaves the confirmed episode (alert start to repair) out of its training data, and the page says so.
    const labelled = (
      await getJson<{ startedAt: number; closedAt?: number; workflow: { label?: { outcome: string; at: number } } }>(
        `${base}/api/alerts/${encodeURIComponent(alertId)}`,
      )
    ).body;
    const labelAt = labelled.workflow.label?.at ?? 0;
    // A confirmed episode lasts until the repair: the label's time, or the alert's close if that came later (the
    // completed work order closes the alert a few milliseconds after it labels it).
    const episodeEnd = Math.max(labelAt, labelled.closedAt ?? 0);
    expect(labelled.workflow.label?.outcome).toBe('confirmed');
    await page.locator('nav.sidebar a[href="#/models"]').click();
    await page.waitForURL(/#\/models$/);
    const card = page.locator(`[data-testid="model-asset"][data-asset-id="${ASSET}"]`);
    await card.locator('[data-testid="model-version"]').first().waitFor({ timeout: 15_000 });
    const versionsBefore = Number(await card.getAttribute('data-versions'));
    await card.getByTestId('train-open').click();
    const form = card.getByTestId('train-form');
    // "Last 6 hours" covers the whole run (one hour of back-fill, then the fault) and ends when Train is pressed.
    await form.getByLabel('Period', { exact: true }).selectOption('6h');
    expect(await form.getByLabel('From', { exact: true }).inputValue()).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d$/);
    await form.getByLabel('Note', { exact: true }).fill('after the bearing repair');
    await form.getByTestId('train-submit').click();
    const progress = form.getByTestId('job-progress');
    await progress.waitFor({ timeout: 10_000 });
    await form.locator('[data-testid="job-progress"][data-state="done"]').waitFor({ timeout: 60_000 });
    expect(await progress.getByRole('progressbar').getAttribute('aria-valuenow')).toBe('100');
    const trained = Number(await progress.getAttribute('data-version'));
    expect(trained).toBeGreaterThan(versionsBefore);
    const newRow = card.locator(`[data-testid="model-version"][data-version="${trained}"]`);
    // Only the new version says what the labels did: those trained before the label say nothing about labels.
    const labels = card.getByTestId('model-labels');
    await labels.waitFor({ timeout: 15_000 });
    expect(await labels.count()).toBe(1);
    expect(await labels.getAttribute('data-version')).toBe(String(trained));
    expect(await labels.getAttribute('data-excluded-episodes')).toBe('1');
    expect(await labels.getAttribute('data-false-alarms-kept')).toBe('0');
    expect(await labels.textContent()).toMatch(
      /^Labels: 1 confirmed failure episode \((\d+ min|< 1 min)\) left out of training · 0 false alarms kept as normal$/,
    );
    await newRow.scrollIntoViewIfNeeded();
    await page.screenshot({ path: join(shots, 'screenshot-models-labels.png') });

    // The API agrees: the new version is active and left out the whole episode, alert start to repair.
    const models = (
      await getJson<{
        active?: { version: number; trainedFrom: number; trainedTo: number; note?: string; labels?: unknown };
      }>(`${base}/api/assets/${ASSET}/models`)
    ).body;
    expect(models.active?.version).toBe(trained);
    expect(models.active?.note).toBe('after the bearing repair');
    // trainedTo is the last training reading's time: readings come once a second, so the last one before the
    // repair's label may be up to a second earlier than the label itself.
    expect(models.active?.trainedTo).toBeGreaterThanOrEqual(labelAt - 1_000);
    expect(models.active?.trainedFrom).toBeLessThanOrEqual(labelled.startedAt);
    expect(models.active?.labels).toEqual({
      excludedEpisodes: 1,
      excludedHours: expect.closeTo((episodeEnd - labelled.startedAt) / 3_600_000, 4),
      falseAlarmEpisodesKept: 0,
    });

    // On a phone, the version with its labels fits.
    await page.setViewportSize({ width: 390, height: 844 });
    await page.waitForTimeout(300);
    await expectFits(page);
    await newRow.scrollIntoViewIfNeeded();
    await page.screenshot({ path: join(shots, 'screenshot-models-labels-phone.png') });
    expect(errors).toEqual([]);
  });

  it('lists work orders by priority, edits the ratings of a failure mode, and plans the open work, on a phone too', {
    timeout: 120_000,
  }, async () => {
    const base = fx.server.base;
    const manual = async (title: string, priority: string) => {
      const r = await postJson<{ id: string }>(`${base}/api/work-orders`, {
        assetId: 'C-301',
        type: 'corrective',
        title,
        priority,
        dueAt: Date.now() + 86_400_000,
        skill: 'mechanical',
        estimatedHours: 2,
        procedure: [{ text: 'Lock out the compressor', safety: true }, { text: 'Replace the inlet filter' }],
        by: 'planner.bo',
      });
      expect(r.status).toBe(200);
      return r.body.id;
    };
    const low = await manual('Replace inlet filter element', 'low');
    const urgent = await manual('Fix the oil leak at the separator', 'urgent');

    const page = await fx.browser.newPage({ viewport: { width: 1280, height: 900 } });
    const errors = pageErrors(page);
    await page.goto(`${base}/`);
    await page.locator('nav.sidebar a[href="#/work-orders"]').click();
    await page.waitForSelector('[data-testid="wo-row"]', { timeout: 15_000 });
    // "To do": open work, most urgent first; the completed order waits under "Done".
    const ids = () => page.$$eval('[data-testid="wo-row"]', (els) => els.map((e) => e.getAttribute('data-wo-id')));
    const todo = await ids();
    expect(todo.indexOf(urgent)).toBeGreaterThanOrEqual(0);
    expect(todo.indexOf(urgent)).toBeLessThan(todo.indexOf(low));
    await page.getByLabel('Priority').selectOption('low');
    expect(await ids()).toEqual([low]);
    await page.getByLabel('Priority').selectOption('');
    await page.getByRole('tab', { name: /^Done/ }).click();
    const done = await page.$$eval('[data-testid="wo-row"]', (els) => els.map((e) => e.getAttribute('data-status')));
    expect(done.length).toBeGreaterThanOrEqual(1);
    expect(new Set(done)).toEqual(new Set(['done']));
    await page.getByRole('tab', { name: /^To do/ }).click();
    makeShotsFolder();
    await page.screenshot({ path: join(shots, 'screenshot-work-orders.png') });

    // The failure-mode library: edit the ratings of a pump's top mode; the RPN follows (S × O × D) and is stored.
    await page.locator('nav.sidebar a[href="#/failure-modes"]').click();
    await page.waitForSelector('[data-testid="fm-card"]', { timeout: 15_000 });
    await page.getByLabel('Asset type').selectOption('centrifugal_pump');
    await page.screenshot({ path: join(shots, 'screenshot-failure-modes.png') });
    const card = page.getByTestId('fm-card').first();
    const fmId = (await card.getAttribute('data-failure-mode-id')) ?? '';
    await card.getByRole('button', { name: 'Edit ratings and actions' }).click();
    await card.getByLabel('Severity').fill('9');
    await card.getByLabel('Occurrence').fill('4');
    await card.getByLabel('Detection').fill('5');
    await card.getByRole('button', { name: 'Save' }).click();
    await page.waitForSelector(
      `[data-testid="fm-card"][data-failure-mode-id="${fmId}"]:not(:has([data-testid="fm-edit"]))`,
    );
    expect(
      await page
        .locator(`[data-testid="fm-card"][data-failure-mode-id="${fmId}"] [data-testid="fm-rpn"]`)
        .textContent(),
    ).toBe('RPN 180');
    const stored = (
      await getJson<{ severity: number; rpn: number }>(`${base}/api/failure-modes/${encodeURIComponent(fmId)}`)
    ).body;
    expect(stored).toMatchObject({ severity: 9, rpn: 180 });

    // The plan: re-plan places the open work (or says why not); bars link to their work orders.
    await page.locator('nav.sidebar a[href="#/plan"]').click();
    await page.waitForSelector('[data-testid="plan-page"]', { timeout: 15_000 });
    await page.getByTestId('replan').click();
    const titles = new Map([
      [low, 'Replace inlet filter element'],
      [urgent, 'Fix the oil leak at the separator'],
    ]);
    // Each open order is either a bar on a technician's row or listed as not placed, with its reason.
    const placed = async () => {
      const bars = await page.$$eval('[data-testid="gantt-job"]', (els) =>
        els.map((e) => e.getAttribute('href') ?? ''),
      );
      const unplanned = (await page.getByTestId('plan-unplanned').textContent()) ?? '';
      return [...titles].every(
        ([id, title]) => bars.some((h) => h.endsWith(`/${encodeURIComponent(id)}`)) || unplanned.includes(title),
      );
    };
    await expect.poll(placed, { timeout: 15_000 }).toBe(true);
    expect(Number(await page.getByTestId('plan-cost').textContent())).toBeGreaterThanOrEqual(0);
    await page.screenshot({ path: join(shots, 'screenshot-plan.png') });

    // A phone: none of the three pages runs off the side (the Gantt chart scrolls inside its card).
    await page.setViewportSize({ width: 390, height: 844 });
    for (const href of ['#/plan', '#/failure-modes', '#/work-orders', '#/alerts']) {
      await page.locator(`nav.sidebar a[href="${href}"]`).click();
      await page.waitForTimeout(400);
      await expectFits(page, href);
    }
    await page.screenshot({ path: join(shots, 'screenshot-alerts-precision-phone.png') });
    expect(errors).toEqual([]);
  });
});
