"""French and locales: every message of every package (the core and each plugin, from its
sources, as `bash scripts/i18n.sh extract` finds them) has a French translation in that
package's catalogue, and none is marked fuzzy; so has the example third-party plugin's, whose
catalogue is in its own package (examples/finsuite-payments/finsuite_payments/translations/). A
failure names each message missing."""
from __future__ import annotations

from pathlib import Path

import pytest
from babel.messages.extract import extract_from_dir
from babel.messages.frontend import parse_mapping_cfg
from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parents[1]
KEYWORDS = {"_": None, "gettext": None, "ngettext": (1, 2), "lazy_gettext": None, "_l": None, "N_": None, "tr": None}
PACKAGES = ["core", *sorted(str(p.parent.relative_to(ROOT)) for pattern in ("plugins/*/__init__.py",
                                                                           "examples/*/*/__init__.py")
                             for p in ROOT.glob(pattern) if p.parent.name != "tests")]


def extracted(package: str) -> set[str]:
    with open(ROOT / "babel.cfg", encoding="utf-8") as cfg:
        method_map, options_map = parse_mapping_cfg(cfg)
    found = set()
    for _file, _line, message, _comments, _context in extract_from_dir(
            str(ROOT / package), method_map, options_map, keywords=KEYWORDS):
        found.add(message[0] if isinstance(message, tuple) else message)
    return {m for m in found if m}


@pytest.mark.parametrize("package", PACKAGES)
def test_every_message_has_a_french_translation(package):
    catalogue = ROOT / package / "translations" / "fr" / "LC_MESSAGES" / "messages.po"
    messages = extracted(package)
    assert catalogue.exists(), f"{package} has no French catalogue ({len(messages)} messages)"
    with open(catalogue, "rb") as po:
        french = read_po(po, locale="fr")
    problems = []
    for msgid in sorted(messages):
        entry = french.get(msgid)
        if entry is None or not (entry.string if isinstance(entry.string, str) else all(entry.string)):
            problems.append(f"untranslated: {msgid!r}")
        elif entry.fuzzy:
            problems.append(f"fuzzy: {msgid!r}")
    assert not problems, f"{package}: {len(problems)} of {len(messages)} messages\n" + "\n".join(problems)
