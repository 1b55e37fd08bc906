"""The sale lifecycle hooks as a plugin sees them: line kinds, price adjustments, its part
of the cart, validation, the transactional hook and the after-commit outbox (the bottles
sample plugin)."""

from __future__ import annotations

import pytest
from sale_helpers import counts, sale_body

from core.db import db

pytestmark = [
    pytest.mark.comptoir_extra_plugins("bottles=sample_plugins.bottles"),
    pytest.mark.comptoir_plugins("bottles"),
]

SPREAD = {"barcode": "3017620422003", "quantity": 1}


def test_a_line_kind_sells_without_stock(app, shop, cashier_api):
    """``{"bottles_back": {...}}`` is a plugin's line: priced by the plugin (here a credit,
    money given back), no stock moved."""
    before = counts(app)
    sale = cashier_api.post(
        "/api/v1/sales", json=sale_body(SPREAD, {"bottles_back": {"bottles": 4}})
    )
    assert sale.status_code == 201, sale.get_json()
    line = sale.get_json()["lines"][1]
    assert (line["kind"], line["name"], line["total"], line["product_id"]) == (
        "bottles_back",
        "Bottles returned x4",
        -100,
        None,
    )
    assert line["data"] == {"bottles": 4}
    assert sale.get_json()["total"] == 150
    assert counts(app)["movements"] == before["movements"] + 1  # the spread only


def test_a_line_kind_payload_is_validated(app, shop, cashier_api):
    before = counts(app)
    for bad in (
        {"bottles_back": {"bottles": 0}},
        {"bottles_back": {}},
        {"bottles_back": "x"},
        {"bottles_back": {"bottles": 2}, "barcode": "3017620422003"},
        {"__kind__": {"bottles": 2}, "quantity": 1},
        {"bottles_back": {"bottles": 2}, "discount_percent": "10"},
    ):
        response = cashier_api.post("/api/v1/sales", json=sale_body(SPREAD, bad))
        assert response.status_code == 422, (bad, response.get_json())
    assert counts(app) == before


def test_a_plugin_refusal_names_the_plugin(app, shop, cashier_api):
    before = counts(app)
    body = sale_body(SPREAD, {"bottles_back": {"bottles": 13}})
    response = cashier_api.post("/api/v1/sales", json=body)
    assert response.status_code == 422
    assert response.get_json()["error"]["code"] == "unlucky"
    assert response.get_json()["error"]["message"].startswith("bottles:")
    # Under its line, where a till shows it.
    assert response.get_json()["error"]["fields"] == {
        "lines.1.bottles_back": ["13 bottles bring bad luck"]
    }
    assert counts(app) == before


def test_plugin_data_drives_the_plugin_and_is_kept(shop, cashier_api):
    """The plugin's part of the cart reaches its hooks and stays on the sale."""
    sale = cashier_api.post(
        "/api/v1/sales",
        json=sale_body(
            {"product_id": shop["CROISSANT"], "quantity": 2},
            plugin_data={"bottles": {"codes": ["2FOR1"]}},
        ),
    ).get_json()
    line = sale["lines"][0]
    assert line["adjustments"] == [{"amount": 120, "label": "2 for 1", "source": "bottles"}]
    assert sale["total"] == 120
    assert sale["plugin_data"] == {"bottles": {"codes": ["2FOR1"], "delivery": False}}


def test_plugin_data_is_checked_by_its_schema(app, shop, cashier_api):
    """A part no enabled plugin declared, or one its schema refuses, is a 422 naming it."""
    before = counts(app)
    for plugin_data, where in (
        ({"bottles": {"codes": "2FOR1"}}, "bottles"),
        ({"bottles": {"surprise": 1}}, "bottles"),
        ({"nobody": {}}, "nobody"),
        ({"bottles": "x"}, "bottles"),
    ):
        response = cashier_api.post(
            "/api/v1/sales", json=sale_body(SPREAD, plugin_data=plugin_data)
        )
        assert response.status_code == 422, plugin_data
        assert where in response.get_json()["error"]["fields"]["plugin_data"]
    assert counts(app) == before


def test_coupons_are_no_longer_a_core_field(shop, cashier_api):
    """What belongs to a plugin travels in its plugin data: the core has no coupons."""
    response = cashier_api.post("/api/v1/sales", json=sale_body(SPREAD, coupons=["2FOR1"]))
    assert response.status_code == 422
    assert "coupons" in response.get_json()["error"]["fields"]


