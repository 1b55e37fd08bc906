"""The sale lifecycle hooks as a plugin sees them: line kinds, price adjustments,
validation, the transactional hook and the after-commit outbox."""

from __future__ import annotations

import pytest
from sale_helpers import counts, sale_body

from core.db import db

pytestmark = [
    pytest.mark.comptoir_extra_plugins("deposit=sample_plugins.deposit"),
    pytest.mark.comptoir_plugins("deposit"),
]


def test_a_line_kind_sells_without_stock(app, shop, cashier_api):
    """``{"deposit": {...}}`` is a plugin's line: priced by the plugin, no stock moved."""
    sale = cashier_api.post(
        "/api/v1/sales",
        json=sale_body({"barcode": "3017620422003", "quantity": 1}, {"deposit": {"bottles": 4}}),
    )
    assert sale.status_code == 201, sale.get_json()
    line = sale.get_json()["lines"][1]
    assert (line["kind"], line["name"], line["total"], line["product_id"]) == (
        "deposit",
        "Deposit x4",
        100,
        None,
    )
    assert line["data"] == {"bottles": 4, "ticket": "D-1"}
    assert sale.get_json()["total"] == 350


def test_a_line_kind_payload_is_validated(app, shop, cashier_api):
    before = counts(app)
    for bad in (
        {"deposit": {"bottles": 0}},
        {"deposit": {}},
        {"deposit": "x"},
        {"deposit": {"bottles": 2}, "barcode": "3017620422003"},
        {"__kind__": {"bottles": 2}, "quantity": 1},
    ):
        response = cashier_api.post("/api/v1/sales", json=sale_body(bad))
        assert response.status_code == 422, (bad, response.get_json())
    assert counts(app) == before


def test_a_plugin_refusal_names_the_plugin(app, shop, cashier_api):
    before = counts(app)
    response = cashier_api.post("/api/v1/sales", json=sale_body({"deposit": {"bottles": 13}}))
    assert response.status_code == 422
    assert response.get_json()["error"]["code"] == "unlucky"
    assert response.get_json()["error"]["message"].startswith("deposit:")
    assert counts(app) == before


def test_price_line_adjustment_applies_before_manual_discounts(shop, cashier_api):
    sale = cashier_api.post(
        "/api/v1/sales",
        json=sale_body({"product_id": shop["CROISSANT"], "quantity": 2}, coupons=["2FOR1"]),
    ).get_json()
    line = sale["lines"][0]
    assert line["adjustments"] == [{"amount": 120, "label": "2 for 1", "source": "deposit"}]
    assert sale["total"] == 120 and sale["data"]["coupons"] == ["2FOR1"]


def test_validation_hook_refuses_with_422_naming_the_plugin(app, shop, cashier_api):
    """A problem from pos_sale_validate is a 422 whose message names the plugin."""
    before = counts(app)
    response = cashier_api.post(
        "/api/v1/sales",
        json=sale_body({"barcode": "3017620422003", "quantity": 1}, customer_id=666),
    )
    assert response.status_code == 422
    error = response.get_json()["error"]
    assert error["fields"] == {"customer_id": ["this customer may not buy"]}
    assert error["message"] == "deposit: this customer may not buy"
    assert counts(app) == before


def test_failing_completing_hook_rolls_everything_back(app, shop, cashier_api):
    """An exception inside the transaction aborts the sale cleanly, receipt number
    included, with a 500 naming the plugin; the same id can be retried."""
    before = counts(app)
    body = sale_body({"barcode": "3017620422003", "quantity": 1}, {"deposit": {"bottles": 99}})
    response = cashier_api.post("/api/v1/sales", json=body)
    assert response.status_code == 500
    assert response.get_json()["error"] == {
        "code": "plugin_failed",
        "message": "the plugin 'deposit' failed",
        "fields": {},
    }
    assert counts(app) == before
    body["lines"][1] = {"deposit": {"bottles": 2}}
    retried = cashier_api.post("/api/v1/sales", json=body)
    assert retried.status_code == 201 and retried.get_json()["number"] == 1


def test_completed_hook_runs_after_commit_through_the_outbox(app, shop, cashier_api):
    from sample_plugins import deposit

    from core.plugins.models import OutboxDelivery

    deposit.EVENTS.clear()
    response = cashier_api.post(
        "/api/v1/sales", json=sale_body({"barcode": "3017620422003", "quantity": 1})
    )
    sale = response.get_json()
    assert deposit.EVENTS == []  # not while the answer is being sent
    response.close()  # the server closes it once sent; delivery follows
    assert len(deposit.EVENTS) == 1 and deposit.EVENTS[0].endswith(sale["id"])
    with app.app_context():
        delivery = db.session.query(OutboxDelivery).one()
        assert (delivery.plugin, delivery.status) == ("deposit", "done")
