"""Golf set up in the back office through its forms (a course with 10th-tee starts, a
green-fee rate, a membership; deleting a course with bookings refused), then the pro
shop's till selling a membership and giving and taking a rain check. Pictures at the
three screen sizes."""

from __future__ import annotations

import uuid

import pytest

from .backoffice import SIZES, back_office, no_horizontal_scroll, shot
from .conftest import screenshot
from .dialogs import closed, dialog, field
from .till import open_till, pay_cash

pytestmark = pytest.mark.browser

DAY = "2031-06-14"  # a Saturday


@pytest.fixture
def golf(till_server):
    status, answer, _ = till_server.api("POST", "/plugins/golf/enable")
    assert status == 200, answer
    yield uuid.uuid4().hex[:6]
    till_server.api("POST", "/plugins/golf/disable")


def _submit(page) -> None:
    page.locator("form.golf-form button[type=submit]").click()
    page.wait_for_load_state()


def test_setting_up_golf_in_the_back_office(browser, till_server, golf):
    tag = golf
    office = back_office(browser, till_server, SIZES[0], "manager")
    office.goto("/golf/courses/new")
    office.locator("#f-name").fill(f"Links {tag}")
    office.locator("#f-first_tee").fill("08:00")
    office.locator("#f-last_tee").fill("12:00")
    office.locator("#f-interval_minutes").fill("10")
    office.locator("input[name=tenth_tee_starts]").check()
    _submit(office)
    row = office.locator("#golf-courses tr", has_text=f"Links {tag}")
    row.wait_for()
    row.get_by_role("link", name="New rate").click()
    office.locator("#f-name").fill("Weekend")
    office.locator("#f-price").fill("72.50")
    _submit(office)
    office.locator(".golf-rates td", has_text="Weekend").first.wait_for()
    assert "72.50" in office.locator(".golf-rates", has_text="Weekend").inner_text()
    office.goto("/golf/categories/new")
    office.locator("#f-name").fill(f"Season {tag}")
    office.locator("#f-price").fill("900")
    office.locator("#f-included_rounds").fill("10")
    office.locator("#f-discount_percent").fill("20")
    _submit(office)
    office.locator("#golf-categories td", has_text=f"Season {tag}").wait_for()

    status, listed, _ = till_server.api("GET", "/golf/courses")
    course = next(c for c in listed if c["name"] == f"Links {tag}")
    assert course["tenth_tee_starts"] is True
    body = {"course_id": course["id"], "day": DAY, "tee_time": "09:00", "tee": 10}
    status, answer, _ = till_server.api(
        "POST", "/golf/bookings", {**body, "players": [{"name": "Eve"}]}
    )
    assert status == 201, answer
    # A course with a booking is not deleted: the page says why.
    office.locator("#golf-courses tr", has_text=f"Links {tag}").get_by_role(
        "button", name="Delete"
    ).click()
    office.locator("#golf-setup-error").wait_for()
    assert "has bookings" in office.locator("#golf-setup-error").inner_text()
    office.context.close()

    for size in SIZES:
        page = back_office(browser, till_server, size, "manager")
        page.goto("/golf/setup")
        page.locator("#golf-courses").wait_for()
        assert no_horizontal_scroll(page)
        shot(page, "golf-setup", size)
        page.goto(f"/golf/courses/{course['id']}/edit")
        assert page.locator("input[name=tenth_tee_starts]").is_checked()
        assert no_horizontal_scroll(page)
        shot(page, "golf-course-form", size)
        page.goto("/golf/setup")
        page.locator(f"#rates-{course['id']}").get_by_role("link", name="Edit").click()
        assert page.locator("#f-price").input_value() == "72.50"
        assert no_horizontal_scroll(page)
        shot(page, "golf-rate-form", size)
        page.goto("/golf/setup")
        page.locator("#golf-categories tr", has_text=f"Season {tag}").get_by_role(
            "link", name="Edit"
        ).click()
        assert page.locator("input[name=active]").is_checked()
        shot(page, "golf-membership-form", size)
        page.goto(f"/golf/?course={course['id']}&day={DAY}")
        page.locator("#golf-sheet").wait_for()
        assert "Eve" in page.locator("#golf-sheet").inner_text()
        shot(page, "golf-tee-sheet-tenth-tee", size)
        page.context.close()


