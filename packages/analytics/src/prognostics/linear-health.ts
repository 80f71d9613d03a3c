/**
 * A linear health index: ridge regression of a health target (here the capped RUL) on the normalised sensors.
 * Averaging many noisy sensors with learned weights gives one smooth degradation channel (Wang et al. 2008, PHM08,
 * "similarity-based" health indicator; Hoerl & Kennard 1970 for the ridge), which trees, splitting one feature at a
 * time, cannot build themselves.
 */

export interface LinearHealthState {
  weights: number[];
  intercept: number;
}

/** Solves (XᵀX + λI) w = Xᵀy on centred data by Gaussian elimination with partial pivoting. */
export function fitRidge(x: readonly (readonly number[])[], y: readonly number[], lambda = 1): LinearHealthState {
  const n = x.length;
  const p = x[0]?.length ?? 0;
  if (n === 0 || y.length !== n) throw new Error('fitRidge: no rows or lengths differ');
  const mx = new Array<number>(p).fill(0);
  let my = 0;
  for (let i = 0; i < n; i++) {
    my += y[i] as number;
    for (let j = 0; j < p; j++) mx[j]! += (x[i] as number[])[j] as number;
  }
  my /= n;
  for (let j = 0; j < p; j++) mx[j]! /= n;
  const a = Array.from({ length: p }, (_, j) => {
    const r = new Array<number>(p + 1).fill(0);
    r[j] = lambda;
    return r;
  });
  for (let i = 0; i < n; i++) {
    const xi = x[i] as readonly number[];
    const yi = (y[i] as number) - my;
    for (let j = 0; j < p; j++) {
      const dj = (xi[j] as number) - mx[j]!;
      const row = a[j] as number[];
      for (let k = j; k < p; k++) row[k]! += dj * ((xi[k] as number) - mx[k]!);
      row[p]! += dj * yi;
    }
  }
  for (let j = 0; j < p; j++) for (let k = 0; k < j; k++) a[j]![k] = a[k]![j] as number;
  for (let c = 0; c < p; c++) {
    let piv = c;
    for (let r = c + 1; r < p; r++) if (Math.abs(a[r]![c]!) > Math.abs(a[piv]![c]!)) piv = r;
    [a[c], a[piv]] = [a[piv] as number[], a[c] as number[]];
    const d = a[c]![c]!;
    if (Math.abs(d) < 1e-300) continue;
    for (let r = 0; r < p; r++) {
      if (r === c) continue;
      const m = a[r]![c]! / d;
      if (m === 0) continue;
      for (let k = c; k <= p; k++) a[r]![k]! -= m * a[c]![k]!;
    }
  }
  const weights = a.map((r, j) => (Math.abs(r[j]!) > 1e-300 ? r[p]! / r[j]! : 0));
  const intercept = my - weights.reduce((s, w, j) => s + w * mx[j]!, 0);
  return { weights, intercept };
}

export function applyLinear(s: LinearHealthState, x: readonly number[]): number {
  let v = s.intercept;
  for (let j = 0; j < s.weights.length; j++) v += (s.weights[j] as number) * (x[j] as number);
  return v;
}
