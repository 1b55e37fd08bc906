"""A golf morning: tee times booked over the API (as a booking website does), the pro
shop checking in a member and a guest at the till in one sale with a cart rental, a
no-show, and the starter's view of who tees off next. Pictures at the three screen
sizes, of the till and of the back office's tee sheet."""

from __future__ import annotations

import uuid

import pytest

from .backoffice import SIZES, back_office, shot
from .conftest import screenshot
from .dialogs import closed, dialog
from .till import open_till, pay_cash, scan

pytestmark = pytest.mark.browser

DAY = "2031-06-14"  # a Saturday


def _ean13(first12: str) -> str:
    total = sum(int(d) * (3 if i % 2 else 1) for i, d in enumerate(first12))
    return first12 + str((10 - total % 10) % 10)


def _created(server, path: str, body: dict) -> dict:
    status, answer, _ = server.api("POST", path, body)
    assert status == 201, answer
    return answer


@pytest.fixture
def morning(till_server):
    """A course with member and guest rates, a member, a cart to rent, and three
    bookings made over the API: Anne (member) with Bob (guest) at 08:00, Carl at 08:10
    (who will not come), Dora at 08:20."""
    status, answer, _ = till_server.api("POST", "/plugins/golf/enable")
    assert status == 200, answer
    tag = uuid.uuid4().hex[:6]
    course = _created(
        till_server,
        "/golf/courses",
        {"name": f"Links {tag}", "first_tee": "07:30", "last_tee": "12:00"},
    )
    rates = f"/golf/courses/{course['id']}/rates"
    _created(till_server, rates, {"name": "Member", "player_kind": "member", "price": 2500})
    _created(till_server, rates, {"name": "Guest", "player_kind": "guest", "price": 6000})
    anne = _created(till_server, "/customers", {"name": f"Anne {tag}"})
    cart = _created(
        till_server,
        "/products",
        {
            "sku": f"CART-{tag}",
            "name": f"Cart rental {tag}",
            "price": 3000,
            "tax_rate": "20.0",
            "barcodes": [_ean13(f"29{int(tag, 16) % 10**10:010d}")],
        },
    )

    def book(time: str, *players: dict) -> dict:
        body = {"course_id": course["id"], "day": DAY, "tee_time": time, "players": players}
        return _created(till_server, "/golf/bookings", body)

    yield {
        "course": course,
        "cart": cart,
        "pair": book("08:00", {"name": anne["name"], "customer_id": anne["id"]}, {"name": "Bob"}),
        "carl": book("08:10", {"name": f"Carl {tag}"}),
        "dora": book("08:20", {"name": f"Dora {tag}"}),
    }
    till_server.api("POST", "/plugins/golf/disable")


def test_a_golf_morning(page, browser, till_server, morning):
    pair = morning["pair"]
    open_till(page, till_server)
    page.wait_for_function("document.body.dataset.synced")
    page.get_by_role("button", name="Check in", exact=True).click()
    dialog(page)
    page.keyboard.type(str(pair["id"]))
    page.keyboard.press("Enter")
    closed(page)
    page.locator("#cart-lines tr").nth(1).wait_for()
    scan(page, morning["cart"]["barcodes"][0])
    # Member 25.00 + guest 60.00 + cart 30.00, priced by the server.
    page.wait_for_function("document.querySelector('#cart-total').innerText.includes('115.00')")
    for width, height in SIZES:
        page.set_viewport_size({"width": width, "height": height})
        screenshot(page, f"golf-check-in-{width}x{height}")
    pay_cash(page, "120")

    status, sales, _ = till_server.api("GET", "/sales?limit=1")
    assert status == 200
    totals = sorted((line["kind"], line["total"]) for line in sales[0]["lines"])
    assert totals == [("golf_green_fee", 2500), ("golf_green_fee", 6000), ("product", 3000)]
    status, checked, _ = till_server.api("GET", f"/golf/bookings/{pair['id']}")
    assert checked["status"] == "checked_in"
    assert [p["green_fee"] for p in checked["players"]] == [2500, 6000]

    carl = morning["carl"]
    status, missed, _ = till_server.api("POST", f"/golf/bookings/{carl['id']}/no-show")
    assert status == 200 and missed["status"] == "no_show"

    course = morning["course"]
    for size in SIZES:
        office = back_office(browser, till_server, size, "manager")
        office.goto(f"/golf/?course={course['id']}&day={DAY}")
        starter = office.locator("#golf-starter")
        starter.wait_for(state="visible")
        names = starter.inner_text()
        # Who tees off next: the checked-in pair, then Dora; Carl did not come.
        assert names.index(pair["players"][0]["name"]) < names.index(
            morning["dora"]["players"][0]["name"]
        )
        assert carl["players"][0]["name"] not in names
        sheet = office.locator("#golf-sheet").inner_text()
        assert carl["players"][0]["name"] in sheet
        shot(office, "golf-tee-sheet", size)
        office.context.close()
