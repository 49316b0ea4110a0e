#!/usr/bin/env bash
# Set up everything the tests need (Python packages, Debian's chromium) and run the whole
# suite on SQLite and on PostgreSQL (FINSUITE_TEST_DATABASE_URL, default the local server).
# Extra arguments go to pytest.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
if [ ! -x /usr/bin/chromium ]; then
  echo "Installing Debian's chromium for the browser tests..."
  SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq chromium >/dev/null
fi
# axe-core (npm, pinned in tests/browser/package-lock.json) checks the pages' accessibility
if ! command -v npm >/dev/null; then
  echo "Installing Debian's npm for the accessibility checks..."
  SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq npm >/dev/null
fi
if [ ! -f tests/browser/node_modules/axe-core/axe.min.js ]; then
  npm ci --prefix tests/browser --no-audit --no-fund --silent
fi
PG_URL="${FINSUITE_TEST_DATABASE_URL:-postgresql://postgres@127.0.0.1:5432/test}"
pg_up() { .venv/bin/python - "$PG_URL" <<'PY'
import sys, psycopg2
try:
    psycopg2.connect(sys.argv[1], connect_timeout=3).close()
except Exception as exc:
    print(f"PostgreSQL not reachable: {exc}", file=sys.stderr); sys.exit(1)
PY
}
if ! pg_up 2>/dev/null && command -v pg_ctlcluster >/dev/null && [ -d /etc/postgresql ]; then
  pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql | head -1)" main start || true
  sleep 2
fi

# The two runs go side by side, one per core (FINSUITE_TEST_SERIAL=1: one after the other); the
# PostgreSQL run prints as it goes, the SQLite run's output follows it.
SQLITE_LOG="$(mktemp)"
trap 'rm -f "$SQLITE_LOG"' EXIT
if [ -n "${FINSUITE_TEST_SERIAL:-}" ]; then
  echo "== Test suite on SQLite =="
  env -u FINSUITE_TEST_DATABASE_URL .venv/bin/python -m pytest "$@"
  echo "== Test suite on PostgreSQL ($PG_URL) =="
  pg_up
  FINSUITE_TEST_DATABASE_URL="$PG_URL" .venv/bin/python -m pytest "$@"
  exit 0
fi
env -u FINSUITE_TEST_DATABASE_URL .venv/bin/python -m pytest "$@" >"$SQLITE_LOG" 2>&1 &
SQLITE_PID=$!
set +e
echo "== Test suite on PostgreSQL ($PG_URL), the SQLite run beside it =="
pg_up && FINSUITE_TEST_DATABASE_URL="$PG_URL" .venv/bin/python -m pytest "$@"
PG_STATUS=$?
wait "$SQLITE_PID"
SQLITE_STATUS=$?
set -e
echo "== Test suite on SQLite =="
cat "$SQLITE_LOG"
echo "== SQLite: $([ $SQLITE_STATUS -eq 0 ] && echo passed || echo FAILED); PostgreSQL: $([ $PG_STATUS -eq 0 ] && echo passed || echo FAILED) =="
[ "$SQLITE_STATUS" -eq 0 ] && [ "$PG_STATUS" -eq 0 ]
