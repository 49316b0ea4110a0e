"""Structure promises: plugins use only what core/__init__.py exports."""
from __future__ import annotations

import ast
from pathlib import Path

import core

ROOT = Path(__file__).resolve().parent.parent


def core_imports(path: Path):
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.ImportFrom) and node.module and node.module.split(".")[0] == "core":
            yield node.module, [alias.name for alias in node.names]
        elif isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name.split(".")[0] == "core":
                    yield alias.name, []


def test_c4_plugins_import_only_the_public_core_api():
    offenders = []
    examples = [p for p in ROOT.glob("examples/*/*/**/*.py") if "tests" not in p.relative_to(ROOT).parts]
    assert examples, "the third-party example plugins (examples/) are checked too"
    for path in sorted([*ROOT.glob("plugins/**/*.py"), *examples]):
        for module, names in core_imports(path):
            if module != "core":
                offenders.append(f"{path.relative_to(ROOT)}: import of {module}")
            offenders += [f"{path.relative_to(ROOT)}: core.{n} is not exported"
                          for n in names if n not in core.__all__]
    assert offenders == []


def test_c4_the_public_api_exports_what_it_lists():
    missing = [name for name in core.__all__ if not hasattr(core, name)]
    assert missing == []
