/**
 * `npm run bench -- alerts [--json] [--days N] [--quick] [--detector pca|mset|autoencoder|ensemble]`
 * Machine-fault alerting on the seeded demo plant, one machine at a time, as the server runs it (AssetMonitor:
 * windowing, running/stopped gate, detector, alert episodes):
 *   - every machine-fault type of every machine: 7 healthy days (a whole week of shifts) train the machine's model, then the fault starts
 *     a day later and runs to failure over 3 days (the simulator's P-F curve); counted: alerts opened before the
 *     failure (the goal is exactly one: the episode stays open while the fault grows), the first one's lead time
 *     (failure − alert), and alerts opened in the healthy day before the fault (false alarms);
 *   - every machine healthy for N simulated days (default 30) after the same training: alerts opened (goal: none),
 *     and how many running windows were outside the model's operating envelope (variable-speed machines running
 *     faster or slower than in training: scored, but not allowed to open an alert; see learnEnvelope).
 * Readings every 10 s of process time; random planned stops and load changes are on.
 * The scenarios are generated, so `--data` is accepted and unused.
 */
import { AssetMonitor, type DetectorKind, isDetectorKind, trainAssetModel } from '@prognos/analytics';
import type { Reading } from '@prognos/core';
import {
  createDemoPlant,
  type FaultKind,
  faultKindsFor,
  onlyAsset,
  type PlantDefinition,
  PlantSimulator,
} from '@prognos/simulator';
import { flag, option, printTable } from './table';

const MIN = 60_000;
const HOUR = 60 * MIN;
const DAY = 24 * HOUR;
const STEP_MS = 10_000;
const TRAIN_MS = 7 * DAY;
const TTF_MS = 3 * DAY;

interface Run {
  asset: string;
  fault?: FaultKind;
  /** Alerts opened before the fault began (or over the whole healthy run). */
  falseAlarms: number;
  /** Alerts opened between the fault's start and the failure. */
  beforeFailure: number;
  leadMs?: number;
  failedAt?: number;
  /** Running windows outside the model's operating envelope, and all running windows scored. */
  outside: number;
  scored: number;
}

async function runOne(
  assetId: string,
  fault: FaultKind | undefined,
  healthyMs: number,
  seed: string,
  detector: DetectorKind,
  budget?: number,
): Promise<Run> {
  const plant = onlyAsset(createDemoPlant(), assetId);
  const asset = plant.assets[0] as PlantDefinition['assets'][number];
  const origin = Date.UTC(2026, 2, 2);
  const sim = new PlantSimulator(plant, { seed, origin });
  const series = new Map(
    plant.sensors.map((s) => [s.id, { ts: [] as number[], values: [] as number[], quality: [] as number[] }]),
  );
  for (let t = origin; t < origin + TRAIN_MS; t += STEP_MS) {
    for (const r of sim.step(t)) {
      const s = series.get(r.sensor);
      s?.ts.push(r.ts);
      s?.values.push(r.value);
      s?.quality.push(r.quality ?? 0);
    }
  }
  const model = trainAssetModel(asset, plant.sensors, series, {
    detector,
    ...(budget !== undefined ? { alertBudgetPerYear: budget } : {}),
  });
  let seq = 0;
  const mon = new AssetMonitor({ asset, sensors: plant.sensors, model, newId: () => `A-${++seq}` });
  const start = origin + TRAIN_MS;
  const faultAt = start + DAY;
  let end = start + healthyMs;
  if (fault) {
    sim.injectFault(assetId, fault, { startAt: faultAt, timeToFailureMs: TTF_MS });
    end = faultAt + TTF_MS + 6 * HOUR;
  }
  const opened: number[] = [];
  let running = 0;
  let failedAt: number | undefined;
  for (let t = start; t < end; t += STEP_MS) {
    const batch: Reading[] = sim.step(t);
    for (const e of mon.ingest(batch)) {
      if (e.type === 'health' && e.running) running++;
      if (e.type === 'alert' && e.change === 'opened') {
        opened.push(e.alert.startedAt);
      }
    }
    if (fault && failedAt === undefined) {
      const f = sim.faults().find((x) => x.assetId === assetId && x.failed);
      if (f) {
        failedAt = f.failedAt ?? t;
        break;
      }
    }
    if (t % (6 * HOUR) === 0) await new Promise((r) => setImmediate(r));
  }
  const { outside } = mon.counters;
  if (!fault) return { asset: assetId, falseAlarms: opened.length, beforeFailure: 0, outside, scored: running };
  const fail = failedAt ?? end;
  const during = opened.filter((a) => a >= faultAt && a < fail);
  return {
    asset: assetId,
    fault,
    falseAlarms: opened.filter((a) => a < faultAt).length,
    beforeFailure: during.length,
    ...(during.length ? { leadMs: fail - (during[0] as number) } : {}),
    ...(failedAt !== undefined ? { failedAt } : {}),
    outside,
    scored: running,
  };
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length
    ? s.length % 2
      ? (s[(s.length - 1) / 2] as number)
      : ((s[s.length / 2 - 1] as number) + (s[s.length / 2] as number)) / 2
    : Number.NaN;
};

