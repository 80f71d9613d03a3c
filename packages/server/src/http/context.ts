import type { MetadataStore, ReadingStore } from '@prognos/store';
import type { PrognosConfig } from '../config';
import type { ConnectorService } from '../connectors/connector-service';
import type { EventBus } from '../event-bus';
import type { IngestService } from '../ingest-service';
import type { AnalyticsPipeline } from '../pipeline/analytics-pipeline';
import type { SimulatorControl } from '../pipeline/simulator-control';
import type { QualityService } from '../quality/quality-service';
import type { RulService } from '../rul/rul-service';

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
  simulator?: SimulatorControl;
  connectors?: ConnectorService;
}
