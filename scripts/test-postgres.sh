#!/usr/bin/env bash
# Sourced by scripts/test.sh: makes sure a local PostgreSQL 15 cluster is running with a test role and database,
# and exports PROGNOS_TEST_PG_URL so that the PostgreSQL reading store runs the same conformance suite as SQLite.
# Idempotent: a second run finds the cluster online and the role and database present. Any failure is fatal:
# the PostgreSQL tests must run in CI, never silently skip. (Inside `pg_test_setup || ...` bash ignores set -e,
# hence the explicit returns.)
# An explicitly set PROGNOS_TEST_PG_URL (e.g. a PostgreSQL server elsewhere) is used as it is.

pg_test_setup() {
  local sudo="" as_postgres
  if [ "$(id -u)" = 0 ]; then
    as_postgres=(runuser -u postgres --)
  else
    sudo="sudo"
    as_postgres=(sudo -u postgres)
  fi
  command -v pg_lsclusters >/dev/null 2>&1 || { echo "[test] PostgreSQL is not installed (pg_lsclusters missing)" >&2; return 1; }
  # Debian's postgresql package creates 15/main on install unless the image disables it; create it if missing.
  if ! pg_lsclusters -h | awk '$1 == "15" && $2 == "main"' | grep -q .; then
    echo "[test] creating PostgreSQL cluster 15/main"
    $sudo pg_createcluster 15 main >/dev/null || return 1
  fi
  # Containers have no init system: apt installs the cluster without starting it.
  if [ "$(pg_lsclusters -h | awk '$1 == "15" && $2 == "main" { print $4 }')" != "online" ]; then
    echo "[test] starting PostgreSQL cluster 15/main"
    $sudo pg_ctlcluster 15 main start || return 1
  fi
  local port
  port="$(pg_lsclusters -h | awk '$1 == "15" && $2 == "main" { print $3 }')"
  local psql=("${as_postgres[@]}" psql -p "$port" -v ON_ERROR_STOP=1 -qAt)
  # run psql from a directory the postgres user can read (avoids "could not change directory" notices)
  (
    cd /
    if [ "$("${psql[@]}" -c "SELECT 1 FROM pg_roles WHERE rolname = 'prognos_test'")" != "1" ]; then
      "${psql[@]}" -c "CREATE ROLE prognos_test LOGIN PASSWORD 'prognos_test'" || exit 1
    fi
    if [ "$("${psql[@]}" -c "SELECT 1 FROM pg_database WHERE datname = 'prognos_test'")" != "1" ]; then
      "${psql[@]}" -c "CREATE DATABASE prognos_test OWNER prognos_test" || exit 1
    fi
  ) || return 1
  export PROGNOS_TEST_PG_URL="postgres://prognos_test:prognos_test@127.0.0.1:${port}/prognos_test"
}

if [ -z "${PROGNOS_TEST_PG_URL:-}" ]; then
  pg_test_setup || { echo "[test] FAILED to set up PostgreSQL for the store tests" >&2; exit 1; }
fi
# Fail loudly now rather than in the middle of vitest when the server cannot be reached.
psql "$PROGNOS_TEST_PG_URL" -qAt -c 'SELECT 1' >/dev/null || {
  echo "[test] FAILED to connect to PostgreSQL at ${PROGNOS_TEST_PG_URL//:*@/:***@}" >&2
  exit 1
}
echo "[test] PostgreSQL ready for the store tests"
