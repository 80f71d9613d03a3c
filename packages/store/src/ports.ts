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
  Reading,
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

/** Columnar readings of one sensor, sorted by time, one reading per timestamp. */
export interface Series {
  sensor: string;
  ts: Float64Array;
  values: Float64Array;
  quality: Uint8Array;
}

/** Downsampled series for charts: one entry per non-empty bucket (bucket start time). */
export interface DownsampledSeries {
  sensor: string;
  from: number;
  to: number;
  /** Width of one bucket in ms. */
  bucketMs: number;
  /** Which tier answered: raw readings, per-minute rollups or per-chunk rollups. */
  source: 'raw' | 'rollup-minute' | 'rollup-chunk';
  ts: number[];
  min: number[];
  max: number[];
  avg: number[];
  count: number[];
}

export interface AppendResult {
  /** Readings accepted (after the batch; duplicates of the same sensor+ts count once and the last one wins). */
  stored: number;
}

/** What a retention run removed (a store may report more, e.g. the partitions it dropped whole). */
export interface RetentionSummary {
  /** Sealed chunks deleted. */
  deletedChunks: number;
  /** Unsealed (head) readings deleted. */
  deletedHeadReadings: number;
}

export interface StoreStats {
  series: number;
  chunks: number;
  /** Readings in sealed (compressed) chunks. */
  sealedReadings: number;
  /** Readings still in the write-ahead head (not yet compacted). */
  headReadings: number;
  /** Bytes on disk of the database files (main + WAL). */
  bytesOnDisk: number;
}

/**
 * The time-series port. Implementations: sqlite/ (embedded default). Readings are identified by (sensor, ts):
 * writing the same pair again replaces the value (idempotent re-send). Every method is async so that a networked
 * store (PostgreSQL) can implement the same port.
 */
export interface ReadingStore {
  append(readings: readonly Reading[]): Promise<AppendResult>;
  /** Readings of one sensor in [from, to), sorted, deduplicated. limit keeps the latest `limit` readings. */
  read(sensor: string, from: number, to: number, limit?: number): Promise<Series>;
  /** min/max/avg per bucket over [from, to), using rollups for long ranges. */
  downsample(sensor: string, from: number, to: number, buckets: number): Promise<DownsampledSeries>;
  /** Latest reading of each sensor asked for (absent when the sensor has none). */
  latest(sensors: readonly string[]): Promise<Map<string, Reading>>;
  /** Seals open head data into compressed chunks (called periodically and on close). */
  flush(): Promise<void>;
  /**
   * Retention policy: deletes the readings older than `before` (epoch ms), in whole chunk windows where the store
   * keeps them that way — a window straddling the cut-off may be kept. Readings at or after `before` stay.
   */
  applyRetention(before: number): Promise<RetentionSummary>;
  stats(): Promise<StoreStats>;
  close(): Promise<void>;
}

export interface AlertQuery {
  assetId?: string;
  state?: Alert['state'] | 'active';
  limit?: number;
}

export interface AlertWorkflowQuery {
  /** Workflows of this asset's alerts (through the stored alert). */
  assetId?: string;
  /** true: only those with a label; false: only those without. */
  labelled?: boolean;
  status?: AlertWorkflow['status'];
}

/** Maintenance windows that overlap [from, to) (either end open when absent). */
export interface WindowQuery {
  from?: number;
  to?: number;
}

export interface TrainingAttemptQuery {
  trainee?: string;
  scenarioId?: string;
}

export interface TrainingAssignmentQuery {
  trainee?: string;
  status?: TrainingAssignment['status'];
}

export interface WorkOrderDetailQuery {
  assetId?: string;
  alertId?: string;
  status?: WorkOrderDetail['status'];
}

/** A RUL model version to store: the store numbers it (the next version of its name, 1 for a new name). */
export interface NewRulModelVersion extends Omit<RulModelVersion, 'version' | 'active'> {
  /** Make it the active version of its name. */
  activate: boolean;
  /** The serialised model (JSON text). */
  state: string;
}

