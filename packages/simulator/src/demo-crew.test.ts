import { describe, expect, it } from 'vitest';
import { DEMO_TECHNICIANS, demoPreventivePlans, demoWindows } from './demo-crew';
import { createDemoPlant } from './demo-plant';

describe('demo crew and windows', () => {
  it('gives two weeks of weekday day shifts and one planned stop per line and week', () => {
    const monday = Date.UTC(2026, 11, 7, 9);
    const w = demoWindows(monday, 14);
    expect(w.filter((x) => x.kind === 'shift')).toHaveLength(10);
    const stops = w.filter((x) => x.kind === 'planned_stop');
    const lines = createDemoPlant().lines.map((l) => l.id);
    expect(stops).toHaveLength(2 * lines.length);
    expect(new Set(stops.flatMap((s) => s.assets))).toEqual(new Set(lines));
    expect(new Set(w.map((x) => x.id)).size).toBe(w.length);
    for (const x of w) expect(x.end).toBeGreaterThan(x.start);
    // the same days give the same ids (a top-up can tell what exists)
    expect(demoWindows(monday + 3_600_000, 1).map((x) => x.id)).toEqual(
      w.filter((x) => x.start < Date.UTC(2026, 11, 8)).map((x) => x.id),
    );
  });

  it('covers the four trades and plans preventive work on demo assets', () => {
    const skills = new Set(DEMO_TECHNICIANS.flatMap((t) => t.skills));
    expect(skills).toEqual(new Set(['mechanical', 'electrical', 'instrumentation', 'process']));
    const assets = new Set(createDemoPlant().assets.map((a) => a.id));
    for (const p of demoPreventivePlans(Date.now())) expect(assets.has(p.assetId)).toBe(true);
  });
});
