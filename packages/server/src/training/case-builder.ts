/**
 * Builds a scenario's case in a sandbox, with the real simulator and the real detector: a copy of the demo plant's
 * machine (ids prefixed TRAIN-, never registered anywhere) runs healthy for two days, the platform's asset model is
 * trained on that, then the fault (and the distractor's sensor fault) is injected and the same AssetMonitor the
 * pipeline uses scores the rest. The alert it raises is what the trainee works from. Everything follows from
 * (scenario, seed), so a case is rebuilt identically whenever it is needed.
 */
import { type AssetModel, AssetMonitor, explainAnomaly, explainRow, trainAssetModelAsync } from '@prognos/analytics';
import {
  type Alert,
  type Asset,
  type Component,
  type Reading,
  Rng,
  type Sensor,
  type SensorContribution,
  type TrainingCase,
} from '@prognos/core';
import { DEFAULT_FAILURE_MODES, isInstrumentMode } from '@prognos/maintenance';
import { createDemoPlant, onlyAsset, PlantSimulator } from '@prognos/simulator';
import { type ActionDef, MACHINE_ACTIONS, sensorAction } from './actions';
import { publicScenario, type ScenarioDef, SEVERITY_LEVEL } from './scenarios';

/** Prefix of every sandbox id, so that nothing of a case can be mistaken for (or collide with) the plant. */
export const SANDBOX_PREFIX = 'TRAIN-';

const MIN = 60_000;
const HOUR = 60 * MIN;
const DAY = 24 * HOUR;
/** One reading per sensor per minute of process time: the platform's one-minute windows get one reading each. */
const STEP_MS = MIN;
/** Healthy history the model is trained on (a Monday and a Tuesday of the demo's shift pattern). */
const TRAIN_MS = 2 * DAY;
/** Least healthy time after training before the fault starts: the trainee sees the machine normal first. */
const MIN_GAP_MS = 6 * HOUR;
/**
 * Time of day (UTC, the demo plant's zone) the case ends at: mid-morning of a working day, when the machine runs
 * loaded, as when a technician picks up an alert (a case ending in the night shows a machine idling).
 */
const END_TIME_OF_DAY_MS = 10 * HOUR;
/** Process time from onset to functional failure; the case stops at the scenario's severity on the way. */
const TTF_MS = 2 * DAY;
/** The distractor's sensor fault runs over the last share of the fault period. */
const DISTRACTOR_SHARE = 0.3;
/** A Monday, 00:00 UTC: the simulated clock of every case (the demo's shift pattern starts the week there). */
const ORIGIN = Date.UTC(2026, 2, 2);
/** Points per sensor handed to the trainee (bucket means). */
const MAX_POINTS = 1_500;
/** Simulated steps between turns given back to the event loop (a server keeps ingesting while a case builds). */
const STEPS_PER_TURN = 500;

const turn = () => new Promise<void>((resolve) => setImmediate(resolve));

/** A built case without its attempt id, plus what the scoring needs to explain the answer. */
export interface BuiltCase {
  case: Omit<TrainingCase, 'attemptId'>;
  /** All actions offered, by id (text and cost). */
  actions: Map<string, ActionDef>;
  /** Sandbox sensor id of a tag suffix. */
  sensorId: (tag: string) => string;
  /** Downtime cost of the machine the case copies (EUR/h). */
  downtimeCostPerHour: number;
  /** Whether the real detector raised an alert (otherwise the contributions are those of the last hour). */
  detected: boolean;
}

/** Process time at which the fault reaches severity s on the simulator's P-F curve (inverse of severityAt). */
function timeToSeverity(s: number): number {
  return (Math.log1p(s * Math.expm1(3)) / 3) * TTF_MS;
}

/** Bucket means, at most MAX_POINTS, oldest first. */
function downsample(ts: number[], values: number[]): { ts: number[]; values: number[] } {
  const per = Math.max(1, Math.ceil(ts.length / MAX_POINTS));
  if (per === 1) return { ts, values };
  const outT: number[] = [];
  const outV: number[] = [];
  for (let i = 0; i < ts.length; i += per) {
    let sum = 0;
    let n = 0;
    for (let j = i; j < Math.min(ts.length, i + per); j++) {
      sum += values[j] as number;
      n++;
    }
    outT.push(ts[i] as number);
    outV.push(Math.round((sum / n) * 1000) / 1000);
  }
  return { ts: outT, values: outV };
}

