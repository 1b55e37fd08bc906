"""Defects the state machine (tests/test_state_machine.py) found, each pinned down."""

from __future__ import annotations

import uuid

from sale_helpers import sale_body


def test_a_cashiers_discount_at_the_limit_is_not_refused_for_its_rounding(shop, cashier_api):
    """10 % off at a 10 % limit is the cashier's to give, even when rounding the discount
    to the cent takes a little more than 10 % off: 5 % on 2.50 and on 7.50 (0.13 and 0.38)
    leave 9.49, and the 10 % cart discount of 9.49 is 0.95 (10.01 %). It was refused
    with approval_required."""
    body = sale_body(
        {"product_id": shop["COFFEE"], "quantity": 1, "discount_percent": "5"},
        {"product_id": shop["COFFEE"], "quantity": 3, "discount_percent": "5"},
        discount_percent="10",
    )
    response = cashier_api.post("/api/v1/sales", json=body)
    assert response.status_code == 201, response.get_json()
    assert (response.get_json()["discount_total"], response.get_json()["total"]) == (146, 854)


def test_a_cents_more_than_the_rounding_still_needs_a_manager(shop, cashier_api):
    """The margin is the rounding's half cent, no more: 0.96 off 9.49 (10.1 %) is beyond."""
    body = sale_body(
        {"product_id": shop["COFFEE"], "quantity": 1, "discount_percent": "5"},
        {"product_id": shop["COFFEE"], "quantity": 3, "discount_percent": "5"},
        discount_amount=96,
    )
    response = cashier_api.post("/api/v1/sales", json=body)
    assert response.status_code == 403, response.get_json()
    assert response.get_json()["error"]["code"] == "approval_required"


def test_sales_are_listed_by_register_user_and_customer(shop, cashier_api, manager_api):
    """``GET /api/v1/sales?register_id=1`` (and ``user_id``, ``customer_id``) filter as
    documented: a query string's id is text, and a strict id refused them all (422)."""
    sold = cashier_api.post(
        "/api/v1/sales", json=sale_body({"product_id": shop["COFFEE"], "quantity": 1})
    ).get_json()
    listed = manager_api.get("/api/v1/sales?register_id=1")
    assert listed.status_code == 200, listed.get_json()
    assert [sale["id"] for sale in listed.get_json()] == [sold["id"]]
    mine = manager_api.get(f"/api/v1/sales?user_id={sold['user_id']}")
    assert [sale["id"] for sale in mine.get_json()] == [sold["id"]]
    assert manager_api.get(f"/api/v1/sales?user_id={sold['user_id'] + 100}").get_json() == []
    assert manager_api.get("/api/v1/sales?customer_id=7").get_json() == []
    assert manager_api.get("/api/v1/sales?register_id=0").status_code == 422
    assert manager_api.get("/api/v1/sales?register_id=x").status_code == 422


def test_a_partly_refunded_sale_cannot_be_voided(shop, cashier_api, manager_api):
    """Voiding a sale after a partial refund is a 409 ``cannot_void`` (refund the rest
    instead), as for a sale of another session; it was a 422 ``refund_mismatch`` saying
    the money handed back (the whole sale's payments) did not match what was left."""
    sale = cashier_api.post(
        "/api/v1/sales",
        json=sale_body(
            {"product_id": shop["COFFEE"], "quantity": 3},
            {"product_id": shop["CROISSANT"], "quantity": 1},
        ),
    ).get_json()
    refund = manager_api.post(
        f"/api/v1/sales/{sale['id']}/refund",
        json={
            "id": str(uuid.uuid4()),
            "lines": [{"line_id": sale["lines"][0]["id"], "quantity": 1}],
            "payments": [{"method": "cash", "amount": 250}],
        },
    )
    assert refund.status_code == 201, refund.get_json()
    void = manager_api.post(f"/api/v1/sales/{sale['id']}/void", json={"id": str(uuid.uuid4())})
    assert void.status_code == 409, void.get_json()
    assert void.get_json()["error"]["code"] == "cannot_void"
    again = manager_api.get(f"/api/v1/sales/{sale['id']}").get_json()
    assert [r["kind"] for r in again["refunds"]] == ["refund"]


def test_a_void_sent_again_answers_the_void_that_was_made(shop, cashier_api, manager_api):
    """A till that lost a void's answer sends it again with the same id: 200 and the same
    void, as for a sale or a refund. It was a 409 ``cannot_void`` (the sale being voided
    by then), which told the till the void had failed."""
    sale = cashier_api.post(
        "/api/v1/sales", json=sale_body({"product_id": shop["COFFEE"], "quantity": 2})
    ).get_json()
    body = {"id": str(uuid.uuid4()), "reason": "wrong item"}
    void = manager_api.post(f"/api/v1/sales/{sale['id']}/void", json=body)
    assert void.status_code == 201, void.get_json()
    again = manager_api.post(f"/api/v1/sales/{sale['id']}/void", json=body)
    assert again.status_code == 200, again.get_json()
    assert again.get_json() == void.get_json()
    other = manager_api.post(f"/api/v1/sales/{sale['id']}/void", json={"id": str(uuid.uuid4())})
    assert other.status_code == 409
    assert other.get_json()["error"]["code"] == "cannot_void"
    refunds = manager_api.get(f"/api/v1/sales/{sale['id']}").get_json()["refunds"]
    assert [r["id"] for r in refunds] == [void.get_json()["id"]]
