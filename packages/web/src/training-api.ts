/** Calls of the training simulator: the scenario library, attempts and their scores, assignments, the skills matrix. */
import type {
  SkillsMatrix,
  TrainingAssignment,
  TrainingAttempt,
  TrainingCase,
  TrainingScenario,
  TrainingSubmission,
} from '@prognos/core';
import { qs, request } from './api';
import { currentUser } from './user';

const enc = encodeURIComponent;

function post<T>(path: string, body: object): Promise<T> {
  return request<T>(path, { method: 'POST', body: JSON.stringify(body) });
}

export const tapi = {
  scenarios: (assetType?: string) =>
    request<{ scenarios: TrainingScenario[] }>(`/api/training/scenarios${qs({ assetType })}`).then((r) => r.scenarios),
  scenario: (id: string) => request<TrainingScenario>(`/api/training/scenarios/${enc(id)}`),

  /** Starts a scenario for the acting user; the answer is the sandboxed case to work. */
  start: (scenarioId: string, assignmentId?: string) =>
    post<TrainingCase>('/api/training/attempts', { scenarioId, trainee: currentUser(), assignmentId }),
  attempts: (q: { trainee?: string; scenarioId?: string } = {}) =>
    request<{ attempts: TrainingAttempt[] }>(`/api/training/attempts${qs(q)}`).then((r) => r.attempts),
  attempt: (id: string) =>
    request<{ attempt: TrainingAttempt; case: TrainingCase }>(`/api/training/attempts/${enc(id)}`),
  submit: (id: string, submission: TrainingSubmission) =>
    post<TrainingAttempt>(`/api/training/attempts/${enc(id)}/submit`, submission),

  /** Assigns a scenario; the acting user is recorded as the instructor who assigned it. */
  assign: (a: { trainee: string; scenarioId: string; dueAt?: number; note?: string }) =>
    post<TrainingAssignment>('/api/training/assignments', { ...a, assignedBy: currentUser() }),
  assignments: (q: { trainee?: string; status?: TrainingAssignment['status'] } = {}) =>
    request<{ assignments: TrainingAssignment[] }>(`/api/training/assignments${qs(q)}`).then((r) => r.assignments),

  skills: () => request<SkillsMatrix>('/api/training/skills'),
};
