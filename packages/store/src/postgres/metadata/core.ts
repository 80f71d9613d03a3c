/**
 * The core part of the PostgreSQL MetadataStore (tables in core-ddl.ts): plant structure, sensors, alerts, work-order
 * summaries, health, RUL history and models, waveforms, failure modes and settings. Same semantics as the embedded
 * store (sqlite/metadata-store.ts, sqlite/rul-models.ts) and the same row mappers (sqlite/metadata-rows.ts), so
 * both return deep-equal objects. Every statement is parameterised.
 */
import { promisify } from 'node:util';
import { gunzip, gzip } from 'node:zlib';
import type {
  Alert,
  Area,
  Asset,
  AssetHealth,
  Component,
  FailureMode,
  Line,
  RulEvaluation,
  RulHistoryPoint,
  RulModelEntry,
  RulModelVersion,
  Sensor,
  Site,
  Waveform,
  WorkOrder,
} from '@prognos/core';
import type pg from 'pg';
import type { AlertQuery, NewRulModelVersion, StoredRulModel } from '../../ports';
import {
  alertRow,
  areaRow,
  assetRow,
  componentRow,
  json,
  lineRow,
  type Row,
  rulPointRow,
  STATUS_CODE,
  sensorRow,
  siteRow,
  toAlert,
  toArea,
  toAsset,
  toComponent,
  toHealthPoint,
  toLatestHealth,
  toLine,
  toRulModelVersion,
  toRulPoint,
  toSensor,
  toSite,
  toWaveform,
  toWorkOrder,
  waveformRow,
  workOrderRow,
} from '../../sqlite/metadata-rows';
import type { CoreMetadataPart } from './parts';
import { PoolPart } from './pool-part';
import { upsertSql } from './sql';

const gzipAsync = promisify(gzip);
const gunzipAsync = promisify(gunzip);

type Queryable = pg.Pool | pg.PoolClient;

/** upsertSql of one row whose keys are the column names, with its values in column order. */
function upsert(table: string, keyColumns: number, row: Record<string, unknown>): [string, unknown[]] {
  return [upsertSql(table, Object.keys(row), keyColumns), Object.values(row)];
}

/**
 * Writes a work-order summary (work_orders). Exported so that the maintenance part can keep the summary of a
 * work-order detail in step inside its own transaction.
 */
export async function writeWorkOrder(db: Queryable, w: WorkOrder): Promise<void> {
  await db.query(...upsert('work_orders', 1, workOrderRow(w)));
}

/** Every rul_models column but the model, so that listings never read (or decompress) a model. */
const RUL_SUMMARY = 'name, version, created_at, created_by, source, options, metrics, note, active';

/** SQLite compares with NULL when given NaN (no row matches); PostgreSQL orders NaN above every number. */
const isRange = (from: number, to: number) => !Number.isNaN(from) && !Number.isNaN(to);

/** The LIMIT the SQLite store applies. */
const limitOf = (n: number) => Math.max(0, Math.floor(n));

export class PgCoreMetadata extends PoolPart implements CoreMetadataPart {
  private async first(sql: string, params: unknown[]): Promise<Row | undefined> {
    return (await this.rows(sql, params))[0];
  }
  /** Inserts a row (keys are the column names) or replaces all but its first keyColumns columns. */
  private async save(table: string, row: Row, keyColumns = 1): Promise<void> {
    await this.query(...upsert(table, keyColumns, row));
  }
  /** The rows of an asset's history table (asset_id, ts, …) in [from, to), oldest first. */
  private async history(table: string, assetId: string, from: number, to: number): Promise<Row[]> {
    if (!isRange(from, to)) return [];
    return this.rows(`SELECT * FROM ${table} WHERE asset_id = $1 AND ts >= $2 AND ts < $3 ORDER BY ts`, [
      assetId,
      from,
      to,
    ]);
  }

