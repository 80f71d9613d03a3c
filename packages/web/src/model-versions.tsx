import { Fragment, useState } from 'react';
import { api, errorMessage } from './api';
import type { ModelVersionSummary } from './api-types';
import { fmtAgo, fmtFullTime, fmtNumber } from './format';
import {
  CREATED_BY_LABEL,
  DETECTOR_LABEL,
  fmtAlarmBudget,
  fmtCount,
  fmtLabelUse,
  fmtRangeEnd,
  fmtRate,
  fmtSeconds,
  fmtSpan,
} from './model-format';

/** "Activate" with a confirmation step: monitoring switches to that version at once. */
function ActivateButton({
  model,
  onActivated,
}: {
  model: ModelVersionSummary;
  onActivated: (m: ModelVersionSummary) => void;
}) {
  const [confirm, setConfirm] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState('');
  const activate = async () => {
    setBusy(true);
    setError('');
    try {
      onActivated(await api.activateModel(model.assetId, model.version));
      setConfirm(false);
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setBusy(false);
    }
  };
  return (
    <div className="actions model-actions">
      {confirm ? (
        <>
          <span className="small">Monitor with v{model.version} from now on?</span>
          <button type="button" className="btn" data-testid="model-activate-confirm" disabled={busy} onClick={activate}>
            {busy ? 'Activating…' : `Activate v${model.version}`}
          </button>
          <button type="button" className="btn btn-ghost" disabled={busy} onClick={() => setConfirm(false)}>
            Keep current
          </button>
        </>
      ) : (
        <button type="button" className="btn btn-ghost" data-testid="model-activate" onClick={() => setConfirm(true)}>
          Activate…
        </button>
      )}
      {error && (
        <span className="action-error" role="alert">
          {error}
        </span>
      )}
    </div>
  );
}

/** The version's evaluation on held-out healthy windows, one line; the full report opens in a row of its own. */
function EvaluationSummary({ v, open, onToggle }: { v: ModelVersionSummary; open: boolean; onToggle: () => void }) {
  const e = v.evaluation;
  if (!e) return <span className="muted small">not recorded</span>;
  return (
    <div data-testid="model-evaluation" data-held-out-alerts={e.heldOutAlerts}>
      <span className={e.heldOutAlerts === 0 ? 'text-ok' : 'text-watch'}>
        {e.heldOutAlerts === 0 ? 'No alert' : `${e.heldOutAlerts} alert${e.heldOutAlerts === 1 ? '' : 's'}`}
      </span>{' '}
      on {fmtCount(e.heldOutWindows)} held-out windows{' '}
      <button
        type="button"
        className="link-button small"
        aria-expanded={open}
        data-testid="model-report-toggle"
        onClick={onToggle}
      >
        {open ? 'Hide report' : 'Report'}
      </button>
    </div>
  );
}

/** The full evaluation report of a version. */
function EvaluationReport({ v }: { v: ModelVersionSummary }) {
  const e = v.evaluation;
  if (!e) return null;
  return (
    <dl className="model-report-facts small" data-testid="model-report">
      <dt>Held-out score (1 = alert level)</dt>
      <dd>
        median {fmtNumber(e.heldOutScore.p50, 2)} · 90 % {fmtNumber(e.heldOutScore.p90, 2)} · 99 %{' '}
        {fmtNumber(e.heldOutScore.p99, 2)} · max {fmtNumber(e.heldOutScore.max, 2)}
      </dd>
      <dt>Windows above the level</dt>
      <dd>{fmtRate(e.heldOutAboveLevel)} (an alert needs several in a row)</dd>
      <dt>Expected false alerts</dt>
      <dd>{fmtNumber(e.expectedAlertsPerYear, 2)} per year</dd>
      <dt>Operating regimes</dt>
      <dd>{e.regimes === 1 ? 'one model for all conditions' : `${e.regimes}, each with its own model`}</dd>
      {e.envelope && (
        <>
          <dt>Trained speed range</dt>
          <dd>
            {e.envelope.sensor} {fmtNumber(e.envelope.low)} – {fmtNumber(e.envelope.high)}: outside it the score is
            shown but no alert opens
          </dd>
        </>
      )}
      <dt>Drift allowance</dt>
      <dd>{e.driftAllowance ? 'yes: sensors still drifting in the short training period get room' : 'none'}</dd>
      <dt>Normal band (± at the training mean)</dt>
      <dd>
        <ul className="model-report-bands">
          {e.bands.map((b) => (
            <li key={b.sensor}>
              <span className="mono">{b.sensor}</span> ±{fmtNumber(b.halfWidth)}
            </li>
          ))}
        </ul>
      </dd>
    </dl>
  );
}

/**
 * What the alert labels did to the version's training data, in a row of its own under the version (a sentence does
 * not fit a table cell); nothing when they changed nothing.
 */
