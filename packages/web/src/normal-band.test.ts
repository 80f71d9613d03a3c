import type uPlot from 'uplot';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { BandSegment } from './anomaly-geometry';
import { normalBandHooks } from './normal-band';

/** A uPlot stand-in: x 0..100 → 0..200 px, y 0..10 → 100..0 px, recording every canvas call. */
function fakePlot() {
  const calls: string[] = [];
  const ctx = new Proxy(
    {},
    {
      get: (_t, k) =>
        typeof k === 'string' && /^[a-z]/.test(k)
          ? (...a: unknown[]) => calls.push(`${k}(${a.map((x) => (Array.isArray(x) ? `[${x}]` : x)).join(',')})`)
          : undefined,
      set: () => true,
    },
  );
  const u = {
    ctx,
    bbox: { left: 0, top: 0, width: 200, height: 100 },
    scales: { x: { min: 0, max: 100 } },
    valToPos: (v: number, scale: string) => (scale === 'x' ? v * 2 : 100 - v * 10),
  } as unknown as uPlot;
  return { u, calls };
}

const seg = (from: number, to: number, expected = 5): BandSegment => ({
  from,
  to,
  low: expected - 1,
  high: expected + 1,
  expected,
  value: expected,
});

describe('normal band hooks', () => {
  beforeEach(() => vi.stubGlobal('devicePixelRatio', 1));
  afterEach(() => vi.unstubAllGlobals());

  it('shades each window between low and high, clipped to the plot, and reports how many it drew', () => {
    const { u, calls } = fakePlot();
    let drawn = -1;
    // the third window lies outside the x range; the second runs past its right edge
    const hooks = normalBandHooks(
      () => [seg(10, 20), seg(90, 110), seg(120, 130)],
      (n) => {
        drawn = n;
      },
    );
    hooks.fill(u);
    expect(drawn).toBe(2);
    // 4..6 → y 60..40; x 10..20 → 20..40; 90..110 → 180..200 (the plot's edge)
    expect(calls.filter((c) => c.startsWith('fillRect'))).toEqual(['fillRect(20,40,20,20)', 'fillRect(180,40,20,20)']);
  });

  it('draws edges and expected value as step lines that break between windows that do not touch', () => {
    const { u, calls } = fakePlot();
    // 10–20 and 20–30 touch (the line steps from 5 to 6); 50–60 stands alone (a stopped stretch before it)
    normalBandHooks(() => [seg(10, 20), seg(20, 30, 6), seg(50, 60)]).lines(u);
    const strokes = calls.join(' ').split('stroke()');
    // high edge, low edge, expected: three paths
    expect(strokes).toHaveLength(4);
    const expected = strokes[2] ?? '';
    expect(expected).toContain('setLineDash([4,3])');
    expect(expected).toContain('moveTo(20,50) lineTo(40,50) lineTo(40,40) lineTo(60,40) moveTo(100,50) lineTo(120,50)');
  });

  it('draws nothing without segments (a stopped machine, or no model)', () => {
    const { u, calls } = fakePlot();
    let drawn = -1;
    const hooks = normalBandHooks(
      () => undefined,
      (n) => {
        drawn = n;
      },
    );
    hooks.fill(u);
    hooks.lines(u);
    expect(drawn).toBe(0);
    expect(calls).toEqual([]);
  });
});
