"""docs/plugins/till-actions.md stays honest: it names every member of the `till` object
that plugin actions receive, and nothing the object lacks."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from .till import open_till

pytestmark = pytest.mark.browser

PAGE = Path(__file__).resolve().parents[2] / "docs" / "plugins" / "till-actions.md"


def _documented() -> tuple[set[str], set[str]]:
    """(members of the reference table, members listed as the till's own parts)."""
    text = PAGE.read_text()
    table = {
        name
        for row in text.splitlines()
        if row.startswith("| `till.")
        for name in re.findall(r"`till\.(\w+)", row.split(" | ")[0])
    }
    internal = text.split("The `till` object also carries", 1)[1].split("without notice", 1)[1]
    return table, set(re.findall(r"`(\w+)`", internal.split(".", 1)[0]))


def test_every_member_of_till_is_documented(page, till_server):
    """Each own member of the object given to run(till) is in the reference table or in
    the list of the till's own parts, and each documented member exists."""
    public, internal = _documented()
    assert {"dialog", "confirm", "choose", "online", "cart"} <= public
    open_till(page, till_server)
    members = set(
        page.evaluate("import('/static/till/js/screens.js').then((m) => Object.keys(m.till))")
    )
    assert members == public | internal, {
        "undocumented": sorted(members - public - internal),
        "documented but missing": sorted((public | internal) - members),
    }
