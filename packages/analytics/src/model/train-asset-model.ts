import { type Asset, isGood, PrognosError, type Sensor } from '@prognos/core';
import { DEFAULT_PERSISTENCE } from '../alerting/episode';
import { AutoencoderDetector, type AutoencoderOptions } from '../anomaly/autoencoder-detector';
import type { Detector } from '../anomaly/detector';
import { DRIFT_ALLOWANCE_MAX_TRAINING_MS, DriftAllowance } from '../anomaly/drift-allowance';
import { EnsembleDetector } from '../anomaly/ensemble-detector';
import { MsetDetector, type MsetOptions } from '../anomaly/mset-detector';
import { PcaDetector, type PcaOptions } from '../anomaly/pca-detector';
import { RegimeDetector } from '../anomaly/regime-detector';
import { calibrateAlertLevel } from '../anomaly/thresholds';
import {
  learnRunningRule,
  RunGate,
  type RunningRule,
  runningIndicator,
  startupWindowsFor,
} from '../features/operating-state';
import {
  alignSeries,
  DEFAULT_FILL_LIMIT,
  DEFAULT_WINDOW_MS,
  type SeriesLike,
  windowIndex,
} from '../features/windowing';
import { columnStats } from '../linalg/matrix';
import { type AssetModel, type ModelSensor, type OperatingEnvelope, withToJSON } from './asset-model';
import { evaluateModel } from './evaluate-model';

/** Fewer healthy running windows than this and a baseline cannot be trusted (PCA on p ≤ 30 columns). */
export const MIN_TRAINING_ROWS = 50;
/** A sensor with good data in fewer than this share of the windows is left out rather than dropping rows. */
const MIN_COVERAGE = 0.2;

/** The detectors an asset model can be built on (all follow the one Detector contract, see anomaly/detector). */
export const DETECTOR_KINDS = ['pca', 'mset', 'autoencoder', 'ensemble'] as const;
export type DetectorKind = (typeof DETECTOR_KINDS)[number];

export function isDetectorKind(v: unknown): v is DetectorKind {
  return typeof v === 'string' && (DETECTOR_KINDS as readonly string[]).includes(v);
}

export interface TrainOptions {
  /**
   * Which detector learns the baseline (default 'pca'): PCA (linear relations, also flags an unusual operating
   * point), MSET (nonlinear relations), a denoising autoencoder, or the ensemble of PCA and MSET.
   */
  detector?: DetectorKind;
  windowMs?: number;
  /** Forward-fill limit in windows; default: enough to bridge the slowest sensor's sample period (≥ 2). */
  fillLimit?: number;
  /** Time skipped after each start (default 30 min, see operating-state). */
  startupMs?: number;
  minRows?: number;
  pca?: PcaOptions;
  mset?: MsetOptions;
  autoencoder?: Omit<AutoencoderOptions, 'onProgress'>;
  /** Healthy alert episodes per year this asset may raise (its false-alarm budget; default 4). */
  alertBudgetPerYear?: number;
  /** Consecutive abnormal windows that open an alert (must match the monitor's; default 3). */
  persistence?: number;
  /** Training timestamp (default Date.now()); only recorded in the model. */
  now?: number;
  /**
   * Learn normal behaviour per operating regime of the running indicator (speed, else current): one detector per
   * regime (see RegimeDetector). Default true; a machine at one speed keeps one regime.
   */
  regimes?: boolean;
  /**
   * Give sensors that were drifting slowly during training a dead band that grows at that rate (see
   * DriftAllowance). Default 'auto': only when the healthy period spans less than
   * DRIFT_ALLOWANCE_MAX_TRAINING_MS (2 h).
   */
  driftAllowance?: boolean | 'auto';
  /** Progress, 0..1, with what is being done (aligning, fitting, calibrating); called synchronously. */
  onProgress?: (fraction: number, message: string) => void;
}

/** Share of the progress bar each stage takes (fitting the detector, then calibrating its alert level). */
const FIT_FROM = 0.1;
const CALIBRATE_FROM = 0.55;

