import { type FormEvent, useEffect, useRef, useState } from 'react';
import { api, errorMessage } from './api';
import type { DetectorKind, Job } from './api-types';
import { fmtDuration } from './format';
import {
  DETECTOR_HINT,
  DETECTOR_LABEL,
  DETECTORS,
  defaultTrainRange,
  jobPercent,
  periodInputs,
  TRAIN_PERIODS,
  type TrainFormErrors,
  type TrainPeriod,
  trainRange,
  validateTrainRange,
} from './model-format';
import { useNow } from './use-async';
import { useJob } from './use-job';

const STATE_LABEL: Record<Job['state'], string> = { running: 'Training…', done: 'Trained', failed: 'Training failed' };

/** A training job's progress bar, its last message, and why it failed. */
export function JobProgress({ job, pollError }: { job: Job; pollError?: string }) {
  const now = useNow(1000);
  const pct = jobPercent(job);
  const elapsed = (job.finishedAt ?? now) - job.startedAt;
  return (
    <div
      className={`job job-${job.state}`}
      data-testid="job-progress"
      data-job-id={job.id}
      data-state={job.state}
      data-version={job.version ?? ''}
    >
      <div className="job-head">
        <span className="strong">
          {STATE_LABEL[job.state]}
          {job.state === 'done' && job.version !== undefined && <> · version {job.version}</>}
        </span>
        <span className="muted small">
          {pct} % · {fmtDuration(Math.max(0, elapsed))}
        </span>
      </div>
      <div
        className="job-bar"
        role="progressbar"
        aria-label="Training progress"
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={pct}
      >
        <div className="job-fill" style={{ width: `${pct}%` }} />
      </div>
      {job.message && <div className="job-msg muted small">{job.message}</div>}
      {job.state === 'failed' && job.error && (
        <div className="field-error" role="alert">
          {job.error.message} <code className="state-code">{job.error.code}</code>
        </div>
      )}
      {pollError && job.state === 'running' && (
        <div className="muted small">Progress unavailable for now ({pollError}); still trying.</div>
      )}
    </div>
  );
}

/**
 * Trains a new model version of one asset from a range of stored history, then follows the job. The new version
 * is reported through `onTrained` (the list refreshes); whether it becomes active is the server's decision.
 */