export async function runAlertsBench(args: string[]): Promise<void> {
  const json = flag(args, 'json');
  const quick = flag(args, 'quick');
  const days = Number(option(args, 'days') ?? (quick ? 7 : 30));
  const detector = option(args, 'detector') ?? 'pca';
  if (!isDetectorKind(detector)) throw new Error(`--detector: unknown kind ${detector}`);
  const b = option(args, 'budget');
  const budget = b === undefined ? undefined : Number(b);
  const plant = createDemoPlant();
  const t0 = performance.now();
  const faults: Run[] = [];
  for (const a of plant.assets) {
    for (const k of faultKindsFor(a.type))
      faults.push(await runOne(a.id, k, 0, `alerts/${a.id}/${k}`, detector, budget));
  }
  const healthy: Run[] = [];
  for (const a of plant.assets)
    healthy.push(await runOne(a.id, undefined, days * DAY, `alerts/${a.id}/healthy`, detector, budget));
  console.error(
    `[bench] ${faults.length} fault runs, ${healthy.length} healthy runs in ${((performance.now() - t0) / 1000).toFixed(0)} s`,
  );

  printTable(
    ['machine', 'fault', 'alerts before failure', 'lead time (h)', 'false alarms in the healthy day before'],
    faults.map((r) => [
      r.asset,
      r.fault as string,
      r.beforeFailure,
      r.leadMs === undefined ? '—' : (r.leadMs / HOUR).toFixed(1),
      r.falseAlarms,
    ]),
  );
  console.log('');
  printTable(
    ['machine', `alerts over ${days} healthy days`, 'running windows outside the trained speed range'],
    healthy.map((r) => [
      r.asset,
      r.falseAlarms,
      `${r.outside} of ${r.scored} (${((100 * r.outside) / Math.max(1, r.scored)).toFixed(1)} %)`,
    ]),
  );
  const exactlyOne = faults.filter((r) => r.beforeFailure === 1).length;
  const caught = faults.filter((r) => r.beforeFailure >= 1);
  const lead = median(caught.map((r) => (r.leadMs as number) / HOUR));
  const healthyAlerts = healthy.reduce((s, r) => s + r.falseAlarms, 0);
  console.log('');
  printTable(
    ['figure', 'value', 'goal'],
    [
      ['faults caught before failure', `${caught.length} / ${faults.length}`, 'all'],
      ['faults with exactly one alert before failure', `${exactlyOne} / ${faults.length}`, 'all'],
      ['median lead time (h)', Number.isFinite(lead) ? lead.toFixed(1) : '—', '—'],
      [`alerts on healthy machines over ${days} days (all machines)`, healthyAlerts, '0'],
    ],
  );
  if (json)
    console.log(
      JSON.stringify({
        faults: faults.length,
        caught: caught.length,
        exactly_one: exactlyOne,
        median_lead_h: Number.isFinite(lead) ? Number(lead.toFixed(2)) : null,
        healthy_days: days,
        healthy_alerts: healthyAlerts,
      }),
    );
}