/** An unfitted detector of the given kind. */
function buildDetector(kind: DetectorKind, opts: TrainOptions, onEpoch?: (fraction: number) => void): Detector {
  switch (kind) {
    case 'pca':
      return new PcaDetector(opts.pca);
    case 'mset':
      return new MsetDetector(opts.mset);
    case 'autoencoder':
      return new AutoencoderDetector({
        ...opts.autoencoder,
        ...(onEpoch ? { onProgress: (epoch: number, max: number) => onEpoch(epoch / Math.max(1, max)) } : {}),
      });
    case 'ensemble':
      return new EnsembleDetector([new PcaDetector(opts.pca), new MsetDetector(opts.mset)]);
    default:
      throw new PrognosError('BAD_REQUEST', [
        `unknown detector "${String(kind)}"; use one of ${DETECTOR_KINDS.join(', ')}`,
      ]);
  }
}

/** Forward-fill limit that bridges the slowest sensor's nominal sample period. */
function defaultFillLimit(sensors: readonly Sensor[], windowMs: number): number {
  let limit = DEFAULT_FILL_LIMIT;
  for (const s of sensors) {
    if (s.sampleRateHz > 0) limit = Math.max(limit, Math.ceil(1000 / (s.sampleRateHz * windowMs)));
  }
  return limit;
}

/**
 * Learns an asset's baseline from a healthy period: aligns the sensors into windows (good readings only),
 * learns when the asset runs, keeps running windows outside start-up, and fits a detector on them (PCA unless
 * `detector` says otherwise). Sensors with no good data, too little data or no variation while running are left
 * out (listed in `excluded`). Throws a PrognosError (BAD_REQUEST) when fewer than `minRows` (50) healthy running
 * windows remain, or for an unknown detector kind.
 */
export function trainAssetModel(
  asset: Asset,
  sensors: readonly Sensor[],
  series: ReadonlyMap<string, SeriesLike>,
  opts: TrainOptions = {},
): AssetModel {
  const steps = trainingSteps(asset, sensors, series, opts);
  for (;;) {
    const r = steps.next();
    if (r.done) return r.value;
  }
}

/**
 * trainAssetModel for a server: the same training, but it gives the event loop a turn between its stages (after
 * aligning, after fitting, after each calibration fold), so that requests, live readings and progress polls are
 * served while a model trains in-process.
 */
export async function trainAssetModelAsync(
  asset: Asset,
  sensors: readonly Sensor[],
  series: ReadonlyMap<string, SeriesLike>,
  opts: TrainOptions = {},
): Promise<AssetModel> {
  const steps = trainingSteps(asset, sensors, series, opts);
  for (;;) {
    const r = steps.next();
    if (r.done) return r.value;
    await new Promise<void>((resolve) => setTimeout(resolve, 0));
  }
}

