import { seededRandom } from './random';

/**
 * Operating regimes from the operational settings, and sensors normalised per regime.
 *
 * In C-MAPSS FD002/FD004 the engines fly six flight conditions (altitude, Mach, throttle angle); a sensor's level
 * depends far more on the condition than on wear, so each sensor is z-scored with the mean and spread it has in
 * its own condition (Wang et al. 2008, PHM08 winner "operating regime" normalisation; Babu et al. 2016 §4.1).
 * Conditions are found by k-means on the standardised settings; k is the smallest number of clusters that explains
 * nearly all (≥ MIN_EXPLAINED) of the settings' variance. Real conditions are tight, well separated clusters
 * (FD002: six points); settings that only jitter around one condition (FD001) never reach that share for any
 * small k, and then there is one regime.
 */

/**
 * Share of the settings' variance the clusters must explain to count as distinct operating regimes. Flight
 * conditions are set points whose jitter is tiny next to their spacing (C-MAPSS FD002: altitude ±0.005 kft on a
 * 0–42 kft range, ~1e-7 of the variance), while merging two neighbouring conditions (35 and 42 kft at Mach 0.84)
 * still leaves ~0.7 % unexplained: 0.01 % separates the two cases; noise around one condition (FD001) stays far
 * above it for any k ≤ MAX_REGIMES.
 */
export const MIN_EXPLAINED = 0.9999;
/** Most regimes tried. */
export const MAX_REGIMES = 10;
/** Most points the regime search clusters. */
const MAX_POINTS = 5000;
/**
 * A sensor is dropped as constant when its within-regime spread is below this fraction of its level: C-MAPSS
 * sensors such as s1, s5, s18, s19 in FD001 are fixed, others (s6) flip between two rounded values only.
 */
export const CONSTANT_RELATIVE_STD = 1e-4;

export interface RegimeNormaliserState {
  /** Settings standardisation (mean, std; std 0 marks a constant setting, ignored). */
  settingMean: number[];
  settingStd: number[];
  /** Cluster centres in standardised setting space, one per regime. */
  centres: number[][];
  /** Indices (into the raw sensor vector) of the sensors kept. */
  sensors: number[];
  /** Per regime, per kept sensor: mean and std on the training data. */
  mean: number[][];
  std: number[][];
}

function standardiseSettings(settings: readonly number[][]): { mean: number[]; std: number[]; z: number[][] } {
  const d = settings[0]?.length ?? 0;
  const mean = new Array<number>(d).fill(0);
  const sd = new Array<number>(d).fill(0);
  for (const s of settings) for (let j = 0; j < d; j++) mean[j]! += s[j] as number;
  for (let j = 0; j < d; j++) mean[j]! /= Math.max(1, settings.length);
  for (const s of settings) for (let j = 0; j < d; j++) sd[j]! += ((s[j] as number) - mean[j]!) ** 2;
  for (let j = 0; j < d; j++) {
    const v = Math.sqrt(sd[j]! / Math.max(1, settings.length));
    // A setting that never changes (FD001's throttle angle) carries no regime information.
    sd[j] = v > 1e-12 * Math.max(1, Math.abs(mean[j]!)) ? v : 0;
  }
  const z = settings.map((s) => s.map((v, j) => (sd[j]! > 0 ? (v - mean[j]!) / sd[j]! : 0)));
  return { mean, std: sd, z };
}

const dist2 = (a: readonly number[], b: readonly number[]) => {
  let s = 0;
  for (let j = 0; j < a.length; j++) s += ((a[j] as number) - (b[j] as number)) ** 2;
  return s;
};

function nearest(centres: readonly number[][], x: readonly number[]): number {
  let best = 0;
  let bd = Number.POSITIVE_INFINITY;
  for (let c = 0; c < centres.length; c++) {
    const d = dist2(centres[c] as number[], x);
    if (d < bd) {
      bd = d;
      best = c;
    }
  }
  return best;
}

/** k-means (k-means++ seeding, Arthur & Vassilvitskii 2007; Lloyd iterations). Returns centres and within-SS. */
export function kMeans(
  points: readonly number[][],
  k: number,
  seed = 1,
  maxIter = 50,
): { centres: number[][]; wss: number } {
  const rand = seededRandom(seed);
  const n = points.length;
  const centres: number[][] = [[...(points[Math.floor(rand() * n)] as number[])]];
  const d2 = points.map((p) => dist2(p, centres[0] as number[]));
  while (centres.length < k) {
    const total = d2.reduce((a, b) => a + b, 0);
    let r = rand() * total;
    let pick = n - 1;
    for (let i = 0; i < n; i++) {
      r -= d2[i] as number;
      if (r <= 0) {
        pick = i;
        break;
      }
    }
    centres.push([...(points[pick] as number[])]);
    for (let i = 0; i < n; i++)
      d2[i] = Math.min(d2[i] as number, dist2(points[i] as number[], centres[centres.length - 1] as number[]));
  }
  const assign = new Int32Array(n).fill(-1);
  for (let it = 0; it < maxIter; it++) {
    let changed = false;
    for (let i = 0; i < n; i++) {
      const c = nearest(centres, points[i] as number[]);
      if (c !== assign[i]) {
        assign[i] = c;
        changed = true;
      }
    }
    const sums = centres.map((c) => new Array<number>(c.length).fill(0));
    const counts = new Array<number>(k).fill(0);
    for (let i = 0; i < n; i++) {
      const c = assign[i] as number;
      counts[c]!++;
      (points[i] as number[]).forEach((v, j) => {
        sums[c]![j]! += v;
      });
    }
    for (let c = 0; c < k; c++) if (counts[c]! > 0) centres[c] = sums[c]!.map((s) => s / counts[c]!);
    if (!changed) break;
  }
  let wss = 0;
  for (let i = 0; i < n; i++) wss += dist2(points[i] as number[], centres[assign[i] as number] as number[]);
  return { centres, wss };
}

