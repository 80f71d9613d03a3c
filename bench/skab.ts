/**
 * `npm run bench -- skab --data DIR [--json] [--smooth N]`
 * Outlier detection on the Skoltech Anomaly Benchmark (Katser & Kozitsin 2020) with the protocol of its published
 * leaderboard: every experiment file on its own; each detector is fitted on the file's first 400 rows (normal
 * operation) and labels every later row 0/1; F1, false-alarm rate (FAR) and missed-alarm rate (MAR) are computed
 * over the pooled labelled rows of all files. Every `*.csv` under DIR is used except the anomaly-free recording.
 *
 * The same code and settings run on every file and every folder (nothing is tuned per file): the detectors are the
 * platform's own, with their thresholds calibrated by the shared `calibrateThreshold` on the 400 training rows,
 * and one streaming post-processing step the platform's alerting also applies — the calibrated score is averaged
 * over the last N rows (causal: only rows already seen), because a fault is a state that lasts, not one sample.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import {
  AutoencoderDetector,
  type Detector,
  DriftAllowance,
  EnsembleDetector,
  MsetDetector,
  PcaDetector,
  type Row,
} from '@prognos/analytics';
import { flag, option, printTable } from './table';

const TRAIN_ROWS = 400;
/** Causal moving average of the calibrated score, in rows (1 Hz: seconds). */
const DEFAULT_SMOOTH = 20;
/**
 * Hysteresis of the platform's alerting: once raised, an alarm clears only after this many calm rows in a row
 * (AssetMonitor clears an episode after a run of calm windows the same way).
 */
const DEFAULT_HOLD = 30;

export interface SkabFile {
  name: string;
  columns: string[];
  rows: Row[];
  /** Row times (epoch ms) from the `datetime` column; one second apart from the first row when it is missing. */
  times: number[];
  labels: number[];
}

/** All `*.csv` files under `dir`, recursively, except the anomaly-free recording (it has no labels). */
export function findSkabFiles(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string) => {
    for (const name of readdirSync(d).sort((a, b) => a.localeCompare(b, 'en', { numeric: true }))) {
      const p = join(d, name);
      if (statSync(p).isDirectory()) walk(p);
      else if (name.endsWith('.csv') && !/anomaly-free/i.test(p)) out.push(p);
    }
  };
  walk(dir);
  return out;
}

/**
 * A SKAB file: `;`-separated, a `datetime` column, the sensor columns, then `anomaly` and `changepoint` labels.
 * Sensor columns are every column but those three, so a recording of another rig with other sensors also loads.
 */
export function parseSkab(text: string, name: string): SkabFile {
  const lines = text.split(/\r?\n/).filter((l) => l.trim() !== '');
  const header = (lines[0] ?? '').split(';').map((h) => h.trim());
  const ia = header.indexOf('anomaly');
  if (ia < 0) throw new Error(`${name}: no "anomaly" column in the header`);
  const it = header.indexOf('datetime');
  const skip = new Set([it, ia, header.indexOf('changepoint')]);
  const cols = header.map((_, i) => i).filter((i) => !skip.has(i));
  const rows: Row[] = [];
  const labels: number[] = [];
  const times: number[] = [];
  for (let k = 1; k < lines.length; k++) {
    const f = (lines[k] as string).split(';');
    const row = cols.map((i) => Number(f[i]));
    if (row.some((v) => !Number.isFinite(v))) throw new Error(`${name}:${k + 1}: a sensor value is not a number`);
    rows.push(row);
    labels.push(Number(f[ia]) > 0 ? 1 : 0);
    // "2020-03-09 10:14:33" (local time of the rig; only differences matter).
    const t = it >= 0 ? Date.parse(`${(f[it] ?? '').trim().replace(' ', 'T')}Z`) : Number.NaN;
    times.push(Number.isFinite(t) ? t : (times.length > 0 ? (times[times.length - 1] as number) : 0) + 1000);
  }
  return { name, columns: cols.map((i) => header[i] as string), rows, times, labels };
}

interface Counts {
  tp: number;
  fp: number;
  tn: number;
  fn: number;
}
const metrics = (c: Counts) => {
  const precision = c.tp + c.fp > 0 ? c.tp / (c.tp + c.fp) : 0;
  const recall = c.tp + c.fn > 0 ? c.tp / (c.tp + c.fn) : 0;
  return {
    f1: precision + recall > 0 ? (2 * precision * recall) / (precision + recall) : 0,
    far: c.fp + c.tn > 0 ? c.fp / (c.fp + c.tn) : 0,
    mar: c.fn + c.tp > 0 ? c.fn / (c.fn + c.tp) : 0,
  };
};

