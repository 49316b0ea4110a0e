"""C4: every hook is documented in docs/hooks.md with its exact signature, and has a test."""
from __future__ import annotations

import ast
import inspect
import re
from pathlib import Path

from core import hookspecs

ROOT = Path(__file__).resolve().parent.parent
HEADING = re.compile(r"^### `(\w+)\(([^)]*)\)`\s*$", re.M)


def spec_signatures() -> dict[str, list[str]]:
    return {name: list(inspect.signature(fn).parameters)
            for name, fn in vars(hookspecs).items()
            if inspect.isfunction(fn) and hasattr(fn, "finsuite_spec")}


def documented() -> dict[str, list[str]]:
    text = (ROOT / "docs" / "hooks.md").read_text()
    return {name: [a.strip() for a in args.split(",") if a.strip()] for name, args in HEADING.findall(text)}


def hook_tests() -> set[str]:
    names = set()
    for path in ROOT.glob("tests/**/test_*.py"):
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.FunctionDef) and node.name.startswith("test_hook_"):
                names.add(node.name)
    return names


def test_c4_every_hook_has_a_docstring():
    specs = spec_signatures()
    assert len(specs) >= 17
    for name in specs:
        assert (getattr(hookspecs, name).__doc__ or "").strip(), f"hookspec {name} has no docstring"


def test_c4_every_hook_is_documented_with_its_signature():
    specs, docs = spec_signatures(), documented()
    assert sorted(set(specs) - set(docs)) == [], "hooks missing from docs/hooks.md"
    assert sorted(set(docs) - set(specs)) == [], "docs/hooks.md documents hooks that do not exist"
    for name, args in specs.items():
        assert docs[name] == args, f"{name}: documented as ({', '.join(docs[name])}), declared as ({', '.join(args)})"


def test_c4_every_hook_has_a_test_of_its_own():
    missing = sorted(name for name in spec_signatures() if f"test_hook_{name}" not in hook_tests())
    assert missing == [], f"hooks without a test_hook_<name>: {missing}"
