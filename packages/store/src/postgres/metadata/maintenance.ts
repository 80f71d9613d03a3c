/**
 * The maintenance part of the PostgreSQL MetadataStore (parts.ts): alert work-flow and comments, work-order
 * details, maintenance-plan inputs, versioned procedures, know-how search (knowledge.ts) and training, over the
 * tables of maintenance-ddl.ts. Each method answers exactly as the embedded store does (sqlite/maintenance-store.ts,
 * plan-inputs.ts, procedure-store.ts, knowledge-store.ts, training-store.ts), sharing its document specs and row
 * mappers; documents are jsonb, which node-postgres hands back parsed.
 */
import type {
  AlertComment,
  AlertWorkflow,
  KnowledgeHit,
  KnowledgeQuery,
  MaintenanceWindow,
  NewProcedureVersion,
  PreventivePlan,
  Procedure,
  SparePart,
  Technician,
  TrainingAssignment,
  TrainingAttempt,
  WorkOrderDetail,
} from '@prognos/core';
import type {
  AlertWorkflowQuery,
  TrainingAssignmentQuery,
  TrainingAttemptQuery,
  WindowQuery,
  WorkOrderDetailQuery,
} from '../../ports';
import { summaryOf, workOrderDetailFilters } from '../../sqlite/maintenance-store';
import { type Row, setFilters, toAlertComment } from '../../sqlite/metadata-rows';
import {
  assignmentFilters,
  attemptFilters,
  type DocumentTable,
  TRAINING_ASSIGNMENTS,
  TRAINING_ATTEMPTS,
} from '../../sqlite/training-store';
import { writeWorkOrder } from './core';
import { indexKnowledge, searchKnowledge } from './knowledge';
import type { MaintenanceMetadataPart } from './parts';
import { PoolPart } from './pool-part';
import { upsertSql } from './sql';

/** `col = $n AND …` for the filters that are set (numbered after the params already there), or ''. */
function whereEquals(filters: Record<string, unknown>, params: unknown[]): string {
  const set = setFilters(filters);
  if (set.length === 0) return '';
  return ` WHERE ${set
    .map(([column, value]) => {
      params.push(value);
      return `${column} = $${params.length}`;
    })
    .join(' AND ')}`;
}

const SAVE_WORK_ORDER_DETAIL = upsertSql('work_order_details', [
  'id',
  'asset_id',
  'alert_id',
  'status',
  'created_at',
  'data',
]);
const SAVE_WORKFLOW = upsertSql('alert_workflows', ['alert_id', 'status', 'outcome', 'updated_at', 'data']);
const SAVE_SPARE_PART = upsertSql('spare_parts', ['id', 'stock', 'data']);
const SAVE_TECHNICIAN = upsertSql('technicians', ['id', 'data']);
const SAVE_WINDOW = upsertSql('maintenance_windows', ['id', 'start_at', 'end_at', 'data']);
const SAVE_PLAN = upsertSql('preventive_plans', ['id', 'asset_id', 'data']);

/** A spare part: the document with the stock of its own column (the one that atomic changes update). */
const toSparePart = (r: Row): SparePart => ({ ...(r.data as SparePart), stock: r.stock as number });

export class PgMaintenanceMetadata extends PoolPart implements MaintenanceMetadataPart {
  /** The data column of each row. */
  private async documents<T>(sql: string, params: readonly unknown[] = []): Promise<T[]> {
    return (await this.rows(sql, params)).map((r) => r.data as T);
  }
  private async document<T>(sql: string, params: readonly unknown[] = []): Promise<T | undefined> {
    return (await this.documents<T>(sql, params))[0];
  }
  /** Whether the statement touched a row. */
  private async changed(sql: string, params: readonly unknown[]): Promise<boolean> {
    return ((await this.query(sql, params)).rowCount ?? 0) > 0;
  }

  // ---- Alert work-flow ----------------------------------------------------------------------------------------

  async saveAlertWorkflow(w: AlertWorkflow): Promise<void> {
    await this.query(SAVE_WORKFLOW, [w.alertId, w.status, w.label?.outcome ?? null, w.updatedAt, JSON.stringify(w)]);
  }
  async getAlertWorkflow(alertId: string): Promise<AlertWorkflow | undefined> {
    return this.document('SELECT data FROM alert_workflows WHERE alert_id = $1', [alertId]);
  }
  /** Newest update first; assetId goes through the alert (a workflow whose alert is not stored is left out then). */
  async listAlertWorkflows(q: AlertWorkflowQuery = {}): Promise<AlertWorkflow[]> {
    const where: string[] = [];
    const params: unknown[] = [];
    let sql = 'SELECT w.data FROM alert_workflows w';
    if (q.assetId !== undefined) {
      sql += ' JOIN alerts a ON a.id = w.alert_id';
      params.push(q.assetId);
      where.push(`a.asset_id = $${params.length}`);
    }
    if (q.labelled === true) where.push('w.outcome IS NOT NULL');
    else if (q.labelled === false) where.push('w.outcome IS NULL');
    if (q.status !== undefined) {
      params.push(q.status);
      where.push(`w.status = $${params.length}`);
    }
    if (where.length > 0) sql += ` WHERE ${where.join(' AND ')}`;
    return this.documents(`${sql} ORDER BY w.updated_at DESC, w.alert_id`, params);
  }
  async addAlertComment(c: AlertComment): Promise<void> {
    await this.query('INSERT INTO alert_comments (id, alert_id, at, author, text) VALUES ($1, $2, $3, $4, $5)', [
      c.id,
      c.alertId,
      c.at,
      c.author,
      c.text,
    ]);
  }
  /** Oldest first. */
  async listAlertComments(alertId: string): Promise<AlertComment[]> {
    return (await this.rows('SELECT * FROM alert_comments WHERE alert_id = $1 ORDER BY at, id', [alertId])).map(
      toAlertComment,
    );
  }

