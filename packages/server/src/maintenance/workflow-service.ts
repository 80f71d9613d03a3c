/**
 * Alert workflows: every alert (anomaly or sensor) gets one when it opens, with its likely failure modes ranked from
 * its deviations, refreshed while it updates; people acknowledge, assign, comment, snooze and close it, and the
 * label it is closed with feeds precision and retraining.
 */
import { randomUUID } from 'node:crypto';
import {
  type Alert,
  type AlertComment,
  type AlertLabel,
  type AlertWorkflow,
  type PrecisionReport,
  PrognosError,
  type RankedFailureMode,
} from '@prognos/core';
import { rankFailureModes, rankInstrumentModes } from '@prognos/maintenance';
import type { MetadataStore } from '@prognos/store';
import type { EventBus } from '../event-bus';
import type { AnalyticsPipeline, PipelineLog } from '../pipeline/analytics-pipeline';
import { sensorAlertCause } from '../why/sensor-cause';
import { applyWorkflow, newWorkflow, type WorkflowAction } from './alert-workflow';
import { computePrecision, type LabelledAlert } from './precision';
import type { Serial } from './serial';

/** Failure modes shown on an alert: enough to choose from, few enough to read. */
const RANKED_MODES = 5;
/** Every alert counts toward precision; this bounds one report's work. */
const PRECISION_ALERTS = 100_000;

export interface WorkflowDeps {
  metadata: MetadataStore;
  bus: EventBus;
  pipeline: AnalyticsPipeline;
  serial: Serial;
  log: PipelineLog;
}

export class WorkflowService {
  /** Snooze state kept in memory too, so that a notifier can ask synchronously on every alert event. */
  private snoozed = new Map<string, number>();

  constructor(private readonly deps: WorkflowDeps) {}

  async init(): Promise<void> {
    const now = Date.now();
    for (const w of await this.deps.metadata.listAlertWorkflows())
      if (w.status !== 'closed' && w.snoozedUntil !== undefined && w.snoozedUntil > now)
        this.snoozed.set(w.alertId, w.snoozedUntil);
  }

  /** Follows the alert stream: a workflow per alert, its failure modes refreshed from the latest evidence. */
  onAlert = (e: { change: string; alert: Alert }): void => {
    void this.deps.serial
      .run(async () => {
        const prev = await this.deps.metadata.getAlertWorkflow(e.alert.id);
        // Closing froze the evidence the outcome was judged on.
        if (prev?.status === 'closed') return;
        if (prev && e.change !== 'opened' && e.change !== 'updated') return;
        const failureModes = await this.rank(e.alert);
        const now = Date.now();
        await this.deps.metadata.saveAlertWorkflow(
          prev ? { ...prev, failureModes, updatedAt: now } : newWorkflow(e.alert.id, failureModes, now),
        );
      })
      .catch((err) => this.deps.log.error({ err, alert: e.alert.id }, 'updating the alert workflow failed'));
  };

  /**
   * A work order made for an alert elsewhere (a sensor alert's check) is linked to its workflow, so that the alert
   * shows it and its completion labels the alert.
   */
  onWorkOrder = (e: { change: string; workOrder: { id: string; alertId?: string } }): void => {
    const alertId = e.workOrder.alertId;
    if (e.change !== 'created' || alertId === undefined) return;
    void this.deps.serial
      .run(async () => {
        const w = await this.deps.metadata.getAlertWorkflow(alertId);
        if (!w || w.workOrderId !== undefined || w.status === 'closed') return;
        await this.deps.metadata.saveAlertWorkflow({ ...w, workOrderId: e.workOrder.id, updatedAt: Date.now() });
      })
      .catch((err) => this.deps.log.error({ err, alert: alertId }, 'linking a work order to its alert failed'));
  };

  /**
   * Failure modes of the asset's type ranked by how well the alert's deviations match their symptoms; a sensor
   * alert's are the instrument modes, ranked by the data-quality reason it names.
   */
  async rank(alert: Alert): Promise<RankedFailureMode[]> {
    const { metadata } = this.deps;
    const asset = await metadata.getAsset(alert.assetId);
    if (!asset) return [];
    const [sensors, library] = await Promise.all([
      metadata.listSensors(alert.assetId),
      metadata.listFailureModes(asset.type),
    ]);
    if (alert.kind === 'sensor') return rankInstrumentModes(sensorAlertCause(alert).reasons, library, RANKED_MODES);
    return rankFailureModes(asset.type, alert.contributions, sensors, library, RANKED_MODES);
  }

  async alert(id: string): Promise<Alert> {
    await this.deps.pipeline.drain();
    const a = await this.deps.metadata.getAlert(id);
    if (!a) throw new PrognosError('ALERT_NOT_FOUND', [id]);
    return a;
  }

