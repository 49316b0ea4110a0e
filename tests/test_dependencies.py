"""Promise: what users install is what runs. Every third-party module that core/ or plugins/
imports (at the top or inside a function) comes from a distribution named in
``[project].dependencies`` of pyproject.toml: an extra such as ``[test]`` is not installed by
users (issue 14, item 5: ``requests`` was only in ``[test]``)."""
from __future__ import annotations

import ast
import re
import sys
import tomllib
from importlib.metadata import packages_distributions
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _top_level_imports(path: Path) -> set[str]:
    names = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Import):
            names.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names.add(node.module.split(".")[0])
    return names


def _declared() -> set[str]:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    return {re.split(r"[\[<>=!~; ]", spec, maxsplit=1)[0].lower().replace("_", "-")
            for spec in project["dependencies"]}


def test_every_imported_third_party_module_is_a_declared_dependency():
    ours = {"core", "plugins"}
    distributions = packages_distributions()
    declared = _declared()
    missing = []
    for path in sorted([*ROOT.glob("core/**/*.py"), *ROOT.glob("plugins/**/*.py")]):
        for name in sorted(_top_level_imports(path) - ours - set(sys.stdlib_module_names)):
            dists = {d.lower().replace("_", "-") for d in distributions.get(name, [])}
            if not dists & declared:
                missing.append(f"{path.relative_to(ROOT)} imports {name} "
                               f"(from {', '.join(sorted(dists)) or 'no installed distribution'})")
    assert missing == [], "not in [project].dependencies:\n" + "\n".join(missing)
