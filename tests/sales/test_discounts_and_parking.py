"""Manual discounts within and beyond the cashier's limit; parked sales."""

from __future__ import annotations

import uuid

from sale_helpers import counts, sale_body

from core.testing.fixtures import PINS

COFFEE = {"barcode": "3017620422003", "quantity": 4}


def test_discount_within_the_limit(shop, cashier_api):
    sale = cashier_api.post(
        "/api/v1/sales", json=sale_body(dict(COFFEE, discount_percent="10"))
    ).get_json()
    assert (sale["lines"][0]["discount"], sale["total"]) == (100, 900)


def test_discount_beyond_the_limit_needs_a_manager(app, shop, cashier_api):
    """Beyond the cashier's limit the sale needs a manager's PIN on the same screen."""
    before = counts(app)
    body = sale_body(dict(COFFEE, discount_percent="25"))
    refused = cashier_api.post("/api/v1/sales", json=body)
    assert refused.status_code == 403
    assert refused.get_json()["error"]["code"] == "approval_required"
    wrong = dict(body, approval={"user_id": 2, "pin": "0000"})
    assert cashier_api.post("/api/v1/sales", json=wrong).status_code == 403
    cashier_self = dict(body, approval={"user_id": 3, "pin": PINS["cashier"]})
    assert cashier_api.post("/api/v1/sales", json=cashier_self).status_code == 403
    assert counts(app) == before
    approved = dict(body, approval={"user_id": 2, "pin": PINS["manager"]})
    sale = cashier_api.post("/api/v1/sales", json=approved).get_json()
    assert sale["total"] == 750 and sale["data"]["discount_approved_by"] == "manager"


def test_manager_gives_big_discounts_without_approval(shop, manager_api):
    sale = manager_api.post("/api/v1/sales", json=sale_body(COFFEE, discount_amount=500)).get_json()
    assert sale["total"] == 500


def test_cart_discount_is_spread_over_lines(shop, cashier_api):
    sale = cashier_api.post(
        "/api/v1/sales",
        json=sale_body(
            {"barcode": "3017620422003", "quantity": 1},
            {"product_id": shop["CROISSANT"], "quantity": 1},
            discount_amount=37,
        ),
    ).get_json()
    assert sale["total"] == 370 - 37
    assert sum(line["cart_discount"] for line in sale["lines"]) == 37


def test_park_and_resume_from_another_register(app, shop, cashier_api, manager_api):
    from core.db import db
    from core.registers.models import Register

    with app.app_context():
        db.session.add(Register(code="R2", name="Register 2", location_id=1))
        db.session.commit()
    body = sale_body(COFFEE, label="Table 4")
    del body["payments"]
    parked = cashier_api.post("/api/v1/parked-sales", json=body)
    assert parked.status_code == 201, parked.get_json()
    assert parked.get_json()["total"] == 1000
    listed = cashier_api.get("/api/v1/parked-sales").get_json()
    assert [p["label"] for p in listed] == ["Table 4"]
    resumed = cashier_api.post(f"/api/v1/parked-sales/{body['id']}/resume")
    assert resumed.status_code == 200
    assert resumed.get_json()["cart"]["lines"] == [COFFEE]
    assert cashier_api.post(f"/api/v1/parked-sales/{body['id']}/resume").status_code == 404
    assert cashier_api.get("/api/v1/parked-sales").get_json() == []


def test_parking_a_cart_that_cannot_sell_is_refused(shop, cashier_api):
    body = {
        "id": str(uuid.uuid4()),
        "register_id": 1,
        "lines": [{"barcode": "0000000000000", "quantity": 1}],
    }
    assert cashier_api.post("/api/v1/parked-sales", json=body).status_code == 422
