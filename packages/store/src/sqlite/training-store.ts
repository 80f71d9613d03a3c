/**
 * Training in SQLite (migration 10): attempts and assignments as JSON documents beside the columns that queries
 * filter by. These tables are the only place training touches the store: the simulated cases themselves are rebuilt
 * from each attempt's seed and never stored, so nothing of a scenario can mix with the plant's data.
 */
import type { TrainingAssignment, TrainingAttempt } from '@prognos/core';
import type Database from 'better-sqlite3';
import type { TrainingAssignmentQuery, TrainingAttemptQuery } from '../ports';
import type { Row } from './metadata-rows';

const parse = <T>(r: Row): T => JSON.parse(r.data as string) as T;

export class SqliteTraining {
  private readonly q;
  constructor(
    private readonly db: Database.Database,
    private readonly check: () => void,
  ) {
    this.q = {
      attempt: db.prepare(
        `INSERT INTO training_attempts (id, trainee, scenario_id, status, started_at, data) VALUES (?, ?, ?, ?, ?, ?)
         ON CONFLICT (id) DO UPDATE SET trainee = excluded.trainee, scenario_id = excluded.scenario_id,
           status = excluded.status, started_at = excluded.started_at, data = excluded.data`,
      ),
      oneAttempt: db.prepare('SELECT data FROM training_attempts WHERE id = ?'),
      assignment: db.prepare(
        `INSERT INTO training_assignments (id, trainee, scenario_id, status, assigned_at, data)
         VALUES (?, ?, ?, ?, ?, ?)
         ON CONFLICT (id) DO UPDATE SET trainee = excluded.trainee, scenario_id = excluded.scenario_id,
           status = excluded.status, assigned_at = excluded.assigned_at, data = excluded.data`,
      ),
      oneAssignment: db.prepare('SELECT data FROM training_assignments WHERE id = ?'),
    };
  }

  /** Inserts or replaces (by id). */
  saveAttempt(a: TrainingAttempt): void {
    this.check();
    this.q.attempt.run(a.id, a.trainee, a.scenarioId, a.status, a.startedAt, JSON.stringify(a));
  }
  getAttempt(id: string): TrainingAttempt | undefined {
    this.check();
    const r = this.q.oneAttempt.get(id) as Row | undefined;
    return r && parse<TrainingAttempt>(r);
  }
  /** Newest first. */
  listAttempts(q: TrainingAttemptQuery = {}): TrainingAttempt[] {
    this.check();
    const where: string[] = [];
    const params: unknown[] = [];
    if (q.trainee !== undefined) {
      where.push('trainee = ?');
      params.push(q.trainee);
    }
    if (q.scenarioId !== undefined) {
      where.push('scenario_id = ?');
      params.push(q.scenarioId);
    }
    const sql = `SELECT data FROM training_attempts${where.length ? ` WHERE ${where.join(' AND ')}` : ''}
      ORDER BY started_at DESC, id DESC`;
    return (this.db.prepare(sql).all(...params) as Row[]).map((r) => parse<TrainingAttempt>(r));
  }

  /** Inserts or replaces (by id). */
  saveAssignment(a: TrainingAssignment): void {
    this.check();
    this.q.assignment.run(a.id, a.trainee, a.scenarioId, a.status, a.assignedAt, JSON.stringify(a));
  }
  getAssignment(id: string): TrainingAssignment | undefined {
    this.check();
    const r = this.q.oneAssignment.get(id) as Row | undefined;
    return r && parse<TrainingAssignment>(r);
  }
  /** Newest first. */
  listAssignments(q: TrainingAssignmentQuery = {}): TrainingAssignment[] {
    this.check();
    const where: string[] = [];
    const params: unknown[] = [];
    if (q.trainee !== undefined) {
      where.push('trainee = ?');
      params.push(q.trainee);
    }
    if (q.status !== undefined) {
      where.push('status = ?');
      params.push(q.status);
    }
    const sql = `SELECT data FROM training_assignments${where.length ? ` WHERE ${where.join(' AND ')}` : ''}
      ORDER BY assigned_at DESC, id DESC`;
    return (this.db.prepare(sql).all(...params) as Row[]).map((r) => parse<TrainingAssignment>(r));
  }
}
