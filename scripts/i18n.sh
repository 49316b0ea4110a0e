#!/usr/bin/env bash
# The translation catalogues (French and locales), with Babel, per package: the core's in
# core/translations/, each plugin's in its own package (plugins/<name>/translations/), and each
# example third-party plugin's in its package (examples/finsuite-payments/finsuite_payments/
# translations/), as a third-party plugin ships its own.
#   bash scripts/i18n.sh extract   # messages.pot of each package from its sources
#   bash scripts/i18n.sh update    # extract, then bring each fr/messages.po up to date
#   bash scripts/i18n.sh compile   # the .mo files the application reads (the set-up runs it)
set -euo pipefail
cd "$(dirname "$0")/.."
PYBABEL=".venv/bin/pybabel"
LANGS="fr"
KEYWORDS=(-k _ -k gettext -k ngettext:1,2 -k lazy_gettext -k _l -k N_ -k tr)  # _l: lazy_gettext as _l
packages() {
  echo core
  for d in plugins/*/ examples/*/*/; do
    case "$d" in */tests/) continue ;; esac
    if [ -f "$d/__init__.py" ]; then echo "${d%/}"; fi
  done
}

extract() {
  for pkg in $(packages); do
    mkdir -p "$pkg/translations"
    "$PYBABEL" -q extract -F babel.cfg "${KEYWORDS[@]}" --no-location --sort-output \
      --project=finsuite --copyright-holder="Finsuite" -o "$pkg/translations/messages.pot" "$pkg"
  done
}

update() {
  extract
  for pkg in $(packages); do
    for lang in $LANGS; do
      if [ -f "$pkg/translations/$lang/LC_MESSAGES/messages.po" ]; then
        "$PYBABEL" -q update --no-fuzzy-matching -i "$pkg/translations/messages.pot" -d "$pkg/translations" -l "$lang"
      else
        "$PYBABEL" -q init -i "$pkg/translations/messages.pot" -d "$pkg/translations" -l "$lang"
      fi
    done
  done
}

compile() {
  for pkg in $(packages); do
    if compgen -G "$pkg/translations/*/LC_MESSAGES/messages.po" >/dev/null; then
      "$PYBABEL" -q compile -d "$pkg/translations"
    fi
  done
}

"${1:-compile}"
