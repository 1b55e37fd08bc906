"""A waiter's tablet goes offline with a table open: the items put on it are kept on the
device (a reload keeps them), and sent when the server answers again. Another waiter
changed the table meanwhile: the first tablet shows that its items were merged and what
the other one changed; when the other one asked for the bill, it shows that its items
were not added and why, and the waiter adds them to the table as it is now."""

from __future__ import annotations

import json

import pytest

from .backoffice import SIZES
from .conftest import screenshot
from .dialogs import button, closed, dialog, field, touch
from .restaurant import choose, open_table, put_cart_on_table, table_order
from .till import PENNE, RICE, SPREAD, open_till, scan

pytestmark = pytest.mark.browser


def _second_waiter(browser, server, size):
    context = browser.new_context(
        base_url=server.url, viewport={"width": size[0], "height": size[1]}, bypass_csp=True
    )
    context.set_default_timeout(10000)
    page = context.new_page()
    open_till(page, server, "Manager", "1111")
    return page


def _first_waiter_goes_offline(context, page, server, table, size):
    """Seat the table and put the spread on seat 1 online; then the network goes and the
    penne is put on seat 2: kept on the tablet, through a reload."""
    page.set_viewport_size({"width": size[0], "height": size[1]})
    open_till(page, server)
    page.wait_for_function("document.body.dataset.synced")
    page.wait_for_function("navigator.serviceWorker && navigator.serviceWorker.controller")
    scan(page, SPREAD[0])
    open_table(page, table)
    field(page, "Guests").fill("2")
    button(page, "OK").click()
    put_cart_on_table(page, "1")
    page.locator("#message").get_by_text("items put on the table").wait_for()

    context.set_offline(True)
    scan(page, PENNE[0])
    open_table(page, table)
    dialog(page).get_by_text("Offline: only putting items on the table works").wait_for()
    choose(page, "Put the cart on the table")
    field(page, "Seat (0: the table)").fill("2")
    field(page, "Course").fill("1")
    button(page, "OK").click()
    choose(page, "No more modifiers")
    closed(page)
    page.locator("#message").get_by_text(f"1 items kept for table {table['name']}").wait_for()
    assert page.locator("#cart-lines tr").count() == 0
    page.reload()
    page.locator("#screen-sell").wait_for(state="visible")
    kept = json.loads(page.evaluate("localStorage.getItem('comptoir-restaurant-kept')"))
    assert [(e["version"], [line["seat"] for line in e["lines"]]) for e in kept] == [(2, [2])]


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_items_kept_offline_are_merged_and_the_changes_shown(
    browser, context, page, till_server, restaurant, size
):
    _first_waiter_goes_offline(context, page, till_server, restaurant, size)

    # Meanwhile the second waiter puts rice on seat 4 and moves the spread to seat 3.
    second = _second_waiter(browser, till_server, size)
    scan(second, RICE[0])
    open_table(second, restaurant)
    put_cart_on_table(second, "4")
    second.locator("#message").get_by_text("items put on the table").wait_for()
    open_table(second, restaurant)
    choose(second, "Move an item to another seat or course")
    choose(second, "1 × Pâte à tartiner noisettes 400 g")
    field(second, "Seat (0: the table)").fill("3")
    button(second, "OK").click()
    closed(second)
    second.context.close()

    # Back online: the tablet sends what it kept by itself and says what happened.
    context.set_offline(False)
    shown = dialog(page)
    shown.get_by_text(f"Table {restaurant['name']}: kept items sent").wait_for()
    text = shown.inner_text()
    assert "The 1 items kept offline are on the table." in text
    assert "Changed meanwhile on other devices:" in text
    assert " added 1 × Riz basmati 1 kg" in text
    assert "changed Pâte à tartiner noisettes 400 g: seat 1 → 3" in text
    screenshot(page, f"restaurant-offline-merged-{size[0]}x{size[1]}")
    touch(button(page, "Understood"))
    closed(page)
    _table, order = table_order(till_server, restaurant["id"])
    assert sorted((line["seat"], line["name"]) for line in order["lines"]) == [
        (2, "Penne rigate 500 g"),
        (3, "Pâte à tartiner noisettes 400 g"),
        (4, "Riz basmati 1 kg"),
    ]
    assert page.evaluate("localStorage.getItem('comptoir-restaurant-kept')") == "[]"


def test_items_kept_offline_refused_after_the_bill_was_asked(
    browser, context, page, till_server, restaurant
):
    size = SIZES[1]
    _first_waiter_goes_offline(context, page, till_server, restaurant, size)
    second = _second_waiter(browser, till_server, size)
    open_table(second, restaurant)
    choose(second, "The table asks for the bill")
    closed(second)

    context.set_offline(False)
    shown = dialog(page)
    shown.get_by_text(f"Table {restaurant['name']}: kept items not added").wait_for()
    assert " asked for the bill" in shown.inner_text()
    screenshot(page, "restaurant-offline-refused")
    touch(shown.get_by_role("button", name="Add them to the table as it is now"))
    closed(page)
    page.locator("#message").get_by_text("1 items put on the table").wait_for()
    _table, order = table_order(till_server, restaurant["id"])
    assert sorted((line["seat"], line["name"]) for line in order["lines"]) == [
        (1, "Pâte à tartiner noisettes 400 g"),
        (2, "Penne rigate 500 g"),
    ]

    # Online, both waiters move the penne from the same version: the second to ask is
    # shown who moved it where, and moves it again on the order as it is now.
    open_table(page, restaurant)
    choose(page, "Move an item to another seat or course")
    choose(page, "1 × Penne rigate 500 g")
    open_table(second, restaurant)
    choose(second, "Move an item to another seat or course")
    choose(second, "1 × Penne rigate 500 g")
    field(second, "Seat (0: the table)").fill("4")
    button(second, "OK").click()
    closed(second)
    second.context.close()
    field(page, "Seat (0: the table)").fill("3")
    button(page, "OK").click()
    asked = dialog(page)
    asked.get_by_text("Changed on another device meanwhile").wait_for()
    assert "changed Penne rigate 500 g: seat 2 → 4" in asked.inner_text()
    touch(asked.get_by_role("button", name="Do it on the order as it is now"))
    closed(page)
    page.locator("#message").get_by_text("Item moved").wait_for()
    _table, order = table_order(till_server, restaurant["id"])
    assert _line_seat(order, "Penne rigate 500 g") == 3


def _line_seat(order, name):
    (line,) = [line for line in order["lines"] if line["name"] == name]
    return line["seat"]
