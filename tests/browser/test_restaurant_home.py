"""The till opens on the floor plan (the restaurant's ``open_on_floor`` setting): after
sign-in, and again after a table is paid; turned off, the till starts on the sale screen
as a café's counter wants."""

from __future__ import annotations

import pytest

from .backoffice import SIZES
from .conftest import screenshot
from .dialogs import button, closed, field
from .restaurant import choose, seat_plan
from .till import SPREAD, open_till, scan

pytestmark = pytest.mark.browser


@pytest.fixture
def floor_home(till_server):
    # A modifier, so that the till asks for modifiers whatever ran before.
    yield seat_plan(till_server, open_on_floor=True, modifiers=(("Extra", None),))
    till_server.api("PATCH", "/settings/restaurant", {"open_on_floor": False})
    till_server.api("POST", "/plugins/restaurant/disable")


def _new_page(browser, till_server, size):
    context = browser.new_context(
        base_url=till_server.url, viewport={"width": size[0], "height": size[1]}, bypass_csp=True
    )
    context.set_default_timeout(10000)
    return context.new_page()


def _table_on_floor(page, table):
    floor = page.locator("dialog.restaurant-floor")
    floor.wait_for(state="visible")
    floor.get_by_role("tab", name=table["room_name"], exact=True).click()
    return floor, floor.locator(f'[data-table="{table["id"]}"]')


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_the_till_opens_on_the_floor_plan(browser, till_server, floor_home, size):
    page = _new_page(browser, till_server, size)
    open_till(page, till_server)
    floor, table = _table_on_floor(page, floor_home)
    table.wait_for(state="visible")
    box = table.bounding_box()
    assert box["x"] + box["width"] <= size[0] and box["y"] + box["height"] <= size[1]
    screenshot(page, f"restaurant-home-{size[0]}x{size[1]}")
    floor.get_by_role("button", name="Cancel").click()
    floor.wait_for(state="detached")
    page.locator("#scan").wait_for(state="visible")
    page.context.close()


def test_after_a_table_is_paid_the_floor_plan_comes_back(browser, till_server, floor_home):
    page = _new_page(browser, till_server, (1280, 800))
    open_till(page, till_server)
    floor, table = _table_on_floor(page, floor_home)
    floor.get_by_role("button", name="Cancel").click()
    floor.wait_for(state="detached")
    # Seat the table with the cart's item, then pay it in cash.
    scan(page, SPREAD[0])
    page.get_by_role("button", name="Tables", exact=True).click()
    _floor, table = _table_on_floor(page, floor_home)
    table.click()
    field(page, "Guests").fill("2")
    button(page, "OK").click()
    choose(page, "Put the cart on the table")
    field(page, "Seat (0: the table)").fill("1")
    field(page, "Course").fill("1")
    button(page, "OK").click()
    choose(page, "No more modifiers")
    closed(page)
    page.get_by_role("button", name="Tables", exact=True).click()
    _floor, table = _table_on_floor(page, floor_home)
    table.click()
    choose(page, "Pay the table")
    choose(page, "The whole table")
    field(page, "Equal parts").fill("1")
    button(page, "OK").click()
    choose(page, "Cash")
    # The cash handed over is asked, the amount due given: exact money, no change to tip from.
    assert field(page, "Cash handed over").input_value()
    button(page, "OK").click()
    # Paid: the floor plan is back, the table free for the next party.
    floor, table = _table_on_floor(page, floor_home)
    page.locator("#message").get_by_text("Paid:").wait_for()
    assert table.get_attribute("data-state") == "free"
    screenshot(page, "restaurant-home-after-paying")
    floor.get_by_role("button", name="Cancel").click()
    page.context.close()


def test_turned_off_the_till_starts_on_the_sale_screen(browser, till_server, floor_home):
    status, body, _ = till_server.api("PATCH", "/settings/restaurant", {"open_on_floor": False})
    assert status == 200, body
    page = _new_page(browser, till_server, (1024, 768))
    open_till(page, till_server)
    # Nothing comes over the sale screen: a scan goes straight into the cart.
    scan(page, SPREAD[0])
    assert page.locator("dialog.restaurant-floor").count() == 0
    page.context.close()
