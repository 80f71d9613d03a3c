import type { Attribution, SensorTrust as AttributionTrust } from '@prognos/analytics';
import type { Alert } from '@prognos/core';

/** What the attribution gate asks about a sensor (analytics' attributeAnomaly). */
export type TrustOf = (sensorId: string) => AttributionTrust | undefined;

/** The anomaly alert re-worded as a sensor alert: not a machine alarm, and no machine work order. */
export function asSensorAlert(alert: Alert, assetName: string, a: Attribution): Alert {
  const ids = a.sensors.join(', ');
  return {
    ...alert,
    kind: 'sensor',
    // a data problem is not an emergency of the machine
    severity: alert.severity === 'critical' ? 'warning' : alert.severity,
    title: `${assetName}: anomaly explained by untrusted sensor${a.sensors.length > 1 ? 's' : ''} ${ids} — not a machine alarm`,
    explanation:
      `The deviation Prognos sees on ${assetName} is not a machine alarm: ${a.detail} ` +
      `See ${ids} on the Data quality page. What the model saw: ${alert.explanation}`,
  };
}
