"""The API changes and deletes courses, green-fee rates and membership categories as the
back office does, with the same refusals: 409 and nothing changed while bookings or sales
use them; golf.manage only."""

from __future__ import annotations

import pytest
from golf_testing import add_rate, booked, new_course

from core.testing import Item, make_shop, sale_body

pytestmark = pytest.mark.comptoir_plugins("golf")

COURSE = {"name": "Old Course", "first_tee": "07:00", "last_tee": "18:00", "interval_minutes": 10}


def courses(api) -> list[dict]:
    return api.get("/api/v1/golf/courses").get_json()


def test_a_course_is_changed_then_deleted(manager_api, cashier_api):
    course = new_course(manager_api)
    url = f"/api/v1/golf/courses/{course['id']}"
    changed = manager_api.put(url, json={**COURSE, "name": "Links", "holes": 9})
    assert changed.status_code == 200, changed.get_json()
    assert (changed.get_json()["name"], changed.get_json()["holes"]) == ("Links", 9)
    assert cashier_api.put(url, json=COURSE).status_code == 403
    assert cashier_api.delete(url).status_code == 403
    assert manager_api.delete(url).status_code == 204
    assert courses(manager_api) == []
    assert manager_api.delete(url).status_code == 404


def test_a_booked_course_is_neither_cut_short_nor_deleted(manager_api, cashier_api):
    course = new_course(manager_api)
    other = new_course(manager_api, name="Links")
    booked(cashier_api, course["id"], "17:00", "Bob")
    url = f"/api/v1/golf/courses/{course['id']}"
    cut = manager_api.put(url, json={**COURSE, "last_tee": "16:00"})
    assert cut.status_code == 409 and cut.get_json()["error"]["code"] == "course_times_booked"
    same_name = manager_api.put(url, json={**COURSE, "name": other["name"]})
    assert same_name.status_code == 409
    assert same_name.get_json()["error"]["code"] == "course_exists"
    refused = manager_api.delete(url)
    assert refused.status_code == 409 and refused.get_json()["error"]["code"] == "course_in_use"
    assert [c["last_tee"] for c in courses(manager_api)] == ["18:00", "18:00"]
    bad = manager_api.put(url, json={**COURSE, "interval_minutes": 2})
    assert bad.status_code in (400, 422)


def test_a_rate_is_changed_and_deleted_unless_charged(manager_api, cashier_api):
    make_shop(manager_api, [Item("CART", 3000)])
    course = new_course(manager_api)
    first = add_rate(manager_api, course["id"], name="Any", price=5000)
    second = add_rate(manager_api, course["id"], name="Spare", price=9000, priority=-1)
    url = f"/api/v1/golf/rates/{first['id']}"
    changed = manager_api.put(url, json={"name": "Anyone", "price": 4500})
    assert changed.status_code == 200 and changed.get_json()["price"] == 4500
    backwards = manager_api.put(
        url, json={"name": "Any", "price": 1, "start": "10:00", "end": "09:00"}
    )
    assert backwards.status_code == 422
    assert manager_api.delete(f"/api/v1/golf/rates/{second['id']}").status_code == 204

    (bob,) = booked(cashier_api, course["id"], "09:00", "Bob")["players"]
    body = sale_body({"golf_green_fee": {"player_id": bob["id"]}})
    assert cashier_api.post("/api/v1/sales", json=body).status_code == 201
    refused = manager_api.delete(url)
    assert refused.status_code == 409 and refused.get_json()["error"]["code"] == "rate_in_use"
    rates = manager_api.get(f"/api/v1/golf/courses/{course['id']}/rates").get_json()
    assert [(r["name"], r["price"]) for r in rates] == [("Anyone", 4500)]


def test_a_category_sold_is_taken_off_sale_not_deleted(manager_api, cashier_api):
    make_shop(manager_api, [Item("CART", 3000)])
    body = {"name": "Weekday", "price": 90000, "included_rounds": 2}
    category = manager_api.post("/api/v1/golf/membership-categories", json=body).get_json()
    spare = manager_api.post(
        "/api/v1/golf/membership-categories", json={"name": "Junior", "price": 20000}
    ).get_json()
    url = f"/api/v1/golf/membership-categories/{category['id']}"
    taken = manager_api.put(url, json={**body, "name": "Junior"})
    assert taken.status_code == 409
    assert taken.get_json()["error"]["code"] == "membership_category_exists"
    customer = manager_api.post("/api/v1/customers", json={"name": "Anne"}).get_json()
    line = {
        "golf_membership": {
            "category_id": category["id"],
            "customer_id": customer["id"],
            "season_start": "2031-01-01",
            "season_end": "2031-12-31",
        }
    }
    assert cashier_api.post("/api/v1/sales", json=sale_body(line)).status_code == 201
    refused = manager_api.delete(url)
    assert refused.status_code == 409
    assert refused.get_json()["error"]["code"] == "membership_category_in_use"
    off = manager_api.put(url, json={**body, "active": False})
    assert off.status_code == 200 and off.get_json()["active"] is False
    assert cashier_api.post("/api/v1/sales", json=sale_body(line)).status_code == 422
    assert (
        manager_api.delete(f"/api/v1/golf/membership-categories/{spare['id']}").status_code == 204
    )
    names = [c["name"] for c in manager_api.get("/api/v1/golf/membership-categories").get_json()]
    assert names == ["Weekday"]
