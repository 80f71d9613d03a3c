/**
 * What a sensor alert is about, read back from the alert itself: the sensor episode names its sensor and the
 * data-quality reason in its title ("Sensor P-101.TEMP-DE stuck (flatline) since 12:03 — check transmitter"), an
 * anomaly attributed to untrusted sensors names them ("… explained by untrusted sensors A, B — not a machine alarm").
 * The alert is all there is once the sensor is good again, so the cause must come from it.
 */
import { type Alert, QualityReason } from '@prognos/core';
import { adviceFor } from '../quality/alert-text';

export interface SensorAlertCause {
  /** The untrusted sensors. */
  sensors: string[];
  /** Data-quality reasons named by the alert, most important first (none for an attributed anomaly). */
  reasons: { code: number; label: string }[];
  /** An anomaly re-worded as a sensor alert (its contributions are the machine's deviations). */
  attributed: boolean;
}

const ATTRIBUTED = /explained by untrusted sensors? (.+?) — not a machine alarm/;

export function sensorAlertCause(alert: Alert): SensorAlertCause {
  const m = ATTRIBUTED.exec(alert.title);
  if (m) return { sensors: m[1]!.split(/,\s*/).filter(Boolean), reasons: [], attributed: true };
  const sensor = alert.contributions[0]?.sensor;
  const reasons: { code: number; label: string }[] = [];
  if (sensor) {
    const rest = alert.title.split(`Sensor ${sensor} `)[1] ?? '';
    // The longest label first: "reading with an offset (bias)" must not be taken for a shorter label it contains.
    const labels = Object.values(QualityReason)
      .filter((code) => code !== QualityReason.NONE)
      .map((code) => ({ code, label: adviceFor(code).label }))
      .sort((a, b) => b.label.length - a.label.length);
    const hit = labels.find((l) => rest.startsWith(`${l.label} since`));
    if (hit) reasons.push(hit);
  }
  return { sensors: sensor ? [sensor] : [], reasons, attributed: false };
}
