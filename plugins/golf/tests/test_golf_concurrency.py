"""Two booking clients racing for the last place of a tee time: exactly one gets it.
Real threads, each with its own database connection."""

from __future__ import annotations

import pytest
import sqlalchemy as sa
from golf_testing import SATURDAY, book, booked, new_course, slot

from core.plugins import db
from core.testing import Item, at_once, make_shop, refund, sale_body, sales_count
from plugins.golf.models import Booking, Player, RainCheck

pytestmark = pytest.mark.comptoir_plugins("golf")


def _race_for_the_last_place(app, manager_api, api_as) -> list[int]:
    course = new_course(manager_api)
    booked(manager_api, course["id"], "08:00", "A", "B", "C")
    clients = [api_as("cashier") for _ in range(2)]
    answers = at_once(2, lambda i: book(clients[i], course["id"], "08:00", f"Racer {i}"))
    assert slot(manager_api, course["id"], "08:00")["free"] == 0
    with app.app_context():
        players = db.session.scalar(sa.select(sa.func.count()).select_from(Player))
        bookings = db.session.scalar(sa.select(sa.func.count()).select_from(Booking))
    assert (players, bookings) == (4, 2)
    return sorted(answer.status_code for answer in answers)


@pytest.mark.postgresql
def test_two_clients_book_the_last_place_on_postgresql(app, manager_api, api_as):
    assert _race_for_the_last_place(app, manager_api, api_as) == [201, 409]


@pytest.mark.sqlite
def test_two_clients_book_the_last_place_on_sqlite(app, manager_api, api_as):
    assert _race_for_the_last_place(app, manager_api, api_as) == [201, 409]


def test_eight_clients_fill_an_empty_tee_time_exactly(app, manager_api, api_as):
    """Eight single players at once on an empty tee time (the slot row created by the
    race itself): four get in."""
    course = new_course(manager_api)
    clients = [api_as("cashier") for _ in range(8)]
    answers = at_once(8, lambda i: book(clients[i], course["id"], "09:00", f"P{i}"))
    assert sorted(a.status_code for a in answers) == [201] * 4 + [409] * 4
    assert slot(manager_api, course["id"], "09:00")["taken"] == 4


def test_two_tills_checking_in_the_same_player_charge_once(app, manager_api, api_as):
    """The same player's green fee at two tills at once: one sale, one refusal, and the
    player holds the one sale's id."""
    make_shop(manager_api, [Item("BALLS", 1500)])
    course = new_course(manager_api)
    manager_api.post(
        f"/api/v1/golf/courses/{course['id']}/rates", json={"name": "Day", "price": 6000}
    )
    (bob,) = booked(manager_api, course["id"], "09:00", "Bob")["players"]
    line = {"golf_green_fee": {"player_id": bob["id"]}}
    bodies = [sale_body(line, payments=[{"method": "cash", "amount": 6000}]) for _ in range(2)]
    clients = [api_as("cashier") for _ in range(2)]
    answers = at_once(2, lambda i: clients[i].post("/api/v1/sales", json=bodies[i]))
    assert sorted(a.status_code for a in answers) == [201, 422]
    (sold,) = [a.get_json() for a in answers if a.status_code == 201]
    assert sales_count(manager_api) == 1
    with app.app_context():
        assert db.session.get(Player, bob["id"]).sale_id == sold["id"]


def test_a_tenth_tee_course_takes_four_per_tee_under_a_rush(app, manager_api, api_as):
    """Ten single players at once, half for each tee: four get in on each."""
    course = new_course(manager_api, tenth_tee_starts=True)
    clients = [api_as("cashier") for _ in range(10)]

    def rush(i: int):
        body = {
            "course_id": course["id"],
            "day": SATURDAY,
            "tee_time": "09:00",
            "tee": 10 if i % 2 else 1,
            "players": [{"name": f"P{i}"}],
        }
        return clients[i].post("/api/v1/golf/bookings", json=body)

    answers = at_once(10, rush)
    assert sorted(a.status_code for a in answers) == [201] * 8 + [409] * 2
    slots = manager_api.get(f"/api/v1/golf/courses/{course['id']}/slots?day={SATURDAY}")
    at_nine = [s for s in slots.get_json() if s["tee_time"] == "09:00"]
    assert [(s["tee"], s["taken"]) for s in at_nine] == [(1, 4), (10, 4)]


def test_a_refund_and_a_rain_check_for_one_round_do_not_both_pass(app, manager_api, api_as):
    """Refunding Bob's green fee while a rain check is given for it: one of the two,
    never money back and credit for the same round."""
    make_shop(manager_api, [Item("BALLS", 1500)])
    course = new_course(manager_api)
    manager_api.post(
        f"/api/v1/golf/courses/{course['id']}/rates", json={"name": "Day", "price": 6000}
    )
    (bob,) = booked(manager_api, course["id"], "09:00", "Bob")["players"]
    line = {"golf_green_fee": {"player_id": bob["id"]}}
    sold = manager_api.post("/api/v1/sales", json=sale_body(line)).get_json()
    clients = [api_as("manager") for _ in range(2)]

    def act(i: int):
        if i == 0:
            return refund(clients[0], sold, [(0, 1)], [{"method": "cash", "amount": 6000}])
        url = f"/api/v1/golf/players/{bob['id']}/rain-check"
        return clients[1].post(url, json={"holes_played": 9})

    refunded, given = at_once(2, act)
    with app.app_context():
        player = db.session.get(Player, bob["id"])
        checks = db.session.scalar(sa.select(sa.func.count()).select_from(RainCheck))
    if refunded.status_code == 201:
        assert (given.status_code, player.sale_id, checks) == (409, None, 0)
    else:
        assert (refunded.status_code, player.sale_id, checks) == (422, sold["id"], 1)