/** Causal moving average over the last `n` values. */
export function smoothCausal(xs: readonly number[], n: number): number[] {
  const out: number[] = [];
  let sum = 0;
  for (let i = 0; i < xs.length; i++) {
    sum += xs[i] as number;
    if (i >= n) sum -= xs[i - n] as number;
    out.push(sum / Math.min(i + 1, n));
  }
  return out;
}

/**
 * 0/1 per row with hysteresis: on while the score is above 1, and until `hold` rows in a row have been at or
 * below it (0: plain thresholding).
 */
export function holdAlarm(scores: readonly number[], hold: number): number[] {
  let last = Number.NEGATIVE_INFINITY;
  return scores.map((s, i) => {
    if (s > 1) last = i;
    return i - last <= hold ? 1 : 0;
  });
}

interface Config {
  name: string;
  make: () => Detector;
}

const CONFIGS: Config[] = [
  { name: 'PCA T²+SPE', make: () => new PcaDetector() },
  { name: 'MSET', make: () => new MsetDetector() },
  { name: 'autoencoder', make: () => new AutoencoderDetector() },
  { name: 'ensemble (PCA + MSET)', make: () => new EnsembleDetector([new PcaDetector(), new MsetDetector()]) },
  {
    name: 'ensemble (PCA + MSET + AE)',
    make: () => new EnsembleDetector([new PcaDetector(), new MsetDetector(), new AutoencoderDetector()]),
  },
];

/**
 * Labels of one file's rows after the training rows. `platform`: the detector sees each row through the drift
 * allowance learned on the training rows (DriftAllowance) and alarms have the hysteresis of the platform's
 * alerting; otherwise the plain published protocol (calibrated, smoothed score above 1).
 */
export function labelFile(f: SkabFile, det: Detector, opts: { smooth: number; hold: number; platform: boolean }) {
  const train = f.rows.slice(0, TRAIN_ROWS);
  det.fit(train);
  let rows: readonly Row[] = f.rows;
  if (opts.platform) {
    const drift = DriftAllowance.fit(train, f.times.slice(0, TRAIN_ROWS));
    rows = f.rows.map((r, i) => Array.from(drift.apply(r, f.times[i] as number)));
  }
  const scores = smoothCausal(det.score(rows), opts.smooth);
  return holdAlarm(scores, opts.platform ? opts.hold : 0).slice(TRAIN_ROWS);
}

export async function runSkabBench(args: string[]): Promise<void> {
  const dir = option(args, 'data') ?? '../shared/datasets/skab/data';
  const json = flag(args, 'json');
  const smooth = Number(option(args, 'smooth') ?? DEFAULT_SMOOTH);
  const hold = Number(option(args, 'hold') ?? DEFAULT_HOLD);
  const files = findSkabFiles(dir).map((p) => parseSkab(readFileSync(p, 'utf8'), relative(dir, p)));
  if (files.length === 0) throw new Error(`no SKAB *.csv files under ${dir}`);
  console.error(`[bench] ${files.length} files under ${dir}, ${files.reduce((s, f) => s + f.rows.length, 0)} rows`);
  const results: { name: string; f1: number; far: number; mar: number; ms: number }[] = [];
  for (const platform of [false, true]) {
    for (const cfg of CONFIGS) {
      const c: Counts = { tp: 0, fp: 0, tn: 0, fn: 0 };
      const t0 = performance.now();
      for (const f of files) {
        const predicted = labelFile(f, cfg.make(), { smooth, hold, platform });
        const labels = f.labels.slice(TRAIN_ROWS);
        predicted.forEach((p, i) => {
          const y = labels[i] as number;
          if (p && y) c.tp++;
          else if (p) c.fp++;
          else if (y) c.fn++;
          else c.tn++;
        });
      }
      const name = platform ? `${cfg.name} + drift allowance, hysteresis` : cfg.name;
      results.push({ name, ...metrics(c), ms: performance.now() - t0 });
    }
  }
  printTable(
    ['detector', 'F1', 'FAR %', 'MAR %', 'time (ms)'],
    results.map((r) => [r.name, r.f1.toFixed(3), (100 * r.far).toFixed(1), (100 * r.mar).toFixed(1), r.ms.toFixed(0)]),
  );
  const best = [...results].sort((a, b) => b.f1 - a.f1)[0] as (typeof results)[number];
  if (json) console.log(JSON.stringify({ best: best.name, f1: best.f1, far: best.far, mar: best.mar }));
}
