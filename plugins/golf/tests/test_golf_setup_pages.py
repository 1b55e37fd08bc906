"""The back-office setup pages: courses, green-fee rates and membership categories made,
changed and deleted through forms judged like the API; deleting what bookings or sales
use is refused with a 409 and the reason, nothing changed."""

from __future__ import annotations

import pytest
from golf_testing import booked, new_course, standard_rates

from core.testing import Item, make_shop, sale_body

pytestmark = pytest.mark.comptoir_plugins("golf")

COURSE = {
    "name": "Links",
    "holes": "9",
    "first_tee": "08:00",
    "last_tee": "17:00",
    "interval_minutes": "8",
    "tenth_tee_starts": "1",
}


def courses(api) -> list[dict]:
    return api.get("/api/v1/golf/courses").get_json()


def test_a_course_is_made_and_changed_through_the_form(manager_api):
    page = manager_api.get("/golf/courses/new")
    assert page.status_code == 200 and 'name="csrf_token"' in page.get_data(as_text=True)
    assert manager_api.post("/golf/courses/new", data=COURSE).status_code == 302
    (course,) = courses(manager_api)
    assert (course["name"], course["holes"], course["interval_minutes"]) == ("Links", 9, 8)
    assert course["tenth_tee_starts"] is True
    changed = {**COURSE, "last_tee": "16:00", "tenth_tee_starts": ""}
    answer = manager_api.post(f"/golf/courses/{course['id']}/edit", data=changed)
    assert answer.status_code == 302
    (course,) = courses(manager_api)
    assert (course["last_tee"], course["tenth_tee_starts"]) == ("16:00", False)
    assert "Links" in manager_api.get("/golf/setup").get_data(as_text=True)


def test_a_bad_course_form_says_why_and_keeps_nothing(manager_api):
    bad = {**COURSE, "first_tee": "18:00", "interval_minutes": "two"}
    answer = manager_api.post("/golf/courses/new", data=bad)
    assert answer.status_code == 400
    assert "Nothing was saved" in answer.get_data(as_text=True)
    assert courses(manager_api) == []
    new_course(manager_api, name="Links")
    taken = manager_api.post("/golf/courses/new", data=COURSE)
    assert taken.status_code == 409
    assert "a course is already named Links" in taken.get_data(as_text=True)


def test_a_course_with_bookings_is_not_deleted_nor_cut_short(manager_api, cashier_api):
    course = new_course(manager_api)
    booked(cashier_api, course["id"], "17:00", "Bob")
    refused = manager_api.post(f"/golf/courses/{course['id']}/delete")
    assert refused.status_code == 409
    assert "has bookings" in refused.get_data(as_text=True)
    shorter = {
        "name": course["name"],
        "holes": "18",
        "first_tee": "07:00",
        "last_tee": "16:00",
        "interval_minutes": "10",
    }
    cut = manager_api.post(f"/golf/courses/{course['id']}/edit", data=shorter)
    assert cut.status_code == 409
    assert "1 booked tee times would no longer be on the tee sheet" in cut.get_data(as_text=True)
    assert [c["last_tee"] for c in courses(manager_api)] == ["18:00"]


def test_a_course_nobody_booked_is_deleted_with_its_rates(manager_api):
    course = new_course(manager_api)
    standard_rates(manager_api, course["id"])
    assert manager_api.post(f"/golf/courses/{course['id']}/delete").status_code == 302
    assert courses(manager_api) == []


def test_rates_are_made_edited_and_deleted_unless_charged(manager_api, cashier_api):
    make_shop(manager_api, [Item("CART", 3000)])
    course = new_course(manager_api)
    form = {
        "name": "Twilight",
        "player_kind": "any",
        "weekdays": ["6", "7"],
        "start": "16:00",
        "end": "20:00",
        "priority": "10",
        "price": "35.50",
    }
    assert manager_api.post(f"/golf/courses/{course['id']}/rates/new", data=form).status_code == 302
    (rate,) = manager_api.get(f"/api/v1/golf/courses/{course['id']}/rates").get_json()
    assert (rate["price"], rate["weekdays"], rate["priority"]) == (3550, "67", 10)
    assert manager_api.get(f"/golf/courses/{course['id']}/rates/new").status_code == 200
    assert "35.50" in manager_api.get(f"/golf/rates/{rate['id']}/edit").get_data(as_text=True)
    bad = manager_api.post(f"/golf/rates/{rate['id']}/edit", data={**form, "price": "35.505"})
    assert bad.status_code == 400
    edited = manager_api.post(f"/golf/rates/{rate['id']}/edit", data={**form, "price": "30"})
    assert edited.status_code == 302
    (rate,) = manager_api.get(f"/api/v1/golf/courses/{course['id']}/rates").get_json()
    assert rate["price"] == 3000

    (bob,) = booked(cashier_api, course["id"], "16:00", "Bob")["players"]
    body = sale_body({"golf_green_fee": {"player_id": bob["id"]}})
    assert cashier_api.post("/api/v1/sales", json=body).status_code == 201
    refused = manager_api.post(f"/golf/rates/{rate['id']}/delete")
    assert refused.status_code == 409
    assert "green fees were charged by Twilight" in refused.get_data(as_text=True)
    assert len(manager_api.get(f"/api/v1/golf/courses/{course['id']}/rates").get_json()) == 1


def test_a_category_sold_is_taken_off_sale_not_deleted(manager_api, cashier_api):
    make_shop(manager_api, [Item("CART", 3000)])
    assert manager_api.get("/golf/categories/new").status_code == 200
    form = {"name": "Weekday", "price": "900", "included_rounds": "2", "discount_percent": "12,5"}
    assert manager_api.post("/golf/categories/new", data={**form, "active": "1"}).status_code == 302
    (category,) = manager_api.get("/api/v1/golf/membership-categories").get_json()
    assert (category["price"], category["discount_percent"], category["active"]) == (
        90000,
        "12.5",
        True,
    )
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
    refused = manager_api.post(f"/golf/categories/{category['id']}/delete")
    assert refused.status_code == 409
    assert "untick On sale instead" in refused.get_data(as_text=True)

    off = manager_api.post(f"/golf/categories/{category['id']}/edit", data=form)
    assert off.status_code == 302
    assert manager_api.get("/api/v1/golf/membership-categories").get_json()[0]["active"] is False
    assert cashier_api.post("/api/v1/sales", json=sale_body(line)).status_code == 422


def test_the_setup_pages_need_golf_manage(cashier_api, manager_api):
    course = new_course(manager_api)
    for url in ("/golf/setup", "/golf/courses/new", f"/golf/courses/{course['id']}/edit"):
        assert cashier_api.get(url).status_code == 403
    assert cashier_api.post(f"/golf/courses/{course['id']}/delete").status_code == 403
    assert manager_api.get("/golf/rates/999/edit").status_code == 404
