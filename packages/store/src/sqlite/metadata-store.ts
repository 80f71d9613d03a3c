/** The embedded MetadataStore: plant structure, sensors, alerts, work orders, asset health and settings. */
import type {
  Alert,
  AlertComment,
  AlertWorkflow,
  Area,
  Asset,
  AssetHealth,
  Component,
  FailureMode,
  KnowledgeHit,
  KnowledgeQuery,
  Line,
  MaintenanceWindow,
  NewProcedureVersion,
  PreventivePlan,
  Procedure,
  RulEvaluation,
  RulHistoryPoint,
  RulModelEntry,
  RulModelVersion,
  Sensor,
  Site,
  SparePart,
  Technician,
  TrainingAssignment,
  TrainingAttempt,
  Waveform,
  WorkOrder,
  WorkOrderDetail,
} from '@prognos/core';
import type Database from 'better-sqlite3';
import type {
  AlertQuery,
  AlertWorkflowQuery,
  MetadataStore,
  NewRulModelVersion,
  StoredRulModel,
  TrainingAssignmentQuery,
  TrainingAttemptQuery,
  WindowQuery,
  WorkOrderDetailQuery,
} from '../ports';
import { SqliteKnowledge } from './knowledge-store';
import { SqliteMaintenance } from './maintenance-store';
import {
  alertRow,
  areaRow,
  assetRow,
  componentRow,
  lineRow,
  type Row,
  rulPointRow,
  STATUS_CODE,
  sensorRow,
  siteRow,
  toAlert,
  toArea,
  toAsset,
  toComponent,
  toHealthPoint,
  toLatestHealth,
  toLine,
  toRulPoint,
  toSensor,
  toSite,
  toWaveform,
  toWorkOrder,
  waveformRow,
  workOrderRow,
} from './metadata-rows';
import { SqlitePlanInputs } from './plan-inputs';
import { SqliteProcedures } from './procedure-store';
import { SqliteRulModels } from './rul-models';
import { SqliteTraining } from './training-store';

export class SqliteMetadataStore implements MetadataStore {
  private closed = false;
  private readonly q;
  private readonly upserts = new Map<string, Database.Statement>();
  private readonly rulModels: SqliteRulModels;
  private readonly maintenance: SqliteMaintenance;
  private readonly planInputs: SqlitePlanInputs;
  private readonly knowledge: SqliteKnowledge;
  private readonly training: SqliteTraining;
  private readonly procedures: SqliteProcedures;

  constructor(
    private readonly db: Database.Database,
    private readonly onClose?: () => void,
  ) {
    this.rulModels = new SqliteRulModels(db, () => this.check());
    this.maintenance = new SqliteMaintenance(db, () => this.check());
    this.planInputs = new SqlitePlanInputs(db, () => this.check());
    this.knowledge = new SqliteKnowledge(db, () => this.check());
    this.training = new SqliteTraining(db, () => this.check());
    this.procedures = new SqliteProcedures(db, () => this.check());
    this.q = {
      health: db.prepare(
        `INSERT INTO asset_health (asset_id, ts, health, score, status, contributions)
         VALUES (@asset_id, @ts, @health, @score, @status, @contributions)
         ON CONFLICT (asset_id) DO UPDATE SET ts = excluded.ts, health = excluded.health, score = excluded.score,
           status = excluded.status, contributions = excluded.contributions
         WHERE excluded.ts >= asset_health.ts`,
      ),
      healthHistory: db.prepare(
        'INSERT OR REPLACE INTO asset_health_history (asset_id, ts, health, score, status) VALUES (?, ?, ?, ?, ?)',
      ),
    };
  }

  private check(): void {
    if (this.closed) throw new Error('metadata store is closed');
  }
  private all(sql: string, ...params: unknown[]): Row[] {
    this.check();
    return this.db.prepare(sql).all(...params) as Row[];
  }
  private one(sql: string, ...params: unknown[]): Row | undefined {
    this.check();
    return this.db.prepare(sql).get(...params) as Row | undefined;
  }
  /**
   * Inserts a row (keys are the column names, from metadata-rows.ts) or replaces every column but the first
   * `keyColumns`, the conflict target. One prepared statement per table, made on first use.
   */
  private upsert(table: string, row: Row, keyColumns = 1): void {
    this.check();
    let stmt = this.upserts.get(table);
    if (stmt === undefined) {
      const cols = Object.keys(row);
      stmt = this.db.prepare(
        `INSERT INTO ${table} (${cols.map((c) => `"${c}"`).join(', ')}) VALUES (${cols.map((c) => `@${c}`).join(', ')})
         ON CONFLICT (${cols.slice(0, keyColumns).join(', ')}) DO UPDATE SET ${cols
           .slice(keyColumns)
           .map((c) => `"${c}" = excluded."${c}"`)
           .join(', ')}`,
      );
      this.upserts.set(table, stmt);
    }
    stmt.run(row);
  }

