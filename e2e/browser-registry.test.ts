import { join } from 'node:path';
import type { Asset, SparePart } from '@prognos/core';
import { describe, expect, it } from 'vitest';
import { makeShotsFolder, overflow, pageErrors, shots } from './browser-helpers';
import { getJson, serverAndBrowser } from './harness';

const ASSET = 'P-101';

async function assetOf(base: string, id: string): Promise<Asset> {
  const r = await getJson<{ asset: Asset }>(`${base}/api/assets/${encodeURIComponent(id)}`);
  expect(r.status).toBe(200);
  return r.body.asset;
}

// The real browser: Debian Chromium driven by playwright-core against a real server.
describe('the asset registry in Chromium', () => {
  const fx = serverAndBrowser();

  it('edits an asset, shows field errors, imports CSV row by row and edits spare-part stock', {
    timeout: 180_000,
  }, async () => {
    const base = fx.server.base;
    makeShotsFolder();
    const page = await fx.browser.newPage({ viewport: { width: 1280, height: 900 } });
    const errors = pageErrors(page);

    // From the asset page header to the registry's edit form for that asset.
    const before = await assetOf(base, ASSET);
    await page.goto(`${base}/#/assets/${ASSET}`);
    await page.getByTestId('edit-in-registry').click();
    await page.waitForURL(/#\/registry\/assets\/P-101$/);
    const row = page.locator(`[data-testid="reg-asset"][data-asset-id="${ASSET}"]`);
    const form = row.getByTestId('asset-edit');
    await form.waitFor({ timeout: 15_000 });

    // Change criticality and cost of downtime; the server has them.
    const crit = before.criticality === 'C' ? 'B' : 'C';
    await form.getByTestId('edit-criticality').selectOption(crit);
    await form.getByTestId('edit-downtime-cost').fill('4321.5');
    await form.getByTestId('edit-save').click();
    await page.waitForURL(/#\/registry$/);
    await expect.poll(() => row.getAttribute('data-criticality')).toBe(crit);
    expect(await row.getByTestId('reg-cost').textContent()).toBe('4,321.5 / h');
    const after = await assetOf(base, ASSET);
    expect(after.criticality).toBe(crit);
    expect(after.downtimeCostPerHour).toBe(4321.5);
    expect(after.name).toBe(before.name);

    // An invalid cost: the server's message shows beside the field, and nothing is saved.
    await row.getByTestId('reg-edit').click();
    await form.waitFor();
    await form.getByTestId('edit-downtime-cost').fill('lots');
    await form.getByTestId('edit-save').click();
    const fieldError = form.getByTestId('field-error-downtimeCostPerHour');
    await fieldError.waitFor({ timeout: 10_000 });
    expect(await fieldError.textContent()).toContain('not a number');
    expect(await form.getByTestId('edit-downtime-cost').getAttribute('aria-invalid')).toBe('true');
    expect((await assetOf(base, ASSET)).downtimeCostPerHour).toBe(4321.5);
    await page.screenshot({ path: join(shots, 'registry-edit-desktop.png'), fullPage: true });

    // CSV import: two good rows kept, the bad one reported with its file line and column.
    const plant = await getJson<{ lines: { id: string }[] }>(`${base}/api/plant`);
    const line = plant.body.lines[0]?.id ?? '';
    expect(line).not.toBe('');
    const csv = [
      'id,name,type,line,criticality,downtime_cost_per_hour,manufacturer',
      `R-901,Cooling pump 1,centrifugal_pump,${line},B,900,KSB`,
      `R-902,Cooling fan 2,fan,${line},C,150,`,
      `R-903,Broken row,fan,${line},Z,100,`,
    ].join('\n');
    await page.goto(`${base}/#/registry`);
    const box = page.getByTestId('csv-import');
    await box.locator('summary').click();
    await box.getByTestId('csv-text').fill(csv);
    await box.getByRole('button', { name: 'Import', exact: true }).click();
    await box.getByTestId('csv-result').waitFor({ timeout: 10_000 });
    expect(await box.getByTestId('csv-imported').textContent()).toBe('2');
    expect(await box.getByTestId('csv-rejected').textContent()).toBe('1');
    const bad = box.getByTestId('csv-error');
    expect(await bad.count()).toBe(1);
    expect(await bad.getAttribute('data-line')).toBe('4');
    expect(await bad.getAttribute('data-column')).toBe('criticality');
    expect(await bad.textContent()).toContain('line 4 · criticality');
    for (const id of ['R-901', 'R-902'])
      await page.locator(`[data-testid="reg-asset"][data-asset-id="${id}"]`).waitFor({ timeout: 10_000 });
    expect(await page.locator('[data-testid="reg-asset"][data-asset-id="R-903"]').count()).toBe(0);
    expect((await assetOf(base, 'R-901')).downtimeCostPerHour).toBe(900);
    expect((await getJson(`${base}/api/assets/R-903`)).status).toBe(404);
    await box.scrollIntoViewIfNeeded();
    await page.screenshot({ path: join(shots, 'registry-import-desktop.png') });

    // Spare parts: edit a part's stock inline; the API has it and the row shows it out of stock.
    const parts = await getJson<SparePart[]>(`${base}/api/spare-parts`);
    const part = parts.body.find((p) => p.stock > 0);
    expect(part).toBeDefined();
    const partId = part?.id ?? '';
    await page.getByRole('tab', { name: 'Spare parts' }).click();
    await page.waitForURL(/#\/registry\/parts$/);
    const prow = page.locator(`[data-testid="part-row"][data-part-id="${partId}"]`);
    await prow.waitFor({ timeout: 10_000 });
    expect(await prow.getAttribute('data-stock-level')).not.toBe('out');
    await prow.getByTestId('part-stock').fill('0');
    await prow.getByTestId('part-save').click();
    await expect.poll(() => prow.getAttribute('data-stock-level'), { timeout: 10_000 }).toBe('out');
    const saved = (await getJson<SparePart[]>(`${base}/api/spare-parts`)).body.find((p) => p.id === partId);
    expect(saved?.stock).toBe(0);
    expect(saved?.leadTimeDays).toBe(part?.leadTimeDays);
    await page.screenshot({ path: join(shots, 'registry-parts-desktop.png'), fullPage: true });

    // A phone: no sideways scrolling on the registry, the edit form or the parts list.
    await page.setViewportSize({ width: 390, height: 844 });
    for (const [hash, name] of [
      ['#/registry', 'registry-phone'],
      [`#/registry/assets/${ASSET}`, 'registry-edit-phone'],
      ['#/registry/parts', 'registry-parts-phone'],
    ] as const) {
      await page.goto(`${base}/${hash}`);
      await page.getByTestId('registry-page').waitFor();
      await page.locator('[data-testid="reg-asset"], [data-testid="part-row"]').first().waitFor({ timeout: 10_000 });
      expect(await overflow(page)).toEqual({ doc: 0, content: 0 });
      await page.screenshot({ path: join(shots, `${name}.png`), fullPage: true });
    }
    // Touch targets: the edit buttons and part inputs are at least 44 px high.
    await page.goto(`${base}/#/registry/parts`);
    const input = page.getByTestId('part-stock').first();
    await input.waitFor();
    expect((await input.boundingBox())?.height ?? 0).toBeGreaterThanOrEqual(44);

    expect(errors).toEqual([]);
    await page.close();
  });
});
