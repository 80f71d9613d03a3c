import { join } from 'node:path';
import type { Sensor, TrainingAssignment, TrainingAttempt, TrainingCase, TrainingScenario } from '@prognos/core';
import { describe, expect, it } from 'vitest';
import { actAs, expectFits, makeShotsFolder, minHeight, pageErrors, shots } from './browser-helpers';
import { getJson, serverAndBrowser } from './harness';

const INSTRUCTOR = 'instructor.ines';
const TRAINEE = 'trainee.tom';

// The real browser: Debian Chromium driven by playwright-core (npx playwright install cannot work here).
describe('training mode in Chromium', () => {
  const fx = serverAndBrowser();

  it('an instructor assigns a scenario, the trainee plays it in a sandbox and is scored, the instructor sees the result', {
    timeout: 180_000,
  }, async () => {
    const base = fx.server.base;
    makeShotsFolder();

    // The library: at least 12 scenarios over at least 4 machine types.
    const lib = (await getJson<{ scenarios: TrainingScenario[] }>(`${base}/api/training/scenarios`)).body.scenarios;
    expect(lib.length).toBeGreaterThanOrEqual(12);
    expect(new Set(lib.map((s) => s.assetType)).size).toBeGreaterThanOrEqual(4);
    const chosen = [...lib].sort((a, b) => a.difficulty - b.difficulty)[0];
    if (!chosen) throw new Error('no scenario');

    const page = await fx.browser.newPage({ viewport: { width: 1280, height: 900 } });
    const errors = pageErrors(page);

    // The instructor assigns the scenario to the trainee.
    await page.goto(`${base}/#/training/instructor`);
    await actAs(page, INSTRUCTOR);
    const form = page.getByTestId('assign-form');
    await form.waitFor({ timeout: 15_000 });
    await form.locator('input[name="trainee"]').fill(TRAINEE);
    await form.locator('select[name="scenario"]').selectOption(chosen.id);
    await form.locator('input[name="note"]').fill('Look at every sensor before you decide');
    await form.getByRole('button', { name: 'Assign' }).click();
    const assigned = page.locator(`[data-testid="assignment-row"][data-trainee="${TRAINEE}"]`);
    await assigned.first().waitFor({ timeout: 15_000 });
    expect(await assigned.first().getAttribute('data-status')).toBe('assigned');
    const stored = (
      await getJson<{ assignments: TrainingAssignment[] }>(`${base}/api/training/assignments?trainee=${TRAINEE}`)
    ).body.assignments;
    expect(stored).toHaveLength(1);
    expect(stored[0]).toMatchObject({
      trainee: TRAINEE,
      scenarioId: chosen.id,
      assignedBy: INSTRUCTOR,
      status: 'assigned',
    });

    // The trainee: the library is listed and grouped by machine type, and the assignment is waiting.
    await page.locator('nav.sidebar a[href="#/training"]').click();
    await page.waitForURL(/#\/training$/);
    await actAs(page, TRAINEE);
    await page.waitForSelector(`[data-testid="training-page"][data-user="${TRAINEE}"]`, { timeout: 15_000 });
    const cards = page.getByTestId('training-scenario');
    await expect.poll(() => cards.count(), { timeout: 15_000 }).toBeGreaterThanOrEqual(12);
    const types = await cards.evaluateAll((els) => els.map((e) => e.getAttribute('data-asset-type')));
    expect(new Set(types).size).toBeGreaterThanOrEqual(4);
    expect(await page.getByTestId('training-group').count()).toBe(new Set(types).size);
    // Each card shows its difficulty, severity, skills and target time.
    const first = cards.first();
    expect(await first.locator('.tr-facts').textContent()).toMatch(/target \d+ min/);
    // Filtering by one machine type leaves only that type.
    await page.locator('.tr-filter button').nth(1).click();
    const oneType = await cards.evaluateAll((els) => els.map((e) => e.getAttribute('data-asset-type')));
    expect(new Set(oneType).size).toBe(1);
    await page.locator('.tr-filter button').first().click();
    await expect.poll(() => cards.count()).toBe(lib.length);

    const mine = page.locator(`[data-testid="training-assignment"][data-scenario-id="${chosen.id}"]`);
    await mine.waitFor();
    expect(await mine.getAttribute('data-status')).toBe('assigned');
    await page.screenshot({ path: join(shots, 'screenshot-training.png'), fullPage: true });
    await mine.getByTestId('training-start').click();
    await page.waitForURL(/#\/training\/attempts\/[^/]+$/, { timeout: 15_000 });
    const attemptId = decodeURIComponent(page.url().split('#/training/attempts/')[1] ?? '');
    expect(attemptId).not.toBe('');

    // The sandbox: a banner, the briefing, the simulated machine's charts and the alert's contributions.
    const banner = page.getByTestId('training-banner');
    await banner.waitFor({ timeout: 15_000 });
    expect(await banner.textContent()).toContain('TRAINING — sandbox, not plant data');
    expect(await page.getByTestId('training-briefing').textContent()).toContain(chosen.briefing.slice(0, 40));
    const charts = page.getByTestId('training-chart');
    expect(await charts.count()).toBeGreaterThanOrEqual(1);
    const points = await charts.evaluateAll((els) => els.map((e) => Number(e.getAttribute('data-points'))));
    expect(Math.min(...points)).toBeGreaterThan(0);
    expect(await charts.first().locator('canvas').count()).toBeGreaterThanOrEqual(1);
    expect(await page.getByTestId('contributions').locator('tbody tr').count()).toBeGreaterThanOrEqual(1);
    expect(await page.getByTestId('training-timer').textContent()).toMatch(/\d+:\d\d/);

    // Nothing of the simulated machine is in the plant's store.
    const { attempt: started, case: c } = (
      await getJson<{ attempt: TrainingAttempt; case: TrainingCase }>(
        `${base}/api/training/attempts/${encodeURIComponent(attemptId)}`,
      )
    ).body;
    expect(started).toMatchObject({ trainee: TRAINEE, scenarioId: chosen.id, status: 'in_progress' });
    const assets = (await getJson<{ id: string }[]>(`${base}/api/assets`)).body;
    expect(assets.map((a) => a.id)).not.toContain(c.asset.id);
    const plantSensors = new Set((await getJson<Sensor[]>(`${base}/api/sensors`)).body.map((s) => s.id));
    for (const s of c.sensors) expect(plantSensors.has(s.id)).toBe(false);

    // The diagnosis: the failure mode whose component the top-contributing sensor belongs to when one matches by
    // name, else the first; the sensors and actions as a trainee might tick them.
    const top = [...c.alert.contributions].sort((a, b) => b.share - a.share)[0];
    const words = (top?.name ?? '')
      .toLowerCase()
      .split(/\W+/)
      .filter((w) => w.length > 3);
    const guess =
      c.candidateModes.find((m) => words.some((w) => `${m.name} ${m.component}`.toLowerCase().includes(w))) ??
      c.candidateModes[0];
    if (!guess) throw new Error('no candidate failure modes');
    await page.getByTestId('training-diagnosis').selectOption(guess.id);
    const actions = page.getByTestId('training-action');
    expect(await actions.count()).toBeGreaterThanOrEqual(2);
    await actions.nth(0).locator('input').check();
    await actions.nth(1).locator('input').check();
    // Every choice is a touch target of at least 44 px (the whole row is the label).
    expect(await minHeight(page.locator('.tr-check'))).toBeGreaterThanOrEqual(44);
    expect(await minHeight(page.getByTestId('training-diagnosis'))).toBeGreaterThanOrEqual(44);
    await page.getByTestId('training-form').evaluate((e) => e.scrollIntoView({ block: 'start' }));
    await page.screenshot({ path: join(shots, 'screenshot-training-attempt.png'), fullPage: true });
    await page.getByTestId('training-submit').click();

    // The score: total and parts agree, feedback and the correct answer are shown.
    const score = page.getByTestId('training-score');
    await score.waitFor({ timeout: 15_000 });
    const total = Number(await score.getAttribute('data-total'));
    expect(total).toBeGreaterThanOrEqual(0);
    expect(total).toBeLessThanOrEqual(100);
    const parts = await page
      .getByTestId('score-part')
      .evaluateAll((els) =>
        els.map((e) => [Number(e.getAttribute('data-points')), Number(e.getAttribute('data-max'))]),
      );
    expect(parts).toHaveLength(4);
    expect(parts.reduce((s, [p = 0]) => s + p, 0)).toBeCloseTo(total, 6);
    for (const [p = 0, max = 0] of parts) expect(p).toBeLessThanOrEqual(max);
    const feedback = await page.getByTestId('training-feedback').locator('li').allTextContents();
    expect(feedback.length).toBeGreaterThanOrEqual(1);
    expect(feedback.every((f) => f.trim().length > 0)).toBe(true);
    const scored = (
      await getJson<{ attempt: TrainingAttempt }>(`${base}/api/training/attempts/${encodeURIComponent(attemptId)}`)
    ).body.attempt;
    expect(scored.status).toBe('submitted');
    expect(scored.submission?.failureModeId).toBe(guess.id);
    expect(scored.score?.total).toBe(total);
    const correct = page.getByTestId('training-correct');
    expect(await correct.getAttribute('data-failure-mode-id')).toBe(scored.score?.diagnosis.correctFailureModeId);
    expect(await correct.textContent()).toContain(scored.score?.diagnosis.correctName ?? '—');
    expect(await correct.textContent()).toContain(scored.score?.diagnosis.correct ? 'your answer' : 'you said');
    await page.screenshot({ path: join(shots, 'screenshot-training-score.png'), fullPage: true });

    // On a phone the attempt fits and its controls are big enough to hit.
    await page.setViewportSize({ width: 390, height: 844 });
    await page.waitForTimeout(300);
    await expectFits(page);
    expect(await minHeight(page.locator('.tr-score .btn'))).toBeGreaterThanOrEqual(44);
    await score.evaluate((e) => e.scrollIntoView({ block: 'start' }));
    await page.screenshot({ path: join(shots, 'screenshot-training-score-phone.png'), fullPage: true });

    // Back on the training page (phone): the attempt is listed with its score and the assignment is done.
    await page.goto(`${base}/#/training`);
    await page.waitForSelector(`[data-testid="training-my-attempt"][data-attempt-id="${attemptId}"]`, {
      timeout: 15_000,
    });
    expect(
      Number(
        await page
          .locator(`[data-testid="training-my-attempt"][data-attempt-id="${attemptId}"]`)
          .getAttribute('data-total'),
      ),
    ).toBe(total);
    expect(await mine.getAttribute('data-status')).toBe('done');
    await expectFits(page);
    expect(await minHeight(page.getByTestId('scenario-start'))).toBeGreaterThanOrEqual(44);
    expect(await minHeight(page.locator('.tr-filter button'))).toBeGreaterThanOrEqual(44);
    await page.screenshot({ path: join(shots, 'screenshot-training-phone.png'), fullPage: true });

    // The instructor: the result row with the same total and a skills-matrix cell for the trainee.
    await page.setViewportSize({ width: 1280, height: 900 });
    await page.goto(`${base}/#/training/instructor`);
    const result = page.locator(`[data-testid="training-result"][data-attempt-id="${attemptId}"]`);
    await result.waitFor({ timeout: 15_000 });
    expect(await result.getAttribute('data-trainee')).toBe(TRAINEE);
    expect(Number(await result.getAttribute('data-total'))).toBe(total);
    const cells = page.locator(`[data-testid="skill-cell"][data-trainee="${TRAINEE}"]`);
    expect(await cells.count()).toBeGreaterThanOrEqual(1);
    const levels = await cells.evaluateAll((els) => els.map((e) => e.getAttribute('data-level')));
    for (const l of levels) expect(['not_started', 'novice', 'competent', 'proficient']).toContain(l);
    // Every skill the scenario exercises counts the trainee's attempt.
    for (const k of chosen.skills) {
      const cell = page.locator(`[data-testid="skill-cell"][data-trainee="${TRAINEE}"][data-skill="${k}"]`);
      expect(Number(await cell.getAttribute('data-attempts'))).toBeGreaterThanOrEqual(1);
    }
    expect(
      await page
        .locator(`[data-testid="assignment-row"][data-trainee="${TRAINEE}"]`)
        .first()
        .getAttribute('data-status'),
    ).toBe('done');
    await page.screenshot({ path: join(shots, 'screenshot-training-instructor.png'), fullPage: true });
    await page.setViewportSize({ width: 390, height: 844 });
    await page.waitForTimeout(300);
    await expectFits(page);
    expect(await minHeight(page.getByTestId('assign-form').locator('input, select, button'))).toBeGreaterThanOrEqual(
      44,
    );
    await page.getByTestId('training-results').evaluate((e) => e.scrollIntoView({ block: 'start' }));
    await page.screenshot({ path: join(shots, 'screenshot-training-instructor-phone.png'), fullPage: true });

    expect(errors).toEqual([]);
    await page.close();
  });
});
