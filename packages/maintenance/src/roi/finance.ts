/**
 * Discounted-cash-flow arithmetic: net present value, internal rate of return, simple and discounted payback.
 * Cash flows are yearly, year 0 first (the investment, undiscounted), then years 1..N at year end.
 */
import { prognosError } from '@prognos/core';

/**
 * Net present value: Σ CF_t / (1 + rate)^t, t = 0..N. A rate of 0 is the plain sum. A rate of −100 % or less has
 * no meaning (it divides by zero or flips the sign of every year), so it is a coded error naming the field.
 */
export function npv(rate: number, cashFlows: readonly number[]): number {
  if (!(rate > -1)) throw prognosError('BAD_REQUEST', `discountRate must be greater than -1 (-100 %), got ${rate}`);
  if (rate === 0) return cashFlows.reduce((s, cf) => s + cf, 0);
  let sum = 0;
  let factor = 1;
  for (const cf of cashFlows) {
    sum += cf / factor;
    factor *= 1 + rate;
  }
  return sum;
}

/** Lowest and highest rate the IRR search looks at: −99 % (almost everything lost) to +1000 % a year. */
export const IRR_MIN_RATE = -0.99;
export const IRR_MAX_RATE = 10;
const IRR_TOLERANCE = 1e-10;

/**
 * The rates the search probes for a sign change of NPV: every 0.1 % from −99 % to +100 %, then every 1 % up to
 * +1000 %. Fine steps where business cases live, so two roots close together (e.g. 10 % and 20 %) are told apart.
 */
function irrGrid(): number[] {
  const grid: number[] = [];
  for (let i = -990; i <= 1000; i++) grid.push(i / 1000);
  for (let i = 101; i <= 1000; i++) grid.push(i / 100);
  return grid;
}
const GRID = irrGrid();

function signChanges(cashFlows: readonly number[]): number {
  let changes = 0;
  let last = 0;
  for (const cf of cashFlows) {
    if (cf === 0 || !Number.isFinite(cf)) continue;
    const s = Math.sign(cf);
    if (last !== 0 && s !== last) changes++;
    last = s;
  }
  return changes;
}

/**
 * Internal rate of return: the rate at which NPV is 0, to 1e-10. undefined when the flows never change sign (all
 * costs or all gains have no IRR) or NPV has no root between −99 % and +1000 %.
 *
 * Flows that change sign more than once (e.g. −100, +230, −132) can have several IRRs (10 % and 20 % there). This
 * returns the root nearest 0 %: the one a reader compares with a discount rate, and the same answer whichever end
 * the search would start from. The search brackets every sign change of NPV on the grid and bisects each bracket;
 * a root where NPV only touches 0 without crossing it is found only if it lies on a grid point.
 */
export function irr(cashFlows: readonly number[]): number | undefined {
  if (cashFlows.some((cf) => !Number.isFinite(cf))) return undefined;
  if (signChanges(cashFlows) === 0) return undefined;
  let best: number | undefined;
  const consider = (r: number): void => {
    if (best === undefined || Math.abs(r) < Math.abs(best)) best = r;
  };
  let prevRate = GRID[0] as number;
  let prevNpv = npv(prevRate, cashFlows);
  if (prevNpv === 0) consider(prevRate);
  for (let i = 1; i < GRID.length; i++) {
    const rate = GRID[i] as number;
    const value = npv(rate, cashFlows);
    if (value === 0) consider(rate);
    else if (prevNpv !== 0 && Math.sign(value) !== Math.sign(prevNpv))
      consider(bisect(cashFlows, prevRate, rate, prevNpv));
    prevRate = rate;
    prevNpv = value;
  }
  return best;
}

/** Bisection on [lo, hi], where NPV changes sign: halves the bracket until it is narrower than the tolerance. */
function bisect(cashFlows: readonly number[], lo: number, hi: number, npvLo: number): number {
  let a = lo;
  let b = hi;
  let fa = npvLo;
  // 0.01 wide at most, so 40 halvings reach well under 1e-10
  for (let k = 0; k < 100 && b - a > IRR_TOLERANCE; k++) {
    const m = (a + b) / 2;
    const fm = npv(m, cashFlows);
    if (fm === 0) return m;
    if (Math.sign(fm) === Math.sign(fa)) {
      a = m;
      fa = fm;
    } else {
      b = m;
    }
  }
  return (a + b) / 2;
}

/**
 * Years until the cumulative cash flow first reaches 0, interpolated linearly within that year (the year's flow is
 * taken as spread evenly over it). 0 when year 0 is already ≥ 0; undefined when it never does within the horizon.
 */
export function paybackYears(cashFlows: readonly number[]): number | undefined {
  if (cashFlows.length === 0) return undefined;
  let cumulative = cashFlows[0] as number;
  if (!Number.isFinite(cumulative)) return undefined;
  if (cumulative >= 0) return 0;
  for (let t = 1; t < cashFlows.length; t++) {
    const cf = cashFlows[t] as number;
    if (!Number.isFinite(cf)) return undefined;
    const next = cumulative + cf;
    // cumulative < 0 ≤ next, so cf > 0: the share of year t needed to cover what was still owed
    if (next >= 0) return t - 1 + -cumulative / cf;
    cumulative = next;
  }
  return undefined;
}

/** Payback of the discounted cash flows (each CF_t / (1 + rate)^t), interpolated the same way. */
export function discountedPaybackYears(rate: number, cashFlows: readonly number[]): number | undefined {
  if (!(rate > -1)) throw prognosError('BAD_REQUEST', `discountRate must be greater than -1 (-100 %), got ${rate}`);
  return paybackYears(cashFlows.map((cf, t) => cf / (1 + rate) ** t));
}
