"""Every word a person reads in a template goes through the catalog: text outside
``{{ }}`` and ``{% %}`` (and in the ``title``, ``alt``, ``placeholder`` and ``aria-label``
attributes) must hold no letters, only markup, spaces and signs such as ``—``.

The templates are read with Jinja's own lexer: what it calls *data* is what the template
writes as it is; HTML templates are then parsed for their text nodes (scripts and styles
excepted), text templates (receipts) taken whole. Inside expressions, a string literal with
letters that is written out (``{{ "Total" }}``, joined with ``~``, after ``else``, or given
to a receipt's layout helpers ``row``, ``center``, ``columns``, ``wrap``) must be inside
``_()``; other literals (``url_for("crm.index")``, ``doc.kind == "sale"``) are code.

Every template folder of the themes and of the bundled plugins is checked (:data:`CHECKED`).
Literals an expression writes into an attribute nobody reads (``class="{{ 'a' if x else 'b' }}"``)
are code, and so is the text of a ``{% block ..._class %}`` and of a ``<kbd>`` (a key's name).
The till's JavaScript has its own check: tests/test_till_strings.py.
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
    "themes/*/templates",
    "plugins/*/templates",
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
        for path in sorted(ROOT.glob(entry)):
            if path.is_file():
                found.append(path)
            else:
                found += sorted(p for p in path.rglob("*") if p.suffix in (".html", ".txt"))
    return found


#: Calls that translate their string, and calls that write theirs out as they are.
_TRANSLATING = {"_", "gettext", "ngettext", "pgettext", "npgettext"}
_WRITING = {"row", "center", "columns", "wrap"}


def _lexed(source: str) -> list[tuple[str, str]]:
    return [
        (token, value)
        for _line, token, value in Environment(extensions=["jinja2.ext.do"]).lex(source)
    ]


def _literals_written(tokens: list[tuple[str, str]]) -> list[str]:
    """String literals with letters that one ``{{ }}`` or ``{% %}`` writes out
    untranslated: alone, joined with ``~``, chosen by ``if``/``else`` at the top of a
    ``{{ }}`` (not as a call's argument: ``ui.badge(x, "good" if ok else "bad")`` is code),
    or given to a receipt's layout helpers."""
    tokens = [(token, value) for token, value in tokens if token != "whitespace"]
    writes = bool(tokens) and tokens[0][0] == "variable_begin"
    found = []
    calls: list[str | None] = []  # the function each open bracket calls, if any
    for index, (token, value) in enumerate(tokens):
        before = tokens[index - 1] if index else ("", "")
        after = tokens[index + 1] if index + 1 < len(tokens) else ("", "")
        if token == "operator" and value in "([{":
            calls.append(before[1] if value == "(" and before[0] == "name" else None)
        elif token == "operator" and value in ")]}" and calls:
            calls.pop()
        elif token == "string" and _LETTER.search(value):
            callee = calls[-1] if calls else None
            if callee in _TRANSLATING:
                continue
            top = writes and not any(calls)
            written = (
                callee in _WRITING
                or (top and "~" in (before[1], after[1]))
                or (top and before[1] == "else")
                or (top and after[1] == "if")
                or (before[0] == "variable_begin" and after[0] == "variable_end")
            )
            text = ast.literal_eval(value)
            if written and text.strip() not in SIGNS:
                found.append(text)
    return found


def _pieces(source: str) -> tuple[str, dict[str, list[str]]]:
    """The template's own text, with every Jinja expression, tag and comment replaced by
    a gap, and each expression that writes literals by a marker naming them: where the
    marker lands (a text node, a read attribute, or a class) tells whether a person
    reads them. Text inside ``{% block ..._class %}`` is a CSS class, not words."""
    parts: list[str] = []
    literals: dict[str, list[str]] = {}
    expression: list[tuple[str, str]] = []
    blocks: list[str] = []  # the names of the open {% block %} tags, "" for other tags
    for token, value in _lexed(source):
        if token == "data":
            if not any(name.endswith("_class") for name in blocks):
                parts.append(value)
            continue
        if token in ("variable_begin", "block_begin"):
            expression = []
        expression.append((token, value))
        if token == "block_end":
            words = [v for k, v in expression if k == "name"]
            if words[:1] == ["block"] and len(words) > 1:
                blocks.append(words[1])
            elif words[:1] == ["endblock"] and blocks:
                blocks.pop()
        if token in ("variable_end", "block_end"):
            found = _literals_written(expression)
            if found:
                marker = f"\ue000{len(literals)}\ue001"
                literals[marker] = found
                parts.append(marker)
            elif not parts or parts[-1] != _GAP:
                parts.append(_GAP)
        elif token == "comment_end" and (not parts or parts[-1] != _GAP):
            parts.append(_GAP)
    return "".join(parts), literals


_MARKER = re.compile("\ue000\\d+\ue001")


def unmarked_literals(source: str) -> list[str]:
    """String literals with letters that the template's expressions write out untranslated."""
    return [text for found in _pieces(source)[1].values() for text in found]


def written_as_is(source: str) -> str:
    """The template's own text, with every Jinja expression, tag and comment replaced
    by a gap."""
    return _MARKER.sub(_GAP, _pieces(source)[0])


class _TextNodes(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag, attrs):
        if tag in ("script", "style", "kbd"):
            self._skip += 1
        self.found += [value or "" for name, value in attrs if name in READ_ATTRIBUTES]

    def handle_endtag(self, tag):
        if tag in ("script", "style", "kbd") and self._skip:
            self._skip -= 1

    def handle_data(self, data):
        if not self._skip:
            self.found.append(data)


def unmarked(path: Path) -> list[str]:
    """The pieces of text with letters that ``path`` writes without the catalog."""
    text, literals = _pieces(path.read_text(encoding="utf-8"))
    if path.suffix == ".html":
        parser = _TextNodes()
        parser.feed(text)
        parser.close()
        pieces = parser.found
    else:
        pieces = [text]
    found = []
    for piece in pieces:
        left = _MARKER.sub(_GAP, piece)
        for name in PROPER_NAMES:
            left = left.replace(name, "")
        if _LETTER.search(left):
            found.append(" ".join(_MARKER.sub(_GAP, piece).split()))
        for marker in _MARKER.findall(piece):
            found += literals[marker]
    return found


def test_the_checked_list_names_existing_templates():
    assert all(list(ROOT.glob(entry)) for entry in CHECKED)
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
        "<p class=\"flash{{ ' bad' if x else '' }}\">"
        '{{ ui.badge(_("On"), "good" if x else "bad") }}'
        '<kbd>F9</kbd> {{ "Chosen" if x else _("Other") }}</p>\n'
        '<a title="{{ "Tip" if x }}">{% block body_class %}centered{% endblock %}</a>\n'
    )
    assert unmarked(page) == ["Unmarked words", "Type here", "Chosen", "Tip"]
    receipt = tmp_path / "receipt.txt"
    receipt.write_text(
        '{{ row(_("Total"), money(1)) }}\nTOTAL {{ rule }}\n'
        '{{ row("Subtotal", money(2)) }}{{ "Tax ID: " ~ doc.tax_id }}{{ "Thanks" }}\n'
        '{{ ("Void" if doc.kind == "void" else "Refund") ~ doc.number }}\n'
        '{% if part in ("all", "body") %}{{ url_for("crm.index") }}{{ _("Hi %(n)s", n="x") }}'
        "{% endif %}\n"
    )
    assert unmarked(receipt) == ["TOTAL", "Subtotal", "Tax ID: ", "Thanks", "Void", "Refund"]
