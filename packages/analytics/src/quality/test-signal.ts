import { Rng } from '@prognos/core';

/** A synthetic healthy signal for the quality tests: level + slow sine + Gaussian noise, at 1 Hz from t0. */
export function cleanSignal(n: number, seed: number | string, level = 50, noise = 1, t0 = 1_700_000_000_000) {
  const rng = new Rng(seed);
  const out: { ts: number; value: number }[] = [];
  for (let i = 0; i < n; i++) {
    out.push({ ts: t0 + i * 1000, value: level + 2 * Math.sin((2 * Math.PI * i) / 3600) + noise * rng.normal() });
  }
  return out;
}