/** The training, as a generator that yields between its stages (see trainAssetModelAsync). */
function* trainingSteps(
  asset: Asset,
  sensors: readonly Sensor[],
  series: ReadonlyMap<string, SeriesLike>,
  opts: TrainOptions,
): Generator<void, AssetModel> {
  const kind = opts.detector ?? 'pca';
  const report = (fraction: number, message: string) => opts.onProgress?.(Math.min(1, Math.max(0, fraction)), message);
  // Fail on a bad kind before any work is done.
  buildDetector(kind, opts);
  report(0, 'aligning sensor windows (good readings only)');
  const windowMs = opts.windowMs ?? DEFAULT_WINDOW_MS;
  const minRows = opts.minRows ?? MIN_TRAINING_ROWS;
  const startupWindows = startupWindowsFor(windowMs, opts.startupMs);
  const own = sensors.filter((s) => s.assetId === asset.id);
  const fillLimit = opts.fillLimit ?? defaultFillLimit(own, windowMs);
  const excluded: AssetModel['excluded'] = [];
  const fail = (why: string, details: Record<string, unknown> = {}) =>
    new PrognosError('BAD_REQUEST', [`cannot train a baseline for asset ${asset.id}: ${why}`], {
      assetId: asset.id,
      ...details,
    });

  // 1. Which sensors have enough good data to be columns.
  const windowsWithData = new Map<string, number>();
  for (const s of own) {
    const ser = series.get(s.id);
    const seen = new Set<number>();
    if (ser) {
      for (let i = 0; i < ser.ts.length; i++) {
        if (isGood(ser.quality[i]) && Number.isFinite(ser.values[i])) seen.add(windowIndex(ser.ts[i], windowMs));
      }
    }
    windowsWithData.set(s.id, seen.size);
  }
  const best = Math.max(0, ...windowsWithData.values());
  let candidates: Sensor[] = [];
  for (const s of own) {
    const n = windowsWithData.get(s.id) ?? 0;
    if (n === 0) excluded.push({ sensor: s.id, reason: 'no good readings in the training period' });
    else if (n < MIN_COVERAGE * best)
      excluded.push({ sensor: s.id, reason: `good data in only ${n} of ${best} windows` });
    else candidates.push(s);
  }
  if (candidates.length === 0)
    throw fail('no sensor has good readings in the training period', { rows: 0, required: minRows });

  // 2. Rows on the window grid; the running indicator rides along as a column even if it is left out later.
  const indicator = runningIndicator(candidates);
  const aligned = alignSeries(
    series,
    candidates.map((s) => s.id),
    { windowMs, fillLimit },
  );
  let running: RunningRule | undefined;
  const indCol = indicator ? candidates.indexOf(indicator) : -1;
  if (indicator) {
    running = learnRunningRule(
      indicator,
      aligned.rows.map((r) => r[indCol]),
    );
  }

  // 3. Keep running windows outside start-up transients.
  const gate = new RunGate(running, running ? indCol : -1, startupWindows);
  const keep: number[] = [];
  aligned.rows.forEach((r, i) => {
    if (gate.next(r) === 'running') keep.push(i);
  });
  if (keep.length < minRows) {
    throw fail(
      `only ${keep.length} healthy running windows of ${windowMs / 1000} s (at least ${minRows} needed); ` +
        'choose a longer period in which the asset ran normally with good-quality data',
      { rows: keep.length, required: minRows },
    );
  }
  const rows = keep.map((i) => aligned.rows[i]);
  yield;

  // 4. Columns with no variation while running carry no information and cannot be standardised.
  const { mean, std } = columnStats(rows);
  const cols: number[] = [];
  candidates.forEach((s, j) => {
    if (std[j] > 1e-9 * Math.max(1, Math.abs(mean[j]))) cols.push(j);
    else excluded.push({ sensor: s.id, reason: 'constant while running' });
  });
  if (cols.length === 0) throw fail('no sensor varies while the asset runs', { rows: keep.length, required: minRows });
  candidates = cols.map((j) => candidates[j]);
  const x = rows.map((r) => Float64Array.from(cols, (j) => r[j]));
  const regimeColumn = indicator && opts.regimes !== false ? candidates.indexOf(indicator) : -1;
  const build = (onEpoch?: (fraction: number) => void): Detector =>
    regimeColumn >= 0
      ? new RegimeDetector(() => buildDetector(kind, opts), { column: regimeColumn })
      : buildDetector(kind, opts, onEpoch);
  report(FIT_FROM, `fitting the ${kind} detector on ${x.length} windows of ${x[0].length} sensors`);
  const detector = build((f) => report(FIT_FROM + (CALIBRATE_FROM - FIT_FROM) * f, `fitting the ${kind} detector`)).fit(
    x,
  );
  yield;
  // The alert level, from held-out scores: blocked cross-validation in time order (each quarter of the healthy
  // period scored by a model of the same kind fitted on the other three), so a day that differs from the others
  // counts. The autoencoder, the slow one to fit, gets a single split instead: the last quarter scored by a
  // network fitted on the first three (1.25 fits more, not 4).
  const enough = x.length >= 4 * Math.max(20, 2 * x[0].length);
  const splits: [number, number][] = [];
  if (enough && kind === 'autoencoder') splits.push([Math.floor((3 * x.length) / 4), x.length]);
  else if (enough)
    for (let f = 0; f < 4; f++) splits.push([Math.floor((f * x.length) / 4), Math.floor(((f + 1) * x.length) / 4)]);
  const held: number[] = [];
  if (splits.length === 0) {
    report(CALIBRATE_FROM, 'calibrating the alert level on the training windows (too few for held-out folds)');
    held.push(...detector.score(x));
  }
  for (const [k, [a, b]] of splits.entries()) {
    const at = CALIBRATE_FROM + ((1 - CALIBRATE_FROM) * 0.95 * k) / splits.length;
    report(at, `calibrating the alert level (held-out fold ${k + 1} of ${splits.length})`);
    const fold = build().fit([...x.slice(0, a), ...x.slice(b)]);
    held.push(...fold.score(x.slice(a, b)));
    yield;
  }
  const alert = calibrateAlertLevel(held, {
    windowMs,
    persistence: opts.persistence ?? DEFAULT_PERSISTENCE,
    budgetPerYear: opts.alertBudgetPerYear,
  });

  // Room for slow drift already under way in training (a temperature still settling): see DriftAllowance.
  const times = keep.map((i) => aligned.start[i]);
  const span = times[times.length - 1] - times[0] + windowMs;
  const wantDrift = opts.driftAllowance ?? 'auto';
  const drift =
    wantDrift === true || (wantDrift === 'auto' && span < DRIFT_ALLOWANCE_MAX_TRAINING_MS)
      ? DriftAllowance.fit(x, times)
      : undefined;

  const envelope = indicator
    ? learnEnvelope(
        indicator,
        rows.map((r) => r[indCol]),
      )
    : undefined;

  const evaluation = evaluateModel({
    held,
    alert,
    windowMs,
    detector,
    rows: x,
    sensors: candidates.map((s) => s.id),
    regimes: detector instanceof RegimeDetector ? detector.regimes : 1,
  });

  report(1, `trained the ${kind} detector on ${x.length} windows`);
  const modelSensors: ModelSensor[] = candidates.map((s) => ({ id: s.id, name: s.name, unit: s.unit, kind: s.kind }));
  return withToJSON({
    version: 1,
    assetId: asset.id,
    sensors: modelSensors,
    excluded,
    windowMs,
    fillLimit,
    startupWindows,
    ...(running ? { running } : {}),
    detector,
    detectorKind: kind,
    alert,
    ...(drift && !drift.isNone ? { drift } : {}),
    ...(envelope ? { envelope } : {}),
    evaluation,
    trainedFrom: aligned.start[keep[0]],
    trainedTo: aligned.start[keep[keep.length - 1]],
    rows: keep.length,
    trainedAt: opts.now ?? Date.now(),
  });
}