/** A stored RUL model version with its serialised model. */
export interface StoredRulModel {
  summary: RulModelVersion;
  state: string;
}

/** Plant structure, sensors, alerts, work orders and asset health. */
export interface MetadataStore {
  upsertSite(site: Site): Promise<void>;
  upsertArea(area: Area): Promise<void>;
  upsertLine(line: Line): Promise<void>;
  upsertAsset(asset: Asset): Promise<void>;
  upsertComponent(component: Component): Promise<void>;
  upsertSensor(sensor: Sensor): Promise<void>;
  listSites(): Promise<Site[]>;
  listAreas(): Promise<Area[]>;
  listLines(): Promise<Line[]>;
  listAssets(): Promise<Asset[]>;
  getAsset(id: string): Promise<Asset | undefined>;
  listComponents(assetId?: string): Promise<Component[]>;
  listSensors(assetId?: string): Promise<Sensor[]>;
  getSensor(id: string): Promise<Sensor | undefined>;

  saveAlert(alert: Alert): Promise<void>;
  getAlert(id: string): Promise<Alert | undefined>;
  listAlerts(q?: AlertQuery): Promise<Alert[]>;

  saveWorkOrder(wo: WorkOrder): Promise<void>;
  listWorkOrders(assetId?: string): Promise<WorkOrder[]>;

  /** Persists the latest health per asset (and keeps a history for trends). */
  saveHealth(h: AssetHealth): Promise<void>;
  latestHealth(): Promise<AssetHealth[]>;
  healthHistory(assetId: string, from: number, to: number): Promise<AssetHealth[]>;
  /** Stores a remaining-useful-life prediction (same asset and ts: replaced). */
  saveRul(p: RulHistoryPoint): Promise<void>;
  /** An asset's stored RUL predictions with from ≤ ts < to, oldest first. */
  rulHistory(assetId: string, from: number, to: number): Promise<RulHistoryPoint[]>;

  /** Stores a new version of a remaining-useful-life model, numbered next for its name. */
  saveRulModel(v: NewRulModelVersion): Promise<RulModelVersion>;
  /** Every RUL model name with its version count and active version, by name. */
  listRulModels(): Promise<RulModelEntry[]>;
  /** A RUL model's versions, newest first, without their models (empty when the name is unknown). */
  listRulModelVersions(name: string): Promise<RulModelVersion[]>;
  /** One version with its serialised model; without `version`, the active one. */
  getRulModel(name: string, version?: number): Promise<StoredRulModel | undefined>;
  /** Makes a version the only active one of its name (undefined when there is no such version). */
  activateRulModel(name: string, version: number): Promise<RulModelVersion | undefined>;
  /** Records an evaluation as a version's last one (undefined when there is no such version). */
  saveRulEvaluation(name: string, version: number, evaluation: RulEvaluation): Promise<RulModelVersion | undefined>;

  /** Stores a vibration waveform snapshot (values required; replaces one with the same id). */
  saveWaveform(w: Waveform): Promise<void>;
  /** A sensor's snapshots, newest first, without their samples. */
  listWaveforms(sensorId: string, limit?: number): Promise<Waveform[]>;
  /** One snapshot with its samples. */
  getWaveform(id: string): Promise<Waveform | undefined>;

  /** The failure-mode library (FMEA): replaces a mode with the same id. */
  saveFailureMode(fm: FailureMode): Promise<void>;
  /** Sorted by id; with assetType, only the modes that apply to that type. */
  listFailureModes(assetType?: string): Promise<FailureMode[]>;
  getFailureMode(id: string): Promise<FailureMode | undefined>;

