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


def _kitchen_screen(app):
    """A browser at the kitchen: the open page, then a CSRF token for the PIN sign-in."""
    client = app.test_client()
    page = client.get("/restaurant/kitchen")
    assert page.status_code == 200 and 'id="kitchen-boot"' in page.get_data(as_text=True)
    client.csrf = client.get("/till/csrf").get_json()["csrf_token"]
    return client


def _post(client, path, body=None):
    return client.post(path, json=body, headers={"X-CSRFToken": client.csrf})


def test_a_cook_signs_in_by_pin_and_sees_only_the_kitchen(app, shop, admin_api, cashier_api):
    """The kitchen display is a screen of its own: a cook holding ``restaurant.kitchen``
    and nothing else (no till, no back office) signs in by PIN, sees the tickets, marks one
    done, and may do nothing else."""
    made = admin_api.post(
        "/api/v1/roles",
        json={"name": "cook", "title": "Cook", "permissions": ["restaurant.kitchen"]},
    )
    assert made.status_code == 201, made.get_json()
    cook = ok(
        admin_api.post(
            "/api/v1/users",
            json={"username": "cook", "full_name": "Chef Cook", "roles": ["cook"], "pin": "4826"},
        ),
        201,
    )
    (table, *_rest) = make_floor(admin_api)
    order = ok(
        add(cashier_api, seat(cashier_api, table), {"product_id": shop["STEAK"], "note": "rare"})
    )
    (ticket,) = ok(_send(cashier_api, order, 1))

    screen = _kitchen_screen(app)
    assert screen.get("/api/v1/restaurant/tickets").status_code == 401
    names = ok(screen.get("/api/v1/restaurant/kitchen/users"))
    assert {"id": cook["id"], "full_name": "Chef Cook"} in names
    wrong = _post(
        screen, "/api/v1/restaurant/kitchen/sign-in", {"user_id": cook["id"], "pin": "0000"}
    )
    assert wrong.status_code == 403 and wrong.get_json()["error"]["code"] == "wrong_pin"
    assert screen.get("/api/v1/restaurant/tickets").status_code == 401

    signed = _post(
        screen, "/api/v1/restaurant/kitchen/sign-in", {"user_id": cook["id"], "pin": "4826"}
    )
    assert ok(signed)["full_name"] == "Chef Cook"
    screen.csrf = ok(screen.get("/api/v1/me"))["csrf_token"]
    (shown,) = ok(screen.get("/api/v1/restaurant/tickets"))
    assert shown["id"] == ticket["id"] and shown["rows"][0]["note"] == "rare"
    assert shown["age_seconds"] >= 0
    assert ok(_post(screen, f"/api/v1/restaurant/tickets/{ticket['id']}/done"))["done_at"]
    assert ok(screen.get("/api/v1/restaurant/tickets")) == []
    # Nothing beyond the kitchen: not the tables, not the till, not the back office.
    assert screen.get("/api/v1/restaurant/floor").status_code == 403
    assert screen.get("/api/v1/sales").status_code == 403
    assert screen.get("/restaurant/floor").status_code in (302, 403)


def test_the_kitchen_screen_refuses_who_may_not_see_it(app, admin_api):
    """A user without ``restaurant.kitchen`` is not listed and cannot sign in there; nor
    can a back-office user who may not use the till (a PIN opens no more than the till)."""
    for name, permissions in (
        ("waiter", ["restaurant.serve"]),
        ("office", ["admin.access", "restaurant.kitchen"]),
    ):
        made = admin_api.post(
            "/api/v1/roles", json={"name": name, "title": name, "permissions": permissions}
        )
        assert made.status_code == 201, made.get_json()
        user = ok(
            admin_api.post(
                "/api/v1/users",
                json={"username": name, "full_name": name.title(), "roles": [name], "pin": "5937"},
            ),
            201,
        )
        screen = _kitchen_screen(app)
        if name == "waiter":
            names = [u["full_name"] for u in ok(screen.get("/api/v1/restaurant/kitchen/users"))]
            assert "Waiter" not in names
        refused = _post(
            screen, "/api/v1/restaurant/kitchen/sign-in", {"user_id": user["id"], "pin": "5937"}
        )
        assert refused.status_code == 403 and refused.get_json()["error"]["code"] == "not_allowed"
        assert screen.get("/api/v1/restaurant/tickets").status_code == 401
