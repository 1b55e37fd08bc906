"""Every word the till's own scripts show comes from the catalog: the page's boot data
carries core/till/strings.py translated, and the scripts look words up with ``t("key")``.

A heuristic over the till's scripts (themes/*/static/till/js): a string literal with
letters is a word shown to people, and so must not be written as it is, when it is

- a child of ``el(tag, attrs, ...children)`` (the till's element builder),
- the value of a read attribute or property (``textContent``, ``title``, ``placeholder``,
  ``aria-label``, ``label``, ``alt``) in an object (``{ title: "..." }``) or an assignment
  (``node.title = "..."``).

Literals inside a call within those places (``el("p", {}, t("key"))``, ``money(x)``) are
the callee's business; template literals count by their text outside ``${}``. Error
messages of programming mistakes (``new RangeError("...")``) are not shown to cashiers and
are not checked.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from core.till.strings import STRINGS

ROOT = Path(__file__).resolve().parents[1]
SCRIPTS = sorted(ROOT.glob("themes/*/static/till/js/*.js"))

READ = {
    "textContent",
    "innerText",
    "title",
    "placeholder",
    "ariaLabel",
    "aria-label",
    "label",
    "alt",
}

_TOKEN = re.compile(
    r"""
      (?P<comment>//[^\n]*|/\*.*?\*/)
    | (?P<string>"(?:[^"\\\n]|\\.)*"|'(?:[^'\\\n]|\\.)*'|`(?:[^`\\]|\\.)*`)
    | (?P<name>[A-Za-z_$][\w$]*)
    | (?P<punct>[^\s\w])
    """,
    re.S | re.X,
)
_LETTER = re.compile(r"[^\W\d_]")
_KEY_USED = re.compile(r"""(?<![\w.$])t\(\s*["'](\w+)["']""")


def _tokens(source: str) -> list[tuple[str, str, int]]:
    return [
        (match.lastgroup or "", match.group(), source.count("\n", 0, match.start()) + 1)
        for match in _TOKEN.finditer(source)
        if match.lastgroup != "comment"
    ]


def _has_words(literal: str) -> bool:
    body = literal[1:-1]
    if literal.startswith("`"):
        body = re.sub(r"\$\{[^}]*\}", " ", body)
    return bool(_LETTER.search(body))


def unmarked(source: str) -> list[tuple[int, str]]:
    """(line, literal) of each word written as it is where people read it."""
    tokens = _tokens(source)
    found = []
    brackets: list[list] = []  # [opening bracket, the function it calls or None, argument index]
    for index, (kind, value, line) in enumerate(tokens):
        before = tokens[index - 1][1] if index else ""
        before2 = tokens[index - 2][1] if index > 1 else ""
        after = tokens[index + 1][1] if index + 1 < len(tokens) else ""
        if kind == "punct" and value in "([{":
            calls = value == "(" and index and tokens[index - 1][0] == "name"
            brackets.append([value, before if calls else None, 0])
        elif kind == "punct" and value in ")]}":
            if brackets:
                brackets.pop()
        elif kind == "punct" and value == "," and brackets:
            brackets[-1][2] += 1
        elif kind == "string" and _has_words(value):
            read_key = before == ":" and before2.strip("'\"") in READ
            read_property = before == "=" and before2 in READ and after != "="
            inside_el = bool(brackets) and brackets[-1][:2] == ["(", "el"]
            child = inside_el and (brackets[-1][2] >= 1 or before != "(")
            if read_key or read_property or child:
                found.append((line, value))
    return found


def test_there_are_scripts_to_check():
    assert {"screens.js", "main.js", "dialogs.js", "display.js"} <= {p.name for p in SCRIPTS}


@pytest.mark.parametrize("path", SCRIPTS, ids=lambda p: str(p.relative_to(ROOT)))
def test_the_till_shows_no_word_outside_the_catalog(path: Path):
    found = unmarked(path.read_text(encoding="utf-8"))
    assert not found, f"{path.relative_to(ROOT)}: words not through t(): {found}"


def test_the_scan_catches_words_written_as_they_are():
    """Children, read attributes and properties are caught; t(), tags, classes, data
    attributes, signs and code strings are not."""
    sample = (
        'el("p", { class: "note big", title: "Tip", "data-act": "minus" }, "Hello", t("ok"));\n'
        'el("button", { "aria-label": `${t("remove")} ${name}` }, "✕", ok ? "Yes" : "−");\n'
        'node.textContent = "Bye"; node.title = `Hi ${name}`; if (a.title == "x") go();\n'
        '// el("p", {}, "in a comment")\n'
        'throw new RangeError(`no line ${key} in the cart`); api("/sales?x=1");\n'
        'el("td", {}, money(total), ` ${t("kg")}`);\n'
    )
    assert unmarked(sample) == [
        (1, '"Tip"'),
        (1, '"Hello"'),
        (2, '"Yes"'),
        (3, '"Bye"'),
        (3, "`Hi ${name}`"),
    ]


def test_every_key_the_scripts_use_is_in_the_catalog():
    """t("key") with a key missing from core/till/strings.py shows the key itself."""
    used = {
        (key, path.name)
        for path in SCRIPTS
        for key in _KEY_USED.findall(path.read_text(encoding="utf-8"))
    }
    assert {(key, name) for key, name in used if key not in STRINGS} == set()
