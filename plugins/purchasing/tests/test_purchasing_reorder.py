"""Reorder points and suggestions: from stock levels and sales velocity, fast sellers
first, rounded up to whole packs, grouped by supplier, turned into draft orders."""

from __future__ import annotations

import pytest
from purchasing_testing import add_supplier, offer, ok

from core.testing import sell

pytestmark = pytest.mark.comptoir_plugins("purchasing")


def _point(api, product_id, point, quantity, location_id=1):
    body = {
        "product_id": product_id,
        "location_id": location_id,
        "reorder_point": point,
        "reorder_quantity": quantity,
    }
    return ok(api.put("/api/v1/reorder-points", json=body))


@pytest.fixture
def reordering(manager_api, shop):
    """TEA sells fast (14 in the window), SOAP slowly (2), RICE not at all; A sells TEA
    (packs of 12, preferred) and SOAP (packs of 6), B sells RICE (packs of 5)."""
    first = add_supplier(manager_api, "A Grossiste")
    second = add_supplier(manager_api, "B Riz", lead_time_days=2)
    offer(
        manager_api, first, shop["TEA"], reference="A-TEA", pack_size="12", cost=150, preferred=True
    )
    offer(manager_api, first, shop["SOAP"], reference="A-SOAP", pack_size="6", cost=90)
    offer(manager_api, second, shop["RICE"], reference="B-R", pack_size="5", cost=100)
    _point(manager_api, shop["TEA"], "5", "10")
    _point(manager_api, shop["SOAP"], "5", "10")
    _point(manager_api, shop["RICE"], "1", "6")
    sell(manager_api, shop.line("TEA", 14), shop.line("SOAP", 2))
    return first, second


def test_suggestions_rank_fast_sellers_first_in_whole_packs(manager_api, shop, reordering):
    groups = ok(manager_api.get("/api/v1/reorder-suggestions?days=28"))
    assert [group["supplier_name"] for group in groups] == ["A Grossiste", "B Riz"]
    first = groups[0]["suggestions"]
    assert [item["sku"] for item in first] == ["TEA", "SOAP"]
    tea, soap = first
    # TEA: 2 - 14 = -12 in stock, 0.5 a day, 7 days of lead time: -15.5 on arrival,
    # 20.5 to reach the point again: two packs of 12.
    assert (tea["stock"], tea["velocity"], tea["quantity"], tea["packs"]) == (
        "-12",
        "0.5",
        "24",
        "2",
    )
    assert tea["supplier_reference"] == "A-TEA" and tea["unit_cost"] == 150 and tea["total"] == 3600
    # SOAP: 3 left, selling slowly: the reorder quantity, 10, is two packs of 6.
    assert (soap["stock"], soap["quantity"]) == ("3", "12")
    rice = groups[1]["suggestions"][0]
    assert (rice["sku"], rice["velocity"], rice["quantity"], rice["days_of_cover"]) == (
        "RICE",
        "0",
        "10",
        None,
    )


def test_a_product_above_its_point_is_not_suggested(manager_api, shop, reordering):
    _point(manager_api, shop["SOAP"], "1", "10")
    groups = ok(manager_api.get("/api/v1/reorder-suggestions"))
    skus = [item["sku"] for group in groups for item in group["suggestions"]]
    assert skus == ["TEA", "RICE"]


def test_the_create_orders_action_drafts_one_order_per_supplier(manager_api, shop, reordering):
    """And what is on order then counts: nothing is suggested twice."""
    made = ok(manager_api.post("/api/v1/reorder-suggestions/orders", json={}), 201)
    assert [(order["supplier_name"], order["status"]) for order in made] == [
        ("A Grossiste", "draft"),
        ("B Riz", "draft"),
    ]
    assert [(line["sku"], line["quantity"], line["unit_cost"]) for line in made[0]["lines"]] == [
        ("TEA", "24", 150),
        ("SOAP", "12", 90),
    ]
    assert ok(manager_api.get("/api/v1/reorder-suggestions")) == []
    again = manager_api.post("/api/v1/reorder-suggestions/orders", json={})
    assert again.status_code == 409 and again.get_json()["error"]["code"] == "nothing_to_order"


def test_only_the_suppliers_named_are_ordered_from(manager_api, shop, reordering):
    _first, second = reordering
    made = ok(
        manager_api.post(
            "/api/v1/reorder-suggestions/orders", json={"supplier_ids": [second["id"]]}
        ),
        201,
    )
    assert [order["supplier_name"] for order in made] == ["B Riz"]


def test_reorder_points_are_per_location(app, manager_api, shop):
    """A second location (a second shop) has its own points and its own suggestions."""
    from core.plugins import create_location, db

    with app.app_context():
        north = create_location("north", "North shop")
        db.session.commit()
    _point(manager_api, shop["RICE"], "3", "6", location_id=north.id)
    assert ok(manager_api.get("/api/v1/reorder-suggestions")) == []
    groups = ok(manager_api.get(f"/api/v1/reorder-suggestions?location_id={north.id}"))
    assert [item["sku"] for item in groups[0]["suggestions"]] == ["RICE"]
    assert groups[0]["supplier_id"] is None  # nobody sells it: left for the merchant
    listed = ok(manager_api.get(f"/api/v1/reorder-points?location_id={north.id}"))
    assert [(row["product_id"], row["reorder_point"]) for row in listed] == [(shop["RICE"], "3")]


@pytest.mark.parametrize(
    "query", ["location_id=999", "location_id=x", "days=0", "days=366", "days=abc"]
)
def test_bad_suggestion_queries_are_4xx(manager_api, shop, query):
    answer = manager_api.get(f"/api/v1/reorder-suggestions?{query}")
    assert 400 <= answer.status_code < 500


@pytest.mark.parametrize(
    "body",
    [
        {"product_id": 9999, "location_id": 1, "reorder_point": "1", "reorder_quantity": "1"},
        {"product_id": 1, "location_id": 999, "reorder_point": "1", "reorder_quantity": "1"},
        {"product_id": 1, "location_id": 1, "reorder_point": "-1", "reorder_quantity": "1"},
        {"product_id": 1, "location_id": 1, "reorder_point": "1"},
    ],
)
def test_bad_reorder_points_are_4xx_and_change_nothing(manager_api, shop, body):
    answer = manager_api.put("/api/v1/reorder-points", json=body)
    assert 400 <= answer.status_code < 500
    assert ok(manager_api.get("/api/v1/reorder-points")) == []


def test_a_reorder_point_is_removed(manager_api, shop, reordering):
    """Without its point, RICE is no longer suggested; removing it again is a 404."""
    url = f"/api/v1/reorder-points/1/{shop['RICE']}"
    assert manager_api.delete(url).status_code == 200
    assert manager_api.delete(url).status_code == 404
    groups = ok(manager_api.get("/api/v1/reorder-suggestions"))
    assert [item["sku"] for group in groups for item in group["suggestions"]] == ["TEA", "SOAP"]