  /** What people did with an alert (one record per alert, replaced on save). */
  saveAlertWorkflow(w: AlertWorkflow): Promise<void>;
  getAlertWorkflow(alertId: string): Promise<AlertWorkflow | undefined>;
  /** Newest update first. */
  listAlertWorkflows(q?: AlertWorkflowQuery): Promise<AlertWorkflow[]>;
  addAlertComment(c: AlertComment): Promise<void>;
  /** An alert's comments, oldest first. */
  listAlertComments(alertId: string): Promise<AlertComment[]>;

  /** Stores a work order's full record and keeps its WorkOrder summary (listWorkOrders) in step. */
  saveWorkOrderDetail(wo: WorkOrderDetail): Promise<void>;
  getWorkOrderDetail(id: string): Promise<WorkOrderDetail | undefined>;
  /** Newest first (by creation). */
  listWorkOrderDetails(q?: WorkOrderDetailQuery): Promise<WorkOrderDetail[]>;

  /** Spare parts with stock (replaced by id), sorted by id. */
  upsertSparePart(p: SparePart): Promise<void>;
  listSpareParts(): Promise<SparePart[]>;
  getSparePart(id: string): Promise<SparePart | undefined>;
  /** Adds delta (negative: parts taken) to the stock atomically, never below 0; undefined when the part is unknown. */
  adjustSparePartStock(id: string, delta: number): Promise<SparePart | undefined>;
  deleteSparePart(id: string): Promise<boolean>;
  /** The crew (replaced by id), sorted by id. */
  upsertTechnician(t: Technician): Promise<void>;
  listTechnicians(): Promise<Technician[]>;
  deleteTechnician(id: string): Promise<boolean>;
  /** Planned stops and shifts (replaced by id); listed by start. */
  upsertMaintenanceWindow(w: MaintenanceWindow): Promise<void>;
  listMaintenanceWindows(q?: WindowQuery): Promise<MaintenanceWindow[]>;
  deleteMaintenanceWindow(id: string): Promise<boolean>;
  /** Preventive plans (replaced by id), sorted by id; with assetId, that asset's. */
  upsertPreventivePlan(p: PreventivePlan): Promise<void>;
  listPreventivePlans(assetId?: string): Promise<PreventivePlan[]>;
  getPreventivePlan(id: string): Promise<PreventivePlan | undefined>;
  deletePreventivePlan(id: string): Promise<boolean>;

  /** Guided procedures (migration 11): saving numbers the new version (1 for a new id); versions never change. */
  saveProcedureVersion(p: NewProcedureVersion): Promise<Procedure>;
  /** The given version, or the latest. */
  getProcedure(id: string, version?: number): Promise<Procedure | undefined>;
  /** The latest version of every procedure, sorted by id. */
  listProcedures(): Promise<Procedure[]>;
  /** Every version of one procedure, newest first. */
  listProcedureVersions(id: string): Promise<Procedure[]>;

  /**
   * Know-how (migration 9): the findings of work orders (root cause, action, title, step notes) in a full-text
   * index kept current by saveWorkOrderDetail; best matches first.
   */
  searchKnowledge(q: KnowledgeQuery): Promise<KnowledgeHit[]>;

  /** Training (migration 10): attempts and assignments, kept apart from the plant's data. */
  saveTrainingAttempt(a: TrainingAttempt): Promise<void>;
  getTrainingAttempt(id: string): Promise<TrainingAttempt | undefined>;
  /** Newest first. */
  listTrainingAttempts(q?: TrainingAttemptQuery): Promise<TrainingAttempt[]>;
  saveTrainingAssignment(a: TrainingAssignment): Promise<void>;
  getTrainingAssignment(id: string): Promise<TrainingAssignment | undefined>;
  /** Newest first. */
  listTrainingAssignments(q?: TrainingAssignmentQuery): Promise<TrainingAssignment[]>;

  /** Small key/value settings (e.g. serialized baselines). */
  getSetting(key: string): Promise<string | undefined>;
  setSetting(key: string, value: string): Promise<void>;
  close(): Promise<void>;
}
