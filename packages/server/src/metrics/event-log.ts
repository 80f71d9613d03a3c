import type { AlertSeverity } from '@prognos/core';
import type { BusEvents, EventBus } from '../event-bus';
import type { PipelineLog } from '../pipeline/analytics-pipeline';

/**
 * One structured log line per operational change, with the ids an operator searches by (alert, asset, sensor):
 * an alert opened, escalated, acknowledged or closed, a sensor's data-quality state changed. Never per reading or
 * per window: an alert's routine updates (a new score every window) are not logged. Returns the unsubscribe.
 */
export function logOperationalEvents(bus: EventBus, log: PipelineLog): () => void {
  const severity = new Map<string, AlertSeverity>();
  const onAlert = ({ change, alert }: BusEvents['alert'][0]) => {
    const line = {
      alert: alert.id,
      asset: alert.assetId,
      kind: alert.kind,
      severity: alert.severity,
      state: alert.state,
    };
    const before = severity.get(alert.id);
    if (change === 'closed') severity.delete(alert.id);
    else severity.set(alert.id, alert.severity);
    if (change === 'opened') log.warn({ ...line, title: alert.title }, 'alert opened');
    else if (change === 'closed') log.info(line, 'alert closed');
    else if (change === 'acknowledged') log.info(line, 'alert acknowledged');
    else if (before !== undefined && before !== alert.severity)
      log.warn({ ...line, from: before }, 'alert severity changed');
  };
  const onQuality = (e: BusEvents['quality'][0]) => {
    const line = { sensor: e.sensorId, asset: e.assetId, state: e.state, reasons: e.reasons.map((r) => r.name) };
    if (e.state === 'good') log.info(line, 'sensor data quality changed');
    else log.warn(line, 'sensor data quality changed');
  };
  bus.on('alert', onAlert);
  bus.on('quality', onQuality);
  return () => {
    bus.off('alert', onAlert);
    bus.off('quality', onQuality);
  };
}
