"""The core's after-commit events of registers and stock: a register closed and a product
falling to its low-stock level reach the plugins that follow them, once, after commit.
And a plugin's EventFilter decides, in the business transaction, whether an event is
written to the outbox for it: no row and no attempt for the events it does not want,
every event when the filter fails."""

from __future__ import annotations

import logging
import types
from decimal import Decimal

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


def _closed(api, path, **kwargs):
    response = api.post(path, **kwargs)
    response.close()  # as a WSGI server does once sent: the outbox's first attempt
    return response


def sell(api, *lines, **extra):
    """A sale whose answer is closed once read, as a WSGI server closes it: the outbox's
    first attempt then runs."""
    response = api.post("/api/v1/sales", json=sale_body(*lines, **extra))
    assert response.status_code == 201, response.get_json()
    response.close()
    return response.get_json()


def _events(seen, hook):
    return [data for name, _event, data in seen if name == hook]


def test_closing_a_register_tells_the_plugins_with_the_z_report(shop, manager_api, seen):
    """The Z report the closing answered is what the plugins get, after commit."""
    sell(manager_api, shop.line("COFFEE"), payments=[{"method": "cash", "amount": 250}])
    response = _closed(manager_api, "/api/v1/registers/1/close", json={"counted_cash": 10250})
    assert response.status_code == 200, response.get_json()
    (event,) = _events(seen, "pos_cash_session_closed")
    assert event["register_id"] == 1
    assert event["report"] == response.get_json()
    assert event["report"]["kind"] == "Z"


def test_a_refused_closing_tells_nobody(manager_api, seen):
    """Closing a register that is not open is refused: no event (rolled back with it)."""
    response = _closed(manager_api, "/api/v1/registers/1/close", json={"counted_cash": 0})
    assert response.status_code == 409
    assert _events(seen, "pos_cash_session_closed") == []


def test_a_sale_taking_stock_to_its_low_level_tells_the_plugins_once(shop, manager_api, seen):
    """Stock 5, low level 3: the sale that leaves 3 tells; the next sale, still low, does
    not tell again."""
    product = shop.products["TEA"]
    assert (
        manager_api.patch(
            f"/api/v1/products/{product['id']}", json={"reorder_level": "3"}
        ).status_code
        == 200
    )
    moved = manager_api.post(
        "/api/v1/stock/adjustments", json={"product_id": product["id"], "counted": "5"}
    )
    assert moved.status_code in (200, 201), moved.get_json()

    sell(manager_api, shop.line("TEA", 1))
    assert _events(seen, "pos_stock_low") == []
    sell(manager_api, shop.line("TEA", 1))
    (event,) = _events(seen, "pos_stock_low")
    assert event["sku"] == "TEA" and event["quantity"] == Decimal("3")
    assert event["level"] == Decimal("3")
    sell(manager_api, shop.line("TEA", 1))
    assert len(_events(seen, "pos_stock_low")) == 1


def test_a_stock_move_taking_a_product_low_tells_the_plugins(shop, manager_api, seen):
    product = shop.products["COFFEE"]
    manager_api.patch(f"/api/v1/products/{product['id']}", json={"reorder_level": "2"})
    manager_api.post(
        "/api/v1/stock/adjustments", json={"product_id": product["id"], "counted": "10"}
    )
    response = manager_api.post(
        "/api/v1/stock/adjustments",
        json={"product_id": product["id"], "delta": "-9", "note": "breakage"},
    )
    response.close()
    (event,) = _events(seen, "pos_stock_low")
    assert event["sku"] == "COFFEE" and event["quantity"] == Decimal("1")


def test_a_product_without_a_low_level_never_tells(shop, manager_api, seen):
    sell(manager_api, shop.line("CROISSANT", 5))
    assert _events(seen, "pos_stock_low") == []


# -- event filters ----------------------------------------------------------------------------


def _sales_seen(seen):
    return [data["id"] for data in _events(seen, "pos_sale_completed")]


def test_a_wanted_event_is_written_and_delivered(app, shop, cashier_api, seen):
    sale = sell(cashier_api, shop.line("COFFEE"))
    assert _sales_seen(seen) == [sale["id"]]
    assert outbox_deliveries(app, "pos_sale_completed", "watcher") == 1
    (payload,) = watcher.ASKED
    assert payload["sale_id"] == sale["id"]  # the filter sees the event's payload


def test_an_unwanted_event_writes_no_delivery(app, shop, cashier_api, seen):
    watcher.WANT_SALES[:] = [False]
    sell(cashier_api, shop.line("COFFEE"))
    assert _sales_seen(seen) == []
    assert outbox_deliveries(app, "pos_sale_completed", "watcher") == 0
    # The filter is the plugin's own: wanted again, the next sale is delivered.
    watcher.WANT_SALES[:] = [True]
    sale = sell(cashier_api, shop.line("COFFEE"))
    assert _sales_seen(seen) == [sale["id"]]


def test_a_failing_filter_gets_every_event_and_is_logged(app, shop, cashier_api, seen, caplog):
    watcher.WANT_SALES[:] = [RuntimeError("filter broken")]
    with caplog.at_level(logging.ERROR, logger="comptoir.outbox"):
        sale = sell(cashier_api, shop.line("COFFEE"))
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