def _ok(page) -> None:
    page.keyboard.press("Enter")


def test_membership_and_rain_checks_at_the_till(page, till_server, golf):
    tag = golf

    def created(path: str, body: dict) -> dict:
        status, answer, _ = till_server.api("POST", path, body)
        assert status == 201, answer
        return answer

    course = created(
        "/golf/courses", {"name": f"Heath {tag}", "first_tee": "07:30", "last_tee": "12:00"}
    )
    created(f"/golf/courses/{course['id']}/rates", {"name": "Guest", "price": 6000})
    category = created(
        "/golf/membership-categories",
        {"name": f"Full {tag}", "price": 90000, "included_rounds": 5},
    )
    anne = created("/customers", {"name": f"Anne {tag}"})
    booking = created(
        "/golf/bookings",
        {"course_id": course["id"], "day": DAY, "tee_time": "08:00", "players": [{"name": "Bob"}]},
    )
    till_server.ensure_open()
    register = till_server.register()
    sale = {
        "id": str(uuid.uuid4()),
        "register_id": register["id"],
        "lines": [{"golf_green_fee": {"player_id": booking["players"][0]["id"]}}],
        "payments": [{"method": "cash", "amount": 6000}],
    }
    created("/sales", sale)

    open_till(page, till_server, "Manager", "1111")
    page.wait_for_function("document.body.dataset.synced")

    # Sell Anne a season: found by name, the category picked, the season as offered.
    page.get_by_role("button", name="Membership", exact=True).click()
    dialog(page)
    page.keyboard.type(f"Anne {tag}")
    _ok(page)
    dialog(page).get_by_role("button", name=f"Full {tag}").click()
    assert field(page, "Season starts").input_value()
    for width, height in SIZES:
        page.set_viewport_size({"width": width, "height": height})
        screenshot(page, f"golf-membership-season-{width}x{height}")
    _ok(page)
    closed(page)
    page.wait_for_function("document.querySelector('#cart-total').innerText.includes('900.00')")

    # Give Bob a rain check for the 9 holes he did not play: 30.00 of his 60.00.
    page.get_by_role("button", name="Rain check", exact=True).click()
    dialog(page).get_by_role("button", name="Give a rain check").click()
    field(page, "Booking number").fill(str(booking["id"]))
    _ok(page)
    field(page, "Holes played").fill("9")
    _ok(page)
    given = page.locator("#till-dialog[open]", has_text="RC-")
    given.wait_for()
    shown = given.inner_text()
    assert "RC-" in shown and "30.00" in shown
    for width, height in SIZES:
        page.set_viewport_size({"width": width, "height": height})
        screenshot(page, f"golf-rain-check-given-{width}x{height}")
    code = next(word for word in shown.split() if word.startswith("RC-"))
    _ok(page)
    closed(page)

    # Take it off this sale: 900.00 - 30.00.
    page.get_by_role("button", name="Rain check", exact=True).click()
    dialog(page).get_by_role("button", name="Take a rain check off this sale").click()
    field(page, "Rain check code").fill(code)
    _ok(page)
    closed(page)
    page.wait_for_function("document.querySelector('#cart-total').innerText.includes('870.00')")
    pay_cash(page, "870")

    status, memberships, _ = till_server.api("GET", f"/golf/customers/{anne['id']}/memberships")
    assert status == 200 and memberships[0]["category_id"] == category["id"]
    status, _answer, _ = till_server.api("GET", f"/golf/rain-checks/{code}")
    assert status == 404  # used