  async upsertSite(site: Site): Promise<void> {
    await this.save('sites', siteRow(site));
  }
  async upsertArea(area: Area): Promise<void> {
    await this.save('areas', areaRow(area));
  }
  async upsertLine(line: Line): Promise<void> {
    await this.save('lines', lineRow(line));
  }
  async upsertAsset(a: Asset): Promise<void> {
    await this.save('assets', assetRow(a));
  }
  async upsertComponent(c: Component): Promise<void> {
    await this.save('components', componentRow(c));
  }
  async upsertSensor(s: Sensor): Promise<void> {
    await this.save('sensors', sensorRow(s));
  }

  async listSites(): Promise<Site[]> {
    return (await this.rows('SELECT * FROM sites ORDER BY id')).map(toSite);
  }
  async listAreas(): Promise<Area[]> {
    return (await this.rows('SELECT * FROM areas ORDER BY id')).map(toArea);
  }
  async listLines(): Promise<Line[]> {
    return (await this.rows('SELECT * FROM lines ORDER BY id')).map(toLine);
  }
  async listAssets(): Promise<Asset[]> {
    return (await this.rows('SELECT * FROM assets ORDER BY id')).map(toAsset);
  }
  async getAsset(id: string): Promise<Asset | undefined> {
    const r = await this.first('SELECT * FROM assets WHERE id = $1', [id]);
    return r && toAsset(r);
  }
  async listComponents(assetId?: string): Promise<Component[]> {
    const rows =
      assetId === undefined
        ? await this.rows('SELECT * FROM components ORDER BY id')
        : await this.rows('SELECT * FROM components WHERE asset_id = $1 ORDER BY id', [assetId]);
    return rows.map(toComponent);
  }
  async listSensors(assetId?: string): Promise<Sensor[]> {
    const rows =
      assetId === undefined
        ? await this.rows('SELECT * FROM sensors ORDER BY id')
        : await this.rows('SELECT * FROM sensors WHERE asset_id = $1 ORDER BY id', [assetId]);
    return rows.map(toSensor);
  }
  async getSensor(id: string): Promise<Sensor | undefined> {
    const r = await this.first('SELECT * FROM sensors WHERE id = $1', [id]);
    return r && toSensor(r);
  }

  async saveAlert(a: Alert): Promise<void> {
    await this.save('alerts', alertRow(a));
  }
  async getAlert(id: string): Promise<Alert | undefined> {
    const r = await this.first('SELECT * FROM alerts WHERE id = $1', [id]);
    return r && toAlert(r);
  }
  /** Newest first (by last update). state 'active' means open or acknowledged. */
  async listAlerts(q: AlertQuery = {}): Promise<Alert[]> {
    const where: string[] = [];
    const params: unknown[] = [];
    if (q.assetId !== undefined) {
      params.push(q.assetId);
      where.push(`asset_id = $${params.length}`);
    }
    if (q.state === 'active') where.push("state IN ('open', 'acknowledged')");
    else if (q.state !== undefined) {
      params.push(q.state);
      where.push(`state = $${params.length}`);
    }
    let sql = 'SELECT * FROM alerts';
    if (where.length > 0) sql += ` WHERE ${where.join(' AND ')}`;
    sql += ' ORDER BY updated_at DESC, id';
    if (q.limit !== undefined) {
      params.push(limitOf(q.limit));
      sql += ` LIMIT $${params.length}`;
    }
    return (await this.rows(sql, params)).map(toAlert);
  }

  async saveWorkOrder(w: WorkOrder): Promise<void> {
    this.check();
    await writeWorkOrder(this.pool, w);
  }
  /** Newest first (by creation). */
  async listWorkOrders(assetId?: string): Promise<WorkOrder[]> {
    const rows =
      assetId === undefined
        ? await this.rows('SELECT * FROM work_orders ORDER BY created_at DESC, id')
        : await this.rows('SELECT * FROM work_orders WHERE asset_id = $1 ORDER BY created_at DESC, id', [assetId]);
    return rows.map(toWorkOrder);
  }

