"""The till's scripts and the plugins' till scripts ask through the till's own dialogs
(till.dialog, till.confirm, till.choose), never through the browser's boxes."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SCRIPTS = sorted(
    [
        *ROOT.glob("themes/*/static/till/**/*.js"),
        *ROOT.glob("plugins/*/static/**/*.js"),
        *ROOT.glob("examples/*/**/static/**/*.js"),
        *ROOT.glob("tests/sample_plugins/*/static/**/*.js"),
    ]
)
#: A bare call (not a method: till.confirm is fine), or any use of window's.
BROWSER_BOX = re.compile(r"(?<![\w.$])(prompt|alert|confirm)\s*\(|window\.(prompt|alert|confirm)\b")


def test_there_are_scripts_to_check():
    """The globs find the till's and the bundled plugins' scripts."""
    names = {path.name for path in SCRIPTS}
    assert {"dialogs.js", "screens.js", "customer.js", "giftcard.js", "coupon.js"} <= names


@pytest.mark.parametrize("path", SCRIPTS, ids=lambda path: str(path.relative_to(ROOT)))
def test_no_browser_prompt_confirm_or_alert(path: Path):
    """window.prompt, confirm and alert block the page, ignore the till's layout, pads and
    language, and are hard to answer on a touch screen."""
    found = [
        f"{number}: {line.strip()}"
        for number, line in enumerate(path.read_text().splitlines(), 1)
        if BROWSER_BOX.search(line)
    ]
    assert not found, found


def test_the_check_finds_a_browser_box():
    """The pattern catches the calls it forbids and lets the till's own through."""
    assert BROWSER_BOX.search('const code = window.prompt("Code");')
    assert BROWSER_BOX.search("if (confirm(`Remove?`)) {")
    assert BROWSER_BOX.search("alert(text)")
    assert not BROWSER_BOX.search("await till.confirm({ title })")
    assert not BROWSER_BOX.search("const answer = await till.dialog({ title });")
