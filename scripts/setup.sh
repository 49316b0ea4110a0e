#!/usr/bin/env bash
# Create .venv (if missing) and install Finsuite with its test and server extras.
set -euo pipefail
cd "$(dirname "$0")/.."
PYTHON="${PYTHON:-python3}"
if [ ! -x .venv/bin/python ]; then
  "$PYTHON" -m venv .venv
fi
.venv/bin/python -m pip install --quiet --upgrade pip 2>/dev/null || true
.venv/bin/python -m pip install --quiet -e ".[test,server]"
# the worked example of a third-party plugin (docs/plugins.md): installed as any plugin is, and tested with the suite
.venv/bin/python -m pip install --quiet -e examples/finsuite-payments
# The PDFs (core/pdf.py) print with DejaVu Sans, so that any name prints (Łódź, Ærøskøbing, €)
if [ ! -f /usr/share/fonts/truetype/dejavu/DejaVuSans.ttf ]; then
  echo "Installing Debian's fonts-dejavu-core for the PDFs..."
  SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq fonts-dejavu-core >/dev/null
fi
bash scripts/i18n.sh compile  # the French catalogues the application reads (.mo from .po)
