"""Accessibility in the browser tests (issue 17): axe-core, installed by the test command with
npm (tests/browser/package.json, pinned), run inside the page."""
from __future__ import annotations

from pathlib import Path

AXE = Path(__file__).parent / "node_modules" / "axe-core" / "axe.min.js"
SERIOUS = ("serious", "critical")


def violations(page, impacts=SERIOUS) -> list[str]:
    """axe-core's violations of the page of ``impacts``, each as "rule: what, where". The
    script goes in through DevTools (``evaluate``), which the pages' Content-Security-Policy
    does not govern."""
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        page.evaluate(AXE.read_text(encoding="utf-8"))
    found = page.evaluate("axe.run(document, {resultTypes: ['violations']}).then(r => r.violations.map("
                          "v => ({id: v.id, impact: v.impact, help: v.help,"
                          " nodes: v.nodes.slice(0, 3).map(n => n.target.join(' '))})))")
    return [f"{v['id']} ({v['impact']}): {v['help']} at {', '.join(v['nodes'])}"
            for v in found if v["impact"] in impacts]
