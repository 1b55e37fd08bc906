"""multistore's reservations page (issue 14): the shop's manager sees what the shop keeps
for customers, at the three back-office sizes, and marks one collected."""

from __future__ import annotations

import pytest

from .backoffice import SIZES, back_office, no_horizontal_scroll
from .conftest import screenshot
from .till import SPREAD

pytestmark = pytest.mark.browser


def _ok(answer: tuple, *statuses: int):
    status, body, _headers = answer
    assert status in statuses, (status, body)
    return body


@pytest.fixture
def reservation(till_server):
    """Two spreads the first shop keeps for Yves (its shelf counted to 5 first: the demo
    shop's stock is every browser test's)."""
    _ok(till_server.api("POST", "/plugins/multistore/enable"), 200)
    product = _ok(till_server.api("GET", "/products?barcode=" + SPREAD[0]), 200)[0]
    store = _ok(till_server.api("GET", "/stores"), 200)[0]
    count = {"product_id": product["id"], "location_id": store["location_id"], "counted": "5"}
    _ok(till_server.api("POST", "/stock/adjustments", count), 201)
    body = {
        "store_id": store["id"],
        "product_id": product["id"],
        "quantity": "2",
        "customer_name": "Yves Dupont",
        "customer_phone": "06 12 34 56 78",
    }
    made = _ok(till_server.api("POST", "/reservations", body), 201)
    yield made
    till_server.api("POST", f"/reservations/{made['id']}/cancel")
    till_server.api("POST", "/plugins/multistore/disable")


def test_the_manager_sees_and_collects_a_reservation(browser, till_server, reservation):
    for width, height in SIZES:
        manager = back_office(browser, till_server, (width, height), "manager")
        manager.get_by_role("navigation", name="Back office").get_by_role(
            "link", name="Reservations"
        ).click()
        row = manager.get_by_role("row").filter(has_text="Yves Dupont")
        row.wait_for()
        assert "06 12 34 56 78" in row.inner_text() and "To collect" in row.inner_text()
        assert no_horizontal_scroll(manager)
        screenshot(manager, f"admin-reservations-{width}")
        if width == SIZES[-1][0]:
            row.get_by_role("button", name="Collected").click()
            manager.get_by_text("Yves Dupont collected their goods.").wait_for()
            screenshot(manager, f"admin-reservations-collected-{width}")
        manager.context.close()
    answer = _ok(till_server.api("GET", f"/reservations/{reservation['id']}"), 200)
    assert answer["status"] == "collected"
