"""Sending courses: one ticket per station with what is new, changed or cancelled since
it was last told, printed on the station's named printer; the kitchen display."""

from __future__ import annotations

import pytest
import sqlalchemy as sa
from restaurant_testing import add, make_floor, ok, seat, sign_in

pytestmark = pytest.mark.comptoir_plugins("restaurant")


def _send(api, order, course):
    return api.post(
        f"/api/v1/restaurant/orders/{order['id']}/send",
        json={"version": order["version"], "course": course},
    )


def _order(api, order_id):
    return ok(api.get(f"/api/v1/restaurant/orders/{order_id}"))


def test_a_course_goes_to_the_kitchen_and_the_bar(shop, cashier_api, manager_api):
    """Only the course sent goes; food to the kitchen, drinks to the bar."""
    (table, *_rest) = make_floor(manager_api)
    order = ok(
        add(
            cashier_api,
            seat(cashier_api, table),
            {"product_id": shop["SALAD"], "course": 1, "seat": 1, "note": "no dressing"},
            {"product_id": shop["BEER"], "quantity": "2", "course": 1},
            {"product_id": shop["STEAK"], "course": 2},
        )
    )
    tickets = ok(_send(cashier_api, order, 1))
    assert [(t["station"], t["course"], t["table_name"]) for t in tickets] == [
        ("bar", 1, "1"),
        ("kitchen", 1, "1"),
    ]
    bar, food = tickets
    assert [(r["change"], r["quantity"], r["name"]) for r in bar["rows"]] == [("new", "2", "Beer")]
    assert [(r["name"], r["seat"], r["note"]) for r in food["rows"]] == [
        ("Salad", 1, "no dressing")
    ]
    shown = ok(cashier_api.get("/api/v1/restaurant/tickets?station=kitchen"))
    assert [t["id"] for t in shown] == [food["id"]]


def test_only_changes_are_sent_again(shop, cashier_api, manager_api):
    """After a course is sent, sending it again tells only what changed: a quantity
    changed, a line cancelled, a line added; with no change it is a 409."""
    (table, *_rest) = make_floor(manager_api)
    order = ok(
        add(
            cashier_api,
            seat(cashier_api, table),
            {"product_id": shop["SALAD"]},
            {"product_id": shop["STEAK"], "quantity": "2"},
        )
    )
    ok(_send(cashier_api, order, 1))
    order = _order(cashier_api, order["id"])
    nothing = _send(cashier_api, order, 1)
    assert nothing.status_code == 409
    assert nothing.get_json()["error"]["code"] == "nothing_to_send"
    salad, steak = sorted(order["lines"], key=lambda line: line["name"])
    base = f"/api/v1/restaurant/orders/{order['id']}/lines"
    order = ok(
        cashier_api.patch(
            f"{base}/{steak['id']}", json={"version": order["version"], "quantity": "3"}
        )
    )
    order = ok(
        cashier_api.patch(
            f"{base}/{salad['id']}", json={"version": order["version"], "quantity": "0"}
        )
    )
    order = ok(add(cashier_api, order, {"product_id": shop["SALAD"]}))
    (ticket,) = ok(_send(cashier_api, order, 1))
    rows = sorted((r["change"], r["was"], r["quantity"], r["name"]) for r in ticket["rows"])
    assert rows == [
        ("cancelled", "1", "0", "Salad"),
        ("changed", "2", "3", "Steak"),
        ("new", "0", "1", "Salad"),
    ]
    # The cancelled line is gone once the kitchen knows.
    names = sorted(line["name"] for line in _order(cashier_api, order["id"])["lines"])
    assert names == ["Salad", "Steak"]


def test_a_ticket_prints_on_the_stations_named_printer(app, shop, cashier_api, manager_api):
    """With a printer named ``kitchen`` set up, the ticket is a device job of it, once."""
    admin = sign_in(app, "admin")
    added = admin.form("/admin/devices/1/printers", {"name": "kitchen", "paper_mm": "80"})
    assert added.status_code in (302, 303), added.get_data(as_text=True)
    (table, *_rest) = make_floor(manager_api)
    order = ok(add(cashier_api, seat(cashier_api, table), {"product_id": shop["STEAK"]}))
    (ticket,) = ok(_send(cashier_api, order, 1))
    assert ticket["job_id"]
    with app.app_context():
        from core.plugins import db

        target = db.session.execute(
            sa.text("SELECT target FROM device_job WHERE id = :id"), {"id": ticket["job_id"]}
        ).scalar_one()
    assert target == "printer:kitchen"


def test_the_kitchen_display_shows_tickets_until_done(app, shop, cashier_api, manager_api):
    (table, *_rest) = make_floor(manager_api)
    order = ok(
        add(cashier_api, seat(cashier_api, table), {"product_id": shop["STEAK"], "note": "rare"})
    )
    (ticket,) = ok(_send(cashier_api, order, 1))
    manager = sign_in(app, "manager")
    page = manager.get("/restaurant/kitchen").get_data(as_text=True)
    assert f'id="ticket-{ticket["id"]}"' in page and "rare" in page
    done = manager.form(f"/restaurant/kitchen/{ticket['id']}/done")
    assert done.status_code == 303
    assert f'id="ticket-{ticket["id"]}"' not in manager.get("/restaurant/kitchen").get_data(
        as_text=True
    )
    again = ok(cashier_api.post(f"/api/v1/restaurant/tickets/{ticket['id']}/done"))
    assert again["done_at"] is not None
