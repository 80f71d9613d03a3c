/**
 * The workforce side of the platform as the API shows it: versioned guided procedures, "why" panels that explain an
 * alert, a health score or a prediction in plain words, short lessons, searchable know-how from completed work
 * orders, and the training simulator (scenarios, attempts, scores, assignments, a skills matrix). One definition
 * shared by the server, the store and the web UI.
 */
import type { ProcedureStep } from './maintenance';
import type { Asset, Sensor, SensorContribution } from './model';

// ---- Guided procedures (versioned) -----------------------------------------------------------------------------

/** One version of a guided procedure. Versions are immutable: an edit saves version n + 1. */
export interface Procedure {
  /** Stable id; the library's procedures use the id of their failure mode. */
  id: string;
  version: number;
  title: string;
  /** Failure modes it is attached to (their work orders get it). */
  failureModeIds: string[];
  assetTypes: string[];
  steps: ProcedureStep[];
  /** Tools for the whole job (each step may name its own too). */
  tools: string[];
  /** Spare-part ids the job usually needs. */
  parts: string[];
  /** Total hands-on time (min). */
  estimatedMinutes: number;
  author: string;
  createdAt: number;
  /** What changed in this version, in the author's words. */
  changeNote?: string;
}

/** What an author sends to save a new version (the store numbers it and stamps the time). */
export type NewProcedureVersion = Omit<Procedure, 'version' | 'createdAt'>;

// ---- Lessons and "why" panels ----------------------------------------------------------------------------------

/** A short in-app lesson on one concept (vibration basics, bearing frequencies, RUL and its uncertainty, …). */
export interface Lesson {
  id: string;
  title: string;
  /** Reading time (min). */
  minutes: number;
  /** One sentence: what the lesson teaches. */
  summary: string;
  /** Paragraphs of plain text. */
  body: string[];
  /** Three or so points to remember. */
  keyPoints: string[];
  /** Ids of related lessons. */
  related: string[];
}

export interface LessonRef {
  id: string;
  title: string;
}

/** One sensor's deviation against normal, in engineering units. */
export interface WhyDeviation {
  sensor: string;
  name: string;
  unit: string;
  value: number;
  expected: number;
  /** Normal band in the sensor's unit. */
  low: number;
  high: number;
  /** value − expected, in the sensor's unit. */
  delta: number;
  direction: 'above' | 'below' | 'within';
  /** Share of the anomaly, 0..1 (contribution). */
  share: number;
  /** Plain words, e.g. "DE bearing vibration 4.1 mm/s, 1.9 mm/s above normal (2.2 mm/s; normal 1.6–2.8 mm/s)". */
  text: string;
}

/** A "why" panel: why this alert, this health score, this prediction — in words anyone on the shop floor follows. */
export interface WhyPanel {
  subject: 'alert' | 'health' | 'rul';
  /** The alert id, or the asset id for health and RUL. */
  subjectId: string;
  assetId: string;
  /** One or two sentences: what is going on. */
  headline: string;
  deviations: WhyDeviation[];
  /** The most likely cause and its typical symptoms (alerts; health when a component drags it down). */
  cause?: {
    failureModeId: string;
    name: string;
    component: string;
    /** Match 0..1 of the ranking. */
    score: number;
    typicalSymptoms: string[];
    matched: string[];
    missing: string[];
  };
  /** What to check first, in order. */
  checkFirst: string[];
  /** The guided procedure to follow (linked in the UI). */
  procedure?: { id: string; version: number; title: string; steps: number; estimatedMinutes: number };
  lessons: LessonRef[];
  /** What the UI should chart beside the words: these sensors over this period (epoch ms). */
  chart?: { sensors: string[]; from: number; to: number };
  /** Further plain-language points (how sure we are, what the number means, what would change it). */
  notes: string[];
}

// ---- Knowledge capture ----------------------------------------------------------------------------------------

/** A completed work order's findings, found by a full-text search. */
export interface KnowledgeHit {
  workOrderId: string;
  assetId: string;
  assetName?: string;
  assetType?: string;
  failureModeId?: string;
  failureModeName?: string;
  title: string;
  rootCause: string;
  actionTaken: string;
  completedAt?: number;
  /** Hands-on time (labour hours summed, in minutes), when recorded. */
  repairMinutes?: number;
  technician?: string;
  /** The matching text with the matched words between « and ». */
  snippet: string;
  /** Relevance, higher is better (comparable within one answer only). */
  rank: number;
}

