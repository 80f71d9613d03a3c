import type { Sensor, SensorContribution, TrainingAttempt, TrainingCase, TrainingScore } from '@prognos/core';
import { useEffect, useMemo, useRef, useState } from 'react';
import type uPlot from 'uplot';
import { drawLevel, timeAxis, useUPlot, valueAxis } from './chart-core';
import { ContributionsTable } from './contributions-table';
import { assetTypeLabel, fmtFullTime, fmtNumber, fmtValue, unitLabel } from './format';
import { routes } from './router';
import { ErrorState, Loading } from './state-views';
import { tapi } from './training-api';
import {
  correctChoices,
  DIFFICULTY_LABEL,
  difficultyDots,
  fmtPoints,
  fmtTimer,
  SEVERITY_LABEL,
  scoreGrade,
  scoreParts,
} from './training-format';
import { SkillChips } from './training-parts';
import { useAction } from './use-action';
import { useAsync, useNow } from './use-async';
import './training.css';

const LINE = '#2563eb';
const NORMAL = '#d97706';
const ONSET = 'rgba(220, 38, 38, 0.55)';

/** A vertical dashed line at time `ts` (the alert's start), labelled at the top. */
function drawOnset(u: uPlot, ts: number): void {
  const x = u.valToPos(ts, 'x', true);
  const { left, top, width, height } = u.bbox;
  if (!Number.isFinite(x) || x < left || x > left + width) return;
  const ctx = u.ctx;
  const px = devicePixelRatio || 1;
  ctx.save();
  ctx.strokeStyle = ONSET;
  ctx.lineWidth = px;
  ctx.setLineDash([4 * px, 4 * px]);
  ctx.beginPath();
  ctx.moveTo(x, top);
  ctx.lineTo(x, top + height);
  ctx.stroke();
  ctx.setLineDash([]);
  ctx.fillStyle = ONSET;
  ctx.font = `${10 * px}px Inter, system-ui, sans-serif`;
  ctx.textAlign = x > left + width / 2 ? 'right' : 'left';
  ctx.fillText('alert', x + (x > left + width / 2 ? -4 : 4) * px, top + 10 * px);
  ctx.restore();
}

/**
 * One simulated sensor's history, drawn like a sensor on the asset page (same card, axes and colours) but from the
 * case's own readings: a sandboxed machine has nothing in the plant's store to fetch or stream.
 */
function TrainingChart({
  sensor,
  ts,
  values,
  band,
  onset,
}: {
  sensor: Sensor;
  ts: number[];
  values: number[];
  band?: SensorContribution;
  onset: number;
}) {
  const el = useRef<HTMLDivElement>(null);
  useUPlot(
    el,
    (width) => ({
      width,
      height: 170,
      ms: 1,
      legend: { show: false },
      cursor: { drag: { x: false, y: false, setScale: false }, points: { size: 6 } },
      scales: {
        x: { time: true },
        y: {
          range: (_u, dmin, dmax) => {
            let lo = dmin ?? sensor.min;
            let hi = dmax ?? sensor.max;
            if (band) {
              lo = Math.min(lo, band.low);
              hi = Math.max(hi, band.high);
            }
            const pad = (hi - lo) * 0.08 || Math.abs(hi) * 0.05 || 1;
            return [lo - pad, hi + pad];
          },
        },
      },
      series: [{}, { label: sensor.name, stroke: LINE, width: 1.5, points: { show: false } }],
      axes: [timeAxis(), valueAxis({ values: (_u, splits) => splits.map((v) => fmtNumber(v)) })],
      hooks: {
        draw: [
          (u) => {
            if (band) {
              drawLevel(u, 'y', band.high, NORMAL, 'normal high');
              drawLevel(u, 'y', band.low, NORMAL, 'normal low');
            }
            drawOnset(u, onset);
          },
        ],
      },
    }),
    [ts, values],
    sensor.id,
  );
  const last = values.length ? values[values.length - 1] : undefined;
  const out = band !== undefined && last !== undefined && (last > band.high || last < band.low);
  const unit = unitLabel(sensor.unit);
  return (
    <div className="card chart-card" data-testid="training-chart" data-sensor-id={sensor.id} data-points={ts.length}>
      <div className="chart-head">
        <div className="chart-title">
          <div className="chart-name">{sensor.name}</div>
          <div className="chart-sub">
            <span className="mono">{sensor.id}</span>
            {unit && <> · {unit}</>}
          </div>
        </div>
        <div className="chart-latest">
          <div className={`chart-value ${out ? 'q-bad' : ''}`}>{fmtValue(last, sensor.unit)}</div>
          <div className="chart-when">latest simulated reading</div>
        </div>
      </div>
      <div className="chart-plot" ref={el} />
      <div className="chart-foot">
        <span className="legend">
          <span className="lg lg-avg" /> reading
          {band && (
            <>
              <span className="lg lg-normal" /> normal band
            </>
          )}
          <span className="lg tr-lg-onset" /> alert start
        </span>
      </div>
    </div>
  );
}

