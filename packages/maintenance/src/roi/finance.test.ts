import { PrognosError } from '@prognos/core';
import { describe, expect, it } from 'vitest';
import { discountedPaybackYears, irr, npv, paybackYears } from './finance';

function thrown(fn: () => unknown): unknown {
  try {
    fn();
  } catch (err) {
    return err;
  }
  return undefined;
}

describe('npv', () => {
  it('discounts years 1..N and leaves year 0 as it is', () => {
    // −1000 + 300/1.1 + 400/1.1² + 500/1.1³ + 600/1.1⁴
    // = −1000 + 272.7273 + 330.5785 + 375.6574 + 409.8081 = 388.7713
    expect(npv(0.1, [-1000, 300, 400, 500, 600])).toBeCloseTo(388.7713, 4);
  });

  it('is the plain sum at a zero discount rate', () => {
    // −100 + 30 + 40 + 50 = 20
    expect(npv(0, [-100, 30, 40, 50])).toBe(20);
  });

  it('is negative when the flows never pay back', () => {
    // −1000 + 100/1.05 + 100/1.05² = −1000 + 95.2381 + 90.7029 = −814.0590
    expect(npv(0.05, [-1000, 100, 100])).toBeCloseTo(-814.059, 3);
  });

  it('is year 0 alone for a single flow, and 0 for none', () => {
    expect(npv(0.1, [-500])).toBe(-500);
    expect(npv(0.1, [])).toBe(0);
  });

  it('rejects a discount rate of −100 % or less with a coded error', () => {
    expect(() => npv(-1, [-100, 110])).toThrow(PrognosError);
    const err = thrown(() => npv(-1.5, [-100, 110]));
    expect(err).toBeInstanceOf(PrognosError);
    expect((err as PrognosError).code).toBe('BAD_REQUEST');
    expect((err as PrognosError).message).toContain('discountRate');
    expect(() => npv(Number.NaN, [-100, 110])).toThrow(PrognosError);
  });
});

describe('irr', () => {
  it('finds 10 % for −100 then 110', () => {
    // −100 + 110/(1 + r) = 0 ⇒ r = 0.1
    expect(irr([-100, 110])).toBeCloseTo(0.1, 9);
  });

  it('finds about 23.375 % for −1000 then three years of 500', () => {
    // 500 × (1 − (1 + r)^−3) / r = 1000 ⇒ annuity factor 2 ⇒ r ≈ 0.233752
    const r = irr([-1000, 500, 500, 500]) as number;
    expect(r).toBeCloseTo(0.233752, 6);
    expect(Math.abs(npv(r, [-1000, 500, 500, 500]))).toBeLessThan(1e-6);
  });

  it('finds a negative IRR when the flows return less than they cost', () => {
    // −1000 + 400x + 400x² = 0 with x = 1/(1 + r) ⇒ x = (−1 + √11)/2 = 1.158312 ⇒ r = 1/x − 1 = −0.136675
    expect(irr([-1000, 400, 400])).toBeCloseTo(-0.136675, 6);
  });

  it('finds a high IRR on the coarse part of the search', () => {
    // −1 + 5/(1 + r) = 0 ⇒ r = 4 (400 %)
    expect(irr([-1, 5])).toBeCloseTo(4, 9);
  });

  it('is undefined when the flows never change sign', () => {
    expect(irr([-100, -50, -10])).toBeUndefined();
    expect(irr([100, 50])).toBeUndefined();
    expect(irr([0, 0, 0])).toBeUndefined();
    expect(irr([])).toBeUndefined();
  });

  it('is undefined when the root lies outside −99 % .. +1000 %', () => {
    // −1 + 20/(1 + r) = 0 ⇒ r = 19 (1900 %): beyond the search
    expect(irr([-1, 20])).toBeUndefined();
  });

  it('returns the root nearest 0 % when the flows change sign twice', () => {
    // −100 + 230x − 132x² = 0 with x = 1/(1 + r) ⇒ 66x² − 115x + 50 = 0 ⇒ x = (115 ± 5)/132
    // ⇒ x = 0.909091 (r = 10 %) or x = 0.833333 (r = 20 %): both are IRRs; the documented choice is 10 %
    expect(npv(0.2, [-100, 230, -132])).toBeCloseTo(0, 9);
    expect(irr([-100, 230, -132])).toBeCloseTo(0.1, 9);
  });

  it('ignores zero flows between the sign changes', () => {
    // −100 + 121/(1 + r)² = 0 ⇒ r = 0.1
    expect(irr([-100, 0, 121])).toBeCloseTo(0.1, 9);
  });
});

describe('paybackYears', () => {
  it('interpolates within the year the cumulative flow turns positive', () => {
    // cumulative: −1000, −700, −300, +200 ⇒ year 3 covers the 300 still owed out of 500: 2 + 300/500 = 2.6
    expect(paybackYears([-1000, 300, 400, 500])).toBeCloseTo(2.6, 12);
  });

  it('pays back exactly at a year end', () => {
    // cumulative: −10000, −5000, 0 ⇒ 1 + 5000/5000 = 2
    expect(paybackYears([-10000, 5000, 5000, 5000])).toBe(2);
  });

  it('is 0 when year 0 is already not negative', () => {
    expect(paybackYears([0, 100])).toBe(0);
    expect(paybackYears([50, -10])).toBe(0);
  });

  it('is undefined when the horizon ends before payback', () => {
    // cumulative: −1000, −900, −800
    expect(paybackYears([-1000, 100, 100])).toBeUndefined();
  });

  it('is undefined when every flow is negative', () => {
    expect(paybackYears([-1000, -100, -100])).toBeUndefined();
    expect(paybackYears([])).toBeUndefined();
  });

  it('takes the first time the cumulative flow reaches 0 when it dips again later', () => {
    // cumulative: −100, +50 (0 + 100/150 = 0.6667), −50, +50
    expect(paybackYears([-100, 150, -100, 100])).toBeCloseTo(2 / 3, 12);
  });
});

describe('discountedPaybackYears', () => {
  it('pays back later than the simple payback', () => {
    // discounted at 10 %: −1000, 600/1.1 = 545.4545, 600/1.21 = 495.8678
    // cumulative: −1000, −454.5455, +41.3223 ⇒ 1 + 454.5455/495.8678 = 1 + 605/660 = 1.916667
    expect(discountedPaybackYears(0.1, [-1000, 600, 600])).toBeCloseTo(1.916667, 6);
    // simple: cumulative −1000, −400, +200 ⇒ 1 + 400/600 = 1.6667
    expect(paybackYears([-1000, 600, 600])).toBeCloseTo(1.666667, 6);
  });

  it('equals the simple payback at a zero discount rate', () => {
    expect(discountedPaybackYears(0, [-1000, 300, 400, 500])).toBeCloseTo(2.6, 12);
  });

  it('is undefined when discounting pushes payback past the horizon', () => {
    // simple: −1000 + 500 + 500 = 0 at year 2; discounted at 10 %: −1000 + 454.5 + 413.2 = −132.2
    expect(paybackYears([-1000, 500, 500])).toBe(2);
    expect(discountedPaybackYears(0.1, [-1000, 500, 500])).toBeUndefined();
  });

  it('rejects a discount rate of −100 % or less', () => {
    expect(() => discountedPaybackYears(-1, [-1, 2])).toThrow(PrognosError);
  });
});
