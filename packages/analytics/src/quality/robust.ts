/**
 * Robust location and scale. The MAD is scaled by 1.4826 (= 1/Φ⁻¹(0.75)) so that it estimates the standard
 * deviation of Gaussian data (Hampel 1974; Rousseeuw & Croux 1993), while staying unaffected by up to half the
 * window being outliers — which is exactly when a plain standard deviation is useless for flagging them.
 */
export const MAD_TO_SIGMA = 1.4826;

/** Median of an ascending-sorted array; NaN when empty. */
export function medianSorted(sorted: ArrayLike<number>): number {
  const n = sorted.length;
  if (n === 0) return Number.NaN;
  const h = n >> 1;
  return n % 2 === 1 ? sorted[h] : (sorted[h - 1] + sorted[h]) / 2;
}

/** Median absolute deviation from `center` (unscaled); NaN when empty. */
export function madAround(values: ArrayLike<number>, center: number): number {
  const dev = new Float64Array(values.length);
  for (let i = 0; i < values.length; i++) dev[i] = Math.abs(values[i] - center);
  return medianSorted(dev.sort());
}

/** Robust standard deviation (1.4826·MAD) of an ascending-sorted array; NaN when empty. */
export function robustStdSorted(sorted: ArrayLike<number>): number {
  return MAD_TO_SIGMA * madAround(sorted, medianSorted(sorted));
}

/** The expected sample interval in ms, or undefined when the sensor declares no usable rate. */
export function expectedIntervalMs(sampleRateHz: number): number | undefined {
  return Number.isFinite(sampleRateHz) && sampleRateHz > 0 ? 1000 / sampleRateHz : undefined;
}