/** Margin added on each side of the trained speed range, as a share of that range. */
export const ENVELOPE_MARGIN = 0.02;
/** A speed moving less than this, relative to its median (10th to 90th percentile), is a fixed-speed machine. */
export const ENVELOPE_MIN_RELATIVE_RANGE = 0.1;

/**
 * The operating envelope of a variable-speed machine: the range of running speeds seen in training, plus
 * ENVELOPE_MARGIN of it on each side. Speed is set by the process (a drive, a fan following the heat of the day),
 * not by a fault, so a speed beyond anything the model saw means conditions it cannot judge: on the demo fan, the
 * one alert in 30 healthy days came on the hottest, busiest day, at 1,480 rpm against at most 1,416 rpm in the
 * training week, where the current (∝ speed³) outgrew the linear model. Only for speed indicators that move by
 * at least ENVELOPE_MIN_RELATIVE_RANGE (the regime criterion): on a fixed-speed machine the speed moves with
 * slip, which a fault (overload) does change, and a current indicator is moved by faults too.
 */
export function learnEnvelope(indicator: Sensor, values: readonly number[]): OperatingEnvelope | undefined {
  if (indicator.kind !== 'speed') return undefined;
  const v = values.filter(Number.isFinite).sort((a, b) => a - b);
  if (v.length < 2) return undefined;
  const q = (p: number) => v[Math.min(v.length - 1, Math.floor(p * (v.length - 1)))] as number;
  const mid = Math.abs(q(0.5));
  if (!(mid > 0) || (q(0.9) - q(0.1)) / mid < ENVELOPE_MIN_RELATIVE_RANGE) return undefined;
  const lo = v[0] as number;
  const hi = v[v.length - 1] as number;
  const m = ENVELOPE_MARGIN * (hi - lo);
  return { sensor: indicator.id, low: lo - m, high: hi + m };
}
