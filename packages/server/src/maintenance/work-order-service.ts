/**
 * Work orders with their full record: created from an alert (by hand or by the auto-creation rule) with the top
 * failure mode's procedure, skill, hours and parts and a priority and due date from risk and RUL, or by hand; then
 * started, worked step by step, and completed with findings that label the alert.
 */
import { randomUUID } from 'node:crypto';
import {
  type Alert,
  type AlertLabel,
  type Criticality,
  type ProcedureStep,
  PrognosError,
  type WorkOrderDetail,
  type WorkOrderFindings,
  type WorkOrderPriority,
} from '@prognos/core';
import type { MetadataStore, WorkOrderDetailQuery } from '@prognos/store';
import type { EventBus } from '../event-bus';
import type { AnalyticsPipeline, PipelineLog } from '../pipeline/analytics-pipeline';
import { predictiveWorkOrder } from './predictive-work-order';
import { currentProcedure } from './procedure-service';
import type { Serial } from './serial';
import { addLabour, addPart, completeWorkOrder, recordStep, startWorkOrder } from './work-order-actions';
import { parseRule, RULE_KEY, type WorkOrderRule } from './work-order-rule';
import type { WorkflowService } from './workflow-service';

/** Without a failure mode: a first inspection by a mechanical technician. */
const INSPECTION_HOURS = 2;

export interface ManualWorkOrder {
  assetId: string;
  type: 'corrective' | 'preventive';
  title: string;
  description?: string;
  priority?: WorkOrderPriority;
  dueAt?: number;
  failureModeId?: string;
  skill?: string;
  estimatedHours?: number;
  procedure?: ProcedureStep[];
  assignee?: string;
  by: string;
}

export interface WorkOrderDeps {
  metadata: MetadataStore;
  bus: EventBus;
  pipeline: AnalyticsPipeline;
  workflows: WorkflowService;
  serial: Serial;
  log: PipelineLog;
}

export class WorkOrderService {
  constructor(private readonly deps: WorkOrderDeps) {}

  async rule(): Promise<WorkOrderRule> {
    return parseRule(await this.deps.metadata.getSetting(RULE_KEY));
  }
  async setRule(rule: WorkOrderRule): Promise<WorkOrderRule> {
    await this.deps.metadata.setSetting(RULE_KEY, JSON.stringify(rule));
    return rule;
  }

  /** The auto-creation rule, on every alert event (queued after the workflow update of the same event). */
  onAlert = (e: { change: string; alert: Alert }): void => {
    if (e.change !== 'opened' && e.change !== 'updated') return;
    if (e.alert.state === 'closed') return;
    void this.deps.serial
      .run(async () => {
        const rule = await this.rule();
        if (!rule.enabled || !rule.severities.includes(e.alert.severity)) return;
        const asset = await this.deps.metadata.getAsset(e.alert.assetId);
        if (!asset || !rule.criticalities.includes(asset.criticality)) return;
        const w = await this.deps.metadata.getAlertWorkflow(e.alert.id);
        if (!w || w.workOrderId !== undefined || w.status === 'closed') return;
        const wo = await this.fromAlertInQueue(e.alert, w.failureModes[0]?.failureModeId, 'rule');
        this.deps.log.info({ alert: e.alert.id, workOrder: wo.id }, 'work order created by rule');
      })
      .catch((err) => this.deps.log.error({ err, alert: e.alert.id }, 'automatic work order failed'));
  };

  /** A predictive work order from an alert (409 when the alert is closed or already has one). */
  createFromAlert(alertId: string, by: string): Promise<WorkOrderDetail> {
    return this.deps.serial.run(async () => {
      const alert = await this.deps.workflows.alert(alertId);
      const w = await this.deps.workflows.current(alert);
      if (w.status === 'closed')
        throw new PrognosError('ALERT_STATE_CONFLICT', [alertId, 'closed', 'given a work order']);
      if (w.workOrderId !== undefined)
        throw new PrognosError('ALERT_STATE_CONFLICT', [
          alertId,
          `linked to work order ${w.workOrderId}`,
          'given a second one',
        ]);
      return this.fromAlertInQueue(alert, w.failureModes[0]?.failureModeId, by);
    });
  }

