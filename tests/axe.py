"""axe-core accessibility checks for pages open in Playwright."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

AXE = Path(__file__).resolve().parents[1] / "node_modules/axe-core/axe.min.js"


def axe_violations(page, *, impacts=("serious", "critical")) -> list[str]:
    """Run axe-core (WCAG 2.0/2.1/2.2 A and AA rules) on the page; list serious problems."""
    if not AXE.exists():
        pytest.fail("axe-core is missing: run `npm ci` (make test does)")
    page.add_script_tag(path=str(AXE))
    result = page.evaluate(
        """async () => await axe.run(document, {runOnly: {type: 'tag',
            values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa']}})"""
    )
    return [
        f"{v['id']} ({v['impact']}): {v['help']} — "
        + json.dumps([n["target"] for n in v["nodes"]][:3])
        for v in result["violations"]
        if v["impact"] in impacts
    ]
