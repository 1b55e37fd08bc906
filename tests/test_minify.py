"""Scripts and stylesheets are served minified, never with a different meaning."""

from __future__ import annotations

from pathlib import Path

import pytest

from core.minify import _script, template_literals

ROOT = Path(__file__).resolve().parents[1]
TILL_SCRIPTS = sorted((ROOT / "themes/default/static/till/js").glob("*.js"))


def test_template_literals_are_found_nested_ones_inside():
    script = 'const a = `x ${b ? ` · ${c}` : "}"} y`; // `not one`\nconst d = "`";'
    assert template_literals(script) == ['`x ${b ? ` · ${c}` : "}"} y`']


def test_a_script_the_minifier_would_change_is_sent_as_written():
    """rjsmin squeezes the space of a template nested in another's ${}: such a script is
    sent unminified rather than showing other text."""
    nested = 'const label = `${title}${shown ? ` · ${shown}` : ""}`;\n'
    assert _script(nested) == nested
    plain = 'const label = title + (shown ? ` · ${shown}` : "");   // a comment\n'
    assert _script(plain) == 'const label=title+(shown?` · ${shown}`:"");'


@pytest.mark.parametrize("path", TILL_SCRIPTS, ids=lambda path: path.name)
def test_every_till_script_is_minified(path: Path):
    """The till's own scripts avoid what the minifier gets wrong, so each one is sent
    minified (the size budget counts on it)."""
    source = path.read_text(encoding="utf-8")
    assert len(_script(source)) < len(source)
