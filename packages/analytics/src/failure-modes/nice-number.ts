/**
 * The number with the fewest significant digits in (a, b], the one nearest the midpoint among equals: a split
 * threshold between two neighbouring training values a < b. `x < t` then separates the training rows exactly
 * as the midpoint would, and the rule reads "< 8.6 K" instead of "< 8.549999 K". Falls back to the midpoint
 * when a and b are too close for a short number.
 */
export function niceThreshold(a: number, b: number): number {
  if (!(a < b)) throw new Error(`niceThreshold: need a < b, got ${a}, ${b}`);
  const mid = (a + b) / 2;
  const top = Math.floor(Math.log10(Math.max(Math.abs(a), Math.abs(b), 1e-300))) + 1;
  for (let e = top; e >= top - 15; e--) {
    const step = 10 ** e;
    let k = Math.round(mid / step);
    if (k * step <= a) k++;
    if (k * step > b) k--;
    // toFixed removes the binary rounding of k × 10^e for negative e (86 × 0.1 = 8.600000000000001).
    const t = e < 0 ? Number((k * step).toFixed(Math.min(-e, 100))) : k * step;
    if (t > a && t <= b) return t + 0; // + 0 turns −0 into 0
  }
  return mid;
}

/**
 * A value for people: four significant digits at most (never fewer than the integer part), thousands
 * separators, no trailing zeros — 308.6, 1,408, 6,826, 46.3, 8.1.
 */
export function formatNumber(v: number): string {
  if (!Number.isFinite(v)) return String(v);
  if (v === 0) return '0';
  const digits = Math.floor(Math.log10(Math.abs(v)));
  return v.toLocaleString('en-US', { maximumFractionDigits: Math.min(20, Math.max(0, 3 - digits)) });
}

/** A threshold as stated in a rule: all its digits (thresholds are already short, see niceThreshold). */
export function formatThreshold(v: number): string {
  return v.toLocaleString('en-US', { maximumFractionDigits: 10 });
}
