"""`comptoir init --demo --language X` (and `comptoir demo --language X`) opens a demo shop
in that language: its products and categories named in it, the country's tax rates and
currency, and the store's language set for receipts and screens."""

from __future__ import annotations

import json
from decimal import Decimal

import pytest
import sqlalchemy as sa
from click.testing import CliRunner

from core.catalog.demo_languages import DEMO_LANGUAGES, DEMO_RATES
from core.catalog.hooks import DEMO_PRODUCTS
from core.cli import main
from core.testing.fixtures import TEST_HASH_METHOD

STORE_SETTINGS = """SELECT "values" FROM setting WHERE namespace = 'store'"""


@pytest.fixture
def comptoir(empty_database_url, tmp_path):
    env = {
        "COMPTOIR_INSTANCE": str(tmp_path / "instance"),
        "COMPTOIR_DATABASE_URL": empty_database_url,
        "COMPTOIR_PASSWORD_HASH_METHOD": TEST_HASH_METHOD,
    }

    def run(*args: str):
        return CliRunner().invoke(main, list(args), env=env, catch_exceptions=False)

    run.url = empty_database_url
    return run


def _read(url: str, query: str) -> list[tuple]:
    engine = sa.create_engine(url)
    try:
        with engine.connect() as conn:
            return [tuple(row) for row in conn.execute(sa.text(query))]
    finally:
        engine.dispose()


def _store(url: str) -> dict:
    rows = _read(url, STORE_SETTINGS)
    value = rows[0][0]
    return value if isinstance(value, dict) else json.loads(value)


def _product(url: str, sku: str) -> tuple:
    query = (
        "SELECT p.name, p.price, t.rate, c.name FROM product p"
        " JOIN tax_rate t ON t.id = p.tax_rate_id JOIN category c ON c.id = p.category_id"
        f" WHERE p.sku = '{sku}'"
    )
    return _read(url, query)[0]


def test_a_russian_demo_shop(comptoir):
    result = comptoir("init", "--demo", "--language", "ru")
    assert result.exit_code == 0, result.output
    store = _store(comptoir.url)
    assert (store["locale"], store["currency"], store["name"]) == ("ru", "RUB", "Уголок")
    name, price, rate, category = _product(comptoir.url, "BOU-001")
    assert name == "Круассан на сливочном масле"
    assert price == 12000  # 120 ₽, in kopecks
    assert Decimal(str(rate)) == Decimal("10")
    assert category == "Выпечка"
    # Every product is named in Russian: none kept its French name.
    french = {row[1] for row in DEMO_PRODUCTS}
    names = {row[0] for row in _read(comptoir.url, "SELECT name FROM product")}
    assert not names & french - {"Espresso", "Cappuccino"}


def test_a_dutch_demo_shop_has_dutch_vat(comptoir):
    assert comptoir("init", "--demo", "--language", "nl").exit_code == 0
    rates = sorted(Decimal(str(r[0])) for r in _read(comptoir.url, "SELECT rate FROM tax_rate"))
    assert rates == [Decimal("0"), Decimal("9"), Decimal("21")]
    name, price, rate, category = _product(comptoir.url, "BOI-004")
    assert (name, price, Decimal(str(rate)), category) == ("Pilsener 33 cl", 320, 21, "Dranken")
    assert _store(comptoir.url)["locale"] == "nl"


def test_running_it_again_changes_nothing(comptoir):
    assert comptoir("init", "--demo", "--language", "nl").exit_code == 0
    before = _read(comptoir.url, "SELECT sku, name, price FROM product ORDER BY sku")
    assert comptoir("init", "--demo", "--language", "nl").exit_code == 0
    assert _read(comptoir.url, "SELECT sku, name, price FROM product ORDER BY sku") == before


def test_without_a_language_the_demo_is_the_french_cafe(comptoir):
    assert comptoir("init", "--demo").exit_code == 0
    assert _product(comptoir.url, "BOU-001")[0] == "Croissant au beurre"
    assert _read(comptoir.url, STORE_SETTINGS) == []


def test_every_language_names_every_product_and_category():
    skus = {row[0] for row in DEMO_PRODUCTS}
    for code, language in DEMO_LANGUAGES.items():
        if code == "fr":
            continue
        assert set(language.products) == skus, code
        assert len(language.categories) == 6, code
        assert set(language.rate_for) == {"20", "10", "5.5", "0"}, code
        assert set(language.rate_for.values()) <= {rate for _name, rate in language.rates}, code


def test_each_french_rate_becomes_the_countrys():
    """The nearest of the country's rates, but for the UK's zero-rated food and hot drinks
    at the standard rate; the demo's rates cover every rate of its products."""
    percents = {code: language.rate_for for code, language in DEMO_LANGUAGES.items()}
    assert percents == {
        "fr": {"20": 20, "10": 10, "5.5": Decimal("5.5"), "0": 0},
        "en": {"20": 20, "10": 20, "5.5": 0, "0": 0},
        "nl": {"20": 21, "10": 9, "5.5": 9, "0": 0},
        "ru": {"20": 20, "10": 10, "5.5": 10, "0": 0},
    }
    assert {row[5] for row in DEMO_PRODUCTS} == set(DEMO_RATES)


def test_an_unknown_language_is_refused_and_creates_nothing(comptoir):
    result = comptoir("init", "--demo", "--language", "de")
    assert result.exit_code == 2
    assert "'de' is not one of" in result.output
    engine = sa.create_engine(comptoir.url)
    try:
        assert "product" not in sa.inspect(engine).get_table_names()
    finally:
        engine.dispose()