function toggle(list: string[], id: string, on: boolean): string[] {
  return on ? (list.includes(id) ? list : [...list, id]) : list.filter((x) => x !== id);
}

/** The diagnosis form: failure mode, the sensors the trainee thinks are lying, and the actions to take. */
function DiagnosisForm({ c, onSubmitted }: { c: TrainingCase; onSubmitted: (a: TrainingAttempt) => void }) {
  const [mode, setMode] = useState('');
  const [sensors, setSensors] = useState<string[]>([]);
  const [actions, setActions] = useState<string[]>([]);
  const { busy, error, run } = useAction();
  const submit = async () => {
    const a = await run('submit', () =>
      tapi.submit(c.attemptId, { failureModeId: mode, faultySensors: sensors, actions }),
    );
    if (a) onSubmitted(a);
  };
  return (
    <form
      className="card pad tr-form"
      data-testid="training-form"
      onSubmit={(e) => {
        e.preventDefault();
        if (mode) void submit();
      }}
    >
      <h2>Your diagnosis</h2>
      <label className="field">
        What is failing?
        <select
          className="select"
          data-testid="training-diagnosis"
          value={mode}
          onChange={(e) => setMode(e.target.value)}
          required
        >
          <option value="">Choose a failure mode…</option>
          {c.candidateModes.map((m) => (
            <option key={m.id} value={m.id}>
              {m.name} · {m.component}
            </option>
          ))}
        </select>
      </label>
      <fieldset className="tr-choices">
        <legend>Sensors you believe are faulty (the reading lies, not the machine)</legend>
        {c.candidateSensors.map((s) => (
          <label key={s.id} className="tr-check" data-testid="training-sensor" data-sensor-id={s.id}>
            <input
              type="checkbox"
              checked={sensors.includes(s.id)}
              onChange={(e) => setSensors((l) => toggle(l, s.id, e.target.checked))}
            />
            <span>
              {s.name} <span className="mono muted small">{s.id}</span>
            </span>
          </label>
        ))}
      </fieldset>
      <fieldset className="tr-choices">
        <legend>What do you do?</legend>
        {c.actions.map((a) => (
          <label key={a.id} className="tr-check" data-testid="training-action" data-action-id={a.id}>
            <input
              type="checkbox"
              checked={actions.includes(a.id)}
              onChange={(e) => setActions((l) => toggle(l, a.id, e.target.checked))}
            />
            <span>{a.text}</span>
          </label>
        ))}
      </fieldset>
      <div className="actions">
        <button type="submit" className="btn btn-big" data-testid="training-submit" disabled={!mode || busy !== null}>
          {busy ? 'Submitting…' : 'Submit diagnosis'}
        </button>
        {!mode && <span className="muted small">Choose a failure mode to submit.</span>}
        {error && <span className="action-error">{error}</span>}
      </div>
    </form>
  );
}

