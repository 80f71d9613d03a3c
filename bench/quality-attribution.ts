/**
 * Machine-vs-sensor attribution (issue 4), part of `npm run bench -- quality`.
 *
 * Cases on one asset of the demo plant at a time (seeded): a machine fault only, a sensor fault only, or both
 * (a machine fault and, at a random time in the same period, a sensor fault on one of its sensors). Each case:
 * 2 healthy days train the asset's anomaly baseline (trainAssetModel) and the virtual sensors (PlantQualityMonitor);
 * then 18 h with the fault(s) from +1 h stream through the quality checks (readings flagged, never dropped) into
 * the AssetMonitor (which scores only good readings). Outcomes:
 *   - an anomaly alert, attributed at each update by attributeAnomaly (machine or sensor) from the quality layer;
 *   - a sensor alert: a sensor suspect or bad for ≥ 10 min (as the server raises them).
 * A case is *correct* when its outcomes name the right cause(s): machine only → a machine-attributed alert and no
 * sensor alert on a sensor without a sensor fault; sensor only → a sensor alert (or sensor-attributed anomaly) and
 * no machine-attributed alert; both → a machine-attributed alert and a sensor alert on the faulty sensor.
 * Cases with no outcome at all (the fault went unnoticed) are not attribution errors: they are counted apart.
 */
import {
  AssetMonitor,
  attributeAnomaly,
  type CheckResult,
  PlantQualityMonitor,
  trainAssetModel,
} from '@prognos/analytics';
import type { Alert, Reading, Sensor } from '@prognos/core';
import { QualityReason, qualityReasonName, Rng } from '@prognos/core';
import {
  createDemoPlant,
  faultKindsFor,
  onlyAsset,
  type PlantDefinition,
  PlantSimulator,
  type SensorFaultKind,
  unitCounterpart,
} from '@prognos/simulator';

const MIN = 60_000;
const HOUR = 60 * MIN;
const DAY = 24 * HOUR;
const STEP_MS = 10_000;
const TRAIN_MS = 2 * DAY;
const CASE_MS = 18 * HOUR;
const SENSOR_ALERT_HOLD_MS = 10 * MIN;

export type CaseKind = 'machine' | 'sensor' | 'both';
export interface CaseResult {
  kind: CaseKind;
  asset: string;
  fault: string;
  outcome: 'correct' | 'wrong' | 'unnoticed';
  detail: string;
  /** Anomaly alerts the injected faults cannot have caused (false alarms of the detector). */
  unrelated: number;
}

/** As the server's SIGNAL_SHAPE_REASONS: what a machine fault can do to a signal's shape (not spikes). */
const SHAPE: ReadonlySet<number> = new Set([QualityReason.NOISE, QualityReason.QUANTISATION]);
const SENSOR_KINDS: SensorFaultKind[] = ['bias', 'drift', 'stuck', 'spike', 'noise', 'unit_change'];