/** The demo machine, copied under sandbox ids. */
function sandboxPlant(def: ScenarioDef) {
  const demo = onlyAsset(createDemoPlant(), def.assetId);
  const original = demo.assets[0];
  if (!original) throw new Error(`training scenario ${def.id}: the demo plant has no asset ${def.assetId}`);
  const id = `${SANDBOX_PREFIX}${original.id}`;
  const rename = (x: string) => (x.startsWith(`${original.id}.`) ? `${id}${x.slice(original.id.length)}` : x);
  const asset: Asset = { ...original, id, lineId: `${SANDBOX_PREFIX}LINE`, name: `Training copy of ${original.name}` };
  const components: Component[] = demo.components.map((c) => ({ ...c, id: rename(c.id), assetId: id }));
  const sensors: Sensor[] = demo.sensors.map((s) => ({
    ...s,
    id: rename(s.id),
    assetId: id,
    ...(s.componentId ? { componentId: rename(s.componentId) } : {}),
    name: s.name.startsWith(`${original.id} `) ? `${id} ${s.name.slice(original.id.length + 1)}` : s.name,
  }));
  return {
    plant: { ...demo, assets: [asset], components, sensors },
    asset,
    components,
    sensors,
    downtimeCostPerHour: original.downtimeCostPerHour ?? 0,
  };
}

/** The sensor's label without the asset id ("DE bearing vibration"). */
function label(s: Sensor): string {
  const i = s.name.indexOf(' ');
  return i > 0 && s.name.slice(0, i) === s.assetId ? s.name.slice(i + 1) : s.name;
}

/** The model's view of the last hour (mean of each sensor), when the detector did not raise an alert. */
function lastHourContributions(
  model: AssetModel,
  sensors: readonly Sensor[],
  series: Map<string, { ts: number[]; values: number[] }>,
  end: number,
): SensorContribution[] {
  const from = end - HOUR;
  const row = model.sensors.map((ms) => {
    const s = series.get(ms.id);
    if (!s) return 0;
    let sum = 0;
    let n = 0;
    for (let i = s.ts.length - 1; i >= 0 && (s.ts[i] as number) >= from; i--) {
      sum += s.values[i] as number;
      n++;
    }
    return n > 0 ? sum / n : (s.values[s.values.length - 1] ?? 0);
  });
  const ex = explainRow(model, row, from);
  const byId = new Map(sensors.map((s) => [s.id, s]));
  return ex.columns.map((c, j) => {
    const ms = model.sensors[j]!;
    const s = byId.get(ms.id);
    return { sensor: ms.id, name: s?.name ?? ms.name, unit: s?.unit ?? ms.unit, ...c };
  });
}

/**
 * Builds the case of a scenario for a seed (deterministic: the same pair gives the same case). It gives the event
 * loop a turn now and then: a case takes a fraction of a second to a few seconds of CPU.
 */
