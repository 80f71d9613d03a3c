import {
  type Alert,
  type Asset,
  QualityReason,
  type Sensor,
  type WorkOrderDetail,
  type WorkOrderPriority,
} from '@prognos/core';
import type { MetadataStore } from '@prognos/store';
import type { EventBus } from '../event-bus';
import type { PipelineLog } from '../pipeline/analytics-pipeline';
import { clockTime, type SensorAlertInput, sensorAlertText, sensorWorkOrderText } from './alert-text';
import type { ReasonInfo, SensorTrust } from './trust';

/** Unchanged content is re-published at most this often (it only moves updatedAt). */
const REFRESH_MS = 60_000;

const PRIORITY: Record<Asset['criticality'], { priority: WorkOrderPriority; dueMs: number }> = {
  A: { priority: 'high', dueMs: 86400_000 },
  B: { priority: 'medium', dueMs: 3 * 86400_000 },
  C: { priority: 'low', dueMs: 7 * 86400_000 },
};

export interface SensorAlertDeps {
  metadata: MetadataStore;
  bus: EventBus;
  /** Wall ms a sensor stays untrusted before its alert opens, and trusted before it closes. */
  holdMs: number;
  log: PipelineLog;
  assetOf: (assetId: string) => Asset | undefined;
  timeZone?: () => string | undefined;
  newId?: () => string;
  /** Told when an episode opens, closes or is taken over by a person (so that the snapshot is saved). */
  changed?: () => void;
  /** Whether the sensor's level agrees with its virtual sensor (undefined without one). */
  levelConsistent?: (sensorId: string) => boolean | undefined;
}

/**
 * Sensor alert episodes: a sensor untrusted (suspect or bad) for `holdMs` raises exactly one Alert of kind
 * 'sensor' and one WorkOrder linked to it; the alert is updated while the episode lasts and closed once the
 * sensor has been good for `holdMs` again (the on-delay / off-delay of ISA-18.2, so a flickering sensor cannot
 * produce an alert storm). A person closing the alert ends the episode until the sensor has been good again.
 */
export class SensorAlerts {
  private queue: Promise<void> = Promise.resolve();
  private readonly newId: () => string;
  /** Episodes by alert id, for acknowledgements and closings made by people. */
  private readonly byAlert = new Map<string, SensorTrust>();

  constructor(private readonly deps: SensorAlertDeps) {
    this.newId = deps.newId ?? (() => globalThis.crypto.randomUUID());
  }

  owns(alertId: string): boolean {
    return this.byAlert.has(alertId);
  }

  /** Registers an episode restored from a snapshot. */
  adopt(t: SensorTrust): void {
    if (t.episode) this.byAlert.set(t.episode.alertId, t);
  }

  evaluate(t: SensorTrust, sensor: Sensor, reasons: ReasonInfo[], now: number): void {
    const { holdMs } = this.deps;
    this.sensors.set(sensor.id, sensor);
    if (t.state === 'good') {
      t.suppressed = undefined;
      if (t.episode && t.trustedSinceWall !== undefined && now - t.trustedSinceWall >= holdMs)
        this.close(t, sensor, now);
      return;
    }
    if (t.episode) this.update(t, sensor, reasons, now, false);
    else if (
      !t.suppressed &&
      t.untrustedSinceWall !== undefined &&
      now - t.untrustedSinceWall >= holdMs &&
      !this.symptomOfMachineAlarm(sensor, reasons)
    )
      this.open(t, sensor, reasons, now);
  }

  /**
   * A signal that only became noisier, coarser or spiky while its machine is in alarm is a symptom (bearing impacts, cavitation pulsation), not a separate job for the instrument
   * technician: no sensor alert then. A stuck, drifting, out-of-range or mis-scaled sensor is always reported.
   */
  private symptomOfMachineAlarm(sensor: Sensor, reasons: ReasonInfo[]): boolean {
    if (reasons.some((r) => !SIGNAL_SHAPE_REASONS.has(r.code))) return false;
    // A transmitter gone noisy at the right level is the sensor's; noisier *and* off its level is the machine's.
    if (this.deps.levelConsistent?.(sensor.id) === true) return false;
    // Any open machine alarm of the asset: the sensor itself may not show in its contributions, because its
    // flagged readings are kept out of the model and reconstructed from the others.
    return this.machineAlarms.has(sensor.assetId);
  }
  private readonly machineAlarms = new Map<string, Alert>();
  private readonly sensors = new Map<string, Sensor>();