  /** The alert's workflow, made now for an alert that has none yet (one raised before workflows existed). */
  async workflow(alertOrId: Alert | string): Promise<AlertWorkflow> {
    const alert = typeof alertOrId === 'string' ? await this.alert(alertOrId) : alertOrId;
    const stored = await this.deps.metadata.getAlertWorkflow(alert.id);
    if (stored) return stored;
    return this.deps.serial.run(async () => {
      const again = await this.deps.metadata.getAlertWorkflow(alert.id);
      if (again) return again;
      const w = newWorkflow(alert.id, await this.rank(alert), Date.now());
      if (alert.state === 'closed') w.status = 'closed';
      await this.deps.metadata.saveAlertWorkflow(w);
      return w;
    });
  }

  /** Applies an action in the serial queue; call inside it with `inQueue` (work orders do). */
  async act(alertId: string, action: WorkflowAction, inQueue = false): Promise<AlertWorkflow> {
    const job = async () => {
      const alert = await this.alert(alertId);
      const w = applyWorkflow(await this.current(alert), action, Date.now());
      await this.deps.metadata.saveAlertWorkflow(w);
      if (w.snoozedUntil) this.snoozed.set(alertId, w.snoozedUntil);
      else this.snoozed.delete(alertId);
      // The detection state follows: acknowledged, and closed (which also ends the monitor's episode).
      if (action.type === 'acknowledge' && alert.state === 'open')
        await this.deps.pipeline.setAlertState(alertId, 'acknowledged');
      if (action.type === 'close' && alert.state !== 'closed')
        await this.deps.pipeline.setAlertState(alertId, 'closed');
      return w;
    };
    return inQueue ? job() : this.deps.serial.run(job);
  }

  /** The stored workflow, or a new one not yet saved; for use inside the serial queue. */
  async current(alert: Alert): Promise<AlertWorkflow> {
    const stored = await this.deps.metadata.getAlertWorkflow(alert.id);
    if (stored) return stored;
    return newWorkflow(alert.id, await this.rank(alert), Date.now());
  }

  /** Closes with an optional outcome given by a reviewer (a work order's completion labels it itself). */
  async close(alertId: string, by: string, label?: { outcome: AlertLabel['outcome']; failureModeId?: string }) {
    if (label?.failureModeId !== undefined && !(await this.deps.metadata.getFailureMode(label.failureModeId)))
      throw new PrognosError('FAILURE_MODE_NOT_FOUND', [label.failureModeId]);
    const full: AlertLabel | undefined = label && {
      outcome: label.outcome,
      ...(label.failureModeId !== undefined ? { failureModeId: label.failureModeId } : {}),
      by,
      at: Date.now(),
      source: 'review',
    };
    return this.act(alertId, { type: 'close', ...(full ? { label: full } : {}) });
  }

  async comment(alertId: string, author: string, text: string): Promise<AlertComment> {
    await this.alert(alertId);
    const c: AlertComment = { id: randomUUID(), alertId, at: Date.now(), author, text };
    await this.deps.metadata.addAlertComment(c);
    return c;
  }

  async comments(alertId: string): Promise<AlertComment[]> {
    await this.alert(alertId);
    return this.deps.metadata.listAlertComments(alertId);
  }

  /** Whether notifications about the alert are held back now (a snoozed alert stays listed). */
  isSnoozed(alertId: string, now = Date.now()): boolean {
    const until = this.snoozed.get(alertId);
    return until !== undefined && until > now;
  }

  /** Precision from the labels; the detector of an anomaly alert is its asset's active model kind. */
  async precision(): Promise<PrecisionReport> {
    const { metadata, pipeline } = this.deps;
    await this.deps.serial.drain();
    const [alerts, workflows] = await Promise.all([
      metadata.listAlerts({ limit: PRECISION_ALERTS }),
      metadata.listAlertWorkflows({ labelled: true }),
    ]);
    const labels = new Map(workflows.map((w) => [w.alertId, w.label]));
    const detectors = new Map<string, string>();
    for (const assetId of new Set(alerts.map((a) => a.assetId))) {
      detectors.set(assetId, (await pipeline.models.activeSummary(assetId))?.detector ?? 'none');
    }
    const items: LabelledAlert[] = alerts.map((a) => {
      const label = labels.get(a.id);
      return {
        assetId: a.assetId,
        kind: a.kind,
        detector: a.kind === 'sensor' ? 'sensor-checks' : (detectors.get(a.assetId) ?? 'none'),
        at: a.startedAt,
        ...(label ? { label } : {}),
      };
    });
    return computePrecision(items);
  }
}
