import type { SkillsMatrix, TrainingScenario } from '@prognos/core';
import { type FormEvent, useState } from 'react';
import { assetTypeLabel, fmtFullTime, fmtTime } from './format';
import { fmtDue } from './maintenance-format';
import { routes } from './router';
import { ErrorState, Loading } from './state-views';
import { tapi } from './training-api';
import {
  ASSIGNMENT_STATUS_LABEL,
  byAssignmentUrgency,
  byNewest,
  fmtPoints,
  groupByAssetType,
  matrixRows,
  plural,
  SKILL_LEVEL_LABEL,
  scoreGrade,
  scoreParts,
} from './training-format';
import { TrainingHead } from './training-parts';
import { useAction } from './use-action';
import { useAsync, useNow } from './use-async';
import { useCurrentUser } from './user';
import './training.css';

const LEVELS = ['not_started', 'novice', 'competent', 'proficient'] as const;

/** Assign a scenario to a trainee, with an optional due date and a note; the acting user is the instructor. */
function AssignForm({
  scenarios,
  trainees,
  onAssigned,
}: {
  scenarios: TrainingScenario[];
  trainees: string[];
  onAssigned: () => void;
}) {
  const [trainee, setTrainee] = useState('');
  const [scenarioId, setScenarioId] = useState('');
  const [due, setDue] = useState('');
  const [note, setNote] = useState('');
  const [done, setDone] = useState<string | null>(null);
  const { busy, error, run, setError } = useAction(onAssigned);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setDone(null);
    if (!trainee.trim() || !scenarioId) {
      setError('Name a trainee and choose a scenario.');
      return;
    }
    // A due date means the end of that day, local time.
    const dueAt = due ? new Date(`${due}T23:59:59`).getTime() : undefined;
    const a = await run('assign', () =>
      tapi.assign({ trainee: trainee.trim(), scenarioId, dueAt, note: note.trim() || undefined }),
    );
    if (a) {
      setDone(`Assigned to ${a.trainee}.`);
      setNote('');
    }
  };
  const groups = groupByAssetType(scenarios);
  return (
    <form className="card pad tr-assign" data-testid="assign-form" onSubmit={submit}>
      <h2>Assign a scenario</h2>
      <div className="tr-assign-grid">
        <label className="field">
          Trainee
          <input
            name="trainee"
            list="tr-trainees"
            value={trainee}
            onChange={(e) => setTrainee(e.target.value)}
            placeholder="e.g. trainee.tom"
            autoComplete="off"
            required
          />
          <datalist id="tr-trainees">
            {trainees.map((t) => (
              <option key={t} value={t} />
            ))}
          </datalist>
        </label>
        <label className="field tr-assign-scenario">
          Scenario
          <select name="scenario" value={scenarioId} onChange={(e) => setScenarioId(e.target.value)} required>
            <option value="">Choose a scenario…</option>
            {groups.map((g) => (
              <optgroup key={g.assetType} label={g.label}>
                {g.scenarios.map((s) => (
                  <option key={s.id} value={s.id}>
                    {s.title} · level {s.difficulty}
                  </option>
                ))}
              </optgroup>
            ))}
          </select>
        </label>
        <label className="field">
          Due (optional)
          <input name="due" type="date" value={due} onChange={(e) => setDue(e.target.value)} />
        </label>
        <label className="field tr-assign-note">
          Note (optional)
          <input name="note" value={note} onChange={(e) => setNote(e.target.value)} placeholder="What to focus on" />
        </label>
      </div>
      <div className="actions tr-assign-actions">
        <button type="submit" className="btn btn-big" disabled={busy !== null}>
          {busy ? 'Assigning…' : 'Assign'}
        </button>
        {done && (
          <span className="text-ok small" role="status">
            {done}
          </span>
        )}
        {error && <span className="action-error">{error}</span>}
      </div>
    </form>
  );
}

