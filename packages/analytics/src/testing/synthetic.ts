/**
 * Synthetic data for the analytics tests (test support, not exported from the package): correlated Gaussian rows
 * with a known structure, and a small pump-like asset with a load-driven operating point, stops and faults.
 */
import { type Asset, GOOD, type Reading, type Rng, type Sensor } from '@prognos/core';
import type { SeriesLike } from '../features/windowing';

export interface CorrelatedData {
  /** Observed rows (engineering units). */
  rows: Float64Array[];
}

/** Loadings of 6 sensors on 2 latent factors: two correlated groups plus a sensor tied to both. */
export const LOADINGS = [
  [0.9, 0.1],
  [0.85, -0.2],
  [0.8, 0.3],
  [0.1, 0.9],
  [-0.2, 0.85],
  [0.6, 0.6],
];
export const MEANS = [10, 50, 2, 70, 5, 100];
export const SCALES = [1, 5, 0.2, 3, 0.5, 10];
export const NOISE = 0.25;

/** x_j = mean_j + scale_j·(W_j·f + NOISE·ε_j), f ~ N(0, I₂), ε ~ N(0, I₆). */
export function correlatedRows(rng: Rng, n: number): CorrelatedData {
  const rows: Float64Array[] = [];
  for (let i = 0; i < n; i++) {
    const f = [rng.normal(), rng.normal()];
    rows.push(
      Float64Array.from(LOADINGS, (w, j) => MEANS[j] + SCALES[j] * (w[0] * f[0] + w[1] * f[1] + NOISE * rng.normal())),
    );
  }
  return { rows };
}

export const PUMP: Asset = {
  id: 'P-101',
  lineId: 'L1',
  name: 'Feed pump 1',
  type: 'centrifugal_pump',
  criticality: 'A',
};

const sensor = (id: string, name: string, kind: Sensor['kind'], unit: string, min: number, max: number): Sensor => ({
  id: `P-101.${id}`,
  assetId: 'P-101',
  name,
  kind,
  unit,
  min,
  max,
  sampleRateHz: 0.1,
});

export const PUMP_SENSORS: Sensor[] = [
  sensor('SPEED', 'Motor speed', 'speed', 'rpm', 0, 1800),
  sensor('CURRENT', 'Motor current', 'current', 'A', 0, 60),
  sensor('FLOW', 'Flow', 'flow', 'm3/h', 0, 150),
  sensor('PRESS', 'Discharge pressure', 'discharge_pressure', 'bar', 0, 10),
  sensor('VIB-DE', 'DE bearing vibration', 'vibration', 'mm/s', 0, 20),
  sensor('TEMP-DE', 'DE bearing temperature', 'bearing_temperature', 'degC', 0, 120),
];

export interface PumpStreamOptions {
  from: number;
  durationMs: number;
  /** Sample period of every sensor (default 10 s). */
  periodMs?: number;
  /** Periods [from, to) in which the pump is stopped. */
  stops?: [number, number][];
  /** Added to one sensor: delta(t) in its unit (e.g. a drift). */
  fault?: { sensor: string; delta: (ts: number) => number };
}

/**
 * A pump whose load wanders slowly (an 8-hour cycle plus a random walk); every sensor follows the load with its
 * own gain and noise, the bearing temperature also follows a slow ambient swing. Stopped: speed, current and flow
 * read ~0, pressure falls to static head, vibration to floor noise, and the bearing cools.
 */
export function pumpReadings(rng: Rng, opts: PumpStreamOptions): Reading[] {
  const period = opts.periodMs ?? 10_000;
  const out: Reading[] = [];
  let walk = 0;
  let temp = 55;
  for (let ts = opts.from; ts < opts.from + opts.durationMs; ts += period) {
    walk = 0.995 * walk + 0.003 * rng.normal();
    const load = 0.7 + 0.15 * Math.sin((2 * Math.PI * ts) / (8 * 3_600_000)) + walk;
    const ambient = 3 * Math.sin((2 * Math.PI * ts) / (24 * 3_600_000));
    const stopped = (opts.stops ?? []).some(([a, b]) => ts >= a && ts < b);
    const target = stopped ? 25 + ambient : 40 + 20 * load + ambient;
    temp += (target - temp) * (period / 600_000); // 10-minute thermal time constant
    const v: Record<string, number> = stopped
      ? {
          SPEED: Math.abs(rng.normal()),
          CURRENT: 0.05 * Math.abs(rng.normal()),
          FLOW: 0.1 * Math.abs(rng.normal()),
          PRESS: 0.4 + 0.01 * rng.normal(),
          'VIB-DE': 0.05 + 0.01 * Math.abs(rng.normal()),
          'TEMP-DE': temp + 0.2 * rng.normal(),
        }
      : {
          SPEED: 1485 - 10 * load + 1.5 * rng.normal(),
          CURRENT: 18 + 22 * load + 0.6 * rng.normal(),
          FLOW: 20 + 70 * load + 2 * rng.normal(),
          PRESS: 6.5 - 1.8 * load + 0.06 * rng.normal(),
          'VIB-DE': 1.2 + 1.2 * load + 0.15 * rng.normal(),
          'TEMP-DE': temp + 0.3 * rng.normal(),
        };
    for (const [k, value] of Object.entries(v)) {
      const id = `P-101.${k}`;
      const delta = opts.fault && opts.fault.sensor === id && !stopped ? opts.fault.delta(ts) : 0;
      // Sensors do not sample at exactly the same instant.
      out.push({ sensor: id, ts: ts + Math.floor(rng.next() * 2000), value: value + delta, quality: GOOD });
    }
  }
  return out;
}

/** Groups readings into per-sensor columnar series, sorted by time (like ReadingStore.read). */
export function toSeries(readings: readonly Reading[]): Map<string, SeriesLike> {
  const by = new Map<string, Reading[]>();
  for (const r of readings) {
    const list = by.get(r.sensor) ?? [];
    if (list.length === 0) by.set(r.sensor, list);
    list.push(r);
  }
  const out = new Map<string, SeriesLike>();
  for (const [id, list] of by) {
    list.sort((a, b) => a.ts - b.ts);
    out.set(id, {
      ts: Float64Array.from(list, (r) => r.ts),
      values: Float64Array.from(list, (r) => r.value),
      quality: Uint8Array.from(list, (r) => r.quality),
    });
  }
  return out;
}
