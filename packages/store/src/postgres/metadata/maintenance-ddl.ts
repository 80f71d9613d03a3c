/**
 * Tables of the maintenance part of the PostgreSQL MetadataStore (migration 3, see ../migrations.ts): alert
 * work-flow, work-order details, maintenance-plan inputs, procedures, the know-how index and training. They mirror
 * the embedded store's migrations 7–11 (sqlite/migrations.ts): each record is a jsonb document beside the columns
 * that queries filter and sort by, so a field added to a type needs no migration. Times are epoch ms in double
 * precision, as in the core tables (core-ddl.ts): SQLite keeps fractional ms, and a time bound from a query string
 * (listMaintenanceWindows' from/to) may be fractional; every integer ms up to 2^53 is exact.
 *
 * Ids and the text columns that listings sort or filter by use the "C" collation: byte order, as SQLite compares
 * text, whatever the database's default collation is.
 *
 * Know-how search: knowledge_entries holds the findings of each work order that has any, with a tsvector written
 * by the same transaction that saves the work order (so the index never lags, and no backfill is needed: the
 * table was created together with work_order_details). The text search configuration knowledge_search stems
 * words with the original Porter stemmer, the one SQLite's porter tokenizer uses ('english' is Porter2, which
 * stems "dry" to "dri" and so makes "dry*" match "drive"), and like SQLite it keeps every word (no stop-word
 * list), so a search for "not" or "the" means what it says. Labels: root cause A, action taken B, title C,
 * notes D.
 */
export const MAINTENANCE_METADATA_DDL = `
  CREATE TABLE alert_workflows (
    alert_id text COLLATE "C" PRIMARY KEY,
    status text NOT NULL,
    outcome text,
    updated_at double precision NOT NULL,
    data jsonb NOT NULL
  );
  CREATE INDEX alert_workflows_updated ON alert_workflows (updated_at DESC, alert_id);
  CREATE INDEX alert_workflows_status ON alert_workflows (status, updated_at DESC);

  CREATE TABLE alert_comments (
    id text COLLATE "C" PRIMARY KEY,
    alert_id text COLLATE "C" NOT NULL,
    at double precision NOT NULL,
    author text NOT NULL,
    text text NOT NULL
  );
  CREATE INDEX alert_comments_alert ON alert_comments (alert_id, at, id);

  CREATE TABLE work_order_details (
    id text COLLATE "C" PRIMARY KEY,
    asset_id text COLLATE "C" NOT NULL,
    alert_id text COLLATE "C",
    status text NOT NULL,
    created_at double precision NOT NULL,
    data jsonb NOT NULL
  );
  CREATE INDEX work_order_details_created ON work_order_details (created_at DESC, id);
  CREATE INDEX work_order_details_asset ON work_order_details (asset_id, created_at DESC);
  CREATE INDEX work_order_details_alert ON work_order_details (alert_id);
  CREATE INDEX work_order_details_status ON work_order_details (status, created_at DESC);

  -- Stock in a column of its own so that a change is one atomic UPDATE, never a read-modify-write of the document.
  CREATE TABLE spare_parts (id text COLLATE "C" PRIMARY KEY, stock double precision NOT NULL, data jsonb NOT NULL);
  CREATE TABLE technicians (id text COLLATE "C" PRIMARY KEY, data jsonb NOT NULL);
  CREATE TABLE maintenance_windows (
    id text COLLATE "C" PRIMARY KEY,
    start_at double precision NOT NULL,
    end_at double precision NOT NULL,
    data jsonb NOT NULL
  );
  CREATE INDEX maintenance_windows_start ON maintenance_windows (start_at, id);
  CREATE TABLE preventive_plans (
    id text COLLATE "C" PRIMARY KEY,
    asset_id text COLLATE "C" NOT NULL,
    data jsonb NOT NULL
  );
  CREATE INDEX preventive_plans_asset ON preventive_plans (asset_id, id);

  -- Every version of a procedure is a row of its own, never updated.
  CREATE TABLE procedures (
    id text COLLATE "C" NOT NULL,
    version integer NOT NULL,
    created_at double precision NOT NULL,
    data jsonb NOT NULL,
    PRIMARY KEY (id, version)
  );

  CREATE TABLE training_attempts (
    id text COLLATE "C" PRIMARY KEY,
    trainee text COLLATE "C" NOT NULL,
    scenario_id text COLLATE "C" NOT NULL,
    status text NOT NULL,
    started_at double precision NOT NULL,
    data jsonb NOT NULL
  );
  CREATE INDEX training_attempts_started ON training_attempts (started_at DESC, id DESC);
  CREATE INDEX training_attempts_trainee ON training_attempts (trainee, started_at DESC);
  CREATE INDEX training_attempts_scenario ON training_attempts (scenario_id, started_at DESC);
  CREATE TABLE training_assignments (
    id text COLLATE "C" PRIMARY KEY,
    trainee text COLLATE "C" NOT NULL,
    scenario_id text COLLATE "C" NOT NULL,
    status text NOT NULL,
    assigned_at double precision NOT NULL,
    data jsonb NOT NULL
  );
  CREATE INDEX training_assignments_assigned ON training_assignments (assigned_at DESC, id DESC);
  CREATE INDEX training_assignments_trainee ON training_assignments (trainee, assigned_at DESC);
  CREATE INDEX training_assignments_status ON training_assignments (status, assigned_at DESC);

  CREATE TEXT SEARCH DICTIONARY knowledge_stem (TEMPLATE = snowball, LANGUAGE = porter);
  CREATE TEXT SEARCH CONFIGURATION knowledge_search (COPY = pg_catalog.english);
  ALTER TEXT SEARCH CONFIGURATION knowledge_search
    ALTER MAPPING FOR asciiword, asciihword, hword_asciipart, word, hword, hword_part WITH knowledge_stem;

  -- seq: write order (a re-indexed work order gets a new one), the tie-break of the newest-first listing.
  CREATE TABLE knowledge_entries (
    work_order_id text COLLATE "C" PRIMARY KEY REFERENCES work_order_details (id) ON DELETE CASCADE,
    seq bigint GENERATED ALWAYS AS IDENTITY,
    asset_id text COLLATE "C" NOT NULL,
    failure_mode_id text COLLATE "C",
    completed_at double precision,
    title text NOT NULL,
    root_cause text NOT NULL,
    action_taken text NOT NULL,
    notes text NOT NULL,
    -- Words in the four texts: the row length of the bm25 ranking (knowledge.ts).
    words integer NOT NULL,
    document tsvector NOT NULL
  );
  CREATE INDEX knowledge_entries_document ON knowledge_entries USING gin (document);
  CREATE INDEX knowledge_entries_newest ON knowledge_entries (completed_at DESC NULLS LAST, seq DESC);
  CREATE INDEX knowledge_entries_asset ON knowledge_entries (asset_id);
  CREATE INDEX knowledge_entries_failure_mode ON knowledge_entries (failure_mode_id);
`;
