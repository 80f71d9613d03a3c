import type { AssetSummary } from './api-types';
import { CriticalityChip } from './badges';
import { assetTypeLabel, fmtAgo, fmtDuration, fmtPercent, STATUS_LABEL, statusOf } from './format';
import { HealthGauge } from './health-gauge';
import { DataQualityChip } from './quality-badges';
import { routes } from './router';
import { bucketAverage, type Point, trend } from './series';
import { Sparkline } from './sparkline';
import { SPARK_WINDOW_MS } from './use-fleet';

const TREND_WINDOW_MS = 10 * 60 * 1000;
const HOUR_MS = 3_600_000;
/** Health changes smaller than this over 10 min are noise, not a trend. */
const TREND_DEADBAND = 2;
/** Health older than this is called out on the card (the analytics normally update it every few seconds). */
const STALE_MS = 5 * 60_000;

export function AssetCard({ asset, history, now }: { asset: AssetSummary; history: Point[]; now: number }) {
  const status = statusOf(asset.health);
  const delta = trend(history, TREND_WINDOW_MS);
  const dir = delta === undefined ? 'none' : delta > TREND_DEADBAND ? 'up' : delta < -TREND_DEADBAND ? 'down' : 'flat';
  const spark = bucketAverage(history, now - SPARK_WINDOW_MS, now, 60);
  const alert = asset.activeAlert;
  return (
    <a
      className={`card asset-card status-${status}`}
      href={routes.asset(asset.id)}
      data-testid="asset-card"
      data-asset-id={asset.id}
      data-status={status}
    >
      <div className="asset-card-head">
        <div className="asset-card-title">
          <div className="asset-name">{asset.name}</div>
          <div className="asset-meta">
            <span className="mono">{asset.id}</span> · {assetTypeLabel(asset.type)}
          </div>
        </div>
        <div className="asset-card-tags">
          {asset.running !== undefined && (
            <span className={`run ${asset.running ? 'run-on' : 'run-off'}`}>
              {asset.running ? 'Running' : 'Stopped'}
            </span>
          )}
          <CriticalityChip criticality={asset.criticality} />
        </div>
      </div>
      <div className="asset-card-body">
        <HealthGauge health={asset.health?.health} status={status} />
        <div className="asset-card-side">
          <div className="asset-card-status">
            <span className={`status-text text-${status}`}>{STATUS_LABEL[status]}</span>
            {dir !== 'none' && (
              <span
                className={`trend trend-${dir}`}
                title={`Health change over the last 10 min: ${delta !== undefined ? delta.toFixed(1) : ''}`}
                data-trend={dir}
              >
                {dir === 'up' ? '▲' : dir === 'down' ? '▼' : '▶'}{' '}
                {delta !== undefined && `${delta >= 0 ? '+' : '−'}${Math.abs(delta).toFixed(1)}`}
              </span>
            )}
            {asset.dataQuality && (
              <DataQualityChip
                score={asset.dataQuality.score}
                state={asset.dataQuality.state}
                testId="asset-card-quality"
              />
            )}
          </div>
          <Sparkline values={spark} className={`text-${status}`} max={100} min={0} minSpan={25} />
          <div className="asset-card-caption">health · last hour</div>
        </div>
      </div>
      <div className="asset-card-foot">
        {alert ? (
          <span
            className={`card-alert ${alert.kind === 'sensor' ? 'card-alert-sensor' : `sev-text-${alert.severity}`}`}
            data-testid="asset-card-alert"
            data-kind={alert.kind}
            title={alert.kind === 'sensor' ? `${alert.title} (data problem, machine not affected)` : alert.title}
          >
            <span aria-hidden="true">{alert.kind === 'sensor' ? '◎' : '⚠'}</span> {alert.title}
          </span>
        ) : (
          <span className="muted">No active alert</span>
        )}
        {asset.rul && (
          <span
            className="card-rul"
            data-testid="asset-card-rul"
            data-probability={asset.rul.failureProbability}
            title={`Remaining useful life by the health trend: ${fmtDuration(asset.rul.hours * HOUR_MS)} (90 %: ${fmtDuration(asset.rul.lowerHours * HOUR_MS)} – ${fmtDuration(asset.rul.upperHours * HOUR_MS)})`}
          >
            {fmtPercent(asset.rul.failureProbability)} failure risk in {asset.rul.horizonHours} h · RUL ≈{' '}
            {fmtDuration(asset.rul.hours * HOUR_MS)}
          </span>
        )}
        {asset.health && now - asset.health.ts > STALE_MS && (
          <span className="card-stale">updated {fmtAgo(asset.health.ts, now)}</span>
        )}
      </div>
    </a>
  );
}
