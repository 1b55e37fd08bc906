"""A plugin's EventFilter decides, in the business transaction, whether an event of an
after-commit hook is written to the outbox for it: no row and no attempt for the events
it does not want, every event when the filter fails."""

from __future__ import annotations

import logging
import types

import pytest
from sample_plugins import watcher

from core.plugins import EventFilter, PluginInfo, hookimpl
from core.plugins.info import InstalledPlugin
from core.plugins.runtime import build_runtime
from core.testing import outbox_deliveries, sale_body

WATCHER = "watcher=sample_plugins.watcher"
pytestmark = [pytest.mark.comptoir_extra_plugins(WATCHER), pytest.mark.comptoir_plugins("watcher")]


@pytest.fixture(autouse=True)
def seen():
    watcher.reset()
    yield watcher.SEEN
    watcher.reset()


def sell(api, shop):
    response = api.post("/api/v1/sales", json=sale_body(shop.line("COFFEE")))
    assert response.status_code == 201, response.get_json()
    response.close()  # as a WSGI server does once sent: the outbox's first attempt
    return response.get_json()


def _sales_seen(seen):
    return [data["id"] for hook, _event, data in seen if hook == "pos_sale_completed"]


def test_a_wanted_event_is_written_and_delivered(app, shop, cashier_api, seen):
    sale = sell(cashier_api, shop)
    assert _sales_seen(seen) == [sale["id"]]
    assert outbox_deliveries(app, "pos_sale_completed", "watcher") == 1
    (payload,) = watcher.ASKED
    assert payload["sale_id"] == sale["id"]  # the filter sees the event's payload


def test_an_unwanted_event_writes_no_delivery(app, shop, cashier_api, seen):
    watcher.WANT_SALES[:] = [False]
    sell(cashier_api, shop)
    assert _sales_seen(seen) == []
    assert outbox_deliveries(app, "pos_sale_completed", "watcher") == 0
    # The filter is the plugin's own: wanted again, the next sale is delivered.
    watcher.WANT_SALES[:] = [True]
    sale = sell(cashier_api, shop)
    assert _sales_seen(seen) == [sale["id"]]


def test_a_failing_filter_gets_every_event_and_is_logged(app, shop, cashier_api, seen, caplog):
    watcher.WANT_SALES[:] = [RuntimeError("filter broken")]
    with caplog.at_level(logging.ERROR, logger="comptoir.outbox"):
        sale = sell(cashier_api, shop)
    assert _sales_seen(seen) == [sale["id"]]
    assert "event filter of pos_sale_completed failed" in caplog.text


def test_two_filters_of_one_hook_from_one_plugin_are_refused():
    """One filter per hook and plugin: a second is the plugin's error, named."""
    module = types.ModuleType("twice")

    @hookimpl
    def pos_register_event_filters():
        return [EventFilter("pos_sale_completed", bool), EventFilter("pos_sale_completed", bool)]

    module.pos_register_event_filters = pos_register_event_filters
    installed = {
        "twice": InstalledPlugin(PluginInfo(name="twice", title="Twice"), module, "1", None)
    }
    runtime = build_runtime(installed, {"twice"}, 1)
    assert runtime.enabled == ()
    assert "more than one event filter of 'pos_sale_completed'" in runtime.broken["twice"]