function SkillsMatrixTable({ m }: { m: SkillsMatrix }) {
  const rows = matrixRows(m);
  if (rows.length === 0 || m.skills.length === 0)
    return (
      <p className="muted small" data-testid="skills-matrix">
        No results yet: the matrix fills as trainees submit scenarios.
      </p>
    );
  return (
    <>
      <div className="table-scroll">
        <table className="tr-matrix" data-testid="skills-matrix">
          <thead>
            <tr>
              <th>Trainee</th>
              {m.skills.map((k) => (
                <th key={k} scope="col">
                  {k}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <tr key={r.trainee}>
                <th scope="row">{r.trainee}</th>
                {r.cells.map((c) => (
                  <td
                    key={c.skill}
                    className={`tr-cell tr-lvl-${c.level}`}
                    data-testid="skill-cell"
                    data-trainee={c.trainee}
                    data-skill={c.skill}
                    data-level={c.level}
                    data-attempts={c.attempts}
                    title={`${c.trainee} · ${c.skill}: ${SKILL_LEVEL_LABEL[c.level]}${
                      c.attempts
                        ? ` · best ${fmtPoints(c.best)}, last ${fmtPoints(c.last)}, ${c.attempts} attempts`
                        : ''
                    }`}
                  >
                    <div className="tr-cell-level">{SKILL_LEVEL_LABEL[c.level]}</div>
                    {c.attempts > 0 && (
                      <div className="tr-cell-sub">
                        best {fmtPoints(c.best)} · {c.attempts}×
                      </div>
                    )}
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <div className="tr-legend small">
        {LEVELS.map((l) => (
          <span key={l} className="tr-legend-item">
            <span className={`tr-swatch tr-lvl-${l}`} aria-hidden="true" /> {SKILL_LEVEL_LABEL[l]}
          </span>
        ))}
      </div>
    </>
  );
}

/** The instructor's view: assign scenarios, see results and the skills matrix. */
export function TrainingInstructorPage() {
  const user = useCurrentUser();
  const { data, error, loading, reload } = useAsync('training-instructor', async () => {
    const [scenarios, assignments, attempts, skills] = await Promise.all([
      tapi.scenarios(),
      tapi.assignments(),
      tapi.attempts(),
      tapi.skills(),
    ]);
    return { scenarios, assignments, attempts, skills };
  });
  const now = useNow(30_000);
  if (!data) {
    if (error) return <ErrorState error={error} onRetry={reload} title="Could not load the training results" />;
    return <Loading label="Loading the training results…" />;
  }
  const byId = new Map(data.scenarios.map((s) => [s.id, s]));
  const title = (id: string) => byId.get(id)?.title ?? id;
  const trainees = [
    ...new Set([
      ...data.skills.trainees,
      ...data.assignments.map((a) => a.trainee),
      ...data.attempts.map((a) => a.trainee),
    ]),
  ].sort();
  const assignments = [...data.assignments].sort(byAssignmentUrgency);
  const results = data.attempts.filter((a) => a.status === 'submitted' && a.score).sort(byNewest);

  return (
    <div className="page tr-page" data-testid="training-instructor-page">
      <TrainingHead
        title="Training · instructor"
        loading={loading}
        other={{ href: routes.training(), label: 'Trainee view' }}
      >
        Assign scenarios (recorded as assigned by <span className="strong">{user}</span>), follow results and skills
      </TrainingHead>

      <AssignForm scenarios={data.scenarios} trainees={trainees} onAssigned={reload} />

      <section className="card pad" data-testid="training-assignments-all">
        <div className="section-head">
          <h2>Assignments</h2>
          <span className="muted small">{assignments.filter((a) => a.status !== 'done').length} open</span>
        </div>
        {assignments.length === 0 ? (
          <p className="muted small">Nothing assigned yet.</p>
        ) : (
          <ul className="tr-list">
            {assignments.map((a) => (
              <li
                key={a.id}
                className="tr-assignment"
                data-testid="assignment-row"
                data-assignment-id={a.id}
                data-trainee={a.trainee}
                data-status={a.status}
              >
                <div className="tr-assignment-main">
                  <div>
                    <span className="strong">{a.trainee}</span> · {title(a.scenarioId)}
                  </div>
                  <div className="muted small">
                    by {a.assignedBy} · <span title={fmtFullTime(a.assignedAt)}>{fmtTime(a.assignedAt, now)}</span>
                    {a.dueAt !== undefined && <> · {fmtDue(a.dueAt, now)}</>}
                    {a.note && <> · “{a.note}”</>}
                  </div>
                </div>
                <span className={`tr-status tr-status-${a.status}`}>{ASSIGNMENT_STATUS_LABEL[a.status]}</span>
                {a.attemptId && (
                  <a className="btn btn-ghost tr-btn" href={routes.trainingAttempt(a.attemptId)}>
                    Open
                  </a>
                )}
              </li>
            ))}
          </ul>
        )}
      </section>

      <section className="card pad" data-testid="training-results">
        <div className="section-head">
          <h2>Results</h2>
          <span className="muted small">{plural(results.length, 'scored attempt')}, newest first</span>
        </div>
        {results.length === 0 ? (
          <p className="muted small">No submitted attempts yet.</p>
        ) : (
          <div className="table-scroll">
            <table className="tr-results">
              <thead>
                <tr>
                  <th>Trainee</th>
                  <th>Scenario</th>
                  <th>Submitted</th>
                  <th className="num">Diagnosis</th>
                  <th className="num">Sensors</th>
                  <th className="num">Actions</th>
                  <th className="num">Time</th>
                  <th className="num">Total</th>
                </tr>
              </thead>
              <tbody>
                {results.map((a) => {
                  const score = a.score;
                  if (!score) return null;
                  const s = byId.get(a.scenarioId);
                  return (
                    <tr
                      key={a.id}
                      data-testid="training-result"
                      data-attempt-id={a.id}
                      data-trainee={a.trainee}
                      data-scenario-id={a.scenarioId}
                      data-total={score.total}
                    >
                      <td className="strong">{a.trainee}</td>
                      <td>
                        <a href={routes.trainingAttempt(a.id)}>{title(a.scenarioId)}</a>
                        {s && <div className="muted small">{assetTypeLabel(s.assetType)}</div>}
                      </td>
                      <td className="small" title={fmtFullTime(a.submittedAt)}>
                        {fmtTime(a.submittedAt, now)}
                      </td>
                      {scoreParts(score).map((p) => (
                        <td
                          key={p.id}
                          className={`num ${p.id === 'diagnosis' && !score.diagnosis.correct ? 'tr-bad' : ''}`}
                        >
                          {fmtPoints(p.points)}
                          <span className="muted">/{fmtPoints(p.max)}</span>
                        </td>
                      ))}
                      <td className="num">
                        <span className={`tr-pts tr-${scoreGrade(score.total)}`}>{fmtPoints(score.total)}</span>
                      </td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </div>
        )}
      </section>

      <section className="card pad" data-testid="training-skills">
        <div className="section-head">
          <h2>Skills matrix</h2>
          <span className="muted small">best score per skill over the scenarios that exercise it</span>
        </div>
        <SkillsMatrixTable m={data.skills} />
      </section>
    </div>
  );
}
