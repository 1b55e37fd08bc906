"""A rain check given at the till while gift cards are on: shown as store credit with the
gift card's code, which then pays at the till like any gift card. Pictures at the three
screen sizes."""

from __future__ import annotations

import re
import uuid

import pytest

from .backoffice import SIZES
from .conftest import screenshot
from .dialogs import closed, dialog, field, touch
from .till import open_till

pytestmark = pytest.mark.browser

DAY = "2031-06-14"  # a Saturday
CARD_CODE = re.compile(r"\b[A-Z2-9]{4}-[A-Z2-9]{4}-[A-Z2-9]{4}-[A-Z2-9]{4}\b")


@pytest.fixture
def golf_and_giftcards(till_server):
    for name in ("giftcards", "golf"):
        status, answer, _ = till_server.api("POST", f"/plugins/{name}/enable")
        assert status == 200, answer
    yield uuid.uuid4().hex[:6]
    for name in ("golf", "giftcards"):
        till_server.api("POST", f"/plugins/{name}/disable")


def test_a_rain_check_given_as_store_credit_pays_at_the_till(page, till_server, golf_and_giftcards):
    tag = golf_and_giftcards

    def created(path: str, body: dict) -> dict:
        status, answer, _ = till_server.api("POST", path, body)
        assert status == 201, answer
        return answer

    course = created(
        "/golf/courses", {"name": f"Dunes {tag}", "first_tee": "07:30", "last_tee": "12:00"}
    )
    created(f"/golf/courses/{course['id']}/rates", {"name": "Guest", "price": 6000})
    booking = created(
        "/golf/bookings",
        {"course_id": course["id"], "day": DAY, "tee_time": "08:00", "players": [{"name": "Bob"}]},
    )
    register = till_server.ensure_open()
    created(
        "/sales",
        {
            "id": str(uuid.uuid4()),
            "register_id": register["id"],
            "lines": [{"golf_green_fee": {"player_id": booking["players"][0]["id"]}}],
            "payments": [{"method": "cash", "amount": 6000}],
        },
    )

    open_till(page, till_server, "Manager", "1111")
    page.wait_for_function("document.body.dataset.synced")
    # Bob played 9 of 18 holes: 30.00 of his 60.00, as a gift card.
    page.get_by_role("button", name="Rain check", exact=True).click()
    dialog(page).get_by_role("button", name="Give a rain check").click()
    field(page, "Booking number").fill(str(booking["id"]))
    page.keyboard.press("Enter")
    field(page, "Holes played").fill("9")
    page.keyboard.press("Enter")
    given = page.locator("#till-dialog[open]", has_text="store credit")
    given.wait_for()
    shown = given.inner_text()
    assert "30.00" in shown and "RC-" not in shown
    code = CARD_CODE.search(shown).group(0)
    for width, height in SIZES:
        page.set_viewport_size({"width": width, "height": height})
        screenshot(page, f"golf-store-credit-given-{width}x{height}")
    page.keyboard.press("Enter")
    closed(page)

    # Spent at the till: a 4.29 item paid with the card.
    page.locator("#scan").fill("3017620422003")  # Pâte à tartiner 4.29
    page.keyboard.press("Enter")
    page.locator("#cart-lines tr").first.wait_for()
    page.keyboard.press("F9")
    page.locator("#screen-pay").wait_for(state="visible")
    touch(page.locator('#pay-methods button[data-method="gift_card"]'))
    field(page, "Gift card code").fill(code)
    page.keyboard.press("Enter")
    closed(page)
    touch(page.locator("#pay-complete"))
    page.locator("#screen-receipt").wait_for(state="visible")
    status, card, _ = till_server.api("GET", f"/gift-cards/{code}")
    assert status == 200 and card["balance"] == 3000 - 429
