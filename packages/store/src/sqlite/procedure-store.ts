/** Guided procedures in SQLite (migration 11): every version a row of its own, never updated. */
import type { NewProcedureVersion, Procedure } from '@prognos/core';
import type Database from 'better-sqlite3';
import type { Row } from './metadata-rows';

const parse = (r: Row): Procedure => JSON.parse(r.data as string) as Procedure;

export class SqliteProcedures {
  private readonly q;
  private readonly saveTx: (p: NewProcedureVersion) => Procedure;

  constructor(
    db: Database.Database,
    private readonly check: () => void,
  ) {
    this.q = {
      latestVersion: db.prepare('SELECT MAX(version) AS v FROM procedures WHERE id = ?'),
      insert: db.prepare('INSERT INTO procedures (id, version, created_at, data) VALUES (?, ?, ?, ?)'),
      latest: db.prepare('SELECT data FROM procedures WHERE id = ? ORDER BY version DESC LIMIT 1'),
      one: db.prepare('SELECT data FROM procedures WHERE id = ? AND version = ?'),
      // The latest version of each id: the row whose version is the id's maximum.
      all: db.prepare(
        `SELECT p.data FROM procedures p
         JOIN (SELECT id, MAX(version) AS v FROM procedures GROUP BY id) m ON m.id = p.id AND m.v = p.version
         ORDER BY p.id`,
      ),
      versions: db.prepare('SELECT data FROM procedures WHERE id = ? ORDER BY version DESC'),
    };
    // Reading the highest version and inserting the next one in one transaction, so two saves of the same
    // procedure can never get the same number (the primary key would refuse the second anyway).
    this.saveTx = db.transaction((p: NewProcedureVersion): Procedure => {
      const row = this.q.latestVersion.get(p.id) as { v: number | null };
      const saved: Procedure = { ...p, version: (row.v ?? 0) + 1, createdAt: Date.now() };
      this.q.insert.run(saved.id, saved.version, saved.createdAt, JSON.stringify(saved));
      return saved;
    });
  }

  saveVersion(p: NewProcedureVersion): Procedure {
    this.check();
    return this.saveTx(p);
  }
  get(id: string, version?: number): Procedure | undefined {
    this.check();
    const r = (version === undefined ? this.q.latest.get(id) : this.q.one.get(id, version)) as Row | undefined;
    return r && parse(r);
  }
  list(): Procedure[] {
    this.check();
    return (this.q.all.all() as Row[]).map(parse);
  }
  versions(id: string): Procedure[] {
    this.check();
    return (this.q.versions.all(id) as Row[]).map(parse);
  }
}
