"""Two booking clients racing for the last place of a tee time: exactly one gets it.
Real threads, each with its own database connection."""

from __future__ import annotations

import pytest
import sqlalchemy as sa
from golf_testing import book, booked, new_course, slot

from core.plugins import db
from core.testing import at_once
from plugins.golf.models import Booking, Player

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
