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

/**
 * A table of JSON documents keyed by id, with some fields copied into columns of their own for queries to filter
 * by and a time column to list them newest first.
 */
class JsonDocuments<T extends { id: string }> {
  private readonly upsert: Database.Statement;
  private readonly one: Database.Statement;
  constructor(
    private readonly db: Database.Database,
    private readonly table: string,
    /** Column name → the document's value for it. */
    private readonly columns: Record<string, (doc: T) => unknown>,
    private readonly newestBy: string,
  ) {
    const names = Object.keys(columns);
    this.upsert = db.prepare(
      `INSERT INTO ${table} (id, ${names.join(', ')}, data) VALUES (${['id', ...names, 'data'].map(() => '?').join(', ')})
       ON CONFLICT (id) DO UPDATE SET ${[...names, 'data'].map((c) => `${c} = excluded.${c}`).join(', ')}`,
    );
    this.one = db.prepare(`SELECT data FROM ${table} WHERE id = ?`);
  }

  /** Inserts or replaces (by id). */
  save(doc: T): void {
    this.upsert.run(doc.id, ...Object.values(this.columns).map((value) => value(doc)), JSON.stringify(doc));
  }
  get(id: string): T | undefined {
    const r = this.one.get(id) as Row | undefined;
    return r && parse<T>(r);
  }
  /** Newest first, those whose columns equal the given values (an undefined value does not filter). */
  list(filters: Record<string, unknown>): T[] {
    const set = Object.entries(filters).filter(([, v]) => v !== undefined);
    const where = set.length ? ` WHERE ${set.map(([c]) => `${c} = ?`).join(' AND ')}` : '';
    const sql = `SELECT data FROM ${this.table}${where} ORDER BY ${this.newestBy} DESC, id DESC`;
    return (this.db.prepare(sql).all(...set.map(([, v]) => v)) as Row[]).map((r) => parse<T>(r));
  }
}

export class SqliteTraining {
  private readonly attempts: JsonDocuments<TrainingAttempt>;
  private readonly assignments: JsonDocuments<TrainingAssignment>;
  constructor(
    db: Database.Database,
    private readonly check: () => void,
  ) {
    this.attempts = new JsonDocuments<TrainingAttempt>(
      db,
      'training_attempts',
      {
        trainee: (a) => a.trainee,
        scenario_id: (a) => a.scenarioId,
        status: (a) => a.status,
        started_at: (a) => a.startedAt,
      },
      'started_at',
    );
    this.assignments = new JsonDocuments<TrainingAssignment>(
      db,
      'training_assignments',
      {
        trainee: (a) => a.trainee,
        scenario_id: (a) => a.scenarioId,
        status: (a) => a.status,
        assigned_at: (a) => a.assignedAt,
      },
      'assigned_at',
    );
  }

  /** Inserts or replaces (by id). */
  saveAttempt(a: TrainingAttempt): void {
    this.check();
    this.attempts.save(a);
  }
  getAttempt(id: string): TrainingAttempt | undefined {
    this.check();
    return this.attempts.get(id);
  }
  /** Newest first. */
  listAttempts(q: TrainingAttemptQuery = {}): TrainingAttempt[] {
    this.check();
    return this.attempts.list({ trainee: q.trainee, scenario_id: q.scenarioId });
  }

  /** Inserts or replaces (by id). */
  saveAssignment(a: TrainingAssignment): void {
    this.check();
    this.assignments.save(a);
  }
  getAssignment(id: string): TrainingAssignment | undefined {
    this.check();
    return this.assignments.get(id);
  }
  /** Newest first. */
  listAssignments(q: TrainingAssignmentQuery = {}): TrainingAssignment[] {
    this.check();
    return this.assignments.list({ trainee: q.trainee, status: q.status });
  }
}
