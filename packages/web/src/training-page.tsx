import type { TrainingAssignment, TrainingScenario } from '@prognos/core';
import { useMemo, useState } from 'react';
import { assetTypeLabel, fmtFullTime, fmtTime } from './format';
import { fmtDue } from './maintenance-format';
import { routes } from './router';
import { EmptyState, ErrorState, Loading } from './state-views';
import { tapi } from './training-api';
import {
  ASSIGNMENT_STATUS_LABEL,
  byAssignmentUrgency,
  byNewest,
  DIFFICULTY_LABEL,
  difficultyDots,
  fmtPoints,
  groupByAssetType,
  plural,
  SEVERITY_LABEL,
  scoreGrade,
} from './training-format';
import { SkillChips, TrainingHead } from './training-parts';
import { useAction } from './use-action';
import { useAsync, useNow } from './use-async';
import { useCurrentUser } from './user';
import './training.css';

/** Attempts listed before "show all": the page is mainly the library, and a phone screen is short. */
const RECENT = 5;

/** Starts a scenario (answering an assignment when given one) and opens the attempt. */
function useStart() {
  const { busy, error, run } = useAction();
  const start = async (scenarioId: string, assignmentId?: string) => {
    const c = await run(assignmentId ?? scenarioId, () => tapi.start(scenarioId, assignmentId));
    if (c) window.location.hash = routes.trainingAttempt(c.attemptId);
  };
  return { busy, error, start };
}

function ScenarioFacts({ s }: { s: TrainingScenario }) {
  return (
    <div className="tr-facts small">
      <span title={`Difficulty: ${DIFFICULTY_LABEL[s.difficulty]}`}>
        <span className="tr-dots" aria-hidden="true">
          {difficultyDots(s.difficulty)}
        </span>{' '}
        {DIFFICULTY_LABEL[s.difficulty]}
      </span>
      <span className={`tr-sev tr-sev-${s.severity}`}>{SEVERITY_LABEL[s.severity]}</span>
      <span>target {s.targetMinutes} min</span>
      {s.distractors.length > 0 && <span className="tr-distractor">+ a distractor</span>}
    </div>
  );
}

function AssignmentRow({
  a,
  scenario,
  score,
  now,
  busy,
  onStart,
}: {
  a: TrainingAssignment;
  scenario?: TrainingScenario;
  score?: number;
  now: number;
  busy: boolean;
  onStart: () => void;
}) {
  const overdue = a.dueAt !== undefined && a.dueAt < now && a.status !== 'done';
  return (
    <li
      className="tr-assignment"
      data-testid="training-assignment"
      data-assignment-id={a.id}
      data-scenario-id={a.scenarioId}
      data-status={a.status}
    >
      <div className="tr-assignment-main">
        <div className="strong">{scenario?.title ?? a.scenarioId}</div>
        <div className="muted small">
          {scenario && <>{assetTypeLabel(scenario.assetType)} · </>}assigned by {a.assignedBy} ·{' '}
          <span title={fmtFullTime(a.assignedAt)}>{fmtTime(a.assignedAt, now)}</span>
          {a.dueAt !== undefined && (
            <>
              {' '}
              · <span className={overdue ? 'text-alarm strong' : ''}>{fmtDue(a.dueAt, now)}</span>
            </>
          )}
        </div>
        {a.note && <div className="tr-note small">“{a.note}”</div>}
      </div>
      <span className={`tr-status tr-status-${a.status}`}>{ASSIGNMENT_STATUS_LABEL[a.status]}</span>
      {a.status === 'done' && a.attemptId ? (
        <a className="btn btn-ghost tr-btn" href={routes.trainingAttempt(a.attemptId)}>
          Review{score !== undefined ? ` · ${fmtPoints(score)}` : ''}
        </a>
      ) : a.status === 'started' && a.attemptId ? (
        <a className="btn tr-btn" href={routes.trainingAttempt(a.attemptId)} data-testid="training-continue">
          Continue
        </a>
      ) : (
        <button type="button" className="btn tr-btn" data-testid="training-start" disabled={busy} onClick={onStart}>
          Start
        </button>
      )}
    </li>
  );
}

