#!/usr/bin/env bash
# Set up and start the demo: web UI on SQLite with demo data; the login is printed.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
exec .venv/bin/finsuite demo "$@"
