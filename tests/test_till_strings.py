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

The bundled plugins' till scripts (their till actions' and till pricing's modules) show
their words with ``till.t("<plugin>.<key>")``, the keys their ``pos_register_till_strings``
gives. They are read more strictly, as they write words in the till's dialogs, banners and
lines: besides the places above, the dialogs' ``message``, ``ok``, ``cancel`` and
``detail``, and any literal that reads as words (a capitalised word, or words beside a
space) is a word written as it is.
"""

from __future__ import annotations

import importlib
import json
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
#: Reads as words: a capitalised word ("Coupon"), or letters beside a space ("no card",
#: " pts"); not an API path, a code ("gift_card", "crm.create") nor "GET".
_WORDS = re.compile(r"[A-Z][a-z]|\s[^\W\d_]|[^\W\d_]\s")
#: The keys a plugin's dialog answers with that people read.
DIALOG_READ = {"message", "ok", "cancel", "detail"}
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


def _text(literal: str) -> str:
    body = literal[1:-1]
    return re.sub(r"\$\{[^}]*\}", " ", body) if literal.startswith("`") else body


def unmarked(source: str, read: set[str] = READ) -> list[tuple[int, str]]:
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
            read_key = before == ":" and before2.strip("'\"") in read
            read_property = before == "=" and before2 in read and after != "="
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


# -- the plugins' till scripts ------------------------------------------------------------

_PLUGIN_KEY_USED = re.compile(r"""\btill\.t\(\s*["'`]([^"'`]*)["'`]""")


def _without_comments(source: str) -> str:
    return _TOKEN.sub(lambda m: " " if m.lastgroup == "comment" else m.group(), source)


def plugin_words(source: str) -> list[tuple[int, str]]:
    """(line, literal) of each word a plugin's till script writes as it is: the till's own
    rule, the dialogs' read keys, and any literal reading as words that is not the key
    given to ``till.t()``."""
    found = set(unmarked(source, READ | DIALOG_READ))
    tokens = _tokens(source)
    for index, (kind, value, line) in enumerate(tokens):
        key_of_t = index > 1 and tokens[index - 1][1] == "(" and tokens[index - 2][1] == "t"
        if kind == "string" and not key_of_t and _WORDS.search(_text(value)):
            found.add((line, value))
    return sorted(found)


def _bundled_plugins() -> list[str]:
    return sorted(p.parent.name for p in ROOT.glob("plugins/*/__init__.py"))


def _till_scripts(name: str) -> list[Path]:
    """The files of a bundled plugin's till actions and till pricing module."""
    module = importlib.import_module(f"plugins.{name}")
    urls = [action.script for action in getattr(module, "pos_register_till_actions", list)()]
    urls += [p.script for p in getattr(module, "pos_register_till_pricing", list)() if p.script]
    prefix = f"/static/plugins/{name}/"
    assert all(url.startswith(prefix) for url in urls), urls
    return [ROOT / "plugins" / name / "static" / url.removeprefix(prefix) for url in urls]


PLUGIN_SCRIPTS = [(name, path) for name in _bundled_plugins() for path in _till_scripts(name)]


def _plugin_strings(name: str) -> dict:
    hook = getattr(importlib.import_module(f"plugins.{name}"), "pos_register_till_strings", None)
    return hook() if hook else {}


def test_the_bundled_plugins_till_scripts_are_found():
    assert {path.name for _name, path in PLUGIN_SCRIPTS} >= {
        "customer.js",
        "giftcard.js",
        "balance.js",
        "points.js",
        "coupon.js",
    }


@pytest.mark.parametrize(
    "name, path", PLUGIN_SCRIPTS, ids=[str(p.relative_to(ROOT)) for _n, p in PLUGIN_SCRIPTS]
)
def test_a_plugins_till_script_shows_no_word_outside_its_strings(name: str, path: Path):
    found = plugin_words(path.read_text(encoding="utf-8"))
    assert not found, f"{path.relative_to(ROOT)}: words not through till.t(): {found}"


@pytest.mark.parametrize(
    "name, path", PLUGIN_SCRIPTS, ids=[str(p.relative_to(ROOT)) for _n, p in PLUGIN_SCRIPTS]
)
def test_every_key_a_plugins_till_script_uses_is_its_own(name: str, path: Path):
    """till.t("<plugin>.<key>"): the plugin's own name and a key of its
    pos_register_till_strings (an unknown one would show the key itself)."""
    known = {f"{name}.{key}" for key in _plugin_strings(name)}
    used = set(_PLUGIN_KEY_USED.findall(_without_comments(path.read_text(encoding="utf-8"))))
    assert used - known == set()


def test_the_plugin_scan_catches_words_written_as_they_are():
    sample = (
        'till.dialog({ title: till.t("x.title"), message: "Sure?", ok: "Yes" });\n'
        'till.message(`${name}: ${n} pts`, "info"); const what = code ? "Gift card" : "x";\n'
        'till.api("GET", `/customers?q=${q}&limit=1`); till.addLine({ kind: "gift_card" });\n'
        'till.t("crm.remove_from_sale", { name }); till.can("crm.create");\n'
    )
    assert plugin_words(sample) == [
        (1, '"Sure?"'),
        (1, '"Yes"'),
        (2, '"Gift card"'),
        (2, "`${name}: ${n} pts`"),
    ]
    assert _PLUGIN_KEY_USED.findall(sample) == ["x.title", "crm.remove_from_sale"]


@pytest.mark.comptoir_plugins("crm", "giftcards", "loyalty", "promotions", "email")
def test_the_till_page_carries_the_plugins_words_in_the_cashiers_language(app, client):
    """Boot data: each enabled plugin's till strings under "<plugin>.<key>", translated."""
    page = client.get("/till/", headers={"Accept-Language": "fr"}).get_data(as_text=True)
    match = re.search(r'<script type="application/json" id="till-boot">(.*?)</script>', page, re.S)
    strings = json.loads(match.group(1))["strings"]
    assert strings["crm.new_customer"] == "Nouveau client"
    assert strings["giftcards.card_balance"] != "Card balance"
    assert strings["promotions.coupon_code"] == "Code du coupon"
    assert strings["loyalty.points_of"] == "%(name)s : %(points)s pts (%(worth)s)"
    assert strings["pay"] == "Encaisser"  # the core's beside them
    assert strings["email.email_receipt"] == "Envoyer le ticket par e-mail"
    for name in ("crm", "giftcards", "loyalty", "promotions", "email"):
        assert {f"{name}.{key}" for key in _plugin_strings(name)} <= set(strings)


WORDING = "wording=sample_plugins.wording"
BAD_WORDING = "bad_wording=sample_plugins.bad_wording"


@pytest.mark.comptoir_extra_plugins(WORDING)
@pytest.mark.comptoir_plugins("wording")
def test_a_plugins_till_strings_reach_the_till_translated(app, client):
    page = client.get("/till/", headers={"Accept-Language": "nl"}).get_data(as_text=True)
    match = re.search(r'<script type="application/json" id="till-boot">(.*?)</script>', page, re.S)
    strings = json.loads(match.group(1))["strings"]
    assert strings["wording.cancel_it"] == strings["cancel"] == "Annuleren"
    assert strings["wording.hello"] == "Hello %(name)s"  # no catalog: the English


@pytest.mark.comptoir_extra_plugins(BAD_WORDING)
@pytest.mark.comptoir_plugins("bad_wording")
def test_a_till_string_key_that_is_no_name_marks_the_plugin_broken(app):
    runtime = app.comptoir_host.runtimes.current()
    assert "key 'Not a key'" in runtime.broken["bad_wording"]
    assert "bad_wording" not in runtime.till_strings
