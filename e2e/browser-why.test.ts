import type { Alert, FailureMode, Sensor, WhyPanel } from '@prognos/core';
import { describe, expect, it } from 'vitest';
import { overflow, pageErrors } from './browser-helpers';
import { getJson, postJson, serverAndBrowser, waitFor } from './harness';

// A sensor alert opens after its sensor has been untrusted this long (default 60 s): short, so the test stays short.
process.env.PROGNOS_QUALITY_HOLD_S = '3';

/** Wall minutes to failure (12 process hours at the demo's 360×), as in browser-maintenance.test.ts. */
const TTF_MINUTES = 2;
const PHONE = { width: 390, height: 844 };

/**
 * Every kind of alert the demo raises (a machine fault's anomaly alert, an untrusted sensor's sensor alert; nothing
 * in the demo raises threshold alerts) explains itself on its page: deviations in engineering units, what to check
 * first, a guided procedure that exists, and lessons that open.
 */
describe('why panels and lessons in Chromium', () => {
  const fx = serverAndBrowser();

  it('gives every failure mode the demo can rank a procedure, and serves the lessons', async () => {
    const base = fx.server.base;
    const assets = (await getJson<{ id: string; type: string }[]>(`${base}/api/assets`)).body;
    const types = [...new Set(assets.map((a) => a.type))];
    expect(types.length).toBeGreaterThanOrEqual(5);
    for (const type of types) {
      const modes = (await getJson<FailureMode[]>(`${base}/api/failure-modes?assetType=${type}`)).body;
      // machine modes (ranked for anomaly alerts) and instrument modes (ranked for sensor alerts)
      expect(
        modes.some((m) => m.component !== 'instrumentation'),
        type,
      ).toBe(true);
      expect(modes.filter((m) => m.component === 'instrumentation').length, type).toBeGreaterThanOrEqual(3);
      for (const fm of modes) {
        expect(fm.procedure.length, fm.id).toBeGreaterThan(0);
        const proc = await getJson<{ id: string; steps: unknown[] }>(
          `${base}/api/procedures/${fm.procedureId ?? fm.id}`,
        );
        expect(proc.status, `procedure of ${fm.id}`).toBe(200);
        expect(proc.body.steps.length, fm.id).toBeGreaterThan(0);
      }
    }

    const lessons = (await getJson<{ id: string; title: string }[]>(`${base}/api/lessons`)).body;
    expect(lessons.length).toBeGreaterThanOrEqual(8);
    const one = await getJson<{ body: string[]; keyPoints: string[] }>(`${base}/api/lessons/${lessons[0]!.id}`);
    expect(one.status).toBe(200);
    expect(one.body.body.length).toBeGreaterThanOrEqual(3);
    const missing = await getJson<{ code: string }>(`${base}/api/lessons/nope`);
    expect(missing.status).toBe(404);
    expect(missing.body.code).toBe('LESSON_NOT_FOUND');
    const bad = await getJson<{ code: string; message: string }>(`${base}/api/assets/P-101/why?subject=mood`);
    expect(bad.status).toBe(400);
    expect(bad.body.code).toBe('WHY_SUBJECT_INVALID');
    expect(bad.body.message).toContain('subject');
    for (const subject of ['health', 'rul'] as const) {
      const w = await getJson<WhyPanel>(`${base}/api/assets/P-101/why?subject=${subject}`);
      expect(w.status).toBe(200);
      expect(w.body.subject).toBe(subject);
      expect(w.body.headline.length).toBeGreaterThan(10);
      expect(w.body.lessons.length).toBeGreaterThan(0);
    }
  });

  it('explains a machine alert and a sensor alert with units, checks, a procedure and lessons', {
    timeout: 240_000,
  }, async () => {
    const base = fx.server.base;
    // A machine fault on the pump, and a frozen vibration transmitter on the motor (another machine, so that the
    // sensor alert is not taken for a symptom of the pump's alarm).
    const sensors = (await getJson<Sensor[]>(`${base}/api/sensors?assetId=M-201`)).body;
    const frozen = sensors.find((s) => s.kind === 'vibration') ?? sensors[0]!;
    expect(
      (
        await postJson(`${base}/api/simulator/faults`, {
          assetId: 'P-101',
          kind: 'bearing_wear',
          timeToFailureMinutes: TTF_MINUTES,
        })
      ).status,
    ).toBe(200);
    expect(
      (
        await postJson(`${base}/api/simulator/sensor-faults`, {
          sensorId: frozen.id,
          kind: 'stuck',
          durationMinutes: 30,
        })
      ).status,
    ).toBe(200);

    const alertOf = (assetId: string, kind: Alert['kind']) =>
      waitFor(
        async () =>
          (await getJson<Alert[]>(`${base}/api/alerts?assetId=${assetId}`)).body.find(
            (a) => a.kind === kind && a.state !== 'closed',
          ),
        (TTF_MINUTES + 1) * 60_000,
        `a ${kind} alert on ${assetId}`,
      );
    const [machine, sensor] = await Promise.all([alertOf('P-101', 'anomaly'), alertOf('M-201', 'sensor')]);

    const page = await fx.browser.newPage({ viewport: PHONE });
    const errors = pageErrors(page);
    for (const [alert, expectedMode] of [
      // the machine's own modes (which one ranks first early in the episode is the ranking's business)
      [machine, /^(?!instrument-)[a-z]/],
      [sensor, /^instrument-/],
    ] as const) {
      const why = (await getJson<WhyPanel>(`${base}/api/alerts/${alert.id}/why`)).body;
      expect(why.subject).toBe('alert');
      expect(why.cause?.failureModeId ?? '', alert.kind).toMatch(expectedMode);
      expect(why.cause!.typicalSymptoms.length).toBeGreaterThan(0);
      expect(why.deviations.length).toBeGreaterThan(0);
      for (const d of why.deviations) expect(d.unit, d.sensor).not.toBe('');

      await page.goto(`${base}/#/alerts/${encodeURIComponent(alert.id)}`);
      const panel = page.locator('[data-testid="why-panel"][data-subject="alert"]');
      await panel.waitFor({ timeout: 20_000 });
      expect((await panel.getByTestId('why-headline').textContent())?.length).toBeGreaterThan(20);
      // deviations in engineering units: the unit of each sensor shows in its row
      const rows = panel.getByTestId('why-deviation');
      expect(await rows.count()).toBeGreaterThan(0);
      const firstRow = (await rows.first().textContent()) ?? '';
      const unitWords: Record<string, string> = { degC: '°C', degF: '°F' };
      const unit = why.deviations[0]!.unit;
      expect(firstRow).toContain(unitWords[unit] ?? unit);
      expect(await panel.getByTestId('why-check-first').locator('li').count()).toBeGreaterThan(0);
      // the procedure link points at a procedure the server has
      const href = (await panel.getByTestId('why-procedure').getAttribute('href')) ?? '';
      expect(href).toMatch(/^#\/procedures\/.+/);
      const procId = decodeURIComponent(href.replace('#/procedures/', ''));
      expect((await getJson(`${base}/api/procedures/${encodeURIComponent(procId)}`)).status).toBe(200);
      expect((await overflow(page)).doc, `${alert.kind} alert page at 390 px`).toBeLessThanOrEqual(1);

      // a lesson link opens its lesson
      const lesson = panel.getByTestId('why-lesson').first();
      const lessonHref = (await lesson.getAttribute('href')) ?? '';
      const lessonId = decodeURIComponent(lessonHref.replace('#/lessons/', ''));
      await lesson.click();
      await page.waitForSelector(`[data-testid="lesson-page"] [data-testid="lesson"][data-lesson-id="${lessonId}"]`, {
        timeout: 15_000,
      });
      expect(await page.getByTestId('lesson-key-points').locator('li').count()).toBeGreaterThan(0);
    }

    // The asset page explains its health score and its prediction on demand.
    await page.goto(`${base}/#/assets/P-101`);
    const health = page.getByTestId('why-health');
    await health.waitFor({ timeout: 20_000 });
    await health.locator('summary').click();
    await page.waitForSelector('[data-testid="why-health"] [data-testid="why-panel"][data-subject="health"]', {
      timeout: 15_000,
    });
    await page.getByTestId('why-rul').locator('summary').click();
    await page.waitForSelector('[data-testid="why-rul"] [data-testid="why-panel"][data-subject="rul"]', {
      timeout: 15_000,
    });
    expect((await overflow(page)).doc, 'asset page at 390 px').toBeLessThanOrEqual(1);

    // The lessons list.
    await page.goto(`${base}/#/lessons`);
    await page.waitForSelector('[data-testid="lessons-page"] [data-testid="lesson"]', { timeout: 15_000 });
    expect(await page.getByTestId('lesson').count()).toBeGreaterThanOrEqual(8);
    expect(errors).toEqual([]);
    await page.close();
  });
});
