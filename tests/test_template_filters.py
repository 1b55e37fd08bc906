"""Filters templates (the core's and plugins') use to show values to people."""

from __future__ import annotations


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