  /**
   * One statement, so both writes commit together: the latest health is replaced only by one at least as new
   * (a late update goes to the history alone); the history keeps one row per asset and ts.
   */
  async saveHealth(h: AssetHealth): Promise<void> {
    this.check();
    await this.pool.query(
      `WITH latest AS (
         INSERT INTO asset_health (asset_id, ts, health, score, status, contributions)
         VALUES ($1, $2, $3, $4, $5, $6)
         ON CONFLICT (asset_id) DO UPDATE SET ts = EXCLUDED.ts, health = EXCLUDED.health, score = EXCLUDED.score,
           status = EXCLUDED.status, contributions = EXCLUDED.contributions
         WHERE EXCLUDED.ts >= asset_health.ts
       )
       INSERT INTO asset_health_history (asset_id, ts, health, score, status) VALUES ($1, $2, $3, $4, $7)
       ON CONFLICT (asset_id, ts) DO UPDATE SET health = EXCLUDED.health, score = EXCLUDED.score,
         status = EXCLUDED.status`,
      [h.assetId, h.ts, h.health, h.score, h.status, JSON.stringify(h.contributions), STATUS_CODE[h.status] ?? 3],
    );
  }
  async latestHealth(): Promise<AssetHealth[]> {
    return (await this.rows('SELECT * FROM asset_health ORDER BY asset_id')).map(toLatestHealth);
  }
  /** History in [from, to), oldest first; contributions are kept only for the latest entry (empty here). */
  async healthHistory(assetId: string, from: number, to: number): Promise<AssetHealth[]> {
    return (await this.history('asset_health_history', assetId, from, to)).map(toHealthPoint);
  }

  async saveRul(p: RulHistoryPoint): Promise<void> {
    await this.save('asset_rul_history', rulPointRow(p), 2);
  }
  async rulHistory(assetId: string, from: number, to: number): Promise<RulHistoryPoint[]> {
    return (await this.history('asset_rul_history', assetId, from, to)).map(toRulPoint);
  }

  /**
   * Runs fn in a transaction holding a lock on one model name, so that numbering (next version) and activation
   * (one active version) are serialised per name, also across processes sharing the schema. A transaction-scoped
   * advisory lock, because a new name has no row to lock yet; keyed by schema and name.
   */
  private rulModelTransaction<T>(name: string, fn: (c: pg.PoolClient) => Promise<T>): Promise<T> {
    return this.transaction(async (c) => {
      await c.query("SELECT pg_advisory_xact_lock(hashtext(current_schema() || '.rul_models'), hashtext($1))", [name]);
      return fn(c);
    });
  }

  async saveRulModel(v: NewRulModelVersion): Promise<RulModelVersion> {
    this.check();
    const state = await gzipAsync(v.state, { level: 6 });
    return this.rulModelTransaction(v.name, async (c) => {
      const next = await c.query<{ next: number }>(
        'SELECT COALESCE(MAX(version), 0) + 1 AS next FROM rul_models WHERE name = $1',
        [v.name],
      );
      if (v.activate) await c.query('UPDATE rul_models SET active = false WHERE name = $1 AND active', [v.name]);
      const r = await c.query(
        `INSERT INTO rul_models (name, version, created_at, created_by, source, options, metrics, note, active, state)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING ${RUL_SUMMARY}`,
        [
          v.name,
          next.rows[0]!.next,
          v.createdAt,
          v.createdBy,
          JSON.stringify(v.source),
          JSON.stringify(v.options),
          JSON.stringify(v.metrics),
          v.note ?? null,
          v.activate,
          state,
        ],
      );
      return toRulModelVersion(r.rows[0] as Row);
    });
  }