  async upsertSite(site: Site): Promise<void> {
    this.upsert('sites', siteRow(site));
  }
  async upsertArea(area: Area): Promise<void> {
    this.upsert('areas', areaRow(area));
  }
  async upsertLine(line: Line): Promise<void> {
    this.upsert('lines', lineRow(line));
  }
  async upsertAsset(a: Asset): Promise<void> {
    this.upsert('assets', assetRow(a));
  }
  async upsertComponent(c: Component): Promise<void> {
    this.upsert('components', componentRow(c));
  }
  async upsertSensor(s: Sensor): Promise<void> {
    this.upsert('sensors', sensorRow(s));
  }

  async listSites(): Promise<Site[]> {
    return this.all('SELECT * FROM sites ORDER BY id').map(toSite);
  }
  async listAreas(): Promise<Area[]> {
    return this.all('SELECT * FROM areas ORDER BY id').map(toArea);
  }
  async listLines(): Promise<Line[]> {
    return this.all('SELECT * FROM lines ORDER BY id').map(toLine);
  }
  async listAssets(): Promise<Asset[]> {
    return this.all('SELECT * FROM assets ORDER BY id').map(toAsset);
  }
  async getAsset(id: string): Promise<Asset | undefined> {
    const r = this.one('SELECT * FROM assets WHERE id = ?', id);
    return r && toAsset(r);
  }
  async listComponents(assetId?: string): Promise<Component[]> {
    const rows =
      assetId === undefined
        ? this.all('SELECT * FROM components ORDER BY id')
        : this.all('SELECT * FROM components WHERE asset_id = ? ORDER BY id', assetId);
    return rows.map(toComponent);
  }
  async listSensors(assetId?: string): Promise<Sensor[]> {
    const rows =
      assetId === undefined
        ? this.all('SELECT * FROM sensors ORDER BY id')
        : this.all('SELECT * FROM sensors WHERE asset_id = ? ORDER BY id', assetId);
    return rows.map(toSensor);
  }
  async getSensor(id: string): Promise<Sensor | undefined> {
    const r = this.one('SELECT * FROM sensors WHERE id = ?', id);
    return r && toSensor(r);
  }

  async saveAlert(a: Alert): Promise<void> {
    this.upsert('alerts', alertRow(a));
  }
  async getAlert(id: string): Promise<Alert | undefined> {
    const r = this.one('SELECT * FROM alerts WHERE id = ?', id);
    return r && toAlert(r);
  }
  /** Newest first (by last update). state 'active' means open or acknowledged. */
  async listAlerts(q: AlertQuery = {}): Promise<Alert[]> {
    const where: string[] = [];
    const params: unknown[] = [];
    if (q.assetId !== undefined) {
      where.push('asset_id = ?');
      params.push(q.assetId);
    }
    if (q.state === 'active') where.push("state IN ('open', 'acknowledged')");
    else if (q.state !== undefined) {
      where.push('state = ?');
      params.push(q.state);
    }
    let sql = 'SELECT * FROM alerts';
    if (where.length > 0) sql += ` WHERE ${where.join(' AND ')}`;
    sql += ' ORDER BY updated_at DESC, id';
    if (q.limit !== undefined) {
      sql += ' LIMIT ?';
      params.push(Math.max(0, Math.floor(q.limit)));
    }
    return this.all(sql, ...params).map(toAlert);
  }

  async saveWorkOrder(w: WorkOrder): Promise<void> {
    this.check();
    this.writeWorkOrder(w);
  }
  /** Synchronous, so that saveWorkOrderDetail can write the summary inside its transaction. */
  private writeWorkOrder(w: WorkOrder): void {
    this.upsert('work_orders', workOrderRow(w));
  }
  /** Newest first (by creation). */
  async listWorkOrders(assetId?: string): Promise<WorkOrder[]> {
    const rows =
      assetId === undefined
        ? this.all('SELECT * FROM work_orders ORDER BY created_at DESC, id')
        : this.all('SELECT * FROM work_orders WHERE asset_id = ? ORDER BY created_at DESC, id', assetId);
    return rows.map(toWorkOrder);
  }

