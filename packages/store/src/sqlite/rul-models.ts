/** RUL model versions in SQLite (table rul_models, migration 5); the metadata store delegates to this. */
import { gunzipSync, gzipSync } from 'node:zlib';
import type { RulEvaluation, RulModelEntry, RulModelVersion } from '@prognos/core';
import type Database from 'better-sqlite3';
import type { NewRulModelVersion, StoredRulModel } from '../ports';
import { type Row, toRulModelVersion as toVersion } from './metadata-rows';

/** Every column but the model, so that listings never read (or decompress) a model. */
const SUMMARY = 'name, version, created_at, created_by, source, options, metrics, note, active';

export class SqliteRulModels {
  private readonly q;
  constructor(
    private readonly db: Database.Database,
    private readonly check: () => void,
  ) {
    this.q = {
      next: db.prepare('SELECT COALESCE(MAX(version), 0) + 1 FROM rul_models WHERE name = ?').pluck(),
      insert: db.prepare(
        `INSERT INTO rul_models (name, version, created_at, created_by, source, options, metrics, note, active, state)
         VALUES (@name, @version, @created_at, @created_by, @source, @options, @metrics, @note, 0, @state)`,
      ),
      deactivate: db.prepare('UPDATE rul_models SET active = 0 WHERE name = ? AND active = 1'),
      activate: db.prepare('UPDATE rul_models SET active = 1 WHERE name = ? AND version = ?'),
      one: db.prepare(`SELECT ${SUMMARY} FROM rul_models WHERE name = ? AND version = ?`),
      versions: db.prepare(`SELECT ${SUMMARY} FROM rul_models WHERE name = ? ORDER BY version DESC`),
      names: db.prepare('SELECT name, COUNT(*) AS versions FROM rul_models GROUP BY name ORDER BY name'),
      actives: db.prepare(`SELECT ${SUMMARY} FROM rul_models WHERE active = 1`),
      state: db.prepare(`SELECT ${SUMMARY}, state FROM rul_models WHERE name = ? AND version = ?`),
      activeState: db.prepare(`SELECT ${SUMMARY}, state FROM rul_models WHERE name = ? AND active = 1`),
      metrics: db.prepare('UPDATE rul_models SET metrics = ? WHERE name = ? AND version = ?'),
    };
  }

  private activateTx(name: string, version: number): boolean {
    this.q.deactivate.run(name);
    return this.q.activate.run(name, version).changes === 1;
  }

  save(v: NewRulModelVersion): RulModelVersion {
    this.check();
    // Numbering and activation in one transaction: two concurrent saves cannot get the same version.
    const version = this.db.transaction(() => {
      const n = this.q.next.get(v.name) as number;
      this.q.insert.run({
        name: v.name,
        version: n,
        created_at: v.createdAt,
        created_by: v.createdBy,
        source: JSON.stringify(v.source),
        options: JSON.stringify(v.options),
        metrics: JSON.stringify(v.metrics),
        note: v.note ?? null,
        state: gzipSync(v.state, { level: 6 }),
      });
      if (v.activate) this.activateTx(v.name, n);
      return n;
    })();
    return toVersion(this.q.one.get(v.name, version) as Row);
  }

  list(): RulModelEntry[] {
    this.check();
    const active = new Map((this.q.actives.all() as Row[]).map((r) => [r.name as string, toVersion(r)]));
    return (this.q.names.all() as Row[]).map((r) => {
      const a = active.get(r.name as string);
      return { name: r.name as string, versions: r.versions as number, ...(a ? { active: a } : {}) };
    });
  }

  versions(name: string): RulModelVersion[] {
    this.check();
    return (this.q.versions.all(name) as Row[]).map(toVersion);
  }

  get(name: string, version?: number): StoredRulModel | undefined {
    this.check();
    const r = (version === undefined ? this.q.activeState.get(name) : this.q.state.get(name, version)) as
      | Row
      | undefined;
    return r && { summary: toVersion(r), state: gunzipSync(r.state as Buffer).toString('utf8') };
  }

  activate(name: string, version: number): RulModelVersion | undefined {
    this.check();
    // The transaction rolls back the deactivation when the version does not exist.
    const ok = this.db.transaction(() => {
      if (!this.q.one.get(name, version)) return false;
      return this.activateTx(name, version);
    })();
    return ok ? toVersion(this.q.one.get(name, version) as Row) : undefined;
  }

  saveEvaluation(name: string, version: number, evaluation: RulEvaluation): RulModelVersion | undefined {
    this.check();
    return this.db.transaction(() => {
      const r = this.q.one.get(name, version) as Row | undefined;
      if (!r) return undefined;
      const v = toVersion(r);
      const metrics = { ...v.metrics, lastEvaluation: evaluation };
      this.q.metrics.run(JSON.stringify(metrics), name, version);
      return { ...v, metrics };
    })();
  }
}
