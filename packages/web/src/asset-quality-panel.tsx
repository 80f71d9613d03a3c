import type { Sensor } from '@prognos/core';
import type { DataQuality, QualityOverview } from './api-types';
import { QualityBadge } from './quality-badges';
import { fmtScore, QUALITY_TONE, readingReasons, reasonLabel } from './quality-format';
import { routes } from './router';

const WORST = 3;

/**
 * The asset's data-quality score and its least trusted sensors. The live overview wins over the asset's own
 * summary when both are there (the overview follows state changes as they happen).
 */
export function AssetQualityPanel({
  assetId,
  dataQuality,
  overview,
  sensors,
}: {
  assetId: string;
  dataQuality?: DataQuality;
  overview?: QualityOverview;
  sensors: Sensor[];
}) {
  const fromOverview = overview?.assets.find((a) => a.assetId === assetId);
  const score = fromOverview?.score ?? dataQuality?.score ?? null;
  const state = fromOverview?.state ?? dataQuality?.state;
  if (!state) return null;
  const flagged = (overview?.sensors ?? []).filter((s) => s.assetId === assetId && s.state !== 'good');
  const names = new Map(sensors.map((s) => [s.id, s.name]));
  const worst = flagged.length
    ? flagged
        .slice(0, WORST)
        .map((s) => ({ id: s.sensorId, name: s.name, state: s.state, reason: readingReasons(s.reasons)[0]?.name }))
    : (dataQuality?.worstSensors ?? [])
        .slice(0, WORST)
        .map((id) => ({ id, name: names.get(id) ?? id, state: undefined, reason: undefined }));

  return (
    <section className={`card asset-quality status-${QUALITY_TONE[state]}`} aria-label="Data quality">
      <div
        className="asset-quality-score"
        data-testid="asset-quality-score"
        data-score={score ?? ''}
        data-state={state}
      >
        <div className="muted small">Data quality</div>
        <div className="aq-number">
          <span className={`text-${QUALITY_TONE[state]}`}>{fmtScore(score)}</span>
          <span className="muted small"> / 100</span>
        </div>
        <QualityBadge state={state} />
      </div>
      <div className="asset-quality-worst">
        <div className="muted small">
          {flagged.length
            ? `${flagged.length} ${flagged.length === 1 ? 'sensor' : 'sensors'} not trusted — their readings are flagged, not used to train models`
            : 'Least trusted sensors'}
        </div>
        {worst.length === 0 ? (
          <div className="small">Every sensor passes its checks.</div>
        ) : (
          <ul className="aq-list" data-testid="asset-worst-sensors">
            {worst.map((w) => (
              <li key={w.id}>
                <a href={routes.sensor(w.id)}>{w.name}</a>
                {w.state && <QualityBadge state={w.state} />}
                {w.reason && <span className="muted small">{reasonLabel(w.reason)}</span>}
              </li>
            ))}
          </ul>
        )}
      </div>
      <a className="aq-more small" href={routes.quality()}>
        All sensors →
      </a>
    </section>
  );
}
