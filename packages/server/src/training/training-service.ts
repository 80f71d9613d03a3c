/**
 * Training mode: a library of scenarios built on the simulator, each played in a sandbox (its data is generated on
 * demand from the attempt's seed and never enters the plant's store), scored with feedback that teaches, with
 * assignments and a skills matrix. Only the attempt and assignment rows are stored.
 */
import { randomInt, randomUUID } from 'node:crypto';
import {
  PrognosError,
  type SkillsMatrix,
  type TrainingAssignment,
  type TrainingAttempt,
  type TrainingCase,
  type TrainingScenario,
  type TrainingSubmission,
} from '@prognos/core';
import type { MetadataStore } from '@prognos/store';
import { type BuiltCase, buildCase } from './case-builder';
import { publicScenario, SCENARIOS, type ScenarioDef, scenarioDef, TRAINING_SKILLS } from './scenarios';
import { scoreAttempt } from './scoring';
import { skillsMatrix } from './skills';

export interface TrainingDeps {
  metadata: MetadataStore;
  log: { info: (o: unknown, m?: string) => void; warn: (o: unknown, m?: string) => void };
  /** Clock (default Date.now), for tests of the time marks. */
  now?: () => number;
}

/** Built cases kept in memory; an evicted one is rebuilt from its seed (well under a second). */
const CASE_CACHE_SIZE = 16;
const MAX_TEXT = 200;

const invalid = (field: string, why: string) => new PrognosError('TRAINING_INVALID', [field, why]);

function text(v: unknown, field: string, required: boolean): string | undefined {
  if (v === undefined || v === null || v === '') {
    if (required) throw invalid(field, 'it is required (a non-empty string)');
    return undefined;
  }
  if (typeof v !== 'string') throw invalid(field, `expected a string, got ${JSON.stringify(v)}`);
  const t = v.trim();
  if (t === '') {
    if (required) throw invalid(field, 'it is empty');
    return undefined;
  }
  if (t.length > MAX_TEXT) throw invalid(field, `at most ${MAX_TEXT} characters`);
  return t;
}

function object(body: unknown): Record<string, unknown> {
  if (!body || typeof body !== 'object' || Array.isArray(body))
    throw new PrognosError('MALFORMED_BODY', ['expected a JSON object']);
  return body as Record<string, unknown>;
}

export class TrainingService {
  private readonly cases = new Map<string, BuiltCase>();
  /** Cases being built, so that two requests for one attempt build it once. */
  private readonly building = new Map<string, Promise<BuiltCase>>();

  constructor(readonly deps: TrainingDeps) {}

  private now(): number {
    return (this.deps.now ?? Date.now)();
  }

  /** The library, optionally of one asset type. */
  scenarios(assetType?: string): TrainingScenario[] {
    return SCENARIOS.filter((s) => assetType === undefined || s.assetType === assetType).map((s) => publicScenario(s));
  }

  scenario(id: string): TrainingScenario {
    const def = scenarioDef(id);
    if (!def) throw new PrognosError('TRAINING_SCENARIO_NOT_FOUND', [id]);
    return publicScenario(def);
  }

  /** Starts an attempt: a fresh seed, a case built from it, the assignment (if any) marked started. */
  async start(body: unknown): Promise<TrainingCase> {
    const b = object(body);
    const scenarioId = text(b.scenarioId, 'scenarioId', true)!;
    const def = scenarioDef(scenarioId);
    if (!def) throw invalid('scenarioId', `unknown scenario "${scenarioId}" (GET /api/training/scenarios lists them)`);
    const trainee = text(b.trainee, 'trainee', true)!;
    const assignmentId = text(b.assignmentId, 'assignmentId', false);
    let assignment: TrainingAssignment | undefined;
    if (assignmentId !== undefined) {
      assignment = await this.deps.metadata.getTrainingAssignment(assignmentId);
      if (!assignment) throw invalid('assignmentId', `unknown assignment "${assignmentId}"`);
      if (assignment.scenarioId !== def.id)
        throw invalid('assignmentId', `assignment ${assignmentId} is for scenario ${assignment.scenarioId}`);
      if (assignment.trainee !== trainee)
        throw invalid('assignmentId', `assignment ${assignmentId} is for ${assignment.trainee}, not ${trainee}`);
      if (assignment.status === 'done')
        throw new PrognosError('CONFLICT', [`assignment ${assignmentId} is already done`]);
    }
    const attempt: TrainingAttempt = {
      id: `TA-${randomUUID()}`,
      scenarioId: def.id,
      trainee,
      ...(assignmentId !== undefined ? { assignmentId } : {}),
      seed: randomInt(1, 2 ** 31 - 1),
      startedAt: this.now(),
      status: 'in_progress',
    };
    const built = await this.caseOf(attempt, def);
    await this.deps.metadata.saveTrainingAttempt(attempt);
    if (assignment)
      await this.deps.metadata.saveTrainingAssignment({ ...assignment, status: 'started', attemptId: attempt.id });
    this.deps.log.info({ attempt: attempt.id, scenario: def.id, trainee }, 'training attempt started');
    return { attemptId: attempt.id, ...built.case };
  }

