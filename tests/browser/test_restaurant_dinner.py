"""A dinner service with the restaurant plugin: two waiters on one table from two
browser contexts (the second one's change made from an old version is sent again, and
no item is lost), a course sent and seen on the kitchen display, an item moved to another
seat, the bill split by seat, one seat leaving a tip from its cash change and the other a
tip on the card, both for the waiter; the floor plan drawn at the
till and in the back office; the kitchen's own screen signed in by PIN."""

from __future__ import annotations

import re

import pytest

from .backoffice import SIZES, back_office
from .conftest import screenshot
from .dialogs import button, closed, dialog, field
from .restaurant import choose, open_floor, open_table, put_cart_on_table, table_order
from .till import PENNE, SPREAD, open_till, scan

pytestmark = pytest.mark.browser


def _kitchen_screen(browser, server, size):
    """The kitchen's own screen, a cook signed in by PIN (no till, no back office)."""
    context = browser.new_context(
        base_url=server.url, viewport={"width": size[0], "height": size[1]}, bypass_csp=True
    )
    context.set_default_timeout(10000)
    kitchen = context.new_page()
    kitchen.goto("/restaurant/kitchen")
    kitchen.locator("#kitchen-users").get_by_role("button", name="Cashier", exact=True).click()
    kitchen.locator("#kitchen-pin").fill("1234")
    kitchen.get_by_role("button", name="Sign in").click()
    kitchen.locator("#kitchen-who").get_by_text("Cashier").wait_for()
    return kitchen


def _euros(cents: int) -> str:
    return f"€{cents // 100}.{cents % 100:02d}"


def _pay_seat(
    page,
    table: dict,
    seat: int,
    total: int,
    *,
    card_tip: str | None = None,
    cash_given: str | None = None,
    tip_from_change: str = "",
    shot: str | None = None,
) -> None:
    """Pay one seat by card (with ``card_tip``) or in cash (``cash_given``, the waiter
    keeping ``tip_from_change`` of the change); waits for the message that names what
    was paid (``total``, the tip included)."""
    open_table(page, table)
    choose(page, "Pay the table")
    choose(page, f"Seat {seat}")
    field(page, "Equal parts").fill("1")
    button(page, "OK").click()
    if card_tip is not None:
        choose(page, "Card")
        field(page, "Tip on the card").fill(card_tip)
        if shot:
            screenshot(page, shot)
        button(page, "OK").click()
    else:
        choose(page, "Cash")
        if cash_given is not None:
            field(page, "Cash handed over").fill(cash_given)
        button(page, "OK").click()
        if cash_given is not None:
            dialog(page).get_by_text("Change: ").wait_for()
            field(page, "Tip kept from the change").fill(tip_from_change)
            if shot:
                screenshot(page, shot)
            button(page, "OK").click()
    closed(page)
    page.locator("#message").get_by_text(f"Paid: {_euros(total)}").wait_for()


