/**
 * The detectors the shared conformance suite (conformance.test.ts) runs against, and the synthetic plant data it
 * uses. Test support, not exported from the package. A new detector joins the suite by one line in
 * DETECTOR_CASES, e.g. `{ name: 'autoencoder', make: () => new AutoencoderDetector() }`.
 */
import type { Rng } from '@prognos/core';
import { AutoencoderDetector } from './autoencoder-detector';
import type { Detector } from './detector';
import { EnsembleDetector } from './ensemble-detector';
import { MsetDetector } from './mset-detector';
import { PcaDetector } from './pca-detector';
import { RegimeDetector } from './regime-detector';

export interface DetectorCase {
  name: string;
  /** A fresh, unfitted detector with its default options. */
  make: () => Detector;
}

export const DETECTOR_CASES: DetectorCase[] = [
  { name: 'pca', make: () => new PcaDetector() },
  { name: 'mset', make: () => new MsetDetector() },
  { name: 'autoencoder', make: () => new AutoencoderDetector() },
  {
    name: 'regime (PCA per regime of column 0)',
    make: () => new RegimeDetector(() => new PcaDetector(), { column: 0 }),
  },
  { name: 'ensemble', make: () => new EnsembleDetector([new PcaDetector(), new MsetDetector()]) },
];

/**
 * 8 sensors of one machine driven by 3 latent factors (load, ambient temperature, wear-like drift), each with
 * its own mean and scale in engineering units and independent sensor noise: a correlated structure that every
 * detector should learn, with residual dimensions in which a single-sensor fault shows.
 */
export const PLANT_LOADINGS = [
  [0.95, 0.05, 0], // speed
  [0.9, 0.1, 0.2], // current
  [0.85, -0.1, -0.15], // flow
  [-0.7, 0.05, 0.4], // discharge pressure
  [0.5, 0, 0.7], // vibration
  [0.45, 0.75, 0.1], // bearing temperature
  [0.1, 0.9, 0], // motor winding temperature
  [0.3, 0.3, 0.8], // acoustic level
];
export const PLANT_MEANS = [1480, 30, 75, 5.2, 2.1, 55, 65, 70];
export const PLANT_SCALES = [12, 6, 15, 0.6, 0.5, 4, 5, 3];
/** Sensor noise, as a share of each sensor's scale. */
export const PLANT_NOISE = 0.2;
export const PLANT_COLUMNS = PLANT_LOADINGS.length;

/** x_j = mean_j + scale_j·(W_j·f + PLANT_NOISE·ε_j), f ~ N(0, I₃), ε ~ N(0, I₈). */
export function plantRows(rng: Rng, n: number): Float64Array[] {
  const rows: Float64Array[] = [];
  for (let i = 0; i < n; i++) {
    const f = [rng.normal(), rng.normal(), rng.normal()];
    rows.push(
      Float64Array.from(
        PLANT_LOADINGS,
        (w, j) =>
          PLANT_MEANS[j] + PLANT_SCALES[j] * (w[0] * f[0] + w[1] * f[1] + w[2] * f[2] + PLANT_NOISE * rng.normal()),
      ),
    );
  }
  return rows;
}

/** Standard deviation of sensor j on healthy data: scale_j·√(‖W_j‖² + PLANT_NOISE²). */
export function plantStd(j: number): number {
  const w = PLANT_LOADINGS[j];
  return PLANT_SCALES[j] * Math.sqrt(w[0] ** 2 + w[1] ** 2 + w[2] ** 2 + PLANT_NOISE ** 2);
}

/**
 * A copy of `row` with sensor j offset by `sigmas` times that sensor's healthy standard deviation (a bias, a
 * re-ranged transmitter). In units of the sensor's own noise the offset is about five times larger.
 */
export function offsetSensor(row: ArrayLike<number>, j: number, sigmas: number): Float64Array {
  const x = Float64Array.from(row);
  x[j] += sigmas * plantStd(j);
  return x;
}
