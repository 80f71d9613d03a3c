import type { AssetQuality, SensorQuality } from './api-types';
import { QualityBadge } from './quality-badges';
import { fmtScore, QUALITY_TONE } from './quality-format';
import { routes } from './router';

/** Per-asset data-quality scores, worst first, each linking to its asset page. */
export function QualityAssetScores({ assets, sensors }: { assets: AssetQuality[]; sensors: SensorQuality[] }) {
  const flagged = new Map<string, number>();
  for (const s of sensors) if (s.state !== 'good') flagged.set(s.assetId, (flagged.get(s.assetId) ?? 0) + 1);
  const sorted = [...assets].sort((a, b) => (a.score ?? 101) - (b.score ?? 101) || a.name.localeCompare(b.name));
  return (
    <div className="qassets">
      {sorted.map((a) => {
        const n = flagged.get(a.assetId) ?? 0;
        return (
          <a
            key={a.assetId}
            className={`card qasset status-${QUALITY_TONE[a.state]}`}
            href={routes.asset(a.assetId)}
            data-testid="quality-asset-score"
            data-asset-id={a.assetId}
            data-score={a.score ?? ''}
            data-state={a.state}
          >
            <div className="qasset-name">{a.name}</div>
            <div className="qasset-score">
              <span className={`text-${QUALITY_TONE[a.state]}`}>{fmtScore(a.score)}</span>
              <span className="muted small"> / 100</span>
            </div>
            <div className="qasset-foot">
              <QualityBadge state={a.state} />
              <span className="muted small">
                {n === 0 ? 'all sensors good' : `${n} ${n === 1 ? 'sensor' : 'sensors'} flagged`}
              </span>
            </div>
          </a>
        );
      })}
    </div>
  );
}
