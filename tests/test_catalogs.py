"""The message catalogs are complete and in step with the code, and people read Comptoir in
their language: API errors in the reader's, command output in the operator's.

The checks are tools/catalogs.py's own (``python tools/catalogs.py check`` prints the same
problems): one test per domain (the core, each bundled plugin) and kind of problem, so that
a failure says what to do. When one fails after a change of wording, run
``python tools/catalogs.py update``, translate what it left empty in each language's
``messages.po``, and ``python tools/catalogs.py compile``.
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest

from core.testing import Item, make_shop, sell

ROOT = Path(__file__).resolve().parents[1]


def _load_tool():
    spec = importlib.util.spec_from_file_location(
        "comptoir_catalogs", ROOT / "tools" / "catalogs.py"
    )
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up
    spec.loader.exec_module(module)
    return module


catalogs = _load_tool()
DOMAINS = {domain.name: domain for domain in catalogs.domains()}
CHECKS = {check.__name__: check for check in catalogs.CHECKS}


def test_every_bundled_plugin_has_a_catalog():
    """The core, each bundled plugin (a package of plugins/) and each example plugin (a
    package of examples/<distribution>/) are checked."""
    bundled = {p.name for p in (ROOT / "plugins").iterdir() if (p / "__init__.py").exists()}
    examples = {p.parent.name for p in ROOT.glob("examples/*/*/__init__.py")} - {"tests"}
    assert examples and set(DOMAINS) == {"core"} | bundled | examples


@pytest.mark.parametrize("check", sorted(CHECKS))
@pytest.mark.parametrize("domain", sorted(DOMAINS))
def test_catalog(domain, check):
    """out_of_date: a marked string missing from a catalog, or a dropped one kept;
    untranslated: an empty or fuzzy translation; placeholder_mismatches: a translation
    that loses or invents ``%(name)s``; stale_compiled: a .mo that is not its .po
    compiled; collisions: a plugin translating a core message otherwise."""
    problems = list(CHECKS[check](DOMAINS[domain]))
    assert not problems, "\n".join(problems)


# -- the checks catch what they are for -------------------------------------------------


@pytest.fixture
def sample(tmp_path):
    """A domain of one Python file with two messages, and its catalogs made by update."""
    code = tmp_path / "code"
    code.mkdir()
    (code / "shop.py").write_text(
        "from flask_babel import gettext as _\n"
        "_('Wrap as a gift')\n"
        "_('%(count)s parcels', count=2)\n"
    )
    domain = catalogs.Domain("sample", code, [("**.py", "python")], tmp_path / "translations")
    catalogs.update(domain)
    return domain


def _translate(domain, language: str, strings: dict[str, str], *, fuzzy=()) -> None:
    path = domain.po(language)
    catalog = catalogs._read(path, language)
    for message in catalog:
        if message.id in strings:
            message.string = strings[message.id]
        if message.id in fuzzy:
            message.flags.add("fuzzy")
    path.write_bytes(catalogs._po_bytes(catalog))


def _translate_all(domain) -> None:
    for language in catalogs.LANGUAGES:
        _translate(
            domain,
            language,
            {"Wrap as a gift": "X", "%(count)s parcels": "%(count)s X", "Pay": "X"},
        )
    catalogs.compile_domain(domain)


def test_the_checks_pass_a_complete_catalog(sample):
    _translate_all(sample)
    assert list(catalogs.problems(sample)) == []


def test_a_new_string_in_the_code_is_caught(sample):
    _translate_all(sample)
    (sample.root / "more.py").write_text("from flask_babel import gettext as _\n_('Weigh')\n")
    found = list(catalogs.out_of_date(sample))
    assert len(found) == 3 and all("'Weigh'" in line for line in found)


def test_a_string_dropped_from_the_code_is_caught(sample):
    _translate_all(sample)
    (sample.root / "shop.py").write_text(
        "from flask_babel import gettext as _\n_('Wrap as a gift')\n"
    )
    assert any("no longer in the code" in line for line in catalogs.out_of_date(sample))


def test_untranslated_and_fuzzy_messages_are_caught(sample):
    _translate_all(sample)
    _translate(sample, "nl", {"Wrap as a gift": ""})
    _translate(sample, "ru", {}, fuzzy={"Wrap as a gift"})
    found = list(catalogs.untranslated(sample))
    assert len(found) == 2
    assert any("nl" in line for line in found) and any("ru" in line for line in found)


def test_placeholders_that_differ_are_caught(sample):
    _translate_all(sample)
    _translate(sample, "fr", {"%(count)s parcels": "%(nombre)s colis"})
    _translate(sample, "nl", {"%(count)s parcels": "pakketten"})
    found = list(catalogs.placeholder_mismatches(sample))
    assert any("/fr/" in line for line in found) and any("/nl/" in line for line in found)


def test_a_stale_compiled_catalog_is_caught(sample):
    _translate_all(sample)
    _translate(sample, "fr", {"Wrap as a gift": "Paquet cadeau"})
    found = list(catalogs.stale_compiled(sample))
    assert len(found) == 1 and "fr" in found[0]


def test_a_plugin_translating_a_core_message_otherwise_is_caught(sample):
    """The catalogs are merged at run time: a plugin's "Pay" must read as the core's."""
    (sample.root / "more.py").write_text("from flask_babel import gettext as _\n_('Pay')\n")
    catalogs.update(sample)
    _translate_all(sample)
    found = list(catalogs.collisions(sample))
    assert len(found) == len(catalogs.LANGUAGES) and all("'Pay'" in line for line in found)


# -- people read their language ---------------------------------------------------------


def test_a_refused_refund_is_explained_in_the_readers_language(manager_api, cashier_api):
    """A refund (a manager's) that hands back less than it should: 422, in French for
    ``fr``, with the amounts written the French way."""
    shop = make_shop(manager_api, [Item("BREAD", 250, "5.5")])
    sale = sell(cashier_api, shop.line("BREAD", 2))
    body = {
        "id": "6d0c2a62-7a4f-4f7e-9d0c-5b1d7c3a9e01",
        "lines": [{"line_id": sale["lines"][0]["id"], "quantity": 1}],
        "payments": [{"method": "cash", "amount": 100}],
    }
    url = f"/api/v1/sales/{sale['id']}/refund"
    french = manager_api.post(url, json=body, headers={"Accept-Language": "fr-BE,fr;q=0.9"})
    assert french.status_code == 422
    error = french.get_json()["error"]
    assert error["code"] == "refund_mismatch"
    assert error["message"] == ("l'argent rendu (1,00 €) doit être égal au remboursement (2,50 €)")
    assert error["fields"]["payments"] == ["le total doit être 2,50 €"]
    english = manager_api.post(url, json=body, headers={"Accept-Language": "en"})
    assert english.get_json()["error"]["message"] == (
        "money handed back (€1.00) must equal the refund (€2.50)"
    )


def test_the_command_line_speaks_the_operators_language(cli_runner, monkeypatch):
    """``comptoir`` writes in the language of LANG (LC_ALL and LC_MESSAGES first), as
    command-line tools do, and in English for a language Comptoir does not speak."""
    monkeypatch.delenv("LC_ALL", raising=False)
    monkeypatch.delenv("LC_MESSAGES", raising=False)
    monkeypatch.setenv("LANG", "fr_FR.UTF-8")
    result = cli_runner("tokens", "create", "ghost")
    assert result.exit_code == 1
    assert "aucun utilisateur nommé 'ghost'" in result.output
    monkeypatch.setenv("LC_ALL", "ru_RU.UTF-8")
    assert "нет пользователя 'ghost'" in cli_runner("tokens", "create", "ghost").output
    monkeypatch.setenv("LC_ALL", "de_DE.UTF-8")
    assert "no user named 'ghost'" in cli_runner("tokens", "create", "ghost").output


def test_an_error_a_service_raises_in_a_command_is_in_the_operators_language(
    cli_runner, monkeypatch
):
    """A refusal raised by the core inside a command (through Flask-Babel, in the host
    app's locale) reads in the same language as the command's own messages."""
    monkeypatch.delenv("LC_ALL", raising=False)
    monkeypatch.delenv("LC_MESSAGES", raising=False)
    monkeypatch.setenv("LANG", "nl_BE.UTF-8")
    result = cli_runner("plugins", "enable", "nope")
    assert result.exit_code == 1
    assert "er is geen geïnstalleerde plug-in met de naam 'nope'" in result.output
