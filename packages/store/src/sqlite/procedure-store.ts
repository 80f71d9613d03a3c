/** Guided procedures in SQLite (migration 11): every version a row of its own, never updated. */
import type { NewProcedureVersion, Procedure } from '@prognos/core';
import type Database from 'better-sqlite3';

export class SqliteProcedures {
  constructor(
    private readonly db: Database.Database,
    private readonly check: () => void,
  ) {}

  saveVersion(_p: NewProcedureVersion): Procedure {
    this.check();
    void this.db;
    throw new Error('procedure store: not implemented yet');
  }
  get(_id: string, _version?: number): Procedure | undefined {
    throw new Error('procedure store: not implemented yet');
  }
  list(): Procedure[] {
    throw new Error('procedure store: not implemented yet');
  }
  versions(_id: string): Procedure[] {
    throw new Error('procedure store: not implemented yet');
  }
}