  private async fromAlertInQueue(
    alert: Alert,
    failureModeId: string | undefined,
    by: string,
  ): Promise<WorkOrderDetail> {
    const { metadata, pipeline } = this.deps;
    const asset = await metadata.getAsset(alert.assetId);
    if (!asset) throw new PrognosError('ASSET_NOT_FOUND', [alert.assetId]);
    const stored = failureModeId ? await metadata.getFailureMode(failureModeId) : undefined;
    // The steps of the latest version of the mode's guided procedure (work orders created earlier keep theirs).
    const current = stored ? await currentProcedure(metadata, stored) : undefined;
    const fm = stored && current ? { ...stored, procedure: current.steps } : undefined;
    const rul = pipeline.healthDetail(alert.assetId)?.rul;
    const built = predictiveWorkOrder({
      id: randomUUID(),
      alert,
      asset,
      ...(fm ? { failureMode: fm } : {}),
      ...(rul ? { rul } : {}),
      partsLeadTimeHours: await this.partsLeadTimeHours(fm?.parts ?? []),
      by,
      now: Date.now(),
    });
    const wo: WorkOrderDetail = current ? { ...built, procedureRef: current.ref } : built;
    await metadata.saveWorkOrderDetail(wo);
    await this.deps.workflows.act(alert.id, { type: 'link_work_order', workOrderId: wo.id }, true);
    this.deps.bus.emit('work-order', { change: 'created', workOrder: wo });
    return wo;
  }

  /** Hours until every planned part is at hand: the longest lead time of a part out of stock (0 when all are). */
  private async partsLeadTimeHours(partIds: readonly string[]): Promise<number> {
    let hours = 0;
    for (const id of partIds) {
      const part = await this.deps.metadata.getSparePart(id);
      if (part && part.stock < 1) hours = Math.max(hours, part.leadTimeDays * 24);
    }
    return hours;
  }

  /** A corrective or preventive work order entered by hand. */
  create(m: ManualWorkOrder): Promise<WorkOrderDetail> {
    return this.deps.serial.run(async () => {
      const asset = await this.deps.metadata.getAsset(m.assetId);
      if (!asset) throw new PrognosError('ASSET_NOT_FOUND', [m.assetId]);
      const fm = m.failureModeId ? await this.deps.metadata.getFailureMode(m.failureModeId) : undefined;
      if (m.failureModeId && !fm) throw new PrognosError('FAILURE_MODE_NOT_FOUND', [m.failureModeId]);
      // Steps given by hand win; otherwise the latest version of the mode's guided procedure.
      const current = !m.procedure && fm ? await currentProcedure(this.deps.metadata, fm) : undefined;
      const wo: WorkOrderDetail = {
        id: randomUUID(),
        assetId: asset.id,
        title: m.title,
        description: m.description ?? '',
        status: 'open',
        priority: m.priority ?? PRIORITY_BY_CRITICALITY[asset.criticality],
        createdAt: Date.now(),
        ...(m.dueAt !== undefined ? { dueAt: m.dueAt } : {}),
        type: m.type,
        ...(fm ? { failureModeId: fm.id } : {}),
        skill: m.skill ?? fm?.skill ?? 'mechanical',
        estimatedHours: m.estimatedHours ?? fm?.repairHours ?? INSPECTION_HOURS,
        ...(m.assignee ? { assignee: m.assignee } : {}),
        procedure: m.procedure ?? current?.steps ?? [],
        ...(current ? { procedureRef: current.ref } : {}),
        stepResults: [],
        parts: (fm?.parts ?? []).map((partId) => ({ partId, quantity: 1 })),
        labour: [],
      };
      await this.deps.metadata.saveWorkOrderDetail(wo);
      this.deps.bus.emit('work-order', { change: 'created', workOrder: wo });
      return wo;
    });
  }