  async saveHealth(h: AssetHealth): Promise<void> {
    this.check();
    this.db.transaction(() => {
      this.q.health.run({
        asset_id: h.assetId,
        ts: h.ts,
        health: h.health,
        score: h.score,
        status: h.status,
        contributions: JSON.stringify(h.contributions),
      });
      this.q.healthHistory.run(h.assetId, h.ts, h.health, h.score, STATUS_CODE[h.status] ?? 3);
    })();
  }
  async latestHealth(): Promise<AssetHealth[]> {
    return this.all('SELECT * FROM asset_health ORDER BY asset_id').map(toLatestHealth);
  }
  /** History in [from, to), oldest first; contributions are kept only for the latest entry (empty here). */
  async healthHistory(assetId: string, from: number, to: number): Promise<AssetHealth[]> {
    return this.all(
      'SELECT * FROM asset_health_history WHERE asset_id = ? AND ts >= ? AND ts < ? ORDER BY ts',
      assetId,
      from,
      to,
    ).map(toHealthPoint);
  }

  async saveRul(p: RulHistoryPoint): Promise<void> {
    this.upsert('asset_rul_history', rulPointRow(p), 2);
  }
  async rulHistory(assetId: string, from: number, to: number): Promise<RulHistoryPoint[]> {
    return this.all(
      'SELECT * FROM asset_rul_history WHERE asset_id = ? AND ts >= ? AND ts < ? ORDER BY ts',
      assetId,
      from,
      to,
    ).map(toRulPoint);
  }

  async saveRulModel(v: NewRulModelVersion): Promise<RulModelVersion> {
    return this.rulModels.save(v);
  }
  async listRulModels(): Promise<RulModelEntry[]> {
    return this.rulModels.list();
  }
  async listRulModelVersions(name: string): Promise<RulModelVersion[]> {
    return this.rulModels.versions(name);
  }
  async getRulModel(name: string, version?: number): Promise<StoredRulModel | undefined> {
    return this.rulModels.get(name, version);
  }
  async activateRulModel(name: string, version: number): Promise<RulModelVersion | undefined> {
    return this.rulModels.activate(name, version);
  }
  async saveRulEvaluation(
    name: string,
    version: number,
    evaluation: RulEvaluation,
  ): Promise<RulModelVersion | undefined> {
    return this.rulModels.saveEvaluation(name, version, evaluation);
  }

  async saveWaveform(w: Waveform): Promise<void> {
    this.check();
    this.upsert('waveforms', waveformRow(w));
  }
  /** Newest first; the sample count comes from the BLOB's length, so the samples are not read. */
  async listWaveforms(sensorId: string, limit = 20): Promise<Waveform[]> {
    return this.all(
      `SELECT id, sensor_id, ts, sample_rate_hz, unit, meta, length(data) / 4 AS samples
       FROM waveforms WHERE sensor_id = ? ORDER BY ts DESC, id DESC LIMIT ?`,
      sensorId,
      Math.max(0, Math.floor(limit)),
    ).map(toWaveform);
  }
  async getWaveform(id: string): Promise<Waveform | undefined> {
    const r = this.one('SELECT *, length(data) / 4 AS samples FROM waveforms WHERE id = ?', id);
    return r && toWaveform(r);
  }

  async saveFailureMode(fm: FailureMode): Promise<void> {
    this.maintenance.saveFailureMode(fm);
  }
  async listFailureModes(assetType?: string): Promise<FailureMode[]> {
    return this.maintenance.listFailureModes(assetType);
  }
  async getFailureMode(id: string): Promise<FailureMode | undefined> {
    return this.maintenance.getFailureMode(id);
  }
  async saveAlertWorkflow(w: AlertWorkflow): Promise<void> {
    this.maintenance.saveAlertWorkflow(w);
  }
  async getAlertWorkflow(alertId: string): Promise<AlertWorkflow | undefined> {
    return this.maintenance.getAlertWorkflow(alertId);
  }
  async listAlertWorkflows(q?: AlertWorkflowQuery): Promise<AlertWorkflow[]> {
    return this.maintenance.listAlertWorkflows(q);
  }
  async addAlertComment(c: AlertComment): Promise<void> {
    this.maintenance.addAlertComment(c);
  }
  async listAlertComments(alertId: string): Promise<AlertComment[]> {
    return this.maintenance.listAlertComments(alertId);
  }
  async saveWorkOrderDetail(wo: WorkOrderDetail): Promise<void> {
    this.maintenance.saveWorkOrderDetail(wo, (summary) => this.writeWorkOrder(summary));
    this.knowledge.index(wo);
  }
  async getWorkOrderDetail(id: string): Promise<WorkOrderDetail | undefined> {
    return this.maintenance.getWorkOrderDetail(id);
  }
  async listWorkOrderDetails(q?: WorkOrderDetailQuery): Promise<WorkOrderDetail[]> {
    return this.maintenance.listWorkOrderDetails(q);
  }

