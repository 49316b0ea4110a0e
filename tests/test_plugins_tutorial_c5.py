"""C5: docs/plugins.md runs. Its file blocks are written out as a package, which keeps the
plugin contract (``finsuite check-plugin``) and passes its own tests on the shipped fixtures;
a code block that names no file (so would not be run) fails this test."""
from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from importlib.metadata import entry_points
from pathlib import Path

from tests.test_cli import _env, finsuite

ROOT = Path(__file__).resolve().parent.parent
BLOCK = re.compile(r"```(\w+)\n(.*?)```", re.S)
FILE = re.compile(r"^# (\S+)( \(continued\))?\n")


def tutorial_files() -> dict[str, str]:
    files: dict[str, str] = {}
    for language, body in BLOCK.findall((ROOT / "docs" / "plugins.md").read_text()):
        if language == "sh":
            continue  # commands for the reader, run below in their own way
        named = FILE.match(body)
        assert named, f"a {language} block of docs/plugins.md names no file, so it is never run:\n{body[:200]}"
        path, continued = named.group(1), named.group(2)
        assert bool(continued) == (path in files), f"{path}: '(continued)' on every block after its first only"
        files[path] = files.get(path, "") + ("\n\n" if continued else "") + body[named.end():]
    return files


def test_c5_the_tutorials_plugin_keeps_the_contract_and_passes_its_tests(tmp_path):
    package = tmp_path / "finsuite-deposits"
    for path, text in tutorial_files().items():
        (package / path).parent.mkdir(parents=True, exist_ok=True)
        (package / path).write_text(text)
    assert {"pyproject.toml", "deposits/__init__.py", "tests/test_deposits.py"} <= set(
        str(p.relative_to(package)) for p in package.rglob("*") if p.is_file())
    env = {**_env(tmp_path, FINSUITE_DATABASE_URL=f"sqlite:///{tmp_path / 'site.db'}"),
           "PYTHONPATH": os.pathsep.join([str(package), str(ROOT)])}
    done = finsuite({**env, "FINSUITE_PLUGINS": json.dumps(["deposits"])}, "check-plugin", "deposits", timeout=180)
    assert (done.returncode, done.stdout.strip()) == (0, "deposits: no problems"), done.stdout + done.stderr
    installed = any(e.value == "core.testing" for e in entry_points(group="pytest11"))
    done = subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider",
                           *([] if installed else ["-p", "core.testing"]), "tests"],
                          cwd=package, env=env, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stdout[-4000:] + done.stderr[-2000:]
    assert "5 passed" in done.stdout
