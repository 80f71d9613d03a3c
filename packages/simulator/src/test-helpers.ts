import type { Reading } from '@prognos/core';
import { createDemoPlant } from './demo-plant';
import { PlantSimulator } from './simulator';
import type { SimulatorOptions } from './types';

/** Monday 2025-01-06 00:00 UTC: a fixed origin so tests see the same shift pattern every run. */
export const MONDAY = Date.UTC(2025, 0, 6, 0);

export function demoSim(opts: SimulatorOptions = {}): PlantSimulator {
  return new PlantSimulator(createDemoPlant(), { seed: 42, origin: MONDAY, ...opts });
}

/** Steps from `from` every stepMs up to and including `to`, collecting each sensor's values. */
export function collect(sim: PlantSimulator, from: number, to: number, stepMs: number): Map<string, number[]> {
  const series = new Map<string, number[]>();
  for (let t = from; t <= to; t += stepMs) for (const r of sim.step(t)) push(series, r);
  return series;
}

function push(series: Map<string, number[]>, r: Reading) {
  let s = series.get(r.sensor);
  if (!s) {
    s = [];
    series.set(r.sensor, s);
  }
  s.push(r.value);
}

export function mean(xs: readonly number[]): number {
  return xs.reduce((a, b) => a + b, 0) / xs.length;
}

export function std(xs: readonly number[]): number {
  const m = mean(xs);
  return Math.sqrt(xs.reduce((a, b) => a + (b - m) ** 2, 0) / xs.length);
}

export function pearson(a: readonly number[], b: readonly number[]): number {
  const ma = mean(a);
  const mb = mean(b);
  let sab = 0;
  let saa = 0;
  let sbb = 0;
  for (let i = 0; i < a.length; i++) {
    const da = a[i]! - ma;
    const db = b[i]! - mb;
    sab += da * db;
    saa += da * da;
    sbb += db * db;
  }
  return sab / Math.sqrt(saa * sbb);
}