export function TrainForm({
  assetId,
  assetName,
  onTrained,
  onClose,
}: {
  assetId: string;
  assetName: string;
  onTrained: (job: Job) => void;
  onClose: () => void;
}) {
  const [period, setPeriod] = useState<TrainPeriod>('24h');
  const [range, setRange] = useState(() => defaultTrainRange(Date.now()));
  const [detector, setDetector] = useState<DetectorKind>('pca');
  const [note, setNote] = useState('');
  const [errors, setErrors] = useState<TrainFormErrors>({});
  const [submitting, setSubmitting] = useState(false);
  const [startError, setStartError] = useState('');
  const [started, setStarted] = useState<Job | undefined>();
  const { job, pollError } = useJob(started);
  const reported = useRef<string | null>(null);

  useEffect(() => {
    if (job?.state === 'done' && reported.current !== job.id) {
      reported.current = job.id;
      onTrained(job);
    }
  }, [job, onTrained]);

  const running = submitting || job?.state === 'running';
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const now = Date.now();
    // A "last …" period ends now: the fields are brought up to date to show what is sent.
    const shown = periodInputs(period, now) ?? range;
    setRange(shown);
    const errs = validateTrainRange(shown.from, shown.to);
    setErrors(errs);
    if (errs.from || errs.to) return;
    setSubmitting(true);
    setStartError('');
    try {
      const trimmed = note.trim();
      setStarted(
        await api.trainModel(assetId, {
          ...trainRange(period, shown, now),
          detector,
          ...(trimmed ? { note: trimmed } : {}),
        }),
      );
    } catch (err) {
      setStartError(errorMessage(err));
    } finally {
      setSubmitting(false);
    }
  };

  const id = `train-${assetId}`;
  return (
    <form className="train-form" data-testid="train-form" onSubmit={submit} noValidate>
      <h3 className="section-label">Train a new model · {assetName}</h3>
      <div className="form-grid">
        <div className="field">
          <label className="field-label" htmlFor={`${id}-period`}>
            Period
          </label>
          <select
            id={`${id}-period`}
            className="input"
            value={period}
            disabled={running}
            aria-describedby={`${id}-period-hint`}
            onChange={(e) => {
              const next = e.target.value as TrainPeriod;
              setPeriod(next);
              const shown = periodInputs(next, Date.now());
              if (shown) setRange(shown);
              setErrors({});
            }}
          >
            {TRAIN_PERIODS.map((p) => (
              <option key={p.id} value={p.id}>
                {p.label}
              </option>
            ))}
            <option value="custom">Custom (From / To)</option>
          </select>
          <span id={`${id}-period-hint`} className="field-hint">
            {period === 'custom' ? 'The dates below, to the minute.' : 'Up to the moment you press Train.'}
          </span>
        </div>
        <div className={`field ${errors.from ? 'has-error' : ''}`}>
          <label className="field-label" htmlFor={`${id}-from`}>
            From
          </label>
          <input
            id={`${id}-from`}
            className="input"
            type="datetime-local"
            value={range.from}
            disabled={running}
            aria-invalid={errors.from ? true : undefined}
            aria-describedby={errors.from ? `${id}-from-error` : undefined}
            onChange={(e) => {
              setPeriod('custom');
              setRange((r) => ({ ...r, from: e.target.value }));
            }}
          />
          {errors.from && (
            <span id={`${id}-from-error`} className="field-error">
              {errors.from}
            </span>
          )}
        </div>
        <div className={`field ${errors.to ? 'has-error' : ''}`}>
          <label className="field-label" htmlFor={`${id}-to`}>
            To
          </label>
          <input
            id={`${id}-to`}
            className="input"
            type="datetime-local"
            value={range.to}
            disabled={running}
            aria-invalid={errors.to ? true : undefined}
            aria-describedby={errors.to ? `${id}-to-error` : undefined}
            onChange={(e) => {
              setPeriod('custom');
              setRange((r) => ({ ...r, to: e.target.value }));
            }}
          />
          {errors.to && (
            <span id={`${id}-to-error`} className="field-error">
              {errors.to}
            </span>
          )}
        </div>
        <div className="field">
          <label className="field-label" htmlFor={`${id}-detector`}>
            Detector
          </label>
          <select
            id={`${id}-detector`}
            className="input"
            value={detector}
            disabled={running}
            aria-describedby={`${id}-detector-hint`}
            onChange={(e) => setDetector(e.target.value as DetectorKind)}
          >
            {DETECTORS.map((d) => (
              <option key={d} value={d}>
                {DETECTOR_LABEL[d]}
              </option>
            ))}
          </select>
          <span id={`${id}-detector-hint`} className="field-hint">
            {DETECTOR_HINT[detector]}
          </span>
        </div>
        <div className="field field-wide">
          <label className="field-label" htmlFor={`${id}-note`}>
            Note
          </label>
          <input
            id={`${id}-note`}
            className="input"
            type="text"
            maxLength={500}
            placeholder="e.g. after the bearing replacement"
            value={note}
            disabled={running}
            aria-describedby={`${id}-note-hint`}
            onChange={(e) => setNote(e.target.value)}
          />
          <span id={`${id}-note-hint`} className="field-hint">
            Readings flagged bad by the data-quality checks, and confirmed failures (alert start to repair), are left
            out.
          </span>
        </div>
        <div className="form-actions">
          <button type="submit" className="btn" data-testid="train-submit" disabled={running}>
            {submitting ? 'Starting…' : job?.state === 'running' ? 'Training…' : 'Train'}
          </button>
          <button type="button" className="btn btn-ghost" onClick={onClose}>
            {job && job.state !== 'running' ? 'Close' : 'Cancel'}
          </button>
          {job?.state === 'running' && <span className="muted small">Training runs on the server; you can leave.</span>}
          {startError && (
            <span className="action-error" role="alert">
              {startError}
            </span>
          )}
        </div>
      </div>
      {job && <JobProgress job={job} pollError={pollError} />}
    </form>
  );
}
