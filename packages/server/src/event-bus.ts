import { EventEmitter } from 'node:events';
import type { ConnectorEvent, ConnectorHealth } from '@prognos/connectors';
import type { Alert, AssetHealth, Reading, WorkOrderDetail } from '@prognos/core';
import type { HealthDetail } from './pipeline/analytics-pipeline';
import type { Job, ModelVersionSummary } from './pipeline/model-registry';
import type { QualityEvent } from './quality/quality-service';
import type { WaveformEvent } from './vibration/waveform-store';

export interface BusEvents {
  readings: [Reading[]];
  /** The health of a scored (or held) window, with the monitor's detail when it has one. */
  health: [AssetHealth & { detail?: HealthDetail }];
  alert: [{ change: 'opened' | 'updated' | 'closed' | 'acknowledged'; alert: Alert }];
  connector: [ConnectorHealth];
  connectorEvent: [ConnectorEvent];
  /** A sensor's data-quality state changed. */
  quality: [QualityEvent];
  /** A model version was trained (and is active) or another version was activated (rollback, roll forward). */
  model: [{ change: 'trained' | 'activated'; model: ModelVersionSummary }];
  /** A training job progressed or finished. */
  job: [Job];
  /** A waveform snapshot was stored (from the API, the embedded broker or a connector). */
  waveform: [WaveformEvent];
  /** A work order was created, changed (started, a step, parts, labour) or completed. */
  'work-order': [{ change: 'created' | 'updated' | 'completed'; workOrder: WorkOrderDetail }];
}

/** In-process fan-out of live data to the analytics pipeline and the live UI stream. */
export class EventBus extends EventEmitter<BusEvents> {
  constructor() {
    super();
    // every SSE client adds listeners; the cap is a leak detector, not a limit
    this.setMaxListeners(1000);
  }
}
