/**
 * Tables of the PostgreSQL MetadataStore's core part (core.ts), run by migration 2 (../migrations.ts). They mirror
 * the embedded store's tables (sqlite/migrations.ts, versions 2–7) column for column, so that both share the row
 * mappers of sqlite/metadata-rows.ts:
 *
 * - Ids and other keys that listings sort by are COLLATE "C": byte order, like SQLite's BINARY collation, whatever
 *   the database's default collation (en_US would sort 'P-10' and 'P1' differently).
 * - Epoch-ms timestamps are double precision, like the reading store's ts: ingest accepts fractional milliseconds
 *   (and SQLite keeps them), every integer ms up to 2^53 is exact, and ±Infinity range bounds compare natively.
 * - Structured documents are jsonb; the serialised RUL models (gzip, as in SQLite) and the waveform samples
 *   (Float32 little-endian, 4 bytes a sample) are bytea with STORAGE EXTERNAL: they do not compress further, so
 *   TOAST keeps them out of line without trying.
 * - Health and score are nullable like in SQLite, though PostgreSQL stores NaN ("not known") as it is.
 */
export const CORE_METADATA_DDL = `
  CREATE TABLE sites (id text COLLATE "C" PRIMARY KEY, name text NOT NULL, timezone text);
  CREATE TABLE areas (id text COLLATE "C" PRIMARY KEY, site_id text NOT NULL, name text NOT NULL);
  CREATE TABLE lines (id text COLLATE "C" PRIMARY KEY, area_id text NOT NULL, name text NOT NULL);
  CREATE TABLE assets (
    id text COLLATE "C" PRIMARY KEY, line_id text NOT NULL, name text NOT NULL, type text NOT NULL,
    criticality text NOT NULL, downtime_cost_per_hour double precision, manufacturer text, model text
  );
  CREATE TABLE components (
    id text COLLATE "C" PRIMARY KEY, asset_id text NOT NULL, name text NOT NULL, type text NOT NULL
  );
  CREATE INDEX components_asset ON components (asset_id, id);
  CREATE TABLE sensors (
    id text COLLATE "C" PRIMARY KEY, asset_id text NOT NULL, component_id text, name text NOT NULL,
    kind text NOT NULL, unit text NOT NULL, min double precision NOT NULL, max double precision NOT NULL,
    sample_rate_hz double precision NOT NULL, last_calibration text
  );
  CREATE INDEX sensors_asset ON sensors (asset_id, id);

  -- Listed newest update first (ties by id), optionally by asset and by state. "similar" is a keyword (SIMILAR TO).
  CREATE TABLE alerts (
    id text COLLATE "C" PRIMARY KEY, asset_id text NOT NULL, kind text NOT NULL, severity text NOT NULL,
    state text NOT NULL, title text NOT NULL, explanation text NOT NULL, contributions jsonb NOT NULL,
    score double precision NOT NULL, peak_score double precision NOT NULL, started_at double precision NOT NULL,
    updated_at double precision NOT NULL, closed_at double precision, "similar" jsonb
  );
  CREATE INDEX alerts_updated ON alerts (updated_at DESC, id);
  CREATE INDEX alerts_asset ON alerts (asset_id, updated_at DESC, id);
  CREATE INDEX alerts_state ON alerts (state, updated_at DESC, id);

  -- The work-order summaries (saveWorkOrder; the maintenance part keeps them in step with the full records).
  CREATE TABLE work_orders (
    id text COLLATE "C" PRIMARY KEY, asset_id text NOT NULL, alert_id text, title text NOT NULL,
    description text NOT NULL, status text NOT NULL, priority text NOT NULL, created_at double precision NOT NULL,
    due_at double precision, completed_at double precision
  );
  CREATE INDEX work_orders_created ON work_orders (created_at DESC, id);
  CREATE INDEX work_orders_asset ON work_orders (asset_id, created_at DESC, id);

  CREATE TABLE asset_health (
    asset_id text COLLATE "C" PRIMARY KEY, ts double precision NOT NULL, health double precision,
    score double precision, status text NOT NULL, contributions jsonb NOT NULL
  );
  -- History rows stay small (no contributions, status as a code): one per asset per health update.
  CREATE TABLE asset_health_history (
    asset_id text NOT NULL, ts double precision NOT NULL, health double precision, score double precision,
    status smallint NOT NULL,
    PRIMARY KEY (asset_id, ts)
  );
  CREATE TABLE asset_rul_history (
    asset_id text NOT NULL, ts double precision NOT NULL, method text NOT NULL, hours double precision NOT NULL,
    lower_hours double precision NOT NULL, upper_hours double precision NOT NULL,
    failure_probability double precision NOT NULL, horizon_hours double precision NOT NULL,
    threshold double precision NOT NULL,
    PRIMARY KEY (asset_id, ts)
  );

  -- One row per version of a remaining-useful-life model; the partial index allows one active version per name.
  CREATE TABLE rul_models (
    name text COLLATE "C" NOT NULL, version integer NOT NULL, created_at double precision NOT NULL,
    created_by text NOT NULL, source jsonb NOT NULL, options jsonb NOT NULL, metrics jsonb NOT NULL, note text,
    active boolean NOT NULL DEFAULT false, state bytea NOT NULL,
    PRIMARY KEY (name, version)
  );
  ALTER TABLE rul_models ALTER COLUMN state SET STORAGE EXTERNAL;
  CREATE UNIQUE INDEX rul_models_active ON rul_models (name) WHERE active;

  CREATE TABLE waveforms (
    id text COLLATE "C" PRIMARY KEY, sensor_id text NOT NULL, ts double precision NOT NULL,
    sample_rate_hz double precision NOT NULL, unit text NOT NULL, meta jsonb NOT NULL, data bytea NOT NULL
  );
  ALTER TABLE waveforms ALTER COLUMN data SET STORAGE EXTERNAL;
  CREATE INDEX waveforms_sensor_ts ON waveforms (sensor_id, ts DESC, id DESC);

  CREATE TABLE failure_modes (id text COLLATE "C" PRIMARY KEY, data jsonb NOT NULL);
  CREATE TABLE settings (key text PRIMARY KEY, value text NOT NULL);
`;