/** Training: the trainee's assignments, the scenario library, and their results. */
export function TrainingPage() {
  const user = useCurrentUser();
  const { data, error, loading, reload } = useAsync(`training:${user}`, async () => {
    const [scenarios, assignments, attempts] = await Promise.all([
      tapi.scenarios(),
      tapi.assignments({ trainee: user }),
      tapi.attempts({ trainee: user }),
    ]);
    return { scenarios, assignments, attempts };
  });
  const now = useNow(30_000);
  const [type, setType] = useState('');
  const [allAttempts, setAllAttempts] = useState(false);
  const { busy, error: startError, start } = useStart();
  const groups = useMemo(() => groupByAssetType(data?.scenarios ?? []), [data?.scenarios]);

  if (!data) {
    if (error) return <ErrorState error={error} onRetry={reload} title="Could not load training" />;
    return <Loading label="Loading training…" />;
  }
  const byId = new Map(data.scenarios.map((s) => [s.id, s]));
  const attemptScore = new Map(data.attempts.map((a) => [a.id, a.score?.total]));
  const assignments = [...data.assignments].sort(byAssignmentUrgency);
  const open = assignments.filter((a) => a.status !== 'done').length;
  const attempts = [...data.attempts].sort(byNewest);
  const shown = type ? groups.filter((g) => g.assetType === type) : groups;

  return (
    <div className="page tr-page" data-testid="training-page" data-user={user}>
      <TrainingHead
        title="Training"
        loading={loading}
        other={{ href: routes.trainingInstructor(), label: 'Instructor view' }}
      >
        Your assignments and results as <span className="strong">{user}</span> · practise diagnosing faults on simulated
        machines: a sandbox, never plant data
      </TrainingHead>
      {startError && (
        <div className="action-error" role="alert">
          Could not start the scenario: {startError}
        </div>
      )}

      <section className="card pad" data-testid="training-assignments">
        <div className="section-head">
          <h2>Assigned to you</h2>
          <span className="muted small">{open} to do</span>
        </div>
        {assignments.length === 0 ? (
          <p className="muted small">No assignments. Pick any scenario from the library below to practise.</p>
        ) : (
          <ul className="tr-list">
            {assignments.map((a) => (
              <AssignmentRow
                key={a.id}
                a={a}
                scenario={byId.get(a.scenarioId)}
                score={a.attemptId ? attemptScore.get(a.attemptId) : undefined}
                now={now}
                busy={busy !== null}
                onStart={() => void start(a.scenarioId, a.id)}
              />
            ))}
          </ul>
        )}
      </section>

      <section className="card pad" data-testid="training-my-attempts">
        <div className="section-head">
          <h2>Your attempts</h2>
          <span className="muted small">{attempts.filter((a) => a.status === 'submitted').length} scored</span>
        </div>
        {attempts.length === 0 ? (
          <p className="muted small">None yet. Your scores will show here.</p>
        ) : (
          <ul className="tr-list">
            {(allAttempts ? attempts : attempts.slice(0, RECENT)).map((a) => {
              const total = a.score?.total;
              return (
                <li
                  key={a.id}
                  className="tr-attempt"
                  data-testid="training-my-attempt"
                  data-attempt-id={a.id}
                  data-total={total ?? ''}
                >
                  <div className="tr-assignment-main">
                    <a className="strong" href={routes.trainingAttempt(a.id)}>
                      {byId.get(a.scenarioId)?.title ?? a.scenarioId}
                    </a>
                    <div className="muted small" title={fmtFullTime(a.submittedAt ?? a.startedAt)}>
                      {a.status === 'submitted'
                        ? `submitted ${fmtTime(a.submittedAt, now)}`
                        : `started ${fmtTime(a.startedAt, now)} · in progress`}
                    </div>
                  </div>
                  {total !== undefined ? (
                    <span className={`tr-pts tr-${scoreGrade(total)}`}>{fmtPoints(total)}</span>
                  ) : (
                    <a className="btn tr-btn" href={routes.trainingAttempt(a.id)}>
                      Continue
                    </a>
                  )}
                </li>
              );
            })}
          </ul>
        )}
        {attempts.length > RECENT && (
          <button type="button" className="btn btn-ghost tr-btn" onClick={() => setAllAttempts((v) => !v)}>
            {allAttempts ? 'Show the latest only' : `Show all ${attempts.length}`}
          </button>
        )}
      </section>

      <section className="stack" data-testid="training-library">
        <div className="section-head">
          <h2>Scenario library</h2>
          <span className="muted small">
            {plural(data.scenarios.length, 'scenario')} on {plural(groups.length, 'machine type')}
          </span>
        </div>
        <div className="segmented segmented-wrap tr-filter" role="tablist" aria-label="Machine type">
          <button
            type="button"
            role="tab"
            aria-selected={!type}
            className={!type ? 'active' : ''}
            onClick={() => setType('')}
          >
            All <span className="count">{data.scenarios.length}</span>
          </button>
          {groups.map((g) => (
            <button
              key={g.assetType}
              type="button"
              role="tab"
              aria-selected={type === g.assetType}
              className={type === g.assetType ? 'active' : ''}
              onClick={() => setType(g.assetType)}
            >
              {g.label} <span className="count">{g.scenarios.length}</span>
            </button>
          ))}
        </div>
        {groups.length === 0 && <EmptyState title="No scenarios">The scenario library is empty.</EmptyState>}
        {shown.map((g) => (
          <div key={g.assetType} className="tr-group" data-testid="training-group" data-asset-type={g.assetType}>
            <h3 className="tr-group-head">{g.label}</h3>
            <ul className="tr-scenarios">
              {g.scenarios.map((s) => (
                <li
                  key={s.id}
                  className="card tr-scenario"
                  data-testid="training-scenario"
                  data-scenario-id={s.id}
                  data-asset-type={s.assetType}
                  data-difficulty={s.difficulty}
                >
                  <div className="strong">{s.title}</div>
                  <ScenarioFacts s={s} />
                  <p className="tr-brief small">{s.briefing}</p>
                  <SkillChips skills={s.skills} />
                  <div className="tr-scenario-foot">
                    <button
                      type="button"
                      className="btn tr-btn"
                      data-testid="scenario-start"
                      disabled={busy !== null}
                      onClick={() => void start(s.id)}
                    >
                      {busy === s.id ? 'Starting…' : 'Start'}
                    </button>
                  </div>
                </li>
              ))}
            </ul>
          </div>
        ))}
      </section>
    </div>
  );
}