  // ---- Work orders ------------------------------------------------------------------------------------------

  /**
   * The detail, its summary (the core part's work_orders, written by core.ts) and its know-how entry in one
   * transaction: all listings and the search agree.
   */
  async saveWorkOrderDetail(wo: WorkOrderDetail): Promise<void> {
    await this.transaction(async (c) => {
      await c.query(SAVE_WORK_ORDER_DETAIL, [
        wo.id,
        wo.assetId,
        wo.alertId ?? null,
        wo.status,
        wo.createdAt,
        JSON.stringify(wo),
      ]);
      await writeWorkOrder(c, summaryOf(wo));
      await indexKnowledge(c, wo);
    });
  }
  async getWorkOrderDetail(id: string): Promise<WorkOrderDetail | undefined> {
    return this.document('SELECT data FROM work_order_details WHERE id = $1', [id]);
  }
  /** Newest first (by creation). */
  async listWorkOrderDetails(q?: WorkOrderDetailQuery): Promise<WorkOrderDetail[]> {
    const params: unknown[] = [];
    const where = whereEquals(workOrderDetailFilters(q), params);
    return this.documents(`SELECT data FROM work_order_details${where} ORDER BY created_at DESC, id`, params);
  }

  // ---- Maintenance-plan inputs ------------------------------------------------------------------------------

  async upsertSparePart(p: SparePart): Promise<void> {
    await this.query(SAVE_SPARE_PART, [p.id, p.stock, JSON.stringify(p)]);
  }
  async listSpareParts(): Promise<SparePart[]> {
    return (await this.rows('SELECT stock, data FROM spare_parts ORDER BY id')).map(toSparePart);
  }
  async getSparePart(id: string): Promise<SparePart | undefined> {
    const [r] = await this.rows('SELECT stock, data FROM spare_parts WHERE id = $1', [id]);
    return r && toSparePart(r);
  }
  /**
   * One UPDATE … RETURNING: concurrent changes queue on the row lock and each adds to the stock the one before it
   * left. Stock cannot go below zero: logging more than the store holds means the count was already off.
   */
  async adjustSparePartStock(id: string, delta: number): Promise<SparePart | undefined> {
    const [r] = await this.rows(
      'UPDATE spare_parts SET stock = GREATEST(0, stock + $1) WHERE id = $2 RETURNING stock, data',
      [delta, id],
    );
    return r && toSparePart(r);
  }
  async deleteSparePart(id: string): Promise<boolean> {
    return this.changed('DELETE FROM spare_parts WHERE id = $1', [id]);
  }

  async upsertTechnician(t: Technician): Promise<void> {
    await this.query(SAVE_TECHNICIAN, [t.id, JSON.stringify(t)]);
  }
  async listTechnicians(): Promise<Technician[]> {
    return this.documents('SELECT data FROM technicians ORDER BY id');
  }
  async deleteTechnician(id: string): Promise<boolean> {
    return this.changed('DELETE FROM technicians WHERE id = $1', [id]);
  }

  async upsertMaintenanceWindow(w: MaintenanceWindow): Promise<void> {
    await this.query(SAVE_WINDOW, [w.id, w.start, w.end, JSON.stringify(w)]);
  }
  /** The windows that overlap [from, to), by start; an absent end is open. */
  async listMaintenanceWindows(q: WindowQuery = {}): Promise<MaintenanceWindow[]> {
    const where: string[] = [];
    const params: unknown[] = [];
    if (q.from !== undefined) {
      params.push(q.from);
      where.push(`end_at > $${params.length}`);
    }
    if (q.to !== undefined) {
      params.push(q.to);
      where.push(`start_at < $${params.length}`);
    }
    const filter = where.length > 0 ? ` WHERE ${where.join(' AND ')}` : '';
    return this.documents(`SELECT data FROM maintenance_windows${filter} ORDER BY start_at, id`, params);
  }
  async deleteMaintenanceWindow(id: string): Promise<boolean> {
    return this.changed('DELETE FROM maintenance_windows WHERE id = $1', [id]);
  }

