/**
 * Model lifecycle as the API shows it (GET /api/models, /api/assets/:id/models, /api/jobs/:id): the one
 * definition the server, the CLI and the web UI share.
 */

/** Detector kinds an asset model can be trained with (the analytics package builds them). */
export type ModelDetectorKind = 'pca' | 'mset' | 'autoencoder' | 'ensemble';

/** Who made a model version: the first start, someone through the API or the CLI, or scheduled retraining. */
export type ModelCreator = 'startup' | 'api' | 'cli' | 'schedule';

/** One trained model version of an asset: what it learned from, and how its alarm was calibrated. */
export interface ModelVersionSummary {
  assetId: string;
  /** 1, 2, 3… per asset. */
  version: number;
  detector: ModelDetectorKind;
  trainedAt: number;
  trainedFrom: number;
  trainedTo: number;
  rows: number;
  sensors: string[];
  excluded: { sensor: string; reason: string }[];
  metrics: {
    /** The detector's raw-score threshold. */
    threshold: number;
    /** The false-alarm rate per window the row threshold was set at. */
    falseAlarmRate: number;
    /** Calibrated-score level at which an alert may open (1 for models older than alert calibration). */
    alertLevel: number;
    /** Healthy alert episodes per year the level was set for (0 for models older than alert calibration). */
    alertBudgetPerYear: number;
    /** Held-out windows (running minima) the alert level was calibrated on. */
    heldOutWindows: number;
    trainingSeconds: number;
  };
  /** The evaluation report on held-out healthy data (absent for models trained before it existed). */
  evaluation?: ModelEvaluationReport;
  active: boolean;
  note?: string;
  createdBy: ModelCreator;
  /**
   * How alert labels shaped the training data: confirmed-failure periods (alert start to repair) left out, and
   * false-alarm periods kept as normal behaviour. Absent for versions trained before labels were used.
   */
  labels?: { excludedEpisodes: number; excludedHours: number; falseAlarmEpisodesKept: number };
}

/** A model version's evaluation on healthy windows it was not fitted on (see analytics evaluateModel). */
export interface ModelEvaluationReport {
  heldOutWindows: number;
  /** Held-out window scores relative to the alert level (1 = alert level). */
  heldOutScore: { p50: number; p90: number; p99: number; max: number };
  heldOutAboveLevel: number;
  /** Alerts the persistence rule would have opened on held-out healthy windows (goal: 0). */
  heldOutAlerts: number;
  expectedAlertsPerYear: number;
  /** Normal band half-width per sensor at the training mean, in the sensor's unit. */
  bands: { sensor: string; halfWidth: number }[];
  regimes: number;
  /** Operating envelope on a variable speed, if learned. */
  envelope?: { sensor: string; low: number; high: number };
  /** Sensors given room for the slow drift they were in during (short) training. */
  driftAllowance: boolean;
}

/** A background training job: an asset's anomaly model ('train') or a RUL model ('train-rul'). */
export interface TrainJob {
  id: string;
  kind: 'train' | 'train-rul';
  /** The asset (kind 'train'). */
  assetId?: string;
  /** The RUL model name (kind 'train-rul'). */
  modelName?: string;
  state: 'running' | 'done' | 'failed';
  /** 0..1 */
  progress: number;
  message: string;
  startedAt: number;
  finishedAt?: number;
  /** The trained version, once done. */
  version?: number;
  error?: { code: string; message: string };
}