def test_validation_hook_refuses_with_422_naming_the_plugin(app, shop, cashier_api):
    """A problem from pos_sale_validate is a 422 whose message names the plugin."""
    before = counts(app)
    response = cashier_api.post("/api/v1/sales", json=sale_body(SPREAD, customer_id=666))
    assert response.status_code == 422
    error = response.get_json()["error"]
    assert error["fields"] == {"customer_id": ["this customer may not buy"]}
    assert error["message"] == "bottles: this customer may not buy"
    assert counts(app) == before


def test_failing_completing_hook_rolls_everything_back(app, shop, cashier_api):
    """An exception inside the transaction aborts the sale cleanly, receipt number
    included, with a 500 naming the plugin; the same id can be retried."""
    before = counts(app)
    paid_out = [{"method": "cash", "amount": 250 - 99 * 25}]
    body = sale_body(SPREAD, {"bottles_back": {"bottles": 99}}, payments=paid_out)
    response = cashier_api.post("/api/v1/sales", json=body)
    assert response.status_code == 500
    assert response.get_json()["error"] == {
        "code": "plugin_failed",
        "message": "the plugin 'bottles' failed",
        "fields": {},
    }
    assert counts(app) == before
    body["lines"][1] = {"bottles_back": {"bottles": 2}}
    body["payments"] = [{"method": "cash", "amount": 200}]
    retried = cashier_api.post("/api/v1/sales", json=body)
    assert retried.status_code == 201 and retried.get_json()["number"] == 1


def test_completing_hook_writes_line_data_and_the_journal(app, shop, cashier_api, cli_runner):
    """Inside the sale's transaction a plugin writes its lines' data and journal entries
    of its own kind, which `journal verify` checks against its records."""
    sale = cashier_api.post(
        "/api/v1/sales", json=sale_body(SPREAD, {"bottles_back": {"bottles": 3}})
    ).get_json()
    from core.journal.models import JournalEntry

    with app.app_context():
        entries = db.session.query(JournalEntry).order_by(JournalEntry.sequence)
        kinds = [entry.kind for entry in entries]
        entry = db.session.query(JournalEntry).filter_by(kind="bottles_back").one()
        assert entry.reference == sale["id"] and entry.payload == {"bottles": 3}
    assert kinds[-2:] == ["sale", "bottles_back"]
    result = cli_runner("journal", "verify")
    assert result.exit_code == 0, result.output


def test_completed_hook_runs_after_commit_through_the_outbox(app, shop, cashier_api):
    from sample_plugins import bottles

    from core.plugins.models import OutboxDelivery

    bottles.EVENTS.clear()
    response = cashier_api.post("/api/v1/sales", json=sale_body(SPREAD))
    sale = response.get_json()
    assert bottles.EVENTS == []  # not while the answer is being sent
    response.close()  # the server closes it once sent; delivery follows
    assert len(bottles.EVENTS) == 1 and bottles.EVENTS[0].endswith(sale["id"])
    with app.app_context():
        delivery = db.session.query(OutboxDelivery).one()
        assert (delivery.plugin, delivery.status) == ("bottles", "done")


def test_refund_hooks_see_the_refund_and_its_sale(app, shop, cashier_api, manager_api):
    """pos_refund_completing may refuse a refund (nothing kept); pos_refund_completed is
    delivered after commit with the refund and its sale."""
    from sample_plugins import bottles

    sale = cashier_api.post("/api/v1/sales", json=sale_body(SPREAD)).get_json()
    refund = {
        "lines": [{"line_id": sale["lines"][0]["id"], "quantity": 1}],
        "payments": [{"method": "cash", "amount": 250}],
    }
    refused = manager_api.post(
        f"/api/v1/sales/{sale['id']}/refund",
        json={"id": "00000000-0000-4000-8000-000000000001", "reason": "refuse me", **refund},
    )
    assert refused.status_code == 422 and refused.get_json()["error"]["code"] == "no_refund"
    bottles.REFUNDS.clear()
    done = manager_api.post(
        f"/api/v1/sales/{sale['id']}/refund",
        json={"id": "00000000-0000-4000-8000-000000000002", **refund},
    )
    assert done.status_code == 201, done.get_json()
    done.close()
    assert bottles.REFUNDS == [
        f"{bottles.REFUNDS[0].split(':')[0]}:{done.get_json()['id']}:{sale['id']}"
    ]
