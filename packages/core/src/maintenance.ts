/**
 * The maintenance loop as the API shows it: failure modes ranked on alerts, the alert workflow, work orders with
 * procedures, parts, labour and findings, labels fed back to the models, alert precision, spare parts and the
 * maintenance plan. One definition shared by the server, the CLI and the web UI.
 */
import type { Criticality, SensorKind, WorkOrderPriority } from './model';

// ---- Failure-mode library (FMEA) -------------------------------------------------------------------------------

/** A sensor that moves, and which way, when a failure mode develops. */
export interface Symptom {
  kind: SensorKind;
  direction: 'up' | 'down';
  /** How characteristic this symptom is of the mode, 0..1 (1 = always present and telling). */
  weight: number;
  /** Plain words, e.g. "drive-end vibration rises, first at bearing defect frequencies". */
  text: string;
  /**
   * Where on the machine, as a word of the sensor's tag, name or component (e.g. 'NDE', 'input'): the symptom is then
   * looked for only on sensors carrying that word (misalignment shows at both coupling-side bearings, a worn bearing
   * at one). Unset, or no sensor carries the word: any sensor of the kind.
   */
  location?: string;
}

/** One step of a guided procedure. */
export interface ProcedureStep {
  text: string;
  /** Lockout/tagout and other safety steps are marked, and cannot be skipped. */
  safety?: boolean;
  /** A reading to take, with its acceptable range, e.g. DE bearing vibration below 2.8 mm/s. */
  expected?: { quantity: string; unit: string; min?: number; max?: number };
  /** Tools the step needs (e.g. "torque wrench 40–200 N·m", "laser alignment kit"). */
  tools?: string[];
  /** Typical time for the step (min). */
  minutes?: number;
  /** Longer guidance shown under the step: how to do it, what to look for, common mistakes. */
  detail?: string;
}

export interface FailureMode {
  id: string;
  /** Asset types it applies to ('centrifugal_pump', …). */
  assetTypes: string[];
  /** Component it sits in, e.g. 'bearing', 'impeller', 'stator winding'. */
  component: string;
  name: string;
  /** ISO 14224:2016 Table B.15 failure-mode code where one applies (e.g. 'VIB', 'OHE', 'ELP'), else ''. */
  iso14224: string;
  /** ISO 14224 failure mechanism (Table B.2), e.g. '1.4 Wear'. */
  mechanism: string;
  causes: string[];
  symptoms: Symptom[];
  /** How it is detected (method), e.g. "vibration trend and envelope spectrum". */
  detection: string;
  /** FMEA ratings 1..10 and their product (risk priority number). */
  severity: number;
  occurrence: number;
  detectability: number;
  rpn: number;
  recommendedActions: string[];
  /** The guided procedure's steps (the current version of the procedure `procedureId`, or the library's own). */
  procedure: ProcedureStep[];
  /** The versioned guided procedure attached to this mode (see workforce.ts Procedure); default: the mode's id. */
  procedureId?: string;
  /** Typical repair time (h), for planning and downtime estimates. */
  repairHours: number;
  /** Skill the repair needs: 'mechanical' | 'electrical' | 'instrumentation' | 'process' (free text allowed). */
  skill: string;
  /** Spare parts usually needed (part ids of the spare-parts list). */
  parts: string[];
}

/** A failure mode ranked for an alert: how well the alert's deviations match the mode's symptoms. */
export interface RankedFailureMode {
  failureModeId: string;
  name: string;
  component: string;
  iso14224: string;
  /** Match 0..1 (1 = every weighted symptom present in the right direction and nothing contradicts). */
  score: number;
  /** Symptoms seen, in plain words, e.g. "vibration up (62 % of the anomaly)". */
  matched: string[];
  /** Symptoms of the mode that were expected but not seen, or seen the other way. */
  missing: string[];
  rpn: number;
  recommendedActions: string[];
}

// ---- Alert workflow --------------------------------------------------------------------------------------------

/** new → acknowledged → in_work → closed (AlertState 'open' is 'new'). */
export interface AlertComment {
  id: string;
  alertId: string;
  at: number;
  author: string;
  text: string;
}

/** What people did with an alert, beside its detection state. */
export interface AlertWorkflow {
  alertId: string;
  status: 'new' | 'acknowledged' | 'in_work' | 'closed';
  assignee?: string;
  snoozedUntil?: number;
  snoozeReason?: string;
  /** The outcome once known: a confirmed failure mode, a false alarm, or a sensor problem. */
  label?: AlertLabel;
  workOrderId?: string;
  failureModes: RankedFailureMode[];
  updatedAt: number;
}

export interface AlertLabel {
  outcome: 'confirmed' | 'false_alarm' | 'sensor_fault';
  failureModeId?: string;
  /** Who said so and when (a technician completing a work order, or an engineer reviewing). */
  by: string;
  at: number;
  source: 'work_order' | 'review';
  workOrderId?: string;
}

// ---- Work orders -----------------------------------------------------------------------------------------------

export interface WorkOrderStepResult {
  step: number;
  done: boolean;
  /** A reading taken at the step, in the step's unit. */
  value?: number;
  note?: string;
  at: number;
  by: string;
}

export interface WorkOrderPart {
  partId: string;
  quantity: number;
}

export interface LabourEntry {
  technician: string;
  hours: number;
  at: number;
}

export interface WorkOrderFindings {
  /** Was the failure mode the alert pointed at confirmed? */
  failureConfirmed: boolean;
  failureModeId?: string;
  rootCause: string;
  actionTaken: string;
  /** Asset downtime caused by the job (h), with its reason. */
  downtimeHours: number;
  downtimeReason?: string;
}