  async attempts(q: { trainee?: string; scenarioId?: string } = {}): Promise<TrainingAttempt[]> {
    return this.deps.metadata.listTrainingAttempts(q);
  }

  /** An attempt and its case; once submitted, the case's scenario names its distractors. */
  async attempt(id: string): Promise<{ attempt: TrainingAttempt; case: TrainingCase }> {
    const attempt = await this.deps.metadata.getTrainingAttempt(id);
    if (!attempt) throw new PrognosError('TRAINING_ATTEMPT_NOT_FOUND', [id]);
    const def = this.defOf(attempt);
    const built = await this.caseOf(attempt, def);
    const scenario = publicScenario(def, attempt.status === 'submitted');
    return { attempt, case: { attemptId: attempt.id, ...built.case, scenario } };
  }

  /** Scores a submission (once) and marks the attempt's assignment done. */
  async submit(id: string, body: unknown): Promise<TrainingAttempt> {
    const attempt = await this.deps.metadata.getTrainingAttempt(id);
    if (!attempt) throw new PrognosError('TRAINING_ATTEMPT_NOT_FOUND', [id]);
    if (attempt.status === 'submitted')
      throw new PrognosError('TRAINING_ALREADY_SUBMITTED', [
        id,
        new Date(attempt.submittedAt ?? attempt.startedAt).toISOString(),
      ]);
    const def = this.defOf(attempt);
    const built = await this.caseOf(attempt, def);
    const submission = this.readSubmission(body, built);
    const submittedAt = Math.max(this.now(), attempt.startedAt);
    const score = scoreAttempt({
      def,
      submission,
      minutes: (submittedAt - attempt.startedAt) / 60_000,
      contributions: built.case.alert.contributions,
      sensors: built.case.sensors,
      actions: built.actions,
      sensorId: built.sensorId,
      downtimeCostPerHour: built.downtimeCostPerHour,
    });
    const done: TrainingAttempt = { ...attempt, status: 'submitted', submittedAt, submission, score };
    await this.deps.metadata.saveTrainingAttempt(done);
    if (attempt.assignmentId !== undefined) {
      const a = await this.deps.metadata.getTrainingAssignment(attempt.assignmentId);
      if (a) await this.deps.metadata.saveTrainingAssignment({ ...a, status: 'done', attemptId: attempt.id });
    }
    this.deps.log.info({ attempt: id, total: score.total }, 'training attempt scored');
    return done;
  }

  async assign(body: unknown): Promise<TrainingAssignment> {
    const b = object(body);
    const trainee = text(b.trainee, 'trainee', true)!;
    const scenarioId = text(b.scenarioId, 'scenarioId', true)!;
    if (!scenarioDef(scenarioId))
      throw invalid('scenarioId', `unknown scenario "${scenarioId}" (GET /api/training/scenarios lists them)`);
    const assignedBy = text(b.assignedBy, 'assignedBy', true)!;
    const note = b.note === undefined || b.note === null ? undefined : String(b.note).trim().slice(0, 2_000);
    let dueAt: number | undefined;
    if (b.dueAt !== undefined && b.dueAt !== null) {
      dueAt = typeof b.dueAt === 'string' ? Date.parse(b.dueAt) : (b.dueAt as number);
      if (typeof dueAt !== 'number' || !Number.isFinite(dueAt))
        throw invalid('dueAt', `${JSON.stringify(b.dueAt)} is not epoch ms or an ISO 8601 date`);
    }
    const a: TrainingAssignment = {
      id: `TAS-${randomUUID()}`,
      trainee,
      scenarioId,
      assignedBy,
      assignedAt: this.now(),
      ...(dueAt !== undefined ? { dueAt } : {}),
      ...(note ? { note } : {}),
      status: 'assigned',
    };
    await this.deps.metadata.saveTrainingAssignment(a);
    return a;
  }

