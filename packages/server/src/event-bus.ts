import { EventEmitter } from 'node:events';
import type { ConnectorEvent, ConnectorHealth } from '@prognos/connectors';
import type { Alert, AssetHealth, Reading } from '@prognos/core';
import type { QualityEvent } from './quality/quality-service';

export interface BusEvents {
  readings: [Reading[]];
  health: [AssetHealth];
  alert: [{ change: 'opened' | 'updated' | 'closed' | 'acknowledged'; alert: Alert }];
  connector: [ConnectorHealth];
  connectorEvent: [ConnectorEvent];
  /** A sensor's data-quality state changed. */
  quality: [QualityEvent];
}

/** In-process fan-out of live data to the analytics pipeline and the live UI stream. */
export class EventBus extends EventEmitter<BusEvents> {
  constructor() {
    super();
    // every SSE client adds listeners; the cap is a leak detector, not a limit
    this.setMaxListeners(1000);
  }
}
