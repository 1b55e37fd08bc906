"""Golf speaks the reader's language: its refusals and its back-office page come from the
plugin's own catalog."""

from __future__ import annotations

import pytest
from golf_testing import book, booked, new_course

pytestmark = pytest.mark.comptoir_plugins("golf")


@pytest.mark.parametrize(
    ("language", "said"),
    [
        ("en", "not enough places left at 08:00"),
        ("fr", "plus assez de places à 08:00"),
        ("nl", "niet genoeg plaatsen meer om 08:00"),
        ("ru", "на 08:00 недостаточно свободных мест"),
    ],
)
def test_a_full_tee_time_is_refused_in_the_readers_language(
    manager_api, cashier_api, language, said
):
    course = new_course(manager_api)
    booked(cashier_api, course["id"], "08:00", "A", "B", "C", "D")
    body = {"course_id": course["id"], "day": "2031-06-14", "tee_time": "08:00"}
    body["players"] = [{"name": "E"}]
    refused = cashier_api.post(
        "/api/v1/golf/bookings", json=body, headers={"Accept-Language": language}
    )
    assert refused.status_code == 409
    assert refused.get_json()["error"]["message"] == said
    assert book(cashier_api, course["id"], "08:10", "E").status_code == 201


def test_the_tee_sheet_page_is_in_the_readers_language(manager_api):
    new_course(manager_api)
    page = manager_api.get("/golf/", headers={"Accept-Language": "fr"})
    assert "Feuille de départ" in page.get_data(as_text=True)