  async assignments(q: { trainee?: string; status?: string } = {}): Promise<TrainingAssignment[]> {
    const statuses = ['assigned', 'started', 'done'] as const;
    if (q.status !== undefined && !(statuses as readonly string[]).includes(q.status))
      throw invalid('status', `use one of ${statuses.join(', ')}`);
    return this.deps.metadata.listTrainingAssignments({
      ...(q.trainee !== undefined ? { trainee: q.trainee } : {}),
      ...(q.status !== undefined ? { status: q.status as TrainingAssignment['status'] } : {}),
    });
  }

  /** Every trainee (with an attempt or an assignment) × every skill of the library. */
  async skills(): Promise<SkillsMatrix> {
    const [attempts, assignments] = await Promise.all([
      this.deps.metadata.listTrainingAttempts(),
      this.deps.metadata.listTrainingAssignments(),
    ]);
    return skillsMatrix(
      attempts,
      (id) => scenarioDef(id)?.skills ?? [],
      TRAINING_SKILLS,
      assignments.map((a) => a.trainee),
    );
  }

  // ---------------------------------------------------------------------------------------------------------

  private defOf(attempt: TrainingAttempt): ScenarioDef {
    const def = scenarioDef(attempt.scenarioId);
    if (!def) throw new PrognosError('TRAINING_SCENARIO_NOT_FOUND', [attempt.scenarioId]);
    return def;
  }

  /** The attempt's case from the cache (least recently used evicted), else rebuilt from its seed. */
  private async caseOf(attempt: TrainingAttempt, def: ScenarioDef): Promise<BuiltCase> {
    const hit = this.cases.get(attempt.id);
    if (hit) {
      this.cases.delete(attempt.id);
      this.cases.set(attempt.id, hit);
      return hit;
    }
    const pending = this.building.get(attempt.id);
    if (pending) return pending;
    const job = buildCase(def, attempt.seed);
    this.building.set(attempt.id, job);
    try {
      const built = await job;
      this.cases.set(attempt.id, built);
      while (this.cases.size > CASE_CACHE_SIZE) {
        const oldest = this.cases.keys().next().value as string;
        this.cases.delete(oldest);
      }
      return built;
    } finally {
      this.building.delete(attempt.id);
    }
  }

  /** Checks a submission against the case: a mode of the candidates, known sensors and known actions. */
  private readSubmission(body: unknown, built: BuiltCase): TrainingSubmission {
    const b = object(body);
    const failureModeId = text(b.failureModeId, 'failureModeId', true)!;
    if (!built.case.candidateModes.some((m) => m.id === failureModeId))
      throw invalid(
        'failureModeId',
        `unknown failure mode "${failureModeId}" for this machine; use one of ${built.case.candidateModes.map((m) => m.id).join(', ')}`,
      );
    const sensorIds = new Set(built.case.candidateSensors.map((s) => s.id));
    let faultySensors: string[] | undefined;
    if (b.faultySensors !== undefined && b.faultySensors !== null) {
      if (!Array.isArray(b.faultySensors)) throw invalid('faultySensors', 'expected an array of sensor ids');
      faultySensors = b.faultySensors.map((s, i) => {
        const id = typeof s === 'string' ? (s.includes('.') ? s : built.sensorId(s)) : '';
        if (!sensorIds.has(id))
          throw invalid(`faultySensors[${i}]`, `unknown sensor ${JSON.stringify(s)}; use an id of candidateSensors`);
        return id;
      });
      faultySensors = [...new Set(faultySensors)];
    }
    if (!Array.isArray(b.actions)) throw invalid('actions', 'expected an array of action ids (may be empty)');
    const actions = b.actions.map((x, i) => {
      if (typeof x !== 'string' || !built.actions.has(x))
        throw invalid(`actions[${i}]`, `unknown action ${JSON.stringify(x)}; use an id of the case's actions`);
      return x;
    });
    return { failureModeId, ...(faultySensors ? { faultySensors } : {}), actions: [...new Set(actions)] };
  }
}