export async function runAttributionCase(index: number, kind: CaseKind, seed: number): Promise<CaseResult> {
  const full = createDemoPlant();
  const rng = new Rng(`attribution/${seed}/${index}/${kind}`);
  const asset = full.assets[index % full.assets.length] as PlantDefinition['assets'][number];
  const plant = onlyAsset(full, asset.id);
  const origin = Date.UTC(2026, 1, 2);
  const sim = new PlantSimulator(plant, { seed: `${seed}/${index}/${kind}`, origin: origin - TRAIN_MS - HOUR });
  const warm: Reading[] = [];
  sim.backfill(origin - TRAIN_MS - HOUR, origin - TRAIN_MS, STEP_MS, (b) => warm.push(...b));
  const resolutions = new Map<string, number>();
  const prev = new Map<string, number>();
  for (const r of warm) {
    const p = prev.get(r.sensor);
    prev.set(r.sensor, r.value);
    const d = p === undefined ? 0 : Math.abs(r.value - p);
    if (d > 1e-12 && d < (resolutions.get(r.sensor) ?? Number.POSITIVE_INFINITY)) resolutions.set(r.sensor, d);
  }
  const monitor = new PlantQualityMonitor(plant.sensors, {
    resolutions,
    sensorOverrides: new Map(plant.sensors.map((s) => [s.id, { sampleRateHz: 1000 / STEP_MS }])),
    recordFrames: TRAIN_MS / MIN,
  });
  // The quality byte a reading is stored with (a late spike verdict on the previous reading is not replayed
  // into the anomaly monitor: it has seen that reading already, as the live pipeline has).
  const lastValue = new Map<string, number>();
  const flagged = (r: Reading): Reading[] => {
    const res = monitor.check(r, r.ts) as CheckResult;
    const out: Reading[] = [];
    // A late verdict (a confirmed spike) re-sends the previous reading flagged, as the server's ingest does.
    const prev = lastValue.get(r.sensor);
    if (res.amend && prev !== undefined)
      out.push({ sensor: r.sensor, ts: res.amend.ts, value: prev, quality: res.amend.quality });
    lastValue.set(r.sensor, r.value);
    out.push({ ...r, quality: res.quality });
    return out;
  };
  // Healthy training period.
  const series = new Map<string, { ts: number[]; values: number[]; quality: number[] }>();
  for (const s of plant.sensors) series.set(s.id, { ts: [], values: [], quality: [] });
  for (let t = origin - TRAIN_MS; t < origin; t += STEP_MS) {
    for (const r of sim.step(t)) {
      const checked = flagged(r).at(-1);
      const s = series.get(r.sensor);
      if (s && checked) {
        s.ts.push(checked.ts);
        s.values.push(checked.value);
        s.quality.push(checked.quality);
      }
    }
  }
  monitor.trainDrift();
  const model = trainAssetModel(asset, plant.sensors, series);
  let alertSeq = 0;
  const mon = new AssetMonitor({ asset, sensors: plant.sensors, model, newId: () => `A-${++alertSeq}` });

  // The fault(s).
  const faultStart = origin + HOUR;
  let faultySensor: string | undefined;
  const labels: string[] = [];
  if (kind !== 'sensor') {
    const kinds = faultKindsFor(asset.type);
    const mk = kinds[Math.floor(rng.next() * kinds.length)] as (typeof kinds)[number];
    sim.injectFault(asset.id, mk, { startAt: faultStart, timeToFailureMs: 24 * HOUR });
    labels.push(mk);
  }
  if (kind !== 'machine') {
    const sk = SENSOR_KINDS[Math.floor(rng.next() * SENSOR_KINDS.length)] as SensorFaultKind;
    const pool = sk === 'unit_change' ? plant.sensors.filter((s) => unitCounterpart(s.unit)) : plant.sensors;
    const s = pool[Math.floor(rng.next() * pool.length)] as Sensor;
    faultySensor = s.id;
    const startAt = kind === 'both' ? faultStart + Math.round(rng.next() * 8) * HOUR : faultStart;
    const durationMs = CASE_MS - (startAt - origin);
    const opts =
      sk === 'bias'
        ? { percentOfSpan: (rng.next() < 0.5 ? -1 : 1) * (5 + 5 * rng.next()) }
        : sk === 'drift'
          ? { percentOfSpanPerHour: (rng.next() < 0.5 ? -1 : 1) * (1 + rng.next()) }
          : sk === 'spike'
            ? { probability: 0.03 }
            : sk === 'noise'
              ? { factor: 5 }
              : {};
    sim.injectSensorFault(s.id, sk, { startAt, durationMs, ...opts });
    labels.push(`${sk} on ${s.id}`);
  }

  // Stream the case period.
  /** The latest attribution of each anomaly alert: the verdict once the evidence is in. */
  const verdicts = new Map<string, 'machine' | 'sensor'>();
  const seen = new Map<string, Alert>();
  const sensorAlerts = new Map<string, string>();
  const badSince = new Map<string, number>();
  const trustOf = (id: string) => {
    const c = monitor.checkers.get(id);
    if (!c) return undefined;
    const drift = monitor.driftOf(id);
    return {
      state: c.state,
      reasons: c.reasons,
      since: c.untrustedSince,
      ...(drift ? { levelConsistent: Math.abs(drift.z) < 2 } : {}),
    };
  };
  for (let t = origin; t < origin + CASE_MS; t += STEP_MS) {
    const batch: Reading[] = [];
    for (const r of sim.step(t)) {
      batch.push(...flagged(r));
    }
    monitor.tick(t);
    for (const e of mon.ingest(batch)) {
      if (e.type !== 'alert' || e.change === 'closed') continue;
      verdicts.set(e.alert.id, attributeAnomaly(e.alert.contributions, trustOf, { at: e.alert.updatedAt }).cause);
      seen.set(e.alert.id, e.alert);
    }
    // Trust changes while an alert is open (a sensor's readings flagged stop its windows being scored): the
    // server re-attributes the open alert then, and so does this bench.
    const open = mon.activeAlert();
    if (open) verdicts.set(open.id, attributeAnomaly(open.contributions, trustOf, { at: open.updatedAt }).cause);
    // As the server does when a sensor becomes untrusted: recent alerts it explains are re-attributed, closed or not.
    for (const [id, a] of seen) {
      if (
        verdicts.get(id) === 'machine' &&
        attributeAnomaly(a.contributions, trustOf, { at: a.updatedAt }).cause === 'sensor'
      )
        verdicts.set(id, 'sensor');
    }
    // As the server does: a signal only noisier/coarser/spiky while its machine is in alarm on it is a symptom.
    const machineAlarm = open && verdicts.get(open.id) === 'machine' ? open : undefined;
    for (const [id, c] of monitor.checkers) {
      if (c.state === 'good') badSince.delete(id);
      else {
        const since = badSince.get(id) ?? t;
        badSince.set(id, since);
        const shapeOnly = c.reasons.every((r) => SHAPE.has(r));
        const symptom = shapeOnly && machineAlarm !== undefined && trustOf(id)?.levelConsistent !== true;
        if (t - since >= SENSOR_ALERT_HOLD_MS && !sensorAlerts.has(id) && !symptom) {
          sensorAlerts.set(id, c.reasons.map((r) => qualityReasonName(r)).join('+'));
        }
      }
    }
  }
  if (process.env.DEBUG_ATTR) {
    for (const [id, a] of seen) {
      const top = [...a.contributions].sort((x, y) => y.share - x.share).slice(0, 3);
      console.error(
        id,
        verdicts.get(id),
        new Date(a.startedAt).toISOString().slice(11, 16),
        new Date(a.updatedAt).toISOString().slice(11, 16),
        top.map((c) => `${c.sensor} ${c.share.toFixed(2)}`).join(', '),
        JSON.stringify(trustOf(top[0]?.sensor ?? '')),
      );
    }
  }
  // The verdict of each anomaly episode is its latest attribution (evidence accumulates while it lasts).
  // Alerts the injected faults can have caused: after the first fault began and, with a sensor fault only, with
  // the faulty sensor among the deviating ones. Others are the anomaly detector's false alarms on this machine
  // (counted apart: they have no right cause to attribute).
  const related = (a: Alert) =>
    a.startedAt >= faultStart &&
    (kind !== 'sensor' || a.contributions.some((c) => c.sensor === faultySensor && c.share >= 0.1));
  const unrelated = [...seen.values()].filter((a) => !related(a)).length;
  const causes = [...verdicts].filter(([id]) => related(seen.get(id) as Alert)).map(([, c]) => c);
  const machineAlert = causes.includes('machine');
  const sensorOutcome = sensorAlerts.size > 0 || causes.includes('sensor');
  // As the server does: a sensor alert only about the signal's shape closes as a symptom once a machine alarm
  // involves that sensor.
  for (const [id, reasons] of [...sensorAlerts]) {
    const shapeOnly = reasons.split('+').every((r) => ['NOISE', 'QUANTISATION'].includes(r));
    const symptom = [...seen.values()].some((a) => verdicts.get(a.id) === 'machine' && a.startedAt >= faultStart);
    if (shapeOnly && symptom && trustOf(id)?.levelConsistent !== true) sensorAlerts.delete(id);
  }
  const wrongSensors = [...sensorAlerts.keys()].filter((id) => id !== faultySensor);
  const detail = `alerts: ${causes.join(', ') || 'none'}${unrelated ? ` (+${unrelated} unrelated)` : ''}; sensor alerts: ${[...sensorAlerts].map(([k, v]) => `${k} ${v}`).join(', ') || 'none'}`;
  const fault = labels.join(' + ');
  let outcome: CaseResult['outcome'];
  if (!machineAlert && !sensorOutcome) outcome = 'unnoticed';
  else if (kind === 'machine') outcome = machineAlert && wrongSensors.length === 0 ? 'correct' : 'wrong';
  else if (kind === 'sensor')
    outcome = !machineAlert && sensorOutcome && wrongSensors.length === 0 ? 'correct' : 'wrong';
  else outcome = machineAlert && faultySensor !== undefined && sensorAlerts.has(faultySensor) ? 'correct' : 'wrong';
  return { kind, asset: asset.id, fault, outcome, detail, unrelated };
}