  /** One snapshot: each name's version count with its active version (if any), by name. */
  async listRulModels(): Promise<RulModelEntry[]> {
    const rows = await this.rows(
      `SELECT n.name, n.versions, a.version, a.created_at, a.created_by, a.source, a.options, a.metrics, a.note,
         a.active
       FROM (SELECT name, COUNT(*)::integer AS versions FROM rul_models GROUP BY name) n
       LEFT JOIN rul_models a ON a.name = n.name AND a.active
       ORDER BY n.name`,
    );
    return rows.map((r) => ({
      name: r.name as string,
      versions: r.versions as number,
      ...(r.version !== null ? { active: toRulModelVersion(r) } : {}),
    }));
  }
  async listRulModelVersions(name: string): Promise<RulModelVersion[]> {
    const rows = await this.rows(`SELECT ${RUL_SUMMARY} FROM rul_models WHERE name = $1 ORDER BY version DESC`, [name]);
    return rows.map(toRulModelVersion);
  }
  async getRulModel(name: string, version?: number): Promise<StoredRulModel | undefined> {
    const r =
      version === undefined
        ? await this.first(`SELECT ${RUL_SUMMARY}, state FROM rul_models WHERE name = $1 AND active`, [name])
        : await this.first(`SELECT ${RUL_SUMMARY}, state FROM rul_models WHERE name = $1 AND version = $2`, [
            name,
            version,
          ]);
    if (!r) return undefined;
    return { summary: toRulModelVersion(r), state: (await gunzipAsync(r.state as Buffer)).toString('utf8') };
  }
  /**
   * Deactivation before activation (the unique index on the active version is checked row by row); a missing
   * version changes nothing.
   */
  async activateRulModel(name: string, version: number): Promise<RulModelVersion | undefined> {
    return this.rulModelTransaction(name, async (c) => {
      const found = await c.query('SELECT 1 FROM rul_models WHERE name = $1 AND version = $2', [name, version]);
      if (found.rowCount === 0) return undefined;
      await c.query('UPDATE rul_models SET active = false WHERE name = $1 AND active AND version <> $2', [
        name,
        version,
      ]);
      const r = await c.query(
        `UPDATE rul_models SET active = true WHERE name = $1 AND version = $2 RETURNING ${RUL_SUMMARY}`,
        [name, version],
      );
      return toRulModelVersion(r.rows[0] as Row);
    });
  }
  /** One atomic UPDATE: the version's metrics with lastEvaluation set (added or replaced). */
  async saveRulEvaluation(
    name: string,
    version: number,
    evaluation: RulEvaluation,
  ): Promise<RulModelVersion | undefined> {
    const r = await this.first(
      `UPDATE rul_models SET metrics = metrics || jsonb_build_object('lastEvaluation', $3::jsonb)
       WHERE name = $1 AND version = $2 RETURNING ${RUL_SUMMARY}`,
      [name, version, JSON.stringify(evaluation)],
    );
    return r && toRulModelVersion(r);
  }

  async saveWaveform(w: Waveform): Promise<void> {
    this.check();
    await this.save('waveforms', waveformRow(w));
  }
  /** Newest first; the sample count comes from the bytea's length, so the samples are not read. */
  async listWaveforms(sensorId: string, limit = 20): Promise<Waveform[]> {
    const rows = await this.rows(
      `SELECT id, sensor_id, ts, sample_rate_hz, unit, meta, octet_length(data) / 4 AS samples
       FROM waveforms WHERE sensor_id = $1 ORDER BY ts DESC, id DESC LIMIT $2`,
      [sensorId, limitOf(limit)],
    );
    return rows.map(toWaveform);
  }
  async getWaveform(id: string): Promise<Waveform | undefined> {
    const r = await this.first('SELECT *, octet_length(data) / 4 AS samples FROM waveforms WHERE id = $1', [id]);
    return r && toWaveform(r);
  }

  async saveFailureMode(fm: FailureMode): Promise<void> {
    await this.save('failure_modes', { id: fm.id, data: JSON.stringify(fm) });
  }
  /** Sorted by id; with assetType, the modes whose assetTypes list it (jsonb `?`: an array holding the string). */
  async listFailureModes(assetType?: string): Promise<FailureMode[]> {
    const rows =
      assetType === undefined
        ? await this.rows('SELECT data FROM failure_modes ORDER BY id')
        : await this.rows("SELECT data FROM failure_modes WHERE data -> 'assetTypes' ? $1 ORDER BY id", [assetType]);
    return rows.map((r) => json<FailureMode>(r.data));
  }
  async getFailureMode(id: string): Promise<FailureMode | undefined> {
    const r = await this.first('SELECT data FROM failure_modes WHERE id = $1', [id]);
    return r && json<FailureMode>(r.data);
  }

  async getSetting(key: string): Promise<string | undefined> {
    const r = await this.first('SELECT value FROM settings WHERE key = $1', [key]);
    return r?.value as string | undefined;
  }
  async setSetting(key: string, value: string): Promise<void> {
    await this.save('settings', { key, value });
  }
}
