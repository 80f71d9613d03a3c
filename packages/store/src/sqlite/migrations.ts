/**
 * Numbered, ordered schema migrations. Each runs once, inside a transaction, and is recorded in
 * schema_migrations; add new ones at the end with the next number and never edit an applied one.
 */
import type Database from 'better-sqlite3';

export interface Migration {
  version: number;
  name: string;
  sql: string;
}

export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'readings',
    // Columns of reading_chunk are ordered small-first so that chart queries reading the stats and the
    // minute rollups rarely touch the overflow pages that hold the compressed data.
    sql: `
      CREATE TABLE store_meta (key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID;
      CREATE TABLE series (id INTEGER PRIMARY KEY, sensor TEXT NOT NULL UNIQUE);
      CREATE TABLE reading_head (
        id INTEGER PRIMARY KEY,
        series_id INTEGER NOT NULL,
        window_start INTEGER NOT NULL,
        n INTEGER NOT NULL,
        data BLOB NOT NULL
      );
      CREATE INDEX reading_head_window ON reading_head (series_id, window_start);
      CREATE TABLE reading_chunk (
        id INTEGER PRIMARY KEY,
        series_id INTEGER NOT NULL,
        window_start INTEGER NOT NULL,
        n INTEGER NOT NULL,
        t_min REAL NOT NULL,
        t_max REAL NOT NULL,
        v_min REAL,
        v_max REAL,
        v_sum REAL,
        minutes BLOB NOT NULL,
        data BLOB NOT NULL
      );
      CREATE UNIQUE INDEX reading_chunk_window ON reading_chunk (series_id, window_start);
    `,
  },
  {
    version: 2,
    name: 'metadata',
    sql: `
      CREATE TABLE sites (id TEXT PRIMARY KEY, name TEXT NOT NULL, timezone TEXT);
      CREATE TABLE areas (id TEXT PRIMARY KEY, site_id TEXT NOT NULL, name TEXT NOT NULL);
      CREATE TABLE lines (id TEXT PRIMARY KEY, area_id TEXT NOT NULL, name TEXT NOT NULL);
      CREATE TABLE assets (
        id TEXT PRIMARY KEY, line_id TEXT NOT NULL, name TEXT NOT NULL, type TEXT NOT NULL,
        criticality TEXT NOT NULL, downtime_cost_per_hour REAL, manufacturer TEXT, model TEXT
      );
      CREATE TABLE components (
        id TEXT PRIMARY KEY, asset_id TEXT NOT NULL, name TEXT NOT NULL, type TEXT NOT NULL
      );
      CREATE INDEX components_asset ON components (asset_id);
      CREATE TABLE sensors (
        id TEXT PRIMARY KEY, asset_id TEXT NOT NULL, component_id TEXT, name TEXT NOT NULL, kind TEXT NOT NULL,
        unit TEXT NOT NULL, min REAL NOT NULL, max REAL NOT NULL, sample_rate_hz REAL NOT NULL,
        last_calibration TEXT
      );
      CREATE INDEX sensors_asset ON sensors (asset_id);
      CREATE TABLE alerts (
        id TEXT PRIMARY KEY, asset_id TEXT NOT NULL, kind TEXT NOT NULL, severity TEXT NOT NULL,
        state TEXT NOT NULL, title TEXT NOT NULL, explanation TEXT NOT NULL, contributions TEXT NOT NULL,
        score REAL NOT NULL, peak_score REAL NOT NULL, started_at INTEGER NOT NULL, updated_at INTEGER NOT NULL,
        closed_at INTEGER
      );
      CREATE INDEX alerts_asset ON alerts (asset_id, updated_at);
      CREATE INDEX alerts_state ON alerts (state, updated_at);
      CREATE TABLE work_orders (
        id TEXT PRIMARY KEY, asset_id TEXT NOT NULL, alert_id TEXT, title TEXT NOT NULL,
        description TEXT NOT NULL, status TEXT NOT NULL, priority TEXT NOT NULL, created_at INTEGER NOT NULL,
        due_at INTEGER, completed_at INTEGER
      );
      CREATE INDEX work_orders_asset ON work_orders (asset_id, created_at);
      CREATE TABLE asset_health (
        asset_id TEXT PRIMARY KEY, ts INTEGER NOT NULL, health REAL, score REAL, status TEXT NOT NULL,
        contributions TEXT NOT NULL
      );
      -- History rows stay small (no contributions, status as a code): one per asset per health update.
      CREATE TABLE asset_health_history (
        asset_id TEXT NOT NULL, ts INTEGER NOT NULL, health REAL, score REAL, status INTEGER NOT NULL,
        PRIMARY KEY (asset_id, ts)
      ) WITHOUT ROWID;
      CREATE TABLE settings (key TEXT PRIMARY KEY, value TEXT NOT NULL);
    `,
  },
  {
    version: 3,
    name: 'similar past episodes on alerts',
    sql: `ALTER TABLE alerts ADD COLUMN similar TEXT;`,
  },
  {
    version: 4,
    name: 'vibration waveform snapshots',
    // Samples as one Float32 little-endian BLOB: 4 bytes a sample (1 MiB for 2^18), read and written whole.
    sql: `
      CREATE TABLE waveforms (
        id TEXT PRIMARY KEY, sensor_id TEXT NOT NULL, ts INTEGER NOT NULL, sample_rate_hz REAL NOT NULL,
        unit TEXT NOT NULL, meta TEXT NOT NULL, data BLOB NOT NULL
      );
      CREATE INDEX waveforms_sensor_ts ON waveforms (sensor_id, ts);
    `,
  },
  {
    version: 5,
    name: 'rul-models',
    // One row per version of a remaining-useful-life model; the model itself (trees, 1–5 MB of JSON) is a gzip
    // BLOB read only to predict, never by the listings. The partial index allows one active version per name.
    sql: `
      CREATE TABLE rul_models (
        name TEXT NOT NULL, version INTEGER NOT NULL, created_at INTEGER NOT NULL, created_by TEXT NOT NULL,
        source TEXT NOT NULL, options TEXT NOT NULL, metrics TEXT NOT NULL, note TEXT,
        active INTEGER NOT NULL DEFAULT 0, state BLOB NOT NULL,
        PRIMARY KEY (name, version)
      );
      CREATE UNIQUE INDEX rul_models_active ON rul_models (name) WHERE active = 1;
    `,
  },
  {
    version: 6,
    name: 'remaining-useful-life history',
    // One small row per asset per prediction (the health-trend RUL of each health update while it degrades).
    sql: `
      CREATE TABLE asset_rul_history (
        asset_id TEXT NOT NULL, ts INTEGER NOT NULL, method TEXT NOT NULL, hours REAL NOT NULL,
        lower_hours REAL NOT NULL, upper_hours REAL NOT NULL, failure_probability REAL NOT NULL,
        horizon_hours REAL NOT NULL, threshold REAL NOT NULL,
        PRIMARY KEY (asset_id, ts)
      ) WITHOUT ROWID;
    `,
  },
  {
    version: 7,
    name: 'maintenance loop: failure modes, alert workflows, comments, work-order details',
    // Documents as JSON beside the columns that queries filter and sort by. Work-order details keep their summary
    // in work_orders (migration 2) so the existing listings keep working.
    sql: `
      CREATE TABLE failure_modes (id TEXT PRIMARY KEY, data TEXT NOT NULL);
      CREATE TABLE alert_workflows (
        alert_id TEXT PRIMARY KEY, status TEXT NOT NULL, outcome TEXT, updated_at INTEGER NOT NULL, data TEXT NOT NULL
      );
      CREATE TABLE alert_comments (
        id TEXT PRIMARY KEY, alert_id TEXT NOT NULL, at INTEGER NOT NULL, author TEXT NOT NULL, text TEXT NOT NULL
      );
      CREATE INDEX alert_comments_alert ON alert_comments (alert_id, at);
      CREATE TABLE work_order_details (
        id TEXT PRIMARY KEY, asset_id TEXT NOT NULL, alert_id TEXT, status TEXT NOT NULL,
        created_at INTEGER NOT NULL, data TEXT NOT NULL
      );
      CREATE INDEX work_order_details_asset ON work_order_details (asset_id, created_at);
      CREATE INDEX work_order_details_alert ON work_order_details (alert_id);
    `,
  },
  {
    version: 8,
    name: 'maintenance plan inputs: spare parts, technicians, maintenance windows, preventive plans',
    // JSON documents beside the columns queries filter and sort by (as in migration 7). Stock is a column of its own
    // so that a decrement is one atomic UPDATE, never a read-modify-write of the document.
    sql: `
      CREATE TABLE spare_parts (id TEXT PRIMARY KEY, stock REAL NOT NULL, data TEXT NOT NULL);
      CREATE TABLE technicians (id TEXT PRIMARY KEY, data TEXT NOT NULL);
      CREATE TABLE maintenance_windows (
        id TEXT PRIMARY KEY, start_at INTEGER NOT NULL, end_at INTEGER NOT NULL, data TEXT NOT NULL
      );
      CREATE INDEX maintenance_windows_start ON maintenance_windows (start_at);
      CREATE TABLE preventive_plans (id TEXT PRIMARY KEY, asset_id TEXT NOT NULL, data TEXT NOT NULL);
      CREATE INDEX preventive_plans_asset ON preventive_plans (asset_id);
    `,
  },
  {
    version: 9,
    name: 'know-how: full-text index of work-order findings',
    // FTS5 (compiled into better-sqlite3). One row per work order with findings; the ids ride along unindexed so a
    // hit names its work order, asset and failure mode without a join.
    sql: `
      CREATE VIRTUAL TABLE knowledge_fts USING fts5(
        work_order_id UNINDEXED, asset_id UNINDEXED, failure_mode_id UNINDEXED, completed_at UNINDEXED,
        title, root_cause, action_taken, notes,
        tokenize = 'porter unicode61'
      );
    `,
  },
  {
    version: 10,
    name: 'training: attempts and assignments',
    sql: `
      CREATE TABLE training_attempts (
        id TEXT PRIMARY KEY, trainee TEXT NOT NULL, scenario_id TEXT NOT NULL, status TEXT NOT NULL,
        started_at INTEGER NOT NULL, data TEXT NOT NULL
      );
      CREATE INDEX training_attempts_trainee ON training_attempts (trainee, started_at);
      CREATE TABLE training_assignments (
        id TEXT PRIMARY KEY, trainee TEXT NOT NULL, scenario_id TEXT NOT NULL, status TEXT NOT NULL,
        assigned_at INTEGER NOT NULL, data TEXT NOT NULL
      );
      CREATE INDEX training_assignments_trainee ON training_assignments (trainee, assigned_at);
    `,
  },
  {
    version: 11,
    name: 'guided procedures, versioned',
    sql: `
      CREATE TABLE procedures (
        id TEXT NOT NULL, version INTEGER NOT NULL, created_at INTEGER NOT NULL, data TEXT NOT NULL,
        PRIMARY KEY (id, version)
      ) WITHOUT ROWID;
    `,
  },
];

/** Applies the migrations that are not yet recorded, in order, each in its own transaction. */
export function migrate(db: Database.Database, migrations: readonly Migration[] = MIGRATIONS): number[] {
  for (let i = 1; i < migrations.length; i++) {
    if (migrations[i]!.version <= migrations[i - 1]!.version) throw new Error('migrations must be in ascending order');
  }
  db.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (
    version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at INTEGER NOT NULL
  )`);
  const applied = new Set(
    db
      .prepare('SELECT version FROM schema_migrations')
      .pluck()
      .all()
      .map((v) => Number(v)),
  );
  const record = db.prepare('INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)');
  const ran: number[] = [];
  for (const m of migrations) {
    if (applied.has(m.version)) continue;
    db.transaction(() => {
      db.exec(m.sql);
      record.run(m.version, m.name, Date.now());
    })();
    ran.push(m.version);
  }
  return ran;
}
