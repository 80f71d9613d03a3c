#!/usr/bin/env bash
# Runs every test: typecheck, lint, unit, integration (real MQTT client) and browser (Debian Chromium) tests.
# Installs the Debian packages the tests need when they are missing (CI runs as root on Debian 12).
set -euo pipefail
cd "$(dirname "$0")/.."

need=()
command -v mosquitto_pub >/dev/null 2>&1 || need+=(mosquitto-clients)
[ -x /usr/sbin/mosquitto ] || need+=(mosquitto)
/usr/bin/python3 -c 'import pymodbus' >/dev/null 2>&1 || need+=(python3-pymodbus)
# the pymodbus server imports pyserial even for TCP; Debian only recommends it (and --no-install-recommends skips it)
/usr/bin/python3 -c 'import serial_asyncio' >/dev/null 2>&1 || need+=(python3-serial-asyncio)
command -v mbpoll >/dev/null 2>&1 || need+=(mbpoll)
[ -x /usr/bin/chromium ] || need+=(chromium)
# the ROI report tests render the PDF (pdftoppm) and read its text back (pdftotext)
command -v pdftoppm >/dev/null 2>&1 && command -v pdftotext >/dev/null 2>&1 || need+=(poppler-utils)
# the PostgreSQL reading store runs the store conformance suite against a local PostgreSQL 15 (scripts/test-postgres.sh)
[ -x /usr/lib/postgresql/15/bin/postgres ] || need+=(postgresql)
if [ ${#need[@]} -gt 0 ]; then
  echo "[test] installing Debian packages: ${need[*]}"
  SUDO=""
  [ "$(id -u)" = 0 ] || SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
fi

# the server bundle and web UI are built by `npm install` (prepare); rebuild if they are missing
[ -f packages/cli/dist/prognos.mjs ] && [ -f packages/web/dist/index.html ] || node scripts/build.mjs

# starts PostgreSQL and exports PROGNOS_TEST_PG_URL (exits when it cannot)
source scripts/test-postgres.sh

echo "[test] typecheck"
npx tsc -p tsconfig.json
echo "[test] lint"
npx biome check .
echo "[test] vitest"
npx vitest run "$@"
