"""C5: ``finsuite new-plugin NAME`` writes an installable plugin package that keeps the plugin
contract and whose own tests pass as generated, on the fixtures Finsuite ships; a name that is
taken or not an identifier is refused with the reason."""
from __future__ import annotations

import json
import os
import subprocess
import sys
from importlib.metadata import entry_points
from pathlib import Path

import pytest

from tests.test_cli import _env, finsuite

ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.parametrize("name, reason", [
    ("books", "'books' is taken: a loaded plugin has that name"),
    ("json", "'json' is taken: an installed Python module has that name"),
    ("Acme-Notes", "'Acme-Notes' is not a plugin name"),
    ("class", "'class' is not a plugin name"),
])
def test_c5_a_taken_or_bad_name_is_refused_with_the_reason(tmp_path, name, reason):
    done = finsuite(_env(tmp_path), "new-plugin", name, "--dir", str(tmp_path))
    assert done.returncode == 1 and "Traceback" not in done.stderr
    assert f"Error: {reason}" in done.stderr
    assert list(tmp_path.glob("finsuite-*")) == []


def test_c5_a_new_plugin_keeps_the_contract_and_passes_its_own_tests(tmp_path):
    env = _env(tmp_path, FINSUITE_DATABASE_URL=f"sqlite:///{tmp_path / 'site.db'}")
    done = finsuite(env, "new-plugin", "acme_notes", "--dir", str(tmp_path))
    assert done.returncode == 0, done.stderr
    package = tmp_path / "finsuite-acme-notes"
    assert 'acme_notes = "acme_notes"' in (package / "pyproject.toml").read_text()  # its entry point
    env = {**env, "PYTHONPATH": os.pathsep.join([str(package), str(ROOT)]),
           "FINSUITE_PLUGINS": json.dumps(["acme_notes"])}
    done = finsuite(env, "check-plugin", "acme_notes", timeout=180)
    assert (done.returncode, done.stdout.strip()) == (0, "acme_notes: no problems"), done.stdout + done.stderr
    installed = any(e.value == "core.testing" for e in entry_points(group="pytest11"))
    env.pop("FINSUITE_PLUGINS")
    env.pop("FINSUITE_TEST_DATABASE_URL", None)  # its own SQLite session, as its author runs it
    done = subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider",
                           *([] if installed else ["-p", "core.testing"]), "tests"],
                          cwd=package, env=env, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-2000:]
    assert "2 passed" in done.stdout