/** Chooses the regimes: smallest k ≤ MAX_REGIMES whose clusters explain ≥ MIN_EXPLAINED of the variance, else 1. */
export function findRegimes(all: readonly number[][], seed = 1): number[][] {
  // An evenly spaced sample is plenty to place a handful of centres (and keeps the k search cheap).
  const step = Math.max(1, Math.floor(all.length / MAX_POINTS));
  const z = step === 1 ? all : all.filter((_, i) => i % step === 0);
  const d = z[0]?.length ?? 0;
  const origin = new Array<number>(d).fill(0);
  // Standardised settings have mean 0, so the total sum of squares is the squared distance to the origin.
  const tss = z.reduce((s, p) => s + dist2(p, origin), 0);
  if (tss === 0 || z.length < 2) return [origin];
  for (let k = 2; k <= Math.min(MAX_REGIMES, z.length); k++) {
    // Best of a few seedings: k-means++ can still merge two true clusters once in a while.
    let best = kMeans(z, k, seed);
    for (let s = 1; s < 3; s++) {
      const r = kMeans(z, k, seed + s);
      if (r.wss < best.wss) best = r;
    }
    if (best.wss <= (1 - MIN_EXPLAINED) * tss) return best.centres;
  }
  return [origin];
}

/** Regime clustering plus per-regime z-scoring of the non-constant sensors, learned from training cycles. */
export class RegimeNormaliser {
  private constructor(private readonly s: RegimeNormaliserState) {}

  get regimeCount(): number {
    return this.s.centres.length;
  }
  /** Indices of the sensors kept (0-based into the raw sensor vector). */
  get sensorIndices(): readonly number[] {
    return this.s.sensors;
  }

  static fit(settings: readonly number[][], sensors: readonly number[][], seed = 1): RegimeNormaliser {
    if (settings.length === 0 || settings.length !== sensors.length) throw new Error('RegimeNormaliser: no data');
    const st = standardiseSettings(settings);
    const centres = findRegimes(st.z, seed);
    const regimes = st.z.map((p) => nearest(centres, p));
    const p = sensors[0]?.length ?? 0;
    const k = centres.length;
    const sum = Array.from({ length: k }, () => new Array<number>(p).fill(0));
    const sq = Array.from({ length: k }, () => new Array<number>(p).fill(0));
    const cnt = new Array<number>(k).fill(0);
    sensors.forEach((row, i) => {
      const r = regimes[i] as number;
      cnt[r]!++;
      for (let j = 0; j < p; j++) sum[r]![j]! += row[j] as number;
    });
    const mean = sum.map((s, r) => s.map((v) => v / Math.max(1, cnt[r]!)));
    sensors.forEach((row, i) => {
      const r = regimes[i] as number;
      for (let j = 0; j < p; j++) sq[r]![j]! += ((row[j] as number) - mean[r]![j]!) ** 2;
    });
    const std = sq.map((s, r) => s.map((v) => Math.sqrt(v / Math.max(1, cnt[r]!))));
    const keep: number[] = [];
    for (let j = 0; j < p; j++) {
      // Kept when it varies in at least one regime (weighted by how often the regime is flown).
      let pooled = 0;
      let level = 0;
      for (let r = 0; r < k; r++) {
        pooled += cnt[r]! * std[r]![j]! ** 2;
        level += cnt[r]! * Math.abs(mean[r]![j]!);
      }
      pooled = Math.sqrt(pooled / sensors.length);
      level /= sensors.length;
      if (pooled > CONSTANT_RELATIVE_STD * Math.max(level, 1e-9)) keep.push(j);
    }
    return new RegimeNormaliser({
      settingMean: st.mean,
      settingStd: st.std,
      centres,
      sensors: keep,
      mean: mean.map((m) => keep.map((j) => m[j] as number)),
      std: std.map((s) => keep.map((j) => s[j] as number)),
    });
  }

  /** Regime index of one cycle's settings. */
  regimeOf(settings: readonly number[]): number {
    const z = settings.map((v, j) => {
      const sd = this.s.settingStd[j] ?? 0;
      return sd > 0 ? (v - (this.s.settingMean[j] ?? 0)) / sd : 0;
    });
    return nearest(this.s.centres, z);
  }

  /** The kept sensors of one cycle, z-scored with its regime's statistics (0 where a sensor is fixed in the regime). */
  normalise(settings: readonly number[], sensors: readonly number[]): number[] {
    const r = this.regimeOf(settings);
    const m = this.s.mean[r] as number[];
    const sd = this.s.std[r] as number[];
    return this.s.sensors.map((j, i) =>
      (sd[i] as number) > 0 ? ((sensors[j] as number) - (m[i] as number)) / (sd[i] as number) : 0,
    );
  }

  toJSON(): RegimeNormaliserState {
    return this.s;
  }
  static fromJSON(input: RegimeNormaliserState | string): RegimeNormaliser {
    const s = (typeof input === 'string' ? JSON.parse(input) : input) as RegimeNormaliserState;
    if (!Array.isArray(s?.centres) || !Array.isArray(s.sensors))
      throw new Error('RegimeNormaliser.fromJSON: not a normaliser state');
    return new RegimeNormaliser(s);
  }
}
