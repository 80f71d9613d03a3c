import { join } from 'node:path';
import type { Procedure, WorkOrderDetail } from '@prognos/core';
import { describe, expect, it } from 'vitest';
import { expectFits, inRange, makeShotsFolder, pageErrors, shots } from './browser-helpers';
import { getJson, postJson, serverAndBrowser } from './harness';

const MODE = 'pump-misalignment';
const PHONE = { width: 390, height: 844 };

// The real browser: Debian Chromium driven by playwright-core, on a phone-sized viewport throughout.
describe('guided procedures in Chromium on a phone', () => {
  const fx = serverAndBrowser();

  it('authors version 2 in the editor, and a technician completes it on 390×844 through a dropped connection', {
    timeout: 180_000,
  }, async () => {
    const base = fx.server.base;
    const context = await fx.browser.newContext({ viewport: PHONE, hasTouch: true, isMobile: true });
    await context.addInitScript(() => localStorage.setItem('prognos.user', 'tech.ben'));
    const page = await context.newPage();
    const errors = pageErrors(page);
    makeShotsFolder();

    // The library's procedure, version 1, seeded from the failure mode.
    const v1 = (await getJson<Procedure>(`${base}/api/procedures/${MODE}`)).body;
    expect(v1).toMatchObject({ id: MODE, version: 1, author: 'Prognos library' });
    expect(v1.steps[0]?.safety).toBe(true);

    await page.goto(`${base}/#/procedures`);
    const row = page.locator(`[data-testid="procedure-row"][data-procedure-id="${MODE}"]`);
    await row.waitFor({ timeout: 15_000 });
    await expectFits(page, 'procedures');
    await page.getByTestId('procedure-search').fill('misalignment');
    await expect.poll(() => page.getByTestId('procedure-row').count()).toBeGreaterThanOrEqual(1);
    await row.locator('a').click();
    await page.waitForSelector(`[data-testid="procedure-page"][data-procedure-id="${MODE}"]`);
    expect(await page.getByTestId('procedure-version').count()).toBe(1);
    expect(await page.getByTestId('procedure-view-step').count()).toBe(v1.steps.length);
    expect(await page.locator('[data-testid="procedure-view-step"][data-safety="true"]').count()).toBeGreaterThan(0);
    expect(await page.getByTestId('procedure-tools').textContent()).toContain('laser alignment kit');

    // The editor: add a step with a reading, reorder it and back, catch a range upside down, save.
    await page.getByTestId('procedure-edit').click();
    const editor = page.getByTestId('procedure-editor');
    await editor.waitFor();
    const editorSteps = editor.getByTestId('editor-step');
    expect(await editorSteps.count()).toBe(v1.steps.length);
    await editor.getByTestId('editor-add-step').click();
    const added = editorSteps.nth(v1.steps.length);
    const text = 'Check the coupling guard bolts with the torque wrench.';
    await added.getByTestId('editor-step-text').fill(text);
    await added.getByTestId('editor-step-minutes').fill('5');
    await added.getByTestId('editor-step-tools').fill('torque wrench 10–60 N·m');
    await added.getByTestId('editor-step-reading').check();
    await added.getByTestId('editor-exp-quantity').fill('guard bolt torque');
    await added.getByTestId('editor-exp-unit').fill('N·m');
    await added.getByTestId('editor-exp-min').fill('30');
    await added.getByTestId('editor-exp-max').fill('25');
    await added.getByTestId('editor-step-up').click();
    expect(
      await editorSteps
        .nth(v1.steps.length - 1)
        .getByTestId('editor-step-text')
        .inputValue(),
    ).toBe(text);
    await editorSteps
      .nth(v1.steps.length - 1)
      .getByTestId('editor-step-down')
      .click();
    expect(await editorSteps.nth(v1.steps.length).getByTestId('editor-step-text').inputValue()).toBe(text);
    await editor.getByTestId('editor-change-note').fill('Guard bolts checked before handing back');
    await expectFits(page, 'editor');
    await editor.getByTestId('editor-save').click();
    expect(await editor.getByTestId('editor-error').textContent()).toContain(`steps[${v1.steps.length}].expected.max`);
    await added.getByTestId('editor-exp-min').fill('20');
    await page.screenshot({ path: join(shots, 'screenshot-procedure-editor-phone.png'), fullPage: true });
    await editor.getByTestId('editor-save').click();

    // Saved: version 2 shown at once, on top of the history.
    await page.getByTestId('procedure-saved').waitFor({ timeout: 10_000 });
    await page.waitForSelector(`[data-testid="procedure-page"][data-version="2"]`);
    const versions = page.getByTestId('procedure-version');
    expect(await versions.count()).toBe(2);
    expect(await versions.evaluateAll((els) => els.map((e) => e.getAttribute('data-version')))).toEqual(['2', '1']);
    expect(await versions.first().textContent()).toContain('Guard bolts checked before handing back');
    expect(await page.getByTestId('procedure-view-step').count()).toBe(v1.steps.length + 1);
    expect(await page.getByTestId('procedure-view-step').last().textContent()).toContain('guard bolt torque');
    await expectFits(page, 'procedure');
    await page.screenshot({ path: join(shots, 'screenshot-procedure-phone.png'), fullPage: true });
    const v2 = (await getJson<Procedure>(`${base}/api/procedures/${MODE}`)).body;
    expect(v2).toMatchObject({ version: 2, author: 'tech.ben', changeNote: 'Guard bolts checked before handing back' });
    expect(v2.steps.at(-1)).toEqual({
      text,
      minutes: 5,
      tools: ['torque wrench 10–60 N·m'],
      expected: { quantity: 'guard bolt torque', unit: 'N·m', min: 20, max: 25 },
    });
    expect(v2.tools).toContain('torque wrench 10–60 N·m');

    // A work order for the failure mode follows version 2.
    const created = await postJson<WorkOrderDetail>(`${base}/api/work-orders`, {
      assetId: 'P-101',
      type: 'corrective',
      title: 'Realign pump and motor',
      failureModeId: MODE,
      by: 'planner',
    });
    expect(created.status).toBe(200);
    const wo = created.body;
    expect(wo.procedureRef).toEqual({ id: MODE, version: 2 });
    expect(wo.procedure).toEqual(v2.steps);

    await page.goto(`${base}/#/work-orders/${encodeURIComponent(wo.id)}`);
    await page.waitForSelector(`[data-testid="work-order-page"][data-wo-id="${wo.id}"]`);
    const ref = page.getByTestId('wo-procedure-ref');
    expect(await ref.getAttribute('data-version')).toBe('2');
    expect(await ref.getAttribute('href')).toBe(`#/procedures/${MODE}`);
    await expectFits(page, 'work order');
    const steps = page.getByTestId('procedure-step');
    const n = await steps.count();
    expect(n).toBe(v2.steps.length);
    expect(await steps.last().getByTestId('step-meta').textContent()).toContain('torque wrench');

    // Touch targets: each checkbox's tap area (its label) is at least 44 px each way.
    for (const box of await page.locator('[data-testid="procedure-step"] label.step-check').all()) {
      const b = await box.boundingBox();
      expect(b?.height ?? 0).toBeGreaterThanOrEqual(44);
      expect(b?.width ?? 0).toBeGreaterThanOrEqual(44);
    }
    const boxSize = await page.locator('[data-testid="procedure-step"] input[type="checkbox"]').first().boundingBox();
    expect(boxSize?.width ?? 0).toBeGreaterThanOrEqual(24);

    // Tick every step in order, safety steps first; the connection drops for three steps in the middle.
    const offline = new Set([3, 4, 5]);
    expect([...offline].some((i) => v2.steps[i]?.expected)).toBe(true);
    const values = new Map<number, number>();
    let wentOnlineAt = 0;
    for (let i = 0; i < n; i++) {
      if (i === 3) {
        await context.setOffline(true);
        await page.getByTestId('offline-banner').waitFor();
        expect(await page.getByTestId('offline-banner').getAttribute('data-online')).toBe('false');
      }
      const step = steps.nth(i);
      const exp = v2.steps[i]?.expected;
      if (exp) {
        const v = inRange(exp.min, exp.max);
        values.set(i, v);
        await step.getByTestId('step-value').fill(String(v));
        await expect.poll(() => step.getByTestId('reading-hint').getAttribute('data-check')).toBe('in');
      }
      await step.locator('input[type="checkbox"]').click();
      await expect.poll(() => step.getAttribute('data-done'), { timeout: 10_000 }).toBe('true');
      if (offline.has(i)) {
        expect(await step.getAttribute('data-pending')).toBe('true');
        expect(await step.getByTestId('step-pending').textContent()).toContain('will sync');
      } else expect(await step.getAttribute('data-pending')).toBe('false');
      if (i === 5) {
        // Nothing of the offline steps reached the server; they wait on the phone.
        const mid = (await getJson<WorkOrderDetail>(`${base}/api/work-orders/${wo.id}`)).body;
        expect(mid.stepResults.map((r) => r.step).sort((a, b) => a - b)).toEqual([0, 1, 2]);
        expect(await page.getByTestId('offline-banner').getAttribute('data-pending')).toBe('3');
        await page.screenshot({ path: join(shots, 'screenshot-work-order-offline-phone.png'), fullPage: true });
        await expectFits(page, 'work order offline');
        wentOnlineAt = Date.now();
        await context.setOffline(false);
        await expect.poll(() => page.getByTestId('step-pending').count(), { timeout: 20_000 }).toBe(0);
        await page.getByTestId('offline-banner').waitFor({ state: 'detached', timeout: 10_000 });
        for (const j of offline) expect(await steps.nth(j).getAttribute('data-done')).toBe('true');
      }
    }
    await expect.poll(() => page.getByTestId('steps-left').textContent()).toBe('All steps done');
    expect(await page.getByTestId('work-order-page').getAttribute('data-status')).toBe('in_progress');
    await expectFits(page, 'work order done');

    // Every step stored once, done, by the technician, with the readings entered; the offline ones with the time
    // they were ticked on the phone, before the connection came back.
    const stored = (await getJson<WorkOrderDetail>(`${base}/api/work-orders/${wo.id}`)).body;
    expect(stored.stepResults.map((r) => r.step).sort((a, b) => a - b)).toEqual([...Array(n).keys()]);
    expect(stored.stepResults.every((r) => r.done && r.by === 'tech.ben')).toBe(true);
    for (const r of stored.stepResults) expect(r.value, `step ${r.step}`).toBe(values.get(r.step));
    for (const j of offline) expect(stored.stepResults.find((r) => r.step === j)!.at).toBeLessThan(wentOnlineAt);
    expect(stored.procedureRef).toEqual({ id: MODE, version: 2 });
    expect(errors).toEqual([]);
    await context.close();
  });
});
