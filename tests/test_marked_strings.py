"""Every word a person reads in a template goes through the catalog: text outside
``{{ }}`` and ``{% %}`` (and in the ``title``, ``alt``, ``placeholder`` and ``aria-label``
attributes) must hold no letters, only markup, spaces and signs such as ``—``.

The templates are read with Jinja's own lexer: what it calls *data* is what the template
writes as it is; HTML templates are then parsed for their text nodes (scripts and styles
excepted), text templates (receipts) taken whole. Inside expressions, a string literal with
letters that is written out (``{{ "Total" }}``, joined with ``~``, after ``else``, or given
to a receipt's layout helpers ``row``, ``center``, ``columns``, ``wrap``) must be inside
``_()``; other literals (``url_for("crm.index")``, ``doc.kind == "sale"``) are code.

Phase 1 checks the templates marked so far, listed in :data:`CHECKED`. Phase 2 extends the
list as it marks the others (the back office's and the till's templates, the loyalty,
giftcards and promotions plugins' templates), until the list is every template folder of
the themes and the bundled plugins. The same idea for the till's JavaScript (a string
literal with letters given to ``el()`` or ``textContent`` rather than through ``t()``) is
phase 2's too.
"""

from __future__ import annotations

import ast
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from jinja2 import Environment

ROOT = Path(__file__).resolve().parents[1]

#: Folders (every ``.html`` and ``.txt`` below) and files whose words are all marked.
CHECKED = (
    "themes/default/templates/receipts",
    "plugins/crm/templates",
)

#: Names that are never translated.
PROPER_NAMES = {"Comptoir"}

#: Letters used as signs: the multiplication of a text receipt's line (``3 x €2.50``).
SIGNS = {"x"}

#: Attributes a person reads (a tooltip, an image's text, an input's hint, a label for
#: screen readers).
READ_ATTRIBUTES = {"title", "alt", "placeholder", "aria-label"}

_LETTER = re.compile(r"[^\W\d_]")
#: Where a Jinja expression or tag stood: a space, which keeps the HTML around it whole
#: (``<tr{% if x %} class="total"{% endif %}>``).
_GAP = " "


def templates() -> list[Path]:
    found = []
    for entry in CHECKED:
        path = ROOT / entry
        if path.is_file():
            found.append(path)
        else:
            found += sorted(p for p in path.rglob("*") if p.suffix in (".html", ".txt"))
    return found


#: Calls that translate their string, and calls that write theirs out as they are.
_TRANSLATING = {"_", "gettext", "ngettext", "pgettext", "npgettext"}
_WRITING = {"row", "center", "columns", "wrap"}


def _significant(source: str) -> list[tuple[str, str]]:
    lexed = Environment(extensions=["jinja2.ext.do"]).lex(source)
    return [(token, value) for _line, token, value in lexed if token != "whitespace"]


def unmarked_literals(source: str) -> list[str]:
    """String literals with letters that an expression writes out untranslated."""
    tokens = _significant(source)
    found = []
    calls: list[str | None] = []  # the function each open bracket calls, if any
    for index, (token, value) in enumerate(tokens):
        before = tokens[index - 1] if index else ("", "")
        after = tokens[index + 1] if index + 1 < len(tokens) else ("", "")
        if token in ("variable_begin", "block_begin"):
            calls = []
        elif token == "operator" and value in "([{":
            calls.append(before[1] if value == "(" and before[0] == "name" else None)
        elif token == "operator" and value in ")]}" and calls:
            calls.pop()
        elif token == "string" and _LETTER.search(value):
            callee = calls[-1] if calls else None
            if callee in _TRANSLATING:
                continue
            written = (
                callee in _WRITING
                or "~" in (before[1], after[1])
                or before[1] == "else"
                or after[1] == "if"
                or (before[0] == "variable_begin" and after[0] == "variable_end")
            )
            text = ast.literal_eval(value)
            if written and text.strip() not in SIGNS:
                found.append(text)
    return found


def written_as_is(source: str) -> str:
    """The template's own text, with every Jinja expression, tag and comment replaced
    by a gap."""
    parts = []
    for _line, token, value in Environment(extensions=["jinja2.ext.do"]).lex(source):
        if token == "data":
            parts.append(value)
        elif not parts or parts[-1] != _GAP:
            parts.append(_GAP)
    return "".join(parts)


class _TextNodes(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag, attrs):
        if tag in ("script", "style"):
            self._skip += 1
        self.found += [value or "" for name, value in attrs if name in READ_ATTRIBUTES]

    def handle_endtag(self, tag):
        if tag in ("script", "style") and self._skip:
            self._skip -= 1

    def handle_data(self, data):
        if not self._skip:
            self.found.append(data)


def unmarked(path: Path) -> list[str]:
    """The pieces of text with letters that ``path`` writes without the catalog."""
    source = path.read_text(encoding="utf-8")
    text = written_as_is(source)
    if path.suffix == ".html":
        parser = _TextNodes()
        parser.feed(text)
        parser.close()
        pieces = parser.found
    else:
        pieces = [text]
    found = []
    for piece in pieces:
        left = piece
        for name in PROPER_NAMES:
            left = left.replace(name, "")
        if _LETTER.search(left):
            found.append(" ".join(piece.split()))
    return found + unmarked_literals(source)


def test_the_checked_list_names_existing_templates():
    assert all((ROOT / entry).exists() for entry in CHECKED)
    assert templates()


@pytest.mark.parametrize("path", templates(), ids=lambda p: str(p.relative_to(ROOT)))
def test_every_word_of_the_template_is_marked(path):
    found = unmarked(path)
    assert not found, f"{path.relative_to(ROOT)}: not marked for translation: {found}"


def test_the_scan_finds_unmarked_words(tmp_path):
    """Text nodes and read attributes are found; markup, expressions, tags, scripts,
    styles, proper names and signs are not."""
    page = tmp_path / "page.html"
    page.write_text(
        '<p class="note">{{ _("Marked") }} Unmarked words</p>\n'
        '<input placeholder="Type here" value="{{ value }}" data-x="left alone">\n'
        "<script>const label = 'in a script';</script><style>b { color: red }</style>\n"
        "{% if x %}<b>{{ x }}</b> — {{ y }}{% endif %}{# a comment #}\n"
        "<i aria-label=\"{{ _('Ok') }}\">· Comptoir</i>\n"
        '<tr{% if x %} class="total"{% endif %}><td>{{ _("Marked") }}</td></tr>\n'
    )
    assert unmarked(page) == ["Unmarked words", "Type here"]
    receipt = tmp_path / "receipt.txt"
    receipt.write_text(
        '{{ row(_("Total"), money(1)) }}\nTOTAL {{ rule }}\n'
        '{{ row("Subtotal", money(2)) }}{{ "Tax ID: " ~ doc.tax_id }}{{ "Thanks" }}\n'
        '{{ ("Void" if doc.kind == "void" else "Refund") ~ doc.number }}\n'
        '{% if part in ("all", "body") %}{{ url_for("crm.index") }}{{ _("Hi %(n)s", n="x") }}'
        "{% endif %}\n"
    )
    assert unmarked(receipt) == ["TOTAL", "Subtotal", "Tax ID: ", "Thanks", "Void", "Refund"]
