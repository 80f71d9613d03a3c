import { describe, expect, it } from 'vitest';
import { trendWords } from './component-health-panel';

describe('trendWords', () => {
  it('says steady below a point an hour, and keeps numbers readable', () => {
    expect(trendWords(0.4)).toBe('Steady');
    expect(trendWords(Number.NaN)).toBe('Steady');
    expect(trendWords(-12.4)).toBe('Falling 12 points per hour');
    expect(trendWords(1)).toBe('Rising 1 point per hour');
    expect(trendWords(-120)).toBe('Falling 120 points per hour');
    expect(trendWords(-5594)).toBe('Falling 93 points per minute');
  });
});
