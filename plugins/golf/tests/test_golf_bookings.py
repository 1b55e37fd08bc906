"""The tee sheet and bookings: places, blocked times, cancellations, no-shows and the
starter's list, through the API a booking website uses."""

from __future__ import annotations

import pytest
from golf_testing import SATURDAY, book, booked, new_course, slot

pytestmark = pytest.mark.comptoir_plugins("golf")


@pytest.fixture
def course(manager_api):
    return new_course(manager_api)


@pytest.fixture
def member(manager_api):
    response = manager_api.post("/api/v1/customers", json={"name": "Anne Member"})
    assert response.status_code == 201
    return response.get_json()


def test_the_tee_sheet_runs_from_first_to_last_tee_time(cashier_api, course):
    """Every interval from the first tee time to the last, four places each."""
    sheet = cashier_api.get(f"/api/v1/golf/courses/{course['id']}/slots?day={SATURDAY}")
    times = [s["tee_time"] for s in sheet.get_json()]
    assert times[:3] == ["07:00", "07:10", "07:20"] and times[-1] == "18:00"
    assert len(times) == 11 * 6 + 1
    assert {s["free"] for s in sheet.get_json()} == {4}


def test_a_booking_takes_places_and_names_its_players(cashier_api, course, member):
    """Members are crm customers, guests are names; the places left go down."""
    booking = booked(cashier_api, course["id"], "08:10", ("Anne Member", member["id"]), "Bob Guest")
    assert booking["status"] == "booked"
    assert [(p["name"], p["member"]) for p in booking["players"]] == [
        ("Anne Member", True),
        ("Bob Guest", False),
    ]
    assert slot(cashier_api, course["id"], "08:10")["free"] == 2
    assert cashier_api.get(f"/api/v1/golf/bookings/{booking['id']}").get_json() == booking


def test_a_tee_time_never_takes_a_fifth_player(cashier_api, course):
    """Three booked, two more asked: 409, and the three stay."""
    booked(cashier_api, course["id"], "09:00", "A", "B", "C")
    answer = book(cashier_api, course["id"], "09:00", "D", "E")
    assert answer.status_code == 409
    assert answer.get_json()["error"]["code"] == "tee_time_full"
    assert slot(cashier_api, course["id"], "09:00")["free"] == 1
    assert book(cashier_api, course["id"], "09:00", "D").status_code == 201


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"tee_time": "09:05"}, "tee_time"),
        ({"players": []}, "players"),
        ({"players": [{"name": n} for n in "ABCDE"]}, "players"),
        ({"players": [{"name": "X", "customer_id": 999}]}, "players.0.customer_id"),
        ({"day": "2031-02-30"}, "day"),
    ],
)
def test_bad_bookings_are_refused_with_the_field(cashier_api, course, change, field):
    body = {
        "course_id": course["id"],
        "day": SATURDAY,
        "tee_time": "09:00",
        "players": [{"name": "A"}],
    }
    answer = cashier_api.post("/api/v1/golf/bookings", json={**body, **change})
    assert answer.status_code == 422
    assert field in str(answer.get_json()["error"]["fields"])
    assert slot(cashier_api, course["id"], "09:00")["free"] == 4


def test_blocked_times_take_no_booking(manager_api, cashier_api, course):
    """A shotgun start closes the morning: no places, and a booking is refused."""
    block = {
        "day": SATURDAY,
        "start": "08:00",
        "end": "10:00",
        "kind": "shotgun",
        "note": "Club cup",
    }
    answer = manager_api.post(f"/api/v1/golf/courses/{course['id']}/blocks", json=block)
    assert answer.status_code == 201
    assert slot(cashier_api, course["id"], "08:30") | {"member_rate": None} == {
        "tee_time": "08:30",
        "tee": 1,
        "free": 0,
        "taken": 0,
        "blocked": "shotgun",
        "member_rate": None,
        "guest_rate": None,
    }
    assert slot(cashier_api, course["id"], "10:00")["free"] == 4
    refused = book(cashier_api, course["id"], "09:50", "A")
    assert refused.status_code == 409
    assert refused.get_json()["error"]["code"] == "tee_time_blocked"


def test_a_block_over_booked_times_is_refused(manager_api, cashier_api, course):
    booked(cashier_api, course["id"], "12:00", "A")
    block = {"day": SATURDAY, "start": "11:00", "end": "13:00", "kind": "maintenance"}
    answer = manager_api.post(f"/api/v1/golf/courses/{course['id']}/blocks", json=block)
    assert answer.status_code == 422


def test_cancelling_frees_the_places(cashier_api, course):
    booking = booked(cashier_api, course["id"], "10:00", "A", "B", "C", "D")
    assert slot(cashier_api, course["id"], "10:00")["free"] == 0
    cancelled = cashier_api.post(f"/api/v1/golf/bookings/{booking['id']}/cancel")
    assert cancelled.get_json()["status"] == "cancelled"
    assert slot(cashier_api, course["id"], "10:00")["free"] == 4
    again = cashier_api.post(f"/api/v1/golf/bookings/{booking['id']}/cancel")
    assert again.status_code == 409


