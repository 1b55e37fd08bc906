"""Filters templates (the core's and plugins') use to show values to people."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from core.formatting import format_number


def test_money_filter_writes_minor_units_as_the_store_does(app, admin_api):
    """``{{ amount|money }}`` formats minor units in the store's currency and locale."""
    runtime_app = app.runtimes.current().app
    with runtime_app.test_request_context("/"):
        render = runtime_app.jinja_env.from_string("{{ 1250|money }}|{{ none|money }}").render
        assert render(none=None) == "€12.50|"
    admin_api.patch("/api/v1/settings/store", json={"locale": "fr", "currency": "EUR"})
    runtime_app = app.runtimes.current().app
    with runtime_app.test_request_context("/"):
        render = runtime_app.jinja_env.from_string("{{ 1250|money }}").render
        assert render() == "12,50 €"
    # A reader whose browser asks for Dutch reads Dutch money, in the store's currency.
    with runtime_app.test_request_context("/", headers={"Accept-Language": "nl"}):
        render = runtime_app.jinja_env.from_string("{{ 1250|money }}").render
        assert render() == "€ 12,50"


def test_quantity_rate_and_date_filters_write_the_readers_language(app, admin_api):
    """Weights with their unit and 3 decimals, rates with the locale's percent sign, moments
    in the store's time zone."""
    admin_api.patch("/api/v1/settings/store", json={"timezone": "Europe/Moscow"})
    runtime_app = app.runtimes.current().app
    template = runtime_app.jinja_env.from_string(
        "{{ q|quantity('weight') }}|{{ n|quantity }}|{{ r|rate }}|{{ m|datetime }}|{{ m|date }}"
    )
    values = {
        "q": Decimal("1.235"),
        "n": Decimal("3.000"),
        "r": Decimal("5.50"),
        "m": dt.datetime(2026, 11, 29, 21, 30),  # UTC, as stored: 00:30 the next day in Moscow
    }
    written = {}
    for language in ("en", "fr", "ru"):
        with runtime_app.test_request_context("/", headers={"Accept-Language": language}):
            written[language] = template.render(**values)
    assert written["en"] == "1.235 kg|3|5.5%|11/30/26, 12:30 AM|11/30/26"
    assert written["fr"] == "1,235 kg|3|5,5 %|30/11/2026 00:30|30/11/2026"
    assert written["ru"] == "1,235 кг|3|5,5 %|30.11.2026, 00:30|30.11.2026"


def test_counts_in_sentences_are_written_as_the_reader_writes_numbers(app):
    """``ngettext`` and ``|number`` group thousands the reader's way: a French merchant
    with a large catalog reads "12 345 produits", not "12345 produits"."""
    runtime_app = app.runtimes.current().app
    template = runtime_app.jinja_env.from_string(
        '{{ ngettext("%(num)s product", "%(num)s products", n) }}|'
        '{{ _("More than %(num)s products", num=n|number) }}|'
        '{{ ngettext("%(num)s entry", "%(num)s entries", 1) }}'
    )
    french = format_number(12345, "fr")  # 12 345, with a no-break space
    assert french not in ("12345", "12,345")
    with runtime_app.test_request_context("/", headers={"Accept-Language": "fr"}):
        assert template.render(n=12345) == (
            f"{french} produits|Plus de {french} produits|1 écriture"
        )
    with runtime_app.test_request_context("/", headers={"Accept-Language": "en"}):
        assert template.render(n=12345) == "12,345 products|More than 12,345 products|1 entry"