/** The full record of a work order (WorkOrder in model.ts is its summary). */
export interface WorkOrderDetail {
  id: string;
  assetId: string;
  alertId?: string;
  title: string;
  description: string;
  status: 'open' | 'in_progress' | 'done' | 'cancelled';
  priority: WorkOrderPriority;
  /** Risk behind the priority: P(failure) × consequence × criticality weight, in currency per the horizon. */
  risk?: { failureProbability: number; consequence: number; criticality: Criticality; value: number; reason: string };
  createdAt: number;
  /** Due before the predicted failure: RUL lower bound minus repair and lead time. */
  dueAt?: number;
  completedAt?: number;
  /** 'predictive' from an alert, 'preventive' from a plan, 'corrective' by hand. */
  type: 'predictive' | 'preventive' | 'corrective';
  failureModeId?: string;
  skill: string;
  estimatedHours: number;
  /**
   * Whether the job needs the asset stopped (planned only in a window that stops the asset or its line). Default:
   * predictive and corrective jobs need a stop, preventive ones (inspections, lubrication) do not.
   */
  needsStop?: boolean;
  /** Technicians with `skill` the job needs at once for its whole duration (default 1). */
  crew?: number;
  assignee?: string;
  procedure: ProcedureStep[];
  /** Which version of which guided procedure `procedure` was copied from, when it came from one. */
  procedureRef?: { id: string; version: number };
  stepResults: WorkOrderStepResult[];
  parts: WorkOrderPart[];
  labour: LabourEntry[];
  findings?: WorkOrderFindings;
  /** Id of the order in an external CMMS (SAP PM, Maximo, …) once synchronised. */
  externalId?: string;
}

// ---- Feedback: precision ---------------------------------------------------------------------------------------

/** Alert precision = confirmed / (confirmed + false alarms) over labelled alerts, per asset and per detector. */
export interface PrecisionFigure {
  key: string;
  confirmed: number;
  falseAlarms: number;
  unlabelled: number;
  /** Undefined until an alert is labelled. */
  precision?: number;
}

export interface PrecisionReport {
  overall: PrecisionFigure;
  byAsset: PrecisionFigure[];
  byDetector: PrecisionFigure[];
  /** Per month (key 'YYYY-MM'), oldest first. */
  overTime: PrecisionFigure[];
}

// ---- Spare parts, crews, plan ----------------------------------------------------------------------------------

export interface SparePart {
  id: string;
  name: string;
  stock: number;
  /** Days to get one when out of stock. */
  leadTimeDays: number;
  unitCost: number;
}

export interface Technician {
  id: string;
  name: string;
  skills: string[];
  /** Hours available per shift. */
  hoursPerShift: number;
}

/** A period when work on an asset (or on every asset of a line) is possible: a planned stop or a shift. */
export interface MaintenanceWindow {
  id: string;
  start: number;
  end: number;
  /** Assets (or line ids) that are stopped in it; empty = work that needs no stop only. */
  assets: string[];
  kind: 'planned_stop' | 'shift';
}

export interface PlannedJob {
  workOrderId: string;
  windowId: string;
  start: number;
  end: number;
  technicians: string[];
}

export interface MaintenancePlan {
  createdAt: number;
  jobs: PlannedJob[];
  /** Work orders that could not be placed, with why. */
  unplanned: { workOrderId: string; reason: string }[];
  /** Risk-weighted cost of the plan (lower is better) and of earliest-due-date scheduling for comparison. */
  cost: number;
  eddCost: number;
  /** Hard-constraint violations (must be 0). */
  violations: number;
}

// ---- Preventive plans, imports and the plan as the API shows it -------------------------------------------------

/** When preventive work falls due: every N days, every N run hours, or every N units of a meter (a counter sensor). */
export type PreventiveTrigger =
  | { kind: 'calendar'; everyDays: number }
  /** Without a sensor, run hours are counted from the asset's running state; with one, it is an hour counter. */
  | { kind: 'run_hours'; everyHours: number; sensor?: string }
  | { kind: 'meter'; sensor: string; every: number };

/** A preventive maintenance plan (time- or usage-based, IEC 60300-3-11 / EN 13306 §7.2) for one asset. */
export interface PreventivePlan {
  id: string;
  assetId: string;
  title: string;
  trigger: PreventiveTrigger;
  procedure: ProcedureStep[];
  skill: string;
  estimatedHours: number;
  /** When the work was last done (epoch ms); absent = never, due at once. */
  lastDoneAt?: number;
  /** Run hours counted since lastDoneAt from the running state (run_hours without a sensor). */
  runHours?: number;
  /** The meter (or hour counter) reading when last done: the interval counts from it. */
  meterAtLastDone?: number;
  /** The open preventive work order it created, until that one is completed or cancelled. */
  workOrderId?: string;
}

/** A row of a CSV import that was not taken: its data row (1 = first after the header), file line and column. */
export interface CsvImportError {
  row: number;
  line: number;
  column?: string;
  code: string;
  message: string;
}

/** What a CSV import did: good rows are kept, each bad one is reported. */
export interface CsvImportResult {
  imported: number;
  rejected: number;
  errors: CsvImportError[];
}

/** A planned job with what a reader of the plan needs beside the ids. */
export interface PlannedJobView extends PlannedJob {
  title: string;
  assetId: string;
  assetName: string;
  priority: WorkOrderPriority;
  skill: string;
  dueAt?: number;
  windowKind?: MaintenanceWindow['kind'];
  technicianNames: string[];
}

/** GET /api/plan: the latest plan with a per-job view. */
export interface MaintenancePlanView extends Omit<MaintenancePlan, 'jobs'> {
  jobs: PlannedJobView[];
}
