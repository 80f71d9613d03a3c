import type { QualityReasonCode, QualityState, SensorContribution } from '@prognos/core';
import { QualityReason, qualityReasonName } from '@prognos/core';

/** What the data-quality layer says about one sensor right now. */
export interface SensorTrust {
  state: QualityState;
  reasons: readonly QualityReasonCode[];
  detail?: string;
  /** When the sensor's trouble began (same clock as the anomaly's `at`), if known. */
  since?: number;
  /**
   * Whether the sensor's level agrees with its virtual sensor (the others of its machine), if one exists. A noisy
   * sensor at the right level can distort window means; a sensor that is noisier *and* off its virtual sensor
   * shows a machine that changed (bearing impacts raise both level and scatter of vibration).
   */
  levelConsistent?: boolean;
}

export interface Attribution {
  /** 'sensor': the anomaly is explained by sensors that are not trusted; 'machine': by trusted ones. */
  cause: 'machine' | 'sensor';
  /** The untrusted sensors behind it (cause 'sensor'), or the trusted top contributors (cause 'machine'). */
  sensors: string[];
  /** Share of the anomaly carried by untrusted sensors, 0..1. */
  untrustedShare: number;
  detail: string;
}

export interface AttributionOptions {
  /** Untrusted share of the contributions from which the anomaly is the sensors' doing (default 0.5). */
  minUntrustedShare?: number;
  /**
   * Time of the evidence (the alert's last update): a sensor whose trouble began after it cannot have caused
   * what the model saw then (a machine fault that a later sensor fault then hides stays a machine fault).
   */
  at?: number;
}

/**
 * Reasons that move the level a model sees. A noisier or coarser signal, or an isolated spike, mostly leaves a
 * window's mean where it was — and bearing wear, cavitation and the like make a signal noisier themselves, so such
 * reasons explain an anomaly only when the sensor's level agrees with its virtual sensor (`levelConsistent`).
 */
const LEVEL_REASONS: ReadonlySet<number> = new Set([
  QualityReason.OUT_OF_RANGE,
  QualityReason.FLATLINE,
  QualityReason.GAP,
  QualityReason.DEVICE_FAILURE,
  QualityReason.COMM_FAILURE,
  QualityReason.SENSOR_FAILURE,
  QualityReason.UNIT_MISMATCH,
  QualityReason.TIMESTAMP,
  QualityReason.DRIFT,
  QualityReason.BIAS,
  QualityReason.SOURCE_UNCERTAIN,
  QualityReason.MANUAL,
]);

/**
 * Machine or sensor? An anomaly score is a sum of per-sensor contributions (reconstruction-based, see the PCA
 * detector); when the sensors that carry most of it are themselves flagged by the data-quality checks (stuck,
 * drifting against their virtual sensor, in the wrong unit …), the deviation is what the instrument reports,
 * not what the machine does: the right action is to check the sensor, not to stop the machine. This is the
 * isolation step of sensor validation (Dunia et al. 1996: a fault along one sensor's direction is a sensor
 * fault), with the quality layer's evidence deciding which directions are suspect.
 */
export function attributeAnomaly(
  contributions: readonly SensorContribution[],
  trustOf: (sensorId: string) => SensorTrust | undefined,
  options: AttributionOptions = {},
): Attribution {
  const min = options.minUntrustedShare ?? 0.3;
  let total = 0;
  let untrusted = 0;
  const bad: { sensor: string; share: number; trust: SensorTrust }[] = [];
  for (const c of contributions) {
    const share = Number.isFinite(c.share) && c.share > 0 ? c.share : 0;
    total += share;
    const t = trustOf(c.sensor);
    const explains =
      t !== undefined &&
      t.state !== 'good' &&
      (t.reasons.some((r) => LEVEL_REASONS.has(r)) || t.levelConsistent === true) &&
      (options.at === undefined || t.since === undefined || t.since <= options.at);
    if (t && explains) {
      untrusted += share;
      bad.push({ sensor: c.sensor, share, trust: t });
    }
  }
  const untrustedShare = total > 0 ? untrusted / total : 0;
  if (bad.length > 0 && untrustedShare >= min) {
    bad.sort((a, b) => b.share - a.share);
    const what = bad
      .map((b) => {
        const why = b.trust.reasons.map((r) => qualityReasonName(r).toLowerCase().replace(/_/g, ' ')).join(', ');
        return `${b.sensor} (${b.trust.state}${why ? `: ${why}` : ''}${b.trust.detail ? `, ${b.trust.detail}` : ''})`;
      })
      .join('; ');
    return {
      cause: 'sensor',
      sensors: bad.map((b) => b.sensor),
      untrustedShare,
      detail: `${Math.round(100 * untrustedShare)} % of the deviation comes from sensors that are not trusted: ${what}. Check the sensor before the machine.`,
    };
  }
  const top = [...contributions]
    .sort((a, b) => b.share - a.share)
    .slice(0, 3)
    .map((c) => c.sensor);
  return {
    cause: 'machine',
    sensors: top,
    untrustedShare,
    detail:
      bad.length > 0
        ? `the deviating sensors are trusted (untrusted sensors carry only ${Math.round(100 * untrustedShare)} %)`
        : 'every contributing sensor passes its data-quality checks',
  };
}