def test_a_dinner_service(browser, page, till_server, restaurant):
    table_id, name = restaurant["id"], restaurant["name"]
    # Waiter one seats table 5 and keeps its menu open.
    open_till(page, till_server)
    scan(page, SPREAD[0])
    open_table(page, restaurant)
    field(page, "Guests").fill("2")
    button(page, "OK").click()
    dialog(page).get_by_text("Put the cart on the table").wait_for()
    screenshot(page, "restaurant-table-menu")

    # Waiter two, on another device, opens the same table (version 1) meanwhile.
    other = browser.new_context(
        base_url=till_server.url, viewport={"width": 1280, "height": 860}, bypass_csp=True
    )
    other.set_default_timeout(10000)
    second = other.new_page()
    open_till(second, till_server, "Manager", "1111")
    scan(second, PENNE[0])
    open_table(second, restaurant)
    dialog(second).get_by_text("Put the cart on the table").wait_for()

    # Waiter one puts the spread on seat 1; waiter two then puts the penne on seat 2 from
    # the old version: refused, sent again from the order as it is, nothing lost.
    put_cart_on_table(page, "1", f"Extra cheese {name}")
    page.locator("#message").get_by_text("items put on the table").wait_for()
    put_cart_on_table(second, "2")
    second.locator("#message").get_by_text("items put on the table").wait_for()
    _table, order = table_order(till_server, table_id)
    assert sorted((line["seat"], line["name"]) for line in order["lines"]) == [
        (1, "Pâte à tartiner noisettes 400 g"),
        (2, "Penne rigate 500 g"),
    ]
    assert page.locator("#cart-lines tr").count() == 0  # the items went onto the table
    other.close()

    # The guest of seat 2 moves to seat 3: the penne moves with them, at the till.
    open_table(page, restaurant)
    choose(page, "Move an item to another seat or course")
    choose(page, "1 × Penne rigate 500 g")
    field(page, "Seat (0: the table)").fill("3")
    button(page, "OK").click()
    closed(page)
    page.locator("#message").get_by_text("Item moved").wait_for()
    _table, order = table_order(till_server, table_id)
    assert sorted((line["seat"], line["course"], line["name"]) for line in order["lines"]) == [
        (1, 1, "Pâte à tartiner noisettes 400 g"),
        (3, 1, "Penne rigate 500 g"),
    ]

    # Course 1 goes to the kitchen and shows on the kitchen display.
    open_table(page, restaurant)
    choose(page, "Send a course")
    field(page, "Course").fill("1")
    button(page, "OK").click()
    closed(page)
    page.locator("#message").get_by_text("Course sent").wait_for()
    kitchen = _kitchen_screen(browser, till_server, SIZES[1])
    ticket = kitchen.locator(".ticket", has=kitchen.get_by_text(f"Table {name}"))
    ticket.wait_for()
    assert "Penne rigate 500 g" in ticket.inner_text()
    assert "seat 2, no salt" in ticket.inner_text()
    assert f"+ Extra cheese {name}" in ticket.inner_text()
    screenshot(kitchen, "restaurant-kitchen-display")
    ticket.get_by_role("button", name="Done").click()
    kitchen.get_by_text("Nothing to prepare.").wait_for()

    # The bill split by seat: seat 1 pays 10.00 in cash and leaves 2.00 of the change,
    # seat 3 pays by card with a 1.50 tip; both tips are the waiter's (who seated it).
    _pay_seat(page, restaurant, 1, SPREAD[1] + 150 + 200, cash_given="10", tip_from_change="2")
    change = 1000 - (SPREAD[1] + 150) - 200
    page.locator("#message").get_by_text(f"Change: {_euros(change)}").wait_for()
    _pay_seat(page, restaurant, 3, PENNE[1] + 150, card_tip="1.50")
    table, order = table_order(till_server, table_id)
    assert table["state"] == "free" and order is None
    status, sales, _ = till_server.api("GET", "/sales?limit=2")
    assert sorted(s["total"] for s in sales) == sorted([SPREAD[1] + 350, PENNE[1] + 150])
    tips = {
        line["data"]["paid_by"]: (line["total"], line["tax"])
        for sale in sales
        for line in sale["lines"]
        if line["kind"] == "tip"
    }
    assert tips == {"cash": (200, 0), "card": (150, 0)}
    status, report, _ = till_server.api(
        "GET", "/restaurant/tips?from=2000-01-01T00:00:00%2B00:00&to=2100-01-01T00:00:00%2B00:00"
    )
    assert status == 200, report
    mine = [row for row in report["rows"] if row["employee"] == "Cashier"]
    assert sum(row["cash"] for row in mine) >= 200 and sum(row["card"] for row in mine) >= 150
    kitchen.context.close()


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_the_floor_plan_in_the_back_office(browser, till_server, restaurant, size):
    """The plan shows the table where it was placed; dragging it moves it."""
    page = back_office(browser, till_server, size, "manager")
    page.goto("/restaurant/floor")
    table = page.locator(f'.restaurant-table[data-table="{restaurant["id"]}"]')
    table.wait_for()
    screenshot(page, f"restaurant-floor-{size[0]}x{size[1]}")
    # Earlier tests' rooms come first on the page: bring this one's plan into view.
    table.scroll_into_view_if_needed()
    box = table.bounding_box()
    page.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    page.mouse.down()
    page.mouse.move(box["x"] + box["width"] / 2 + 60, box["y"] + box["height"] / 2 + 30, steps=5)
    with page.expect_navigation():
        page.mouse.up()
    status, tables, _ = till_server.api("GET", "/restaurant/tables")
    moved = next(t for t in tables if t["id"] == restaurant["id"])
    assert moved["x"] > 300 and moved["y"] > 200
    page.context.close()


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_the_till_draws_the_floor_plan(browser, till_server, restaurant, size):
    """At the till the room is drawn: the table where the back office placed it, in its
    state, touch-sized, the whole plan on the screen; touching the table opens it."""
    context = browser.new_context(
        base_url=till_server.url, viewport={"width": size[0], "height": size[1]}, bypass_csp=True
    )
    context.set_default_timeout(10000)
    page = context.new_page()
    open_till(page, till_server)
    status, order, _ = till_server.api(
        "POST", "/restaurant/orders", {"table_id": restaurant["id"], "covers": 3}
    )
    assert status == 201, order
    floor = open_floor(page, restaurant)
    table = floor.locator(f'[data-table="{restaurant["id"]}"]')
    assert table.get_attribute("data-state") == "seated"
    assert restaurant["name"] in table.inner_text() and "seated" in table.inner_text()
    plan = floor.locator(".restaurant-plan").bounding_box()
    box = table.bounding_box()
    # Placed at (300, 200) of the 1000 x 600 plan, and fitted to the screen.
    assert abs((box["x"] - plan["x"]) / plan["width"] - 0.3) < 0.01
    assert abs((box["y"] - plan["y"]) / plan["height"] - 200 / 600) < 0.01
    assert plan["width"] <= size[0] and plan["y"] + plan["height"] <= size[1]
    assert box["width"] >= 56 and box["height"] >= 56
    screenshot(page, f"restaurant-till-floor-{size[0]}x{size[1]}")
    # Bigger: the plan grows (and scrolls), the table with it.
    floor.get_by_role("button", name="Bigger").click()
    assert table.bounding_box()["width"] > box["width"]
    table.scroll_into_view_if_needed()
    table.click()
    dialog(page).get_by_text("Put the cart on the table").wait_for()
    button(page, "Cancel").click()
    closed(page)
    status, _body, _ = till_server.api(
        "POST", f"/restaurant/orders/{order['id']}/free", {"version": order["version"]}
    )
    assert status == 200
    context.close()


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_the_kitchen_screen(browser, till_server, restaurant, size):
    """The kitchen's screen at each size: tickets side by side, big Done buttons; the
    bar's tab shows the bar's tickets only."""
    status, order, _ = till_server.api(
        "POST", "/restaurant/orders", {"table_id": restaurant["id"], "covers": 2}
    )
    assert status == 201, order
    status, order, _ = till_server.api(
        "POST",
        f"/restaurant/orders/{order['id']}/lines",
        {
            "version": order["version"],
            "lines": [{"product_id": 1, "quantity": "2", "note": "well done"}],
        },
    )
    assert status == 200, order
    status, tickets, _ = till_server.api(
        "POST", f"/restaurant/orders/{order['id']}/send", {"version": order["version"], "course": 1}
    )
    assert status == 200, tickets
    kitchen = _kitchen_screen(browser, till_server, size)
    ticket = kitchen.locator(f"#ticket-{tickets[0]['id']}")
    ticket.wait_for()
    assert (
        "well done" in ticket.inner_text() and f"Table {restaurant['name']}" in ticket.inner_text()
    )
    done = ticket.get_by_role("button", name="Done")
    assert done.bounding_box()["height"] >= 48
    screenshot(kitchen, f"restaurant-kitchen-screen-{size[0]}x{size[1]}")
    kitchen.locator("#kitchen-stations").get_by_role("button", name="Bar").click()
    ticket.wait_for(state="detached")
    kitchen.locator("#kitchen-stations").get_by_role("button", name="All").click()
    ticket.get_by_role("button", name="Done").click()
    ticket.wait_for(state="detached")
    kitchen.context.close()


