import { type Reading, Rng, type Sensor } from '@prognos/core';

/** Test fixtures of the quality tests: a 0..16 bar pressure sensor at 1 Hz and a clean signal for it. */
export const PT: Sensor = {
  id: 'SKID.PT-01',
  assetId: 'SKID',
  name: 'Skid discharge pressure',
  kind: 'pressure',
  unit: 'bar',
  min: 0,
  max: 16,
  sampleRateHz: 1,
  lastCalibration: '2020-01-01',
};

export const T0 = 1_800_000_000_000;

/** n readings at 1 Hz from t0: 8 bar with a slow swing and noise of 0.05 bar (all good). */
export function clean(n: number, t0 = T0, seed = 'clean', sensor = PT.id): Reading[] {
  const rng = new Rng(seed);
  const out: Reading[] = [];
  for (let i = 0; i < n; i++) {
    const value = 8 + 0.5 * Math.sin((2 * Math.PI * i) / 600) + 0.05 * rng.normal();
    out.push({ sensor, ts: t0 + i * 1000, value: Math.round(value * 1000) / 1000, quality: 0 });
  }
  return out;
}