  /**
   * A machine alarm opened on the asset of a sensor whose open sensor alert is only about its signal's shape
   * (noisier, coarser, spiky): that was the machine's symptom showing first. The sensor alert closes, saying so, and stays
   * quiet until the sensor is good again; stuck, drifting or mis-scaled sensors keep their alerts.
   */
  private retractSymptoms(alarm: Alert, now: number): void {
    for (const t of [...this.byAlert.values()]) {
      const sensor = this.sensors.get(t.sensorId);
      if (!sensor || sensor.assetId !== alarm.assetId || !t.episode) continue;
      if ([...t.reasons.values()].some((r) => !SIGNAL_SHAPE_REASONS.has(r.code))) continue;
      if (this.deps.levelConsistent?.(t.sensorId) === true) continue;
      const ep = t.episode;
      const alert = this.alert(t, sensor, [], now);
      alert.state = 'closed';
      alert.closedAt = now;
      alert.title = ep.title;
      alert.explanation = `${ep.explanation} — Closed: the changed signal is a symptom of the machine alarm "${alarm.title}", not a sensor fault.`;
      this.byAlert.delete(ep.alertId);
      t.episode = undefined;
      t.suppressed = true;
      this.deps.changed?.();
      this.enqueue(() => this.deps.metadata.saveAlert(alert));
      this.deps.bus.emit('alert', { change: 'closed', alert });
    }
  }

  /** Follows what people do to sensor alerts (acknowledge, close) from the alert stream. */
  onAlert = (e: { change: string; alert: Alert }): void => {
    if (e.alert.kind === 'anomaly') {
      if (e.change === 'closed' || e.alert.state === 'closed') this.machineAlarms.delete(e.alert.assetId);
      else {
        this.machineAlarms.set(e.alert.assetId, e.alert);
        this.retractSymptoms(e.alert, Date.now());
      }
    }
    const t = this.byAlert.get(e.alert.id);
    if (!t?.episode || e.alert.kind !== 'sensor') return;
    if (e.change === 'acknowledged') t.episode.acknowledged = true;
    else if (e.change === 'closed') {
      this.byAlert.delete(e.alert.id);
      t.episode = undefined;
      t.suppressed = true;
    }
    this.deps.changed?.();
  };

  private input(t: SensorTrust, sensor: Sensor, reasons: ReasonInfo[], now: number): SensorAlertInput {
    return {
      sensor,
      asset: this.deps.assetOf(sensor.assetId),
      state: t.state,
      score: t.score,
      reasons,
      since: t.episode?.startedAt ?? t.untrustedSinceWall ?? now,
      now,
      timeZone: this.deps.timeZone?.(),
    };
  }

  private alert(t: SensorTrust, sensor: Sensor, reasons: ReasonInfo[], now: number): Alert {
    const ep = t.episode!;
    const { title, explanation } = sensorAlertText(this.input(t, sensor, reasons, now));
    // Score on the anomaly scale (1 = threshold): a suspect sensor sits at the threshold, a bad one above it.
    const score = t.state === 'bad' ? 2 : 1;
    ep.peakScore = Math.max(ep.peakScore, score);
    ep.title = title;
    ep.explanation = explanation;
    const value = t.lastValue ?? sensor.min;
    return {
      id: ep.alertId,
      assetId: sensor.assetId,
      kind: 'sensor',
      severity: 'warning',
      state: ep.acknowledged ? 'acknowledged' : 'open',
      title,
      explanation,
      // The sensor itself, with its physical range as the normal band, so the alert links to its chart.
      contributions: [
        {
          sensor: sensor.id,
          name: sensor.name,
          unit: sensor.unit,
          share: 1,
          value,
          expected: value,
          low: sensor.min,
          high: sensor.max,
        },
      ],
      score,
      peakScore: ep.peakScore,
      startedAt: ep.startedAt,
      updatedAt: now,
    };
  }