def test_the_starter_lists_who_tees_off_by_time_without_no_shows(cashier_api, course):
    """No-shows leave the starter's list; the rest come by tee time."""
    late = booked(cashier_api, course["id"], "11:00", "Late")
    early = booked(cashier_api, course["id"], "07:30", "Early")
    missing = booked(cashier_api, course["id"], "08:00", "Missing")
    answer = cashier_api.post(f"/api/v1/golf/bookings/{missing['id']}/no-show")
    assert answer.get_json()["status"] == "no_show"
    starter = cashier_api.get(f"/api/v1/golf/courses/{course['id']}/starter?day={SATURDAY}")
    assert [b["id"] for b in starter.get_json()] == [early["id"], late["id"]]


def test_an_unknown_course_or_booking_is_a_404(cashier_api):
    assert cashier_api.get(f"/api/v1/golf/courses/9/slots?day={SATURDAY}").status_code == 404
    assert cashier_api.get("/api/v1/golf/bookings/99999999999").status_code == 404
    assert cashier_api.post("/api/v1/golf/bookings/7/no-show").status_code == 404


def test_a_booking_website_token_needs_golf_book(roleless_api, cashier_api, course):
    assert (
        roleless_api.get(f"/api/v1/golf/courses/{course['id']}/slots?day={SATURDAY}").status_code
        == 403
    )
    assert book(roleless_api, course["id"], "08:00", "A").status_code == 403
    assert cashier_api.post("/api/v1/golf/courses", json={"name": "X"}).status_code == 403


def test_openapi_documents_the_golf_endpoints(client):
    paths = client.get("/api/v1/openapi.json").get_json()["paths"]
    assert {"get", "post"} <= set(paths["/api/v1/golf/courses"])
    assert "post" in paths["/api/v1/golf/bookings"]
    assert "get" in paths["/api/v1/golf/courses/{course_id}/slots"]


@pytest.mark.comptoir_extra_plugins("golfnotes=golf_notes_plugin")
@pytest.mark.comptoir_plugins("golfnotes")
def test_plugins_add_fields_to_bookings(cashier_api, course):
    """``golf_booking_fields`` adds a plugin's fields under ``extra``."""
    booking = booked(cashier_api, course["id"], "08:10", "A", "B")
    assert booking["extra"] == {"players_named": 2}


def test_the_tee_sheet_page_shows_bookings(manager_api, cashier_api, course):
    """The back office's tee sheet shows who plays when; cashiers have no back office."""
    booked(cashier_api, course["id"], "08:10", "Anne Walker")
    assert cashier_api.get("/golf/").status_code == 403
    page = manager_api.get(f"/golf/?course={course['id']}&day={SATURDAY}")
    assert page.status_code == 200
    assert b"Anne Walker" in page.data and b"08:10" in page.data


def test_past_days_and_days_beyond_the_window_are_refused(admin_api, cashier_api, course):
    """A day gone by is refused; with bookings open 14 days ahead, a day further too."""
    past = book(cashier_api, course["id"], "08:00", "A", day="2020-01-01")
    assert past.status_code == 422 and "day" in past.get_json()["error"]["fields"]
    assert (
        admin_api.patch("/api/v1/settings/golf", json={"days_bookable_ahead": 14}).status_code
        == 200
    )
    far = book(cashier_api, course["id"], "08:00", "A")
    assert far.status_code == 422
    assert far.get_json()["error"]["message"] == "bookings open 14 days ahead"


def test_the_tee_sheet_form_closes_tee_times(manager_api, cashier_api, course):
    """A manager closes 08:00-09:00 for maintenance from the tee sheet; a refusal (a
    block over booked times) is said on the page and nothing is kept."""
    page = manager_api.get(f"/golf/?course={course['id']}&day={SATURDAY}")
    assert 'name="csrf_token"' in page.get_data(as_text=True)
    form = {"day": SATURDAY, "start": "08:00", "end": "09:00", "kind": "maintenance", "note": ""}
    answer = manager_api.post(f"/golf/{course['id']}/blocks", data=form)
    assert answer.status_code == 302
    assert slot(cashier_api, course["id"], "08:30")["blocked"] == "maintenance"
    booked(cashier_api, course["id"], "10:00", "A")
    refused = manager_api.post(
        f"/golf/{course['id']}/blocks", data={**form, "start": "09:30", "end": "10:30"}
    )
    assert refused.status_code == 400
    assert "tee times already booked lie in this block: 1" in refused.get_data(as_text=True)
    assert slot(cashier_api, course["id"], "09:30")["blocked"] is None
    backwards = manager_api.post(
        f"/golf/{course['id']}/blocks", data={**form, "start": "12:00", "end": "11:00"}
    )
    assert backwards.status_code == 400
    assert cashier_api.post(f"/golf/{course['id']}/blocks", data=form).status_code == 403
