"""The stock API: levels, adjustments and counts, the movement ledger, permissions."""

from __future__ import annotations

import pytest


def test_adjustment_by_delta(manager_api, product):
    """A delta adjusts the stock and answers the movement with the new quantity."""
    response = manager_api.post(
        "/api/v1/stock/adjustments",
        json={"product_id": product["id"], "delta": "12", "reason": "receipt", "note": "PO 7"},
    )
    assert response.status_code == 201, response.json
    assert (response.json["delta"], response.json["quantity"]) == ("12", "12")
    assert (response.json["reason"], response.json["note"]) == ("receipt", "PO 7")
    response = manager_api.post(
        "/api/v1/stock/adjustments", json={"product_id": product["id"], "delta": -2.5}
    )
    assert (response.json["reason"], response.json["quantity"]) == ("adjustment", "9.5")
    assert manager_api.get(f"/api/v1/products/{product['id']}").json["stock"] == "9.5"


def test_count_sets_the_stock(manager_api, product):
    """A count sets the stock to what is on the shelf; the movement is the difference."""
    manager_api.post("/api/v1/stock/adjustments", json={"product_id": product["id"], "delta": 5})
    response = manager_api.post(
        "/api/v1/stock/adjustments", json={"product_id": product["id"], "counted": "3"}
    )
    assert (response.json["delta"], response.json["quantity"]) == ("-2", "3")


def test_stock_level_of_one_product(cashier_api, manager_api, product):
    """GET /stock?product_id= answers its level at the default location (0 if none)."""
    level = cashier_api.get(f"/api/v1/stock?product_id={product['id']}").json
    assert level == [{"product_id": product["id"], "location_id": 1, "quantity": "0"}]
    manager_api.post("/api/v1/stock/adjustments", json={"product_id": product["id"], "delta": 4})
    assert cashier_api.get("/api/v1/stock").json[0]["quantity"] == "4"


def test_movements_list_newest_first_with_users(manager_api, product):
    """The ledger lists movements newest first, with reasons and users."""
    me = manager_api.get("/api/v1/me").json["id"]
    for delta in (5, -1):
        manager_api.post(
            "/api/v1/stock/adjustments", json={"product_id": product["id"], "delta": delta}
        )
    response = manager_api.get(f"/api/v1/stock/movements?product_id={product['id']}")
    assert [(m["delta"], m["user_id"]) for m in response.json] == [("-1", me), ("5", me)]
    assert response.headers["X-Total-Count"] == "2"


def test_negative_stock_refused_by_store_setting(manager_api, product, refuse_negative_stock):
    """When the store refuses negative stock, an adjustment below zero is a 409 naming
    what is available, and nothing is written."""
    manager_api.post("/api/v1/stock/adjustments", json={"product_id": product["id"], "delta": 2})
    response = manager_api.post(
        "/api/v1/stock/adjustments", json={"product_id": product["id"], "delta": -3}
    )
    assert response.status_code == 409
    assert response.json["error"]["code"] == "insufficient_stock"
    assert response.json["error"]["fields"]["available"] == "2"
    movements = manager_api.get(f"/api/v1/stock/movements?product_id={product['id']}").json
    assert len(movements) == 1


def test_negative_stock_allowed_by_default_setting(manager_api, product):
    """By default (allow_negative_stock true) stock may go below zero."""
    response = manager_api.post(
        "/api/v1/stock/adjustments", json={"product_id": product["id"], "delta": -3}
    )
    assert response.json["quantity"] == "-3"


@pytest.mark.parametrize(
    "body",
    [
        {"delta": 1},
        {"product_id": 1, "delta": 1, "counted": 1},
        {"product_id": 1},
        {"product_id": 1, "delta": 0},
        {"product_id": 1, "delta": "1.2345"},
        {"product_id": 1, "delta": "abc"},
        {"product_id": 1, "delta": "1e40"},
        {"product_id": 1, "delta": "-1e40"},
        {"product_id": 1, "delta": True},
        {"product_id": 1, "counted": -1},
        {"product_id": 1, "delta": -1, "reason": "receipt"},
        {"product_id": 1, "delta": 1, "reason": "sale"},
        {"product_id": "1", "delta": 1},
    ],
)
def test_bad_adjustment_is_a_422(manager_api, product, body):
    """Malformed adjustments are refused and write nothing."""
    body = {k: (product["id"] if k == "product_id" and v == 1 else v) for k, v in body.items()}
    response = manager_api.post("/api/v1/stock/adjustments", json=body)
    assert response.status_code == 422, response.json
    assert manager_api.get("/api/v1/stock/movements").json == []


def test_unknown_product_or_location_is_a_404(manager_api, product):
    """Adjusting a product or location that does not exist answers 404."""
    unknown_product = {"product_id": 999999, "delta": 1}
    assert manager_api.post("/api/v1/stock/adjustments", json=unknown_product).status_code == 404
    unknown_location = {"product_id": product["id"], "delta": 1, "location_id": 999}
    assert manager_api.post("/api/v1/stock/adjustments", json=unknown_location).status_code == 404
    assert manager_api.get("/api/v1/stock?product_id=999999").status_code == 404


def test_cashier_cannot_adjust_stock(cashier_api, manager_api, product):
    """Adjusting needs stock.adjust, which cashiers lack."""
    response = cashier_api.post(
        "/api/v1/stock/adjustments", json={"product_id": product["id"], "delta": 1}
    )
    assert response.status_code == 403
    assert manager_api.get("/api/v1/stock/movements").json == []


def test_no_token_is_a_401(client, product):
    """The stock endpoints need credentials."""
    assert client.get("/api/v1/stock/movements").status_code == 401
    body = {"product_id": product["id"], "delta": 1}
    assert client.post("/api/v1/stock/adjustments", json=body).status_code == 401