export async function buildCase(def: ScenarioDef, seed: number): Promise<BuiltCase> {
  const { plant, asset, components, sensors, downtimeCostPerHour } = sandboxPlant(def);
  const sensorId = (tag: string) => `${asset.id}.${tag}`;
  const sim = new PlantSimulator(plant, { seed: `training/${def.id}/${seed}`, origin: ORIGIN });
  const series = new Map(sensors.map((s) => [s.id, { ts: [] as number[], values: [] as number[] }]));
  const quality = new Map(sensors.map((s) => [s.id, [] as number[]]));
  const keep = (batch: readonly Reading[]) => {
    for (const r of batch) {
      const s = series.get(r.sensor);
      if (!s) continue;
      s.ts.push(r.ts);
      s.values.push(r.value);
      quality.get(r.sensor)?.push(typeof r.quality === 'number' ? r.quality : 0);
    }
  };

  // 1. Healthy history, and the platform's model trained on it.
  const trainEnd = ORIGIN + TRAIN_MS;
  for (let t = ORIGIN; t < trainEnd; t += STEP_MS * STEPS_PER_TURN) {
    sim.backfill(t, Math.min(trainEnd, t + STEP_MS * STEPS_PER_TURN), STEP_MS, keep);
    await turn();
  }
  const trainSeries = new Map(
    sensors.map((s) => {
      const x = series.get(s.id)!;
      return [s.id, { ts: x.ts, values: x.values, quality: quality.get(s.id)! }];
    }),
  );
  const model = await trainAssetModelAsync(asset, sensors, trainSeries, { now: trainEnd });

  // 2. The fault, and the distractor over the end of it.
  const faultMs = Math.round(timeToSeverity(SEVERITY_LEVEL[def.severity]) / STEP_MS) * STEP_MS;
  const earliestEnd = trainEnd + MIN_GAP_MS + faultMs;
  const end = earliestEnd + ((END_TIME_OF_DAY_MS - (earliestEnd % DAY) + DAY) % DAY);
  const faultAt = end - faultMs;
  sim.injectFault(asset.id, def.fault, { startAt: faultAt, timeToFailureMs: TTF_MS });
  if (def.distractor) {
    const startAt = end - Math.round(((end - faultAt) * DISTRACTOR_SHARE) / STEP_MS) * STEP_MS;
    sim.injectSensorFault(sensorId(def.distractor.sensor), def.distractor.fault, { ...def.distractor.opts, startAt });
  }

  // 3. The monitor scores the rest as the pipeline would, live.
  let seq = 0;
  const monitor = new AssetMonitor({
    asset,
    sensors,
    model,
    components,
    newId: () => `${SANDBOX_PREFIX}ALERT-${++seq}`,
  });
  let alert: Alert | undefined;
  for (let t = trainEnd, n = 1; t < end; t += STEP_MS, n++) {
    const batch = sim.step(t);
    keep(batch);
    for (const e of monitor.ingest(batch)) if (e.type === 'alert') alert = e.alert;
    if (n % STEPS_PER_TURN === 0) await turn();
  }

  const contributions = alert?.contributions ?? lastHourContributions(model, sensors, series, end);
  const sorted = [...contributions].sort((a, b) => b.share - a.share);
  let shown: TrainingCase['alert'];
  if (alert)
    shown = { title: alert.title, explanation: alert.explanation, contributions: sorted, startedAt: alert.startedAt };
  else {
    const startedAt = end - HOUR;
    const text = explainAnomaly({
      asset,
      sensors,
      contributions: sorted,
      startedAt,
      lastAbnormalAt: end,
    });
    shown = {
      title: `No alert yet — ${text.title.charAt(0).toLowerCase()}${text.title.slice(1)}`,
      explanation: `The detector has not crossed its alert level; this is its view of the last hour. ${text.explanation}`,
      contributions: sorted,
      startedAt,
    };
  }

  // 4. What the trainee chooses from, in an order of its own per seed.
  const offered: ActionDef[] = [...(MACHINE_ACTIONS[def.assetType] ?? [])];
  for (const tag of def.sensorActions) {
    const s = sensors.find((x) => x.id === sensorId(tag));
    if (s) offered.push(sensorAction(tag, label(s)));
  }
  const rng = new Rng(`training/${def.id}/${seed}/actions`);
  for (let i = offered.length - 1; i > 0; i--) {
    const j = Math.floor(rng.next() * (i + 1));
    [offered[i], offered[j]] = [offered[j]!, offered[i]!];
  }

  return {
    case: {
      scenario: publicScenario(def),
      asset,
      sensors,
      series: sensors.map((s) => ({ sensor: s.id, ...downsample(series.get(s.id)!.ts, series.get(s.id)!.values) })),
      alert: shown,
      // The diagnosis is the machine's failure mode; a lying sensor is flagged apart (faultySensors), so the
      // instrument modes of the library are not offered here.
      candidateModes: DEFAULT_FAILURE_MODES.filter(
        (m) => m.assetTypes.includes(def.assetType) && !isInstrumentMode(m),
      ).map((m) => ({
        id: m.id,
        name: m.name,
        component: m.component,
      })),
      candidateSensors: sensors.map((s) => ({ id: s.id, name: s.name })),
      actions: offered.map((x) => ({ id: x.id, text: x.text })),
    },
    actions: new Map(offered.map((x) => [x.id, x])),
    sensorId,
    downtimeCostPerHour,
    detected: alert !== undefined,
  };
}