  async upsertSparePart(p: SparePart): Promise<void> {
    this.planInputs.upsertSparePart(p);
  }
  async listSpareParts(): Promise<SparePart[]> {
    return this.planInputs.listSpareParts();
  }
  async getSparePart(id: string): Promise<SparePart | undefined> {
    return this.planInputs.getSparePart(id);
  }
  async adjustSparePartStock(id: string, delta: number): Promise<SparePart | undefined> {
    return this.planInputs.adjustSparePartStock(id, delta);
  }
  async deleteSparePart(id: string): Promise<boolean> {
    return this.planInputs.deleteSparePart(id);
  }
  async upsertTechnician(t: Technician): Promise<void> {
    this.planInputs.upsertTechnician(t);
  }
  async listTechnicians(): Promise<Technician[]> {
    return this.planInputs.listTechnicians();
  }
  async deleteTechnician(id: string): Promise<boolean> {
    return this.planInputs.deleteTechnician(id);
  }
  async upsertMaintenanceWindow(w: MaintenanceWindow): Promise<void> {
    this.planInputs.upsertMaintenanceWindow(w);
  }
  async listMaintenanceWindows(q?: WindowQuery): Promise<MaintenanceWindow[]> {
    return this.planInputs.listMaintenanceWindows(q);
  }
  async deleteMaintenanceWindow(id: string): Promise<boolean> {
    return this.planInputs.deleteMaintenanceWindow(id);
  }
  async upsertPreventivePlan(p: PreventivePlan): Promise<void> {
    this.planInputs.upsertPreventivePlan(p);
  }
  async listPreventivePlans(assetId?: string): Promise<PreventivePlan[]> {
    return this.planInputs.listPreventivePlans(assetId);
  }
  async getPreventivePlan(id: string): Promise<PreventivePlan | undefined> {
    return this.planInputs.getPreventivePlan(id);
  }
  async deletePreventivePlan(id: string): Promise<boolean> {
    return this.planInputs.deletePreventivePlan(id);
  }

  async saveProcedureVersion(p: NewProcedureVersion): Promise<Procedure> {
    return this.procedures.saveVersion(p);
  }
  async getProcedure(id: string, version?: number): Promise<Procedure | undefined> {
    return this.procedures.get(id, version);
  }
  async listProcedures(): Promise<Procedure[]> {
    return this.procedures.list();
  }
  async listProcedureVersions(id: string): Promise<Procedure[]> {
    return this.procedures.versions(id);
  }

  async searchKnowledge(q: KnowledgeQuery): Promise<KnowledgeHit[]> {
    return this.knowledge.search(q);
  }

  async saveTrainingAttempt(a: TrainingAttempt): Promise<void> {
    this.training.saveAttempt(a);
  }
  async getTrainingAttempt(id: string): Promise<TrainingAttempt | undefined> {
    return this.training.getAttempt(id);
  }
  async listTrainingAttempts(q?: TrainingAttemptQuery): Promise<TrainingAttempt[]> {
    return this.training.listAttempts(q);
  }
  async saveTrainingAssignment(a: TrainingAssignment): Promise<void> {
    this.training.saveAssignment(a);
  }
  async getTrainingAssignment(id: string): Promise<TrainingAssignment | undefined> {
    return this.training.getAssignment(id);
  }
  async listTrainingAssignments(q?: TrainingAssignmentQuery): Promise<TrainingAssignment[]> {
    return this.training.listAssignments(q);
  }

  async getSetting(key: string): Promise<string | undefined> {
    const r = this.one('SELECT value FROM settings WHERE key = ?', key);
    return r?.value as string | undefined;
  }
  async setSetting(key: string, value: string): Promise<void> {
    this.upsert('settings', { key, value });
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.onClose?.();
  }
}
