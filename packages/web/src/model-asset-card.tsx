import { useCallback, useState } from 'react';
import type { AssetModels, Job, ModelVersionSummary } from './api-types';
import { fmtAgo, fmtFullTime, fmtNumber } from './format';
import { DETECTOR_LABEL, fmtAlarmBudget } from './model-format';
import { TrainForm } from './model-train-form';
import { ModelVersions } from './model-versions';
import { routes } from './router';

/** One asset on the Models page: its active model at a glance, the training form, and the version history. */
export function ModelAssetCard({
  asset,
  now,
  onTrained,
  onActivated,
}: {
  asset: AssetModels & { assetName: string };
  now: number;
  onTrained: (job: Job) => void;
  onActivated: (m: ModelVersionSummary) => void;
}) {
  const [training, setTraining] = useState(false);
  const [highlight, setHighlight] = useState<number | undefined>();
  const { active, versions } = asset;
  const trained = useCallback(
    (job: Job) => {
      setHighlight(job.version);
      onTrained(job);
    },
    [onTrained],
  );

  return (
    <section
      className="card model-card"
      data-testid="model-asset"
      data-asset-id={asset.assetId}
      data-active-version={active?.version ?? ''}
      data-versions={versions.length}
    >
      <div className="model-card-head">
        <div className="model-card-title">
          <h2>
            <a href={routes.asset(asset.assetId)}>{asset.assetName}</a>
          </h2>
          <div className="muted small">
            <span className="mono">{asset.assetId}</span> · {versions.length} version{versions.length === 1 ? '' : 's'}
          </div>
        </div>
        {active ? (
          <div className="model-active-summary" title={`Trained ${fmtFullTime(active.trainedAt)}`}>
            <span className="pill pill-ok">v{active.version} active</span>
            <span>{DETECTOR_LABEL[active.detector] ?? active.detector}</span>
            <span className="muted">alert ×{fmtNumber(active.metrics.alertLevel, 2)}</span>
            <span className="muted">{fmtAlarmBudget(active.metrics.alertBudgetPerYear)}</span>
            <span className="muted">trained {fmtAgo(active.trainedAt, now)}</span>
          </div>
        ) : (
          <span className="pill pill-unknown">no model — not monitored</span>
        )}
        {!training && (
          <button type="button" className="btn" data-testid="train-open" onClick={() => setTraining(true)}>
            Train new model
          </button>
        )}
      </div>
      {training && (
        <TrainForm
          assetId={asset.assetId}
          assetName={asset.assetName}
          onTrained={trained}
          onClose={() => setTraining(false)}
        />
      )}
      {versions.length === 0 ? (
        <p className="muted small model-empty">
          No model version yet. Train one from a stretch of healthy history to start monitoring this asset.
        </p>
      ) : (
        <div className="models-table-wrap">
          <ModelVersions versions={versions} now={now} highlight={highlight} onActivated={onActivated} />
        </div>
      )}
    </section>
  );
}