  async get(id: string): Promise<WorkOrderDetail> {
    const wo = await this.deps.metadata.getWorkOrderDetail(id);
    if (!wo) throw new PrognosError('WORK_ORDER_NOT_FOUND', [id]);
    return wo;
  }

  list(q: WorkOrderDetailQuery): Promise<WorkOrderDetail[]> {
    return this.deps.metadata.listWorkOrderDetails(q);
  }

  /** Starting the work puts its alert in work. */
  start(id: string, by: string): Promise<WorkOrderDetail> {
    return this.change(id, 'updated', async (wo) => {
      const next = startWorkOrder(wo, by);
      if (next !== wo && wo.alertId)
        await this.deps.workflows.act(wo.alertId, { type: 'start_work', workOrderId: wo.id }, true).catch((err) => {
          // an alert closed meanwhile does not stop the job
          if (!(err instanceof PrognosError && err.code === 'ALERT_STATE_CONFLICT')) throw err;
        });
      return next;
    });
  }

  /** `at`: when the step was done, for results entered offline and sent later (never after now). */
  step(id: string, n: number, r: { done: boolean; value?: number; note?: string; by: string; at?: number }) {
    return this.change(id, 'updated', async (wo) => recordStep(wo, n, r, Date.now()));
  }

  /**
   * Logs parts for the job beyond those planned from its failure mode (which the order starts with). Stock follows
   * on completion, from the 'work-order' event (planning/parts-stock.ts), whatever path completes the order.
   */
  part(id: string, partId: string, quantity: number) {
    return this.change(id, 'updated', async (wo) => {
      if (!(await this.deps.metadata.getSparePart(partId))) throw new PrognosError('SPARE_PART_NOT_FOUND', [partId]);
      return addPart(wo, partId, quantity);
    });
  }

  labour(id: string, technician: string, hours: number) {
    return this.change(id, 'updated', async (wo) => addLabour(wo, technician, hours, Date.now()));
  }

  /** Completes the job with its findings; they label its alert (confirmed or false alarm) and close it. */
  complete(id: string, by: string, findings: WorkOrderFindings) {
    return this.change(id, 'completed', async (wo) => {
      if (findings.failureModeId !== undefined && !(await this.deps.metadata.getFailureMode(findings.failureModeId)))
        throw new PrognosError('FAILURE_MODE_NOT_FOUND', [findings.failureModeId]);
      const done = completeWorkOrder(wo, findings, Date.now());
      if (done.alertId) {
        const label: AlertLabel = {
          outcome: findings.failureConfirmed ? 'confirmed' : 'false_alarm',
          ...(findings.failureConfirmed && done.findings?.failureModeId
            ? { failureModeId: done.findings.failureModeId }
            : {}),
          by,
          at: done.completedAt!,
          source: 'work_order',
          workOrderId: done.id,
        };
        await this.deps.workflows.act(done.alertId, { type: 'close', label }, true).catch((err) => {
          // closed by someone before the job ended: the job's findings still label it
          if (!(err instanceof PrognosError && err.code === 'ALERT_STATE_CONFLICT')) throw err;
          return this.relabel(done.alertId!, label);
        });
      }
      return done;
    });
  }

  private async relabel(alertId: string, label: AlertLabel): Promise<void> {
    const w = await this.deps.metadata.getAlertWorkflow(alertId);
    if (w) await this.deps.metadata.saveAlertWorkflow({ ...w, label, updatedAt: Date.now() });
  }

  private change(
    id: string,
    change: 'updated' | 'completed',
    fn: (wo: WorkOrderDetail) => Promise<WorkOrderDetail>,
  ): Promise<WorkOrderDetail> {
    return this.deps.serial.run(async () => {
      const wo = await this.get(id);
      const next = await fn(wo);
      if (next === wo) return wo;
      await this.deps.metadata.saveWorkOrderDetail(next);
      this.deps.bus.emit('work-order', { change, workOrder: next });
      return next;
    });
  }
}

const PRIORITY_BY_CRITICALITY: Record<Criticality, WorkOrderPriority> = { A: 'high', B: 'medium', C: 'low' };
