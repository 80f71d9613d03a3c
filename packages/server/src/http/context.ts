import type { MetadataStore, ReadingStore } from '@prognos/store';
import type { PrognosConfig } from '../config';
import type { ConnectorService } from '../connectors/connector-service';
import type { EventBus } from '../event-bus';
import type { IngestService } from '../ingest-service';
import type { CmmsWorkOrderPort } from '../integrations/cmms-inbound';
import type { Maintenance } from '../maintenance/maintenance';
import type { Metrics } from '../metrics/metrics';
import type { NotificationService } from '../notifications/notification-service';
import type { AnalyticsPipeline } from '../pipeline/analytics-pipeline';
import type { SimulatorControl } from '../pipeline/simulator-control';
import type { PlanService } from '../planning/plan-service';
import type { PreventiveService } from '../planning/preventive-service';
import type { QualityService } from '../quality/quality-service';
import type { RoiService } from '../roi/roi-service';
import type { RulService } from '../rul/rul-service';
import type { TrainingService } from '../training/training-service';

/** What the HTTP layer sees: ports and services, never concrete stores. */
export interface AppContext {
  config: PrognosConfig;
  version: string;
  startedAt: number;
  readings: ReadingStore;
  metadata: MetadataStore;
  ingest: IngestService;
  bus: EventBus;
  pipeline: AnalyticsPipeline;
  quality: QualityService;
  /** Remaining-useful-life models trained from run-to-failure histories. */
  rul: RulService;
  /** The maintenance loop: failure-mode library, alert workflows, work orders, precision. */
  maintenance: Maintenance;
  simulator?: SimulatorControl;
  connectors?: ConnectorService;
  /** The maintenance plan, kept current (re-planned on work-order and RUL changes). */
  plan: PlanService;
  /** Preventive plans: the periodic check that creates their work orders. */
  preventive: PreventiveService;
  /** Notifications: channels (webhook, e-mail, MQTT, CMMS), delivery queues and their log. */
  notifications: NotificationService;
  /** Training mode: scenarios played in a sandbox, scores, assignments, skills. */
  training: TrainingService;
  /** ROI: the business case and the evidence ledger. */
  roi: RoiService;
  /** Inbound CMMS integration: its shared token (none = off) and the work-order operations it uses. */
  cmms?: { token?: string; workOrders?: CmmsWorkOrderPort };
  /** Prometheus metrics of this server (GET /metrics); absent in tests that build a partial context. */
  metrics?: Metrics;
}