  async upsertPreventivePlan(p: PreventivePlan): Promise<void> {
    await this.query(SAVE_PLAN, [p.id, p.assetId, JSON.stringify(p)]);
  }
  async listPreventivePlans(assetId?: string): Promise<PreventivePlan[]> {
    return assetId === undefined
      ? this.documents('SELECT data FROM preventive_plans ORDER BY id')
      : this.documents('SELECT data FROM preventive_plans WHERE asset_id = $1 ORDER BY id', [assetId]);
  }
  async getPreventivePlan(id: string): Promise<PreventivePlan | undefined> {
    return this.document('SELECT data FROM preventive_plans WHERE id = $1', [id]);
  }
  async deletePreventivePlan(id: string): Promise<boolean> {
    return this.changed('DELETE FROM preventive_plans WHERE id = $1', [id]);
  }

  // ---- Procedures -------------------------------------------------------------------------------------------

  /**
   * Numbers the new version under a transaction-scoped advisory lock on the procedure (per schema), so saves of
   * the same procedure from any connection or process take turns: each reads the highest version only once the
   * one before it has committed, and the numbers come out distinct and consecutive. Saves of other procedures
   * do not wait.
   */
  async saveProcedureVersion(p: NewProcedureVersion): Promise<Procedure> {
    return this.transaction(async (c) => {
      await c.query("SELECT pg_advisory_xact_lock(hashtextextended(current_schema() || ':procedure:' || $1, 0))", [
        p.id,
      ]);
      const { rows } = await c.query<{ v: number }>(
        'SELECT COALESCE(MAX(version), 0) AS v FROM procedures WHERE id = $1',
        [p.id],
      );
      const saved: Procedure = { ...p, version: rows[0]!.v + 1, createdAt: Date.now() };
      await c.query('INSERT INTO procedures (id, version, created_at, data) VALUES ($1, $2, $3, $4)', [
        saved.id,
        saved.version,
        saved.createdAt,
        JSON.stringify(saved),
      ]);
      return saved;
    });
  }
  /** The given version, or the latest. */
  async getProcedure(id: string, version?: number): Promise<Procedure | undefined> {
    return version === undefined
      ? this.document('SELECT data FROM procedures WHERE id = $1 ORDER BY version DESC LIMIT 1', [id])
      : this.document('SELECT data FROM procedures WHERE id = $1 AND version = $2', [id, version]);
  }
  /** The latest version of every procedure, sorted by id. */
  async listProcedures(): Promise<Procedure[]> {
    return this.documents('SELECT DISTINCT ON (id) data FROM procedures ORDER BY id, version DESC');
  }
  /** Newest first. */
  async listProcedureVersions(id: string): Promise<Procedure[]> {
    return this.documents('SELECT data FROM procedures WHERE id = $1 ORDER BY version DESC', [id]);
  }

  // ---- Know-how ---------------------------------------------------------------------------------------------

  async searchKnowledge(q: KnowledgeQuery): Promise<KnowledgeHit[]> {
    this.check();
    return searchKnowledge(this.pool, q);
  }

  // ---- Training ---------------------------------------------------------------------------------------------

  async saveTrainingAttempt(a: TrainingAttempt): Promise<void> {
    await this.saveDocument(TRAINING_ATTEMPTS, a);
  }
  async getTrainingAttempt(id: string): Promise<TrainingAttempt | undefined> {
    return this.getDocument(TRAINING_ATTEMPTS, id);
  }
  /** Newest first. */
  async listTrainingAttempts(q?: TrainingAttemptQuery): Promise<TrainingAttempt[]> {
    return this.listDocuments(TRAINING_ATTEMPTS, attemptFilters(q));
  }
  async saveTrainingAssignment(a: TrainingAssignment): Promise<void> {
    await this.saveDocument(TRAINING_ASSIGNMENTS, a);
  }
  async getTrainingAssignment(id: string): Promise<TrainingAssignment | undefined> {
    return this.getDocument(TRAINING_ASSIGNMENTS, id);
  }
  /** Newest first. */
  async listTrainingAssignments(q?: TrainingAssignmentQuery): Promise<TrainingAssignment[]> {
    return this.listDocuments(TRAINING_ASSIGNMENTS, assignmentFilters(q));
  }

  /** Inserts or replaces a document (by id) of a DocumentTable, with its filter columns. */
  private async saveDocument<T extends { id: string }>(spec: DocumentTable<T>, doc: T): Promise<void> {
    const columns = Object.keys(spec.columns);
    await this.query(upsertSql(spec.table, ['id', ...columns, 'data']), [
      doc.id,
      ...Object.values(spec.columns).map((value) => value(doc)),
      JSON.stringify(doc),
    ]);
  }
  private async getDocument<T extends { id: string }>(spec: DocumentTable<T>, id: string): Promise<T | undefined> {
    return this.document(`SELECT data FROM ${spec.table} WHERE id = $1`, [id]);
  }
  /** Newest first, those whose columns equal the given values (an undefined value does not filter). */
  private async listDocuments<T extends { id: string }>(
    spec: DocumentTable<T>,
    filters: Record<string, unknown>,
  ): Promise<T[]> {
    const params: unknown[] = [];
    const where = whereEquals(filters, params);
    return this.documents(`SELECT data FROM ${spec.table}${where} ORDER BY ${spec.newestBy} DESC, id DESC`, params);
  }
}