/** The result: total and parts, what the right answer was, feedback that teaches, and lessons to read next. */
function ScoreCard({
  c,
  attempt,
  score,
  fresh,
}: {
  c: TrainingCase;
  attempt: TrainingAttempt;
  score: TrainingScore;
  /** Just submitted: bring the result into view (the form it replaces was at the bottom of a long page). */
  fresh: boolean;
}) {
  const ref = useRef<HTMLElement>(null);
  // biome-ignore lint/correctness/useExhaustiveDependencies: only when the card first appears.
  useEffect(() => {
    if (fresh) ref.current?.scrollIntoView({ block: 'start' });
  }, []);
  const parts = scoreParts(score);
  const sub = attempt.submission;
  const sensorName = new Map(c.candidateSensors.map((s) => [s.id, s.name]));
  const actionText = new Map(c.actions.map((a) => [a.id, a.text]));
  const modeName = new Map(c.candidateModes.map((m) => [m.id, m.name]));
  const faulty = correctChoices(sub?.faultySensors ?? [], score.sensors.missed, score.sensors.wronglyFlagged);
  const needed = correctChoices(sub?.actions ?? [], score.actions.missed, score.actions.unnecessary);
  const grade = scoreGrade(score.total);
  return (
    <section ref={ref} className="card pad tr-score" data-testid="training-score" data-total={score.total}>
      <div className="tr-score-head">
        <div className={`tr-total tr-${grade}`}>
          <span data-testid="training-total">{fmtPoints(score.total)}</span>
          <span className="tr-total-max">/ 100</span>
        </div>
        <div>
          <h2>Your score</h2>
          <div className="muted small">
            Submitted {fmtFullTime(attempt.submittedAt)} · {fmtPoints(score.time.minutes)} min against a target of{' '}
            {score.time.targetMinutes} min
          </div>
        </div>
      </div>
      <ul className="tr-parts">
        {parts.map((p) => (
          <li key={p.id} data-testid="score-part" data-part={p.id} data-points={p.points} data-max={p.max}>
            <div className="tr-part-head">
              <span>{p.label}</span>
              <span className="strong">
                {fmtPoints(p.points)} / {fmtPoints(p.max)}
              </span>
            </div>
            <div className="tr-bar">
              <div
                className="tr-bar-fill"
                style={{ width: `${p.max > 0 ? Math.max(0, Math.min(1, p.points / p.max)) * 100 : 0}%` }}
              />
            </div>
          </li>
        ))}
      </ul>

      <div className="section-label">The correct answer</div>
      <dl
        className="tr-answer"
        data-testid="training-correct"
        data-failure-mode-id={score.diagnosis.correctFailureModeId}
      >
        <dt>Diagnosis</dt>
        <dd>
          <span className="strong">{score.diagnosis.correctName}</span>{' '}
          {score.diagnosis.correct ? (
            <span className="tr-ok">✓ your answer</span>
          ) : (
            <span className="tr-bad">
              ✗ you said {sub ? (modeName.get(sub.failureModeId) ?? sub.failureModeId) : '—'}
            </span>
          )}
        </dd>
        <dt>Faulty sensors</dt>
        <dd>
          {faulty.length ? faulty.map((s) => sensorName.get(s) ?? s).join(', ') : 'None: every sensor told the truth'}
          {score.sensors.missed.length > 0 && (
            <div className="tr-bad small">
              Missed: {score.sensors.missed.map((s) => sensorName.get(s) ?? s).join(', ')}
            </div>
          )}
          {score.sensors.wronglyFlagged.length > 0 && (
            <div className="tr-bad small">
              Flagged but healthy: {score.sensors.wronglyFlagged.map((s) => sensorName.get(s) ?? s).join(', ')}
            </div>
          )}
        </dd>
        <dt>Actions</dt>
        <dd>
          <ul className="plain-list">
            {needed.map((a) => (
              <li key={a}>
                {actionText.get(a) ?? a}
                {score.actions.missed.includes(a) && <span className="tr-bad small"> (missed)</span>}
              </li>
            ))}
          </ul>
          {score.actions.unnecessary.length > 0 && (
            <div className="tr-bad small">
              Not needed: {score.actions.unnecessary.map((a) => actionText.get(a) ?? a).join('; ')}
            </div>
          )}
        </dd>
      </dl>

      <div className="section-label">Feedback</div>
      <ul className="tr-feedback" data-testid="training-feedback">
        {score.feedback.map((f) => (
          <li key={f}>{f}</li>
        ))}
      </ul>
      {score.lessons.length > 0 && (
        <>
          <div className="section-label">Read next</div>
          <ul className="tr-lessons">
            {score.lessons.map((l) => (
              <li key={l.id}>
                <a href={routes.lesson(l.id)} data-testid="training-lesson">
                  {l.title}
                </a>
              </li>
            ))}
          </ul>
        </>
      )}
      <div className="actions">
        <a className="btn btn-ghost btn-big" href={routes.training()}>
          Back to training
        </a>
      </div>
    </section>
  );
}

