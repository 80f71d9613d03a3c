/**
 * The maintenance loop in SQLite (migration 7): the failure-mode library, alert workflows and their comments, and
 * work-order details. The metadata store delegates to this. Records are JSON documents beside the columns that
 * queries filter by, so a field added to a type needs no migration.
 */
import type { AlertComment, AlertWorkflow, FailureMode, WorkOrder, WorkOrderDetail } from '@prognos/core';
import type Database from 'better-sqlite3';
import type { AlertWorkflowQuery, WorkOrderDetailQuery } from '../ports';
import { type Row, setFilters, toAlertComment } from './metadata-rows';

const parse = <T>(r: Row): T => JSON.parse(r.data as string) as T;

export class SqliteMaintenance {
  private readonly q;
  constructor(
    private readonly db: Database.Database,
    private readonly check: () => void,
  ) {
    this.q = {
      failureMode: db.prepare(
        'INSERT INTO failure_modes (id, data) VALUES (?, ?) ON CONFLICT (id) DO UPDATE SET data = excluded.data',
      ),
      failureModes: db.prepare('SELECT data FROM failure_modes ORDER BY id'),
      oneFailureMode: db.prepare('SELECT data FROM failure_modes WHERE id = ?'),
      workflow: db.prepare(
        `INSERT INTO alert_workflows (alert_id, status, outcome, updated_at, data) VALUES (?, ?, ?, ?, ?)
         ON CONFLICT (alert_id) DO UPDATE SET status = excluded.status, outcome = excluded.outcome,
           updated_at = excluded.updated_at, data = excluded.data`,
      ),
      oneWorkflow: db.prepare('SELECT data FROM alert_workflows WHERE alert_id = ?'),
      comment: db.prepare('INSERT INTO alert_comments (id, alert_id, at, author, text) VALUES (?, ?, ?, ?, ?)'),
      comments: db.prepare('SELECT * FROM alert_comments WHERE alert_id = ? ORDER BY at, id'),
      workOrder: db.prepare(
        `INSERT INTO work_order_details (id, asset_id, alert_id, status, created_at, data) VALUES (?, ?, ?, ?, ?, ?)
         ON CONFLICT (id) DO UPDATE SET asset_id = excluded.asset_id, alert_id = excluded.alert_id,
           status = excluded.status, created_at = excluded.created_at, data = excluded.data`,
      ),
      oneWorkOrder: db.prepare('SELECT data FROM work_order_details WHERE id = ?'),
    };
  }

  saveFailureMode(fm: FailureMode): void {
    this.check();
    this.q.failureMode.run(fm.id, JSON.stringify(fm));
  }
  /** Sorted by id; with assetType, the modes that apply to it. */
  listFailureModes(assetType?: string): FailureMode[] {
    this.check();
    const all = (this.q.failureModes.all() as Row[]).map((r) => parse<FailureMode>(r));
    return assetType === undefined ? all : all.filter((m) => m.assetTypes.includes(assetType));
  }
  getFailureMode(id: string): FailureMode | undefined {
    this.check();
    const r = this.q.oneFailureMode.get(id) as Row | undefined;
    return r && parse<FailureMode>(r);
  }

  saveAlertWorkflow(w: AlertWorkflow): void {
    this.check();
    this.q.workflow.run(w.alertId, w.status, w.label?.outcome ?? null, w.updatedAt, JSON.stringify(w));
  }
  getAlertWorkflow(alertId: string): AlertWorkflow | undefined {
    this.check();
    const r = this.q.oneWorkflow.get(alertId) as Row | undefined;
    return r && parse<AlertWorkflow>(r);
  }
  /** Newest update first; assetId goes through the alert (a workflow whose alert is not stored is left out then). */
  listAlertWorkflows(q: AlertWorkflowQuery = {}): AlertWorkflow[] {
    this.check();
    const where: string[] = [];
    const params: unknown[] = [];
    let sql = 'SELECT w.data FROM alert_workflows w';
    if (q.assetId !== undefined) {
      sql += ' JOIN alerts a ON a.id = w.alert_id';
      where.push('a.asset_id = ?');
      params.push(q.assetId);
    }
    if (q.labelled === true) where.push('w.outcome IS NOT NULL');
    else if (q.labelled === false) where.push('w.outcome IS NULL');
    if (q.status !== undefined) {
      where.push('w.status = ?');
      params.push(q.status);
    }
    if (where.length > 0) sql += ` WHERE ${where.join(' AND ')}`;
    sql += ' ORDER BY w.updated_at DESC, w.alert_id';
    return (this.db.prepare(sql).all(...params) as Row[]).map((r) => parse<AlertWorkflow>(r));
  }

  addAlertComment(c: AlertComment): void {
    this.check();
    this.q.comment.run(c.id, c.alertId, c.at, c.author, c.text);
  }
  /** Oldest first. */
  listAlertComments(alertId: string): AlertComment[] {
    this.check();
    return (this.q.comments.all(alertId) as Row[]).map(toAlertComment);
  }

  /** Stores the detail and its summary (work_orders) in one transaction, so both listings agree. */
  saveWorkOrderDetail(wo: WorkOrderDetail, saveSummary: (s: WorkOrder) => void): void {
    this.check();
    this.db.transaction(() => {
      this.q.workOrder.run(wo.id, wo.assetId, wo.alertId ?? null, wo.status, wo.createdAt, JSON.stringify(wo));
      saveSummary(summaryOf(wo));
    })();
  }
  getWorkOrderDetail(id: string): WorkOrderDetail | undefined {
    this.check();
    const r = this.q.oneWorkOrder.get(id) as Row | undefined;
    return r && parse<WorkOrderDetail>(r);
  }
  /** Newest first (by creation). */
  listWorkOrderDetails(q?: WorkOrderDetailQuery): WorkOrderDetail[] {
    this.check();
    const set = setFilters(workOrderDetailFilters(q));
    let sql = 'SELECT data FROM work_order_details';
    if (set.length > 0) sql += ` WHERE ${set.map(([c]) => `${c} = ?`).join(' AND ')}`;
    sql += ' ORDER BY created_at DESC, id';
    return (this.db.prepare(sql).all(...set.map(([, v]) => v)) as Row[]).map((r) => parse<WorkOrderDetail>(r));
  }
}

/** The column filters of listWorkOrderDetails (an undefined value does not filter). */
export const workOrderDetailFilters = (q: WorkOrderDetailQuery = {}) => ({
  asset_id: q.assetId,
  alert_id: q.alertId,
  status: q.status,
});

/** The WorkOrder summary of a detail (what GET /api/work-orders and similar-episode lookups read). */
export function summaryOf(wo: WorkOrderDetail): WorkOrder {
  return {
    id: wo.id,
    assetId: wo.assetId,
    ...(wo.alertId !== undefined ? { alertId: wo.alertId } : {}),
    title: wo.title,
    description: wo.description,
    status: wo.status,
    priority: wo.priority,
    createdAt: wo.createdAt,
    ...(wo.dueAt !== undefined ? { dueAt: wo.dueAt } : {}),
    ...(wo.completedAt !== undefined ? { completedAt: wo.completedAt } : {}),
  };
}