export interface KnowledgeQuery {
  /** Words to search for (all must match; a trailing * matches a prefix). Empty: the newest findings. */
  q?: string;
  assetId?: string;
  assetType?: string;
  failureModeId?: string;
  limit?: number;
}

// ---- Training --------------------------------------------------------------------------------------------------

export type TrainingSeverity = 'early' | 'moderate' | 'advanced';

/** A distractor: something else going on at the same time that the trainee must not be fooled by. */
export interface TrainingDistractor {
  kind: 'sensor_fault';
  /** Sensor tag suffix within the scenario's asset, e.g. 'TEMP-DE'. */
  sensor: string;
  /** bias | drift | stuck | dropout | spike | noise | unit_change | clock_skew */
  fault: string;
}

/** A scenario of the library, as listed (no answer in it). */
export interface TrainingScenario {
  id: string;
  title: string;
  /** Asset type of the simulated machine ('centrifugal_pump', 'induction_motor', …). */
  assetType: string;
  /** What the trainee is told at the start (symptoms reported by operators, context), never the answer. */
  briefing: string;
  severity: TrainingSeverity;
  distractors: TrainingDistractor[];
  /** Skills it exercises (rows of the skills matrix), e.g. 'bearing faults', 'sensor faults'. */
  skills: string[];
  difficulty: 1 | 2 | 3;
  /** Time a competent technician needs (min): full time marks up to this. */
  targetMinutes: number;
}

/** A choice of action the trainee may take. */
export interface TrainingAction {
  id: string;
  text: string;
}

/** What the trainee works with: the simulated machine's data, sandboxed (nothing of it is in the plant's store). */
export interface TrainingCase {
  attemptId: string;
  scenario: TrainingScenario;
  asset: Asset;
  sensors: Sensor[];
  /** Readings of each sensor over the scenario's history, oldest first (epoch ms of the simulated clock). */
  series: { sensor: string; ts: number[]; values: number[] }[];
  /** The alert the real detectors raised on the simulated data (explanation and contributions). */
  alert: { title: string; explanation: string; contributions: SensorContribution[]; startedAt: number };
  /** Failure modes of the library for the asset type, to choose the diagnosis from. */
  candidateModes: { id: string; name: string; component: string }[];
  /** Sensors the trainee may flag as faulty (distractor check). */
  candidateSensors: { id: string; name: string }[];
  actions: TrainingAction[];
}

export interface TrainingSubmission {
  failureModeId: string;
  /** Sensors the trainee believes are faulty (not the machine). */
  faultySensors?: string[];
  actions: string[];
}

export interface TrainingScore {
  /** 0..100. */
  total: number;
  /** Points per part and their maxima. */
  diagnosis: { points: number; max: number; correct: boolean; correctFailureModeId: string; correctName: string };
  sensors: { points: number; max: number; missed: string[]; wronglyFlagged: string[] };
  actions: { points: number; max: number; missed: string[]; unnecessary: string[] };
  time: { points: number; max: number; minutes: number; targetMinutes: number };
  /** Feedback that teaches: why the answer is what it is, what was missed, what it would have cost. */
  feedback: string[];
  /** Lessons to read next. */
  lessons: LessonRef[];
}

export interface TrainingAttempt {
  id: string;
  scenarioId: string;
  trainee: string;
  assignmentId?: string;
  /** Seed of the simulated case: the same seed rebuilds the same data. */
  seed: number;
  startedAt: number;
  submittedAt?: number;
  status: 'in_progress' | 'submitted';
  submission?: TrainingSubmission;
  score?: TrainingScore;
}

export interface TrainingAssignment {
  id: string;
  trainee: string;
  scenarioId: string;
  assignedBy: string;
  assignedAt: number;
  dueAt?: number;
  note?: string;
  /** The attempt that answers it, once started. */
  attemptId?: string;
  status: 'assigned' | 'started' | 'done';
}

export type SkillLevel = 'not_started' | 'novice' | 'competent' | 'proficient';

export interface SkillCell {
  trainee: string;
  skill: string;
  attempts: number;
  /** Best and latest total (0..100) of the scenarios exercising the skill. */
  best: number;
  last: number;
  level: SkillLevel;
}

export interface SkillsMatrix {
  skills: string[];
  trainees: string[];
  cells: SkillCell[];
}
