/** Training in SQLite (migration 10): attempts and assignments as JSON documents beside their query columns. */
import type { TrainingAssignment, TrainingAttempt } from '@prognos/core';
import type Database from 'better-sqlite3';
import type { TrainingAssignmentQuery, TrainingAttemptQuery } from '../ports';

export class SqliteTraining {
  constructor(
    private readonly db: Database.Database,
    private readonly check: () => void,
  ) {}

  saveAttempt(_a: TrainingAttempt): void {
    this.check();
    void this.db;
    throw new Error('training store: not implemented yet');
  }
  getAttempt(_id: string): TrainingAttempt | undefined {
    throw new Error('training store: not implemented yet');
  }
  listAttempts(_q?: TrainingAttemptQuery): TrainingAttempt[] {
    throw new Error('training store: not implemented yet');
  }
  saveAssignment(_a: TrainingAssignment): void {
    throw new Error('training store: not implemented yet');
  }
  getAssignment(_id: string): TrainingAssignment | undefined {
    throw new Error('training store: not implemented yet');
  }
  listAssignments(_q?: TrainingAssignmentQuery): TrainingAssignment[] {
    throw new Error('training store: not implemented yet');
  }
}