function LabelUseRow({ v, text }: { v: ModelVersionSummary; text: string }) {
  return (
    <tr className={`model-labels-row ${v.active ? 'model-active' : ''}`} data-version={v.version}>
      <td colSpan={11}>
        <div
          className="small model-labels"
          data-testid="model-labels"
          data-version={v.version}
          data-excluded-episodes={v.labels?.excludedEpisodes}
          data-false-alarms-kept={v.labels?.falseAlarmEpisodesKept}
          title="Alert labels from completed work orders and reviews: a confirmed failure is not normal behaviour"
        >
          <span className="muted">Labels:</span> {text}
        </div>
      </td>
    </tr>
  );
}

/** A model's version history, newest first; each inactive version can be made active again (rollback). */
export function ModelVersions({
  versions,
  now,
  highlight,
  onActivated,
}: {
  versions: ModelVersionSummary[];
  now: number;
  /** A version just trained, marked until the list changes again. */
  highlight?: number;
  onActivated: (m: ModelVersionSummary) => void;
}) {
  const [opened, setOpened] = useState<ReadonlySet<number>>(new Set());
  const toggle = (version: number) =>
    setOpened((o) => {
      const next = new Set(o);
      if (next.has(version)) next.delete(version);
      else next.add(version);
      return next;
    });
  return (
    <table className="models-table" data-testid="model-versions">
      <thead>
        <tr>
          <th>Version</th>
          <th>Detector</th>
          <th>Trained on</th>
          <th className="num">Rows</th>
          <th className="num">Sensors</th>
          <th className="num" title="Alert level in units of the detector's raw threshold">
            Alert level
          </th>
          <th title="False alarms the alert level allows, calibrated on held-out healthy windows">
            False-alarm budget
          </th>
          <th className="num" title="The detector's raw score threshold">
            Threshold
          </th>
          <th title="Healthy windows each scored by a model fitted without them (blocked cross-validation in time)">
            Evaluation
          </th>
          <th>Created</th>
          <th>
            <span className="sr-only">Action</span>
          </th>
        </tr>
      </thead>
      <tbody>
        {versions.map((v) => {
          const labelText = fmtLabelUse(v.labels);
          return (
            <Fragment key={v.version}>
              <tr
                className={`${v.active ? 'model-active' : ''} ${highlight === v.version ? 'model-new' : ''} ${labelText ? 'has-labels' : ''}`}
                data-testid="model-version"
                data-version={v.version}
                data-active={v.active}
                data-detector={v.detector}
              >
                <td data-label="Version">
                  <span className="strong">v{v.version}</span>{' '}
                  {v.active && <span className="pill pill-ok model-active-pill">active</span>}
                  {highlight === v.version && <span className="pill pill-info">new</span>}
                  {v.note && <div className="muted small model-note">{v.note}</div>}
                </td>
                <td data-label="Detector">{DETECTOR_LABEL[v.detector] ?? v.detector}</td>
                <td data-label="Trained on" title={`${fmtFullTime(v.trainedFrom)} – ${fmtFullTime(v.trainedTo)}`}>
                  {fmtRangeEnd(v.trainedFrom)} – {fmtRangeEnd(v.trainedTo)}
                  <div className="muted small">{fmtSpan(v.trainedFrom, v.trainedTo)}</div>
                </td>
                <td data-label="Rows" className="num">
                  {fmtCount(v.rows)}
                </td>
                <td
                  data-label="Sensors"
                  className="num"
                  title={
                    v.excluded.length
                      ? `Left out: ${v.excluded.map((x) => `${x.sensor} (${x.reason})`).join(', ')}`
                      : v.sensors.join(', ')
                  }
                >
                  {v.sensors.length}
                  {v.excluded.length > 0 && <div className="muted small">{v.excluded.length} left out</div>}
                </td>
                <td data-label="Alert level" className="num">
                  ×{fmtNumber(v.metrics.alertLevel, 2)}
                  <div className="muted small">{fmtCount(v.metrics.heldOutWindows)} held-out windows</div>
                </td>
                <td data-label="False-alarm budget">
                  {fmtAlarmBudget(v.metrics.alertBudgetPerYear)}
                  <div className="muted small">{fmtRate(v.metrics.falseAlarmRate)} of windows at the raw threshold</div>
                </td>
                <td data-label="Threshold" className="num">
                  {fmtNumber(v.metrics.threshold)}
                </td>
                <td data-label="Evaluation">
                  <EvaluationSummary v={v} open={opened.has(v.version)} onToggle={() => toggle(v.version)} />
                </td>
                <td data-label="Created" title={fmtFullTime(v.trainedAt)}>
                  {fmtAgo(v.trainedAt, now)}
                  <div className="muted small">
                    {CREATED_BY_LABEL[v.createdBy] ?? v.createdBy} · {fmtSeconds(v.metrics.trainingSeconds)}
                  </div>
                </td>
                <td className="model-action">{!v.active && <ActivateButton model={v} onActivated={onActivated} />}</td>
              </tr>
              {labelText && <LabelUseRow v={v} text={labelText} />}
              {opened.has(v.version) && (
                <tr className="model-report-row" data-version={v.version}>
                  <td colSpan={11}>
                    <EvaluationReport v={v} />
                  </td>
                </tr>
              )}
            </Fragment>
          );
        })}
      </tbody>
    </table>
  );
}