  private open(t: SensorTrust, sensor: Sensor, reasons: ReasonInfo[], now: number): void {
    t.episode = {
      alertId: this.newId(),
      workOrderId: this.newId(),
      startedAt: t.untrustedSinceWall ?? now,
      peakScore: 0,
      title: '',
      explanation: '',
      signature: signature(t, reasons),
      lastPublishedAt: now,
    };
    this.byAlert.set(t.episode.alertId, t);
    this.deps.changed?.();
    const alert = this.alert(t, sensor, reasons, now);
    const asset = this.deps.assetOf(sensor.assetId);
    const p = PRIORITY[asset?.criticality ?? 'B'];
    const text = sensorWorkOrderText(this.input(t, sensor, reasons, now));
    const wo: WorkOrderDetail = {
      id: t.episode.workOrderId,
      assetId: sensor.assetId,
      alertId: alert.id,
      title: text.title,
      description: text.description,
      status: 'open',
      priority: p.priority,
      createdAt: now,
      dueAt: now + p.dueMs,
      type: 'corrective',
      skill: 'instrumentation',
      estimatedHours: SENSOR_CHECK_HOURS,
      // an instrument check needs no machine stop
      needsStop: false,
      procedure: sensorCheckProcedure(sensor),
      stepResults: [],
      parts: [],
      labour: [],
    };
    this.enqueue(async () => {
      await this.deps.metadata.saveAlert(alert);
      // the full record (a checklist the technician completes, labelling the alert) and its summary
      await this.deps.metadata.saveWorkOrderDetail(wo);
      this.deps.bus.emit('work-order', { change: 'created', workOrder: wo });
    });
    this.deps.bus.emit('alert', { change: 'opened', alert });
  }

  private update(t: SensorTrust, sensor: Sensor, reasons: ReasonInfo[], now: number, force: boolean): void {
    const ep = t.episode!;
    const sig = signature(t, reasons);
    if (!force && sig === ep.signature && now - ep.lastPublishedAt < REFRESH_MS) return;
    ep.signature = sig;
    ep.lastPublishedAt = now;
    const alert = this.alert(t, sensor, reasons, now);
    this.enqueue(() => this.deps.metadata.saveAlert(alert));
    this.deps.bus.emit('alert', { change: 'updated', alert });
  }

  private close(t: SensorTrust, sensor: Sensor, now: number): void {
    const ep = t.episode!;
    const { title, explanation } = ep;
    const alert = this.alert(t, sensor, [], now);
    alert.state = 'closed';
    alert.closedAt = now;
    alert.title = title;
    alert.explanation =
      `${explanation} — Closed: its data has been good again since ` +
      `${clockTime(t.trustedSinceWall ?? now, now, this.deps.timeZone?.())}; close the linked work order once the ` +
      'sensor has been checked.';
    this.byAlert.delete(ep.alertId);
    t.episode = undefined;
    this.deps.changed?.();
    this.enqueue(() => this.deps.metadata.saveAlert(alert));
    this.deps.bus.emit('alert', { change: 'closed', alert });
  }

  private enqueue(job: () => Promise<void>): void {
    this.queue = this.queue.then(job).catch((err) => this.deps.log.error({ err }, 'saving a sensor alert failed'));
  }

  async drain(): Promise<void> {
    await this.queue;
  }
}

/**
 * Reasons that change a signal's shape but not its level, which a machine fault can cause (see
 * symptomOfMachineAlarm): bearing wear and cavitation make a signal rougher. Not spikes: a confirmed spike is
 * isolated in time and in space (a jump shared with the machine's other sensors is a process event and is not
 * flagged), so it is the instrument's or the link's whatever the machine does.
 */
const SIGNAL_SHAPE_REASONS: ReadonlySet<number> = new Set([
  QualityReason.NOISE,
  QualityReason.QUANTISATION,
  QualityReason.CALIBRATION_OVERDUE,
]);

/** A sensor check: inspection, comparison with a reference, recalibration or replacement. */
const SENSOR_CHECK_HOURS = 1;

function sensorCheckProcedure(sensor: Sensor): WorkOrderDetail['procedure'] {
  return [
    { text: `Tell the operators that ${sensor.name} (${sensor.id}) is not trusted; use a local gauge meanwhile.` },
    { text: 'Inspect the wiring, connector, mounting and the transmitter diagnostics.' },
    { text: `Compare the reading with a reference instrument (${sensor.unit}); note the reference value.` },
    { text: 'Recalibrate or replace the sensor and record the new calibration date.' },
  ];
}

function signature(t: SensorTrust, reasons: ReasonInfo[]): string {
  return `${t.state}|${reasons.map((r) => r.code).join(',')}`;
}
