import { mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Locator, Page } from 'playwright-core';
import { expect } from 'vitest';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
/** Where browser tests put their screenshots: docs/ when refreshing the README's (PROGNOS_UPDATE_SCREENSHOTS). */
export const shots = join(root, process.env.PROGNOS_UPDATE_SCREENSHOTS ? 'docs' : 'test-results');

/** Makes the screenshots folder (it is not in git when the screenshots go to test-results/). */
export function makeShotsFolder(): void {
  mkdirSync(shots, { recursive: true });
}

/** Collects the page's uncaught script errors, so a test can end with `expect(errors).toEqual([])`. */
export function pageErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  return errors;
}

/** How far the page, and its content column, run off the side at the current viewport (0 = fits). */
export async function overflow(page: Page): Promise<{ doc: number; content: number }> {
  return page.evaluate(() => {
    const c = document.querySelector('.content');
    return {
      doc: document.documentElement.scrollWidth - document.documentElement.clientWidth,
      content: (c?.scrollWidth ?? 0) - (c?.clientWidth ?? 0),
    };
  });
}

/** Nothing runs off the side (the content column may round up by a pixel); `where` names the page in a failure. */
export async function expectFits(page: Page, where?: string): Promise<void> {
  const fit = await overflow(page);
  expect(fit.doc, where && `${where}: page wider than the phone`).toBeLessThanOrEqual(0);
  expect(fit.content, where && `${where}: content wider than the phone`).toBeLessThanOrEqual(1);
}

/** The smallest height among the visible elements a locator matches (touch targets must be ≥ 44 px). */
export async function minHeight(l: Locator): Promise<number> {
  const hs = await l.evaluateAll((els) =>
    els.filter((e) => (e as HTMLElement).offsetParent !== null).map((e) => e.getBoundingClientRect().height),
  );
  expect(hs.length).toBeGreaterThan(0);
  return Math.min(...hs);
}

/** Switches the person the UI acts as (the name in the top bar). */
export async function actAs(page: Page, name: string): Promise<void> {
  await page.getByTestId('acting-as').fill(name);
  await page.getByTestId('acting-as').press('Enter');
}

/** A reading inside the expected range, as a technician with a healthy machine after the repair would take. */
export function inRange(min: number | undefined, max: number | undefined): number {
  if (min !== undefined && max !== undefined) return (min + max) / 2;
  if (max !== undefined) return max / 2;
  return (min ?? 0) + 1;
}
