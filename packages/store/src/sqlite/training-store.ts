/**
 * Training in SQLite (migration 10): attempts and assignments as JSON documents beside the columns that queries
 * filter by. These tables are the only place training touches the store: the simulated cases themselves are rebuilt
 * from each attempt's seed and never stored, so nothing of a scenario can mix with the plant's data.
 */
import type { TrainingAssignment, TrainingAttempt } from '@prognos/core';
import type Database from 'better-sqlite3';
import type { TrainingAssignmentQuery, TrainingAttemptQuery } from '../ports';
import { type Row, setFilters } from './metadata-rows';

const parse = <T>(r: Row): T => JSON.parse(r.data as string) as T;

/**
 * A table of JSON documents keyed by id, with some fields copied into columns of their own for queries to filter
 * by and a time column to list them newest first. Both stores build their tables and queries from these.
 */
export interface DocumentTable<T extends { id: string }> {
  table: string;
  /** Column name → the document's value for it. */
  columns: Record<string, (doc: T) => unknown>;
  /** The time column that lists put newest first (ties: higher id first). */
  newestBy: string;
}

export const TRAINING_ATTEMPTS: DocumentTable<TrainingAttempt> = {
  table: 'training_attempts',
  columns: {
    trainee: (a) => a.trainee,
    scenario_id: (a) => a.scenarioId,
    status: (a) => a.status,
    started_at: (a) => a.startedAt,
  },
  newestBy: 'started_at',
};

export const TRAINING_ASSIGNMENTS: DocumentTable<TrainingAssignment> = {
  table: 'training_assignments',
  columns: {
    trainee: (a) => a.trainee,
    scenario_id: (a) => a.scenarioId,
    status: (a) => a.status,
    assigned_at: (a) => a.assignedAt,
  },
  newestBy: 'assigned_at',
};

/** The column filters of a listing (an undefined value does not filter). */
export const attemptFilters = (q: TrainingAttemptQuery = {}) => ({ trainee: q.trainee, scenario_id: q.scenarioId });
export const assignmentFilters = (q: TrainingAssignmentQuery = {}) => ({ trainee: q.trainee, status: q.status });

class JsonDocuments<T extends { id: string }> {
  private readonly upsert: Database.Statement;
  private readonly one: Database.Statement;
  constructor(
    private readonly db: Database.Database,
    private readonly spec: DocumentTable<T>,
  ) {
    const names = Object.keys(spec.columns);
    this.upsert = db.prepare(
      `INSERT INTO ${spec.table} (id, ${names.join(', ')}, data) VALUES (${['id', ...names, 'data'].map(() => '?').join(', ')})
       ON CONFLICT (id) DO UPDATE SET ${[...names, 'data'].map((c) => `${c} = excluded.${c}`).join(', ')}`,
    );
    this.one = db.prepare(`SELECT data FROM ${spec.table} WHERE id = ?`);
  }

  /** Inserts or replaces (by id). */
  save(doc: T): void {
    this.upsert.run(doc.id, ...Object.values(this.spec.columns).map((value) => value(doc)), JSON.stringify(doc));
  }
  get(id: string): T | undefined {
    const r = this.one.get(id) as Row | undefined;
    return r && parse<T>(r);
  }
  /** Newest first, those whose columns equal the given values (an undefined value does not filter). */
  list(filters: Record<string, unknown>): T[] {
    const set = setFilters(filters);
    const where = set.length ? ` WHERE ${set.map(([c]) => `${c} = ?`).join(' AND ')}` : '';
    const sql = `SELECT data FROM ${this.spec.table}${where} ORDER BY ${this.spec.newestBy} DESC, id DESC`;
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
    this.attempts = new JsonDocuments(db, TRAINING_ATTEMPTS);
    this.assignments = new JsonDocuments(db, TRAINING_ASSIGNMENTS);
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
  listAttempts(q?: TrainingAttemptQuery): TrainingAttempt[] {
    this.check();
    return this.attempts.list(attemptFilters(q));
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
  listAssignments(q?: TrainingAssignmentQuery): TrainingAssignment[] {
    this.check();
    return this.assignments.list(assignmentFilters(q));
  }
}