def test_service_charge_and_equal_parts_at_the_till(page, till_server, restaurant):
    """The waiter adds the service charge at the till and the table pays in three equal
    parts by card: the parts are of what the sale charges, service included."""
    status, body, _ = till_server.api("PATCH", "/settings/restaurant", {"service_percent": "10"})
    assert status == 200, body
    try:
        status, order, _ = till_server.api(
            "POST", "/restaurant/orders", {"table_id": restaurant["id"], "covers": 3}
        )
        assert status == 201, order
        open_till(page, till_server)
        scan(page, PENNE[0])
        open_table(page, restaurant)
        put_cart_on_table(page, "0")
        page.locator("#message").get_by_text("items put on the table").wait_for()
        open_table(page, restaurant)
        choose(page, "Add the service charge")
        closed(page)
        page.locator("#message").get_by_text("The bill will add the service charge").wait_for()
        open_table(page, restaurant)
        choose(page, "Pay the table")
        choose(page, "The whole table")
        field(page, "Equal parts").fill("3")
        button(page, "OK").click()
        goods = PENNE[1]
        total = goods + (goods + 5) // 10  # 10 %, rounded half up
        dialog(page).get_by_text(f"To pay: €{total // 100}.{total % 100:02d}").wait_for()
        choose(page, "Card")
        button(page, "OK").click()  # no tip
        closed(page)
        page.locator("#message").get_by_text(f"Paid: €{total // 100}.{total % 100:02d}").wait_for()
        status, sales, _ = till_server.api("GET", "/sales?limit=1")
        (sale,) = sales
        assert sale["total"] == total
        amounts = [payment["amount"] for payment in sale["payments"]]
        assert len(amounts) == 3 and sum(amounts) == total and max(amounts) - min(amounts) <= 1
        assert any(line["name"] == "Service 10 %" for line in sale["lines"])
        # Take-away at the counter: a chip on the cart says so.
        page.get_by_role("button", name="Take-away", exact=True).click()
        page.locator("#cart-extras").get_by_text("Take-away").wait_for()
    finally:
        till_server.api("PATCH", "/settings/restaurant", {"service_percent": "0"})


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_tips_at_the_till(browser, till_server, restaurant, size):
    """At each size: seat 1 pays in cash and the waiter keeps part of the change, seat 2
    pays by card with a tip; the dialogs fit the screen and their fields are touch-sized."""
    context = browser.new_context(
        base_url=till_server.url, viewport={"width": size[0], "height": size[1]}, bypass_csp=True
    )
    context.set_default_timeout(10000)
    page = context.new_page()
    open_till(page, till_server)
    status, order, _ = till_server.api(
        "POST", "/restaurant/orders", {"table_id": restaurant["id"], "covers": 2}
    )
    assert status == 201, order
    status, order, _ = till_server.api(
        "POST",
        f"/restaurant/orders/{order['id']}/lines",
        {
            "version": order["version"],
            "lines": [
                {"product_id": 1, "quantity": "1", "seat": 1},
                {"product_id": 1, "quantity": "1", "seat": 2},
            ],
        },
    )
    assert status == 200, order
    label = f"{size[0]}x{size[1]}"
    open_table(page, restaurant)
    choose(page, "Pay the table")
    choose(page, "Seat 1")
    field(page, "Equal parts").fill("1")
    button(page, "OK").click()
    choose(page, "Cash")
    field(page, "Cash handed over").fill("50")
    button(page, "OK").click()
    dialog(page).get_by_text("Change: ").wait_for()
    tip = field(page, "Tip kept from the change")
    tip.fill("1")
    box = tip.bounding_box()
    assert box["height"] >= 40 and box["y"] + box["height"] <= size[1]
    screenshot(page, f"restaurant-tip-from-change-{label}")
    button(page, "OK").click()
    closed(page)
    page.locator("#message").get_by_text("Change: ").wait_for()
    open_table(page, restaurant)
    choose(page, "Pay the table")
    choose(page, "Seat 2")
    field(page, "Equal parts").fill("1")
    button(page, "OK").click()
    choose(page, "Card")
    field(page, "Tip on the card").fill("2")
    screenshot(page, f"restaurant-card-tip-{label}")
    button(page, "OK").click()
    closed(page)
    # Paid by card: no change in the message (the cash one may still be on the screen).
    page.locator("#message").get_by_text(re.compile(r"^Paid: €[\d.]+$")).wait_for()
    status, sales, _ = till_server.api("GET", "/sales?limit=2")
    tips = sorted(
        (line["data"]["paid_by"], line["total"])
        for sale in sales
        for line in sale["lines"]
        if line["kind"] == "tip"
    )
    assert tips == [("card", 200), ("cash", 100)], sales
    cash_sale = next(s for s in sales if s["payments"][0]["method"] == "cash")
    assert cash_sale["change"] == 5000 - cash_sale["total"]
    context.close()