/** The running clock of an attempt in progress (minutes count towards the time part of the score). */
function Timer({ since, target }: { since: number; target: number }) {
  const now = useNow(1000);
  const ms = now - since;
  const over = ms > target * 60_000;
  return (
    <div
      className={`tr-timer ${over ? 'tr-timer-over' : ''}`}
      data-testid="training-timer"
      title={`Target ${target} min`}
    >
      <span className="tr-timer-label">Time</span> <span className="tr-timer-value">{fmtTimer(ms)}</span>
      <span className="muted small"> / {target} min</span>
    </div>
  );
}

/** A trainee working one scenario in a sandbox: the simulated machine's data, the diagnosis, the score and feedback. */
export function TrainingAttemptPage({ id }: { id: string }) {
  const { data, error, reload, setData } = useAsync(`training-attempt:${id}`, () => tapi.attempt(id));
  const [fresh, setFresh] = useState(false);
  const c = data?.case;
  const sensors = useMemo(() => new Map((c?.sensors ?? []).map((s) => [s.id, s])), [c]);
  const bands = useMemo(() => new Map((c?.alert.contributions ?? []).map((b) => [b.sensor, b])), [c]);
  // Sensors that drive the alert first, the way one looks at a machine in trouble.
  const series = useMemo(
    () => [...(c?.series ?? [])].sort((a, b) => (bands.get(b.sensor)?.share ?? 0) - (bands.get(a.sensor)?.share ?? 0)),
    [c, bands],
  );
  if (!data || !c) {
    if (error) return <ErrorState error={error} onRetry={reload} title="Could not load this training attempt" />;
    return <Loading label="Loading the scenario…" />;
  }
  const { attempt } = data;
  const s = c.scenario;
  const submitted = (a: TrainingAttempt) => {
    setFresh(true);
    setData((d) => (d ? { ...d, attempt: a } : d));
  };
  return (
    <div
      className="page tr-page"
      data-testid="training-attempt-page"
      data-attempt-id={attempt.id}
      data-status={attempt.status}
    >
      <div className="tr-banner" data-testid="training-banner" role="note">
        <strong>TRAINING — sandbox, not plant data.</strong>{' '}
        <span className="tr-banner-more">
          The machine below is simulated for this exercise; nothing you do here reaches the plant.
        </span>
      </div>
      <nav className="breadcrumb" aria-label="Breadcrumb">
        <a href={routes.training()}>Training</a>
        <span>{s.title}</span>
      </nav>
      <div className="page-head">
        <div>
          <h1>{s.title}</h1>
          <div className="page-sub">
            {c.asset.name} · {assetTypeLabel(s.assetType)} · {DIFFICULTY_LABEL[s.difficulty]}{' '}
            <span aria-hidden="true">{difficultyDots(s.difficulty)}</span> · {SEVERITY_LABEL[s.severity]} · trainee{' '}
            {attempt.trainee}
          </div>
        </div>
        {attempt.status === 'in_progress' && <Timer since={attempt.startedAt} target={s.targetMinutes} />}
      </div>

      <section className="card pad" data-testid="training-briefing">
        <div className="section-label">Briefing</div>
        <p className="tr-briefing">{s.briefing}</p>
        <SkillChips skills={s.skills} />
      </section>

      <section className="card alert-panel sev-border-warning" data-testid="training-alert">
        <div className="alert-panel-head">
          <span className="sev sev-warning">Alert</span>
          <span className="muted small">started {fmtFullTime(c.alert.startedAt)} (simulated clock)</span>
        </div>
        <h2 className="alert-title">{c.alert.title}</h2>
        <p className="explanation">{c.alert.explanation}</p>
        <div className="section-label">Which sensors drive it</div>
        <div className="table-scroll">
          <ContributionsTable contributions={c.alert.contributions} />
        </div>
      </section>

      <div className="chart-grid tr-charts">
        {series.map((x) => {
          const sensor = sensors.get(x.sensor);
          if (!sensor) return null;
          return (
            <TrainingChart
              key={x.sensor}
              sensor={sensor}
              ts={x.ts}
              values={x.values}
              band={bands.get(x.sensor)}
              onset={c.alert.startedAt}
            />
          );
        })}
      </div>

      {attempt.status === 'submitted' && attempt.score ? (
        <ScoreCard c={c} attempt={attempt} score={attempt.score} fresh={fresh} />
      ) : (
        <DiagnosisForm c={c} onSubmitted={submitted} />
      )}
    </div>
  );
}
