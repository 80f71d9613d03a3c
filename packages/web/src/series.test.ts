import { describe, expect, it } from 'vitest';
import { trend } from './series';

describe('trend', () => {
  const at = (minutes: number, v: number) => ({ ts: minutes * 60_000, v });
  it('is undefined until the data spans half the window', () => {
    expect(trend([at(0, 90), at(1, 80)], 10 * 60_000)).toBeUndefined();
  });
  it('compares the means of the oldest and newest quarters, ignoring point noise', () => {
    const pts = Array.from({ length: 101 }, (_, i) => at(i / 10, 100 - i / 10 + (i % 2 ? 3 : -3)));
    const d = trend(pts, 10 * 60_000)!;
    expect(d).toBeGreaterThan(-9);
    expect(d).toBeLessThan(-6);
    const flat = Array.from({ length: 101 }, (_, i) => at(i / 10, 95 + (i % 2 ? 4 : -4)));
    expect(Math.abs(trend(flat, 10 * 60_000)!)).toBeLessThan(1);
  });
});
