"""Tips: a ``tip`` line on the bill, owed to an employee, on the card or kept from the
cash change; no tax, no revenue, no discount; per employee and day, on the Z report, and
subtracted when refunded. Bad tips are refused and change nothing."""

from __future__ import annotations

import datetime as dt
import uuid

import pytest
from restaurant_testing import add, make_floor, ok, seat

from core.testing import refund, sale_body, sales_count, sell

pytestmark = pytest.mark.comptoir_plugins("restaurant")

PERIOD = {"from": "2000-01-01T00:00:00+00:00", "to": "2100-01-01T00:00:00+00:00"}


def _user_id(api, username: str) -> int:
    users = ok(api.get("/api/v1/users"))
    return next(user["id"] for user in users if user["username"] == username)


def _table_bill(shop, cashier_api, manager_api, **options) -> dict:
    """Table 1, seated by the cashier: a steak and a beer (27.00), its whole bill."""
    (table, *_rest) = make_floor(manager_api)
    order = ok(
        add(
            cashier_api,
            seat(cashier_api, table),
            {"product_id": shop["STEAK"]},
            {"product_id": shop["BEER"]},
        )
    )
    if options:
        order = ok(
            cashier_api.post(
                f"/api/v1/restaurant/orders/{order['id']}/options",
                json={"version": order["version"], **options},
            )
        )
    return ok(
        cashier_api.post(
            f"/api/v1/restaurant/orders/{order['id']}/bill", json={"parts": 1, "register_id": 1}
        )
    )


def _pay(api, bill, tip: dict | None, payments: list[dict]):
    body = dict(bill["body"])
    lines = list(body["lines"]) + ([{"tip": tip, "quantity": 1}] if tip else [])
    body.update(id=str(uuid.uuid4()), register_id=1, lines=lines, payments=payments)
    return api.post("/api/v1/sales", json=body)


def _tips(api) -> dict:
    return ok(api.get("/api/v1/restaurant/tips", query_string=PERIOD))


def test_a_card_tip_is_paid_with_the_bill_for_the_waiter(shop, cashier_api, manager_api):
    """The card pays bill + tip; the tip line has no tax and goes to the table's waiter
    (the bill names them); the report lists it as a card tip."""
    bill = _table_bill(shop, cashier_api, manager_api)
    cashier = _user_id(manager_api, "cashier")
    assert bill["waiter_id"] == cashier
    tip = {"amount": 300, "employee_id": bill["waiter_id"], "paid_by": "card"}
    sale = ok(
        _pay(cashier_api, bill, tip, [{"method": "card", "amount": bill["total"] + 300}]), 201
    )
    assert sale["total"] == bill["total"] + 300 and sale["change"] == 0
    (line,) = [line for line in sale["lines"] if line["sku"] == "TIP"]
    assert line["total"] == 300 and line["tax"] == 0
    assert sum(row["tax"] for row in sale["taxes"]) == sale["tax_total"]
    report = _tips(manager_api)
    (row,) = report["rows"]
    assert (row["employee_id"], row["employee"]) == (cashier, "Camille Cashier")
    assert (row["cash"], row["card"], row["total"]) == (0, 300, 300)
    assert row["day"] == dt.datetime.now(dt.UTC).date().isoformat()


def test_a_cash_tip_is_kept_from_the_change(shop, cashier_api, manager_api):
    """50.00 handed over for 27.00: the waiter keeps 2.00 of the change as a tip, the
    customer gets 21.00 back; the tip is a cash tip, in the drawer."""
    bill = _table_bill(shop, cashier_api, manager_api)
    sale = ok(
        _pay(cashier_api, bill, {"amount": 200}, [{"method": "cash", "amount": 5000}]),
        201,
    )
    assert sale["change"] == 5000 - bill["cash_total"] - 200
    (row,) = _tips(manager_api)["rows"]
    assert (row["cash"], row["card"]) == (200, 0)


def test_a_tip_is_not_revenue(shop, cashier_api, manager_api):
    """The sales report's totals, net, items and products leave the tip out; the money
    stays in the payments by method."""
    bill = _table_bill(shop, cashier_api, manager_api)
    total = bill["total"]
    ok(_pay(cashier_api, bill, {"amount": 500}, [{"method": "card", "amount": total + 500}]), 201)

    def report(by):
        return ok(manager_api.get("/api/v1/reports/sales", query_string={**PERIOD, "by": by}))

    summary = report("day")["summary"]
    assert summary["total"] == total and summary["items"] == "2.000"
    assert summary["net"] + summary["tax"] == total
    (day,) = report("day")["rows"]
    assert day["total"] == total
    assert sum(row["total"] for row in report("product")["rows"]) == total
    assert all("Tip" not in row["label"] for row in report("product")["rows"])
    assert sum(row["total"] for row in report("category")["rows"]) == total
    assert sum(row["total"] for row in report("user")["rows"]) == total
    by_method = {row["key"]: row["total"] for row in report("payment_method")["rows"]}
    assert by_method == {"card": total + 500}


def test_a_tip_takes_no_discount_and_no_service_charge(shop, cashier_api, manager_api):
    """A 10 % cart discount and the 10 % service charge are on the meal only; a manual
    discount on the tip is refused."""
    settings = {"service_percent": "10"}
    ok(manager_api.patch("/api/v1/settings/restaurant", json=settings))
    bill = _table_bill(shop, cashier_api, manager_api, service_charge=True)
    body = dict(bill["body"], register_id=1, discount_percent="10")
    body["lines"] = [*body["lines"], {"tip": {"amount": 400}, "quantity": 1}]
    quote = ok(cashier_api.post("/api/v1/sales/quote", json=body))
    tip = next(line for line in quote["lines"] if line["kind"] == "tip")
    assert tip["total"] == 400 and tip["discount"] == 0
    without = dict(body, lines=body["lines"][:-1])
    assert (
        quote["total"] == ok(cashier_api.post("/api/v1/sales/quote", json=without))["total"] + 400
    )
    body["lines"][-1] = {"tip": {"amount": 400}, "quantity": 1, "discount_percent": "50"}
    refused = cashier_api.post("/api/v1/sales/quote", json=body)
    assert refused.status_code == 422


def test_the_tip_goes_to_the_seller_when_no_employee_is_named(shop, cashier_api, manager_api):
    sell(cashier_api, shop.line("BEER"), {"tip": {"amount": 100}, "quantity": 1})
    (row,) = _tips(manager_api)["rows"]
    assert row["employee_id"] == _user_id(manager_api, "cashier")


@pytest.mark.parametrize(
    "tip, quantity",
    [
        ({"amount": -100}, 1),
        ({"amount": 0}, 1),
        ({"amount": 150.5}, 1),
        ({"amount": 100, "employee_id": 99999}, 1),
        ({"amount": 100, "paid_by": "cheque"}, 1),
        ({"amount": 100}, 2),
    ],
    ids=["negative", "zero", "float", "unknown-employee", "unknown-method", "quantity"],
)
def test_a_bad_tip_is_refused_and_changes_nothing(shop, cashier_api, manager_api, tip, quantity):
    before = sales_count(manager_api)
    body = sale_body(shop.line("BEER"), {"tip": tip, "quantity": quantity})
    answer = cashier_api.post("/api/v1/sales", json=body)
    assert answer.status_code == 422, answer.get_json()
    assert sales_count(manager_api) == before
    assert _tips(manager_api)["rows"] == []


def test_a_tip_for_an_inactive_employee_is_refused(shop, cashier_api, manager_api, admin_api):
    gone = ok(
        admin_api.post(
            "/api/v1/users",
            json={"username": "gone", "roles": ["cashier"], "password": "gone-password-1"},
        ),
        201,
    )
    ok(admin_api.patch(f"/api/v1/users/{gone['id']}", json={"active": False}))
    body = sale_body(shop.line("BEER"), {"tip": {"amount": 100, "employee_id": gone["id"]}})
    answer = cashier_api.post("/api/v1/sales", json=body)
    assert answer.status_code == 422
    assert "employee" in str(answer.get_json()["error"])


def test_a_tip_on_a_table_already_paid_is_refused(shop, cashier_api, manager_api):
    """The table's bill paid, the same bill again with a tip: refused, nothing sold."""
    bill = _table_bill(shop, cashier_api, manager_api)
    ok(_pay(cashier_api, bill, None, [{"method": "card", "amount": bill["total"]}]), 201)
    before = sales_count(manager_api)
    again = _pay(cashier_api, bill, {"amount": 200}, [{"method": "card", "amount": 10_000}])
    assert again.status_code == 422
    assert sales_count(manager_api) == before and _tips(manager_api)["rows"] == []


def test_a_refunded_tip_subtracts_from_its_employee(shop, cashier_api, manager_api):
    sale = sell(
        cashier_api,
        shop.line("BEER"),
        {"tip": {"amount": 250, "paid_by": "card"}, "quantity": 1},
        payments=[{"method": "card", "amount": 750}],
    )
    answer = refund(manager_api, sale, [(1, 1)], [{"method": "card", "amount": 250}])
    assert answer.status_code == 201, answer.get_json()
    (row,) = _tips(manager_api)["rows"]
    assert (row["card"], row["total"]) == (0, 0)


def test_the_z_report_lists_the_tips_and_the_rule_for_cash_ones(shop, cashier_api, manager_api):
    """Cash tips are in the drawer until handed out: the expected cash includes them and
    the Z report's Tips section says how much to hand out."""
    float_ = ok(manager_api.get("/api/v1/registers/1/x-report"))["expected_cash"]
    sell(
        cashier_api,
        shop.line("BEER"),
        {"tip": {"amount": 200}, "quantity": 1},
        payments=[{"method": "cash", "amount": 1000}],
    )
    sell(
        cashier_api,
        shop.line("SALAD"),
        {"tip": {"amount": 150, "paid_by": "card"}, "quantity": 1},
        payments=[{"method": "card", "amount": 1100}],
    )
    z = ok(manager_api.post("/api/v1/registers/1/close", json={"counted_cash": float_ + 700}))
    assert z["expected_cash"] == float_ + 500 + 200 and z["over_short"] == 0
    (section,) = [s for s in z["sections"] if s["key"] == "restaurant_tips"]
    assert section["title"] == "Tips"
    assert section["rows"] == [["Camille Cashier", 200, 150, 350], ["Total", 200, 150, 350]]
    assert "Cash tips to hand out to the staff: €2.00" in section["note"]
    assert "expected cash includes them" in section["note"]
    stored = ok(manager_api.get(f"/api/v1/cash-sessions/{z['session_id']}"))["z_report"]
    assert stored["sections"] == z["sections"]


def test_the_printed_z_report_shows_the_tips_and_the_rule(shop, cashier_api, manager_api, app):
    from restaurant_testing import sign_in

    sell(cashier_api, shop.line("BEER"), {"tip": {"amount": 200}, "quantity": 1})
    expected = ok(manager_api.get("/api/v1/registers/1/x-report"))["expected_cash"]
    z = ok(manager_api.post("/api/v1/registers/1/close", json={"counted_cash": expected}))
    page = sign_in(app, "manager").get(f"/admin/cash-sessions/{z['session_id']}/z-report")
    text = page.get_data(as_text=True)
    assert page.status_code == 200
    assert 'data-section="restaurant_tips"' in text and "Camille Cashier" in text
    assert "Cash tips to hand out to the staff: €2.00" in text


def test_the_tips_report_is_for_managers(shop, cashier_api, manager_api):
    assert cashier_api.get("/api/v1/restaurant/tips", query_string=PERIOD).status_code == 403
    assert manager_api.get("/api/v1/restaurant/tips").status_code == 422
    paths = ok(manager_api.get("/api/v1/openapi.json"))["paths"]
    assert "get" in paths["/api/v1/restaurant/tips"]


def test_the_tips_page_lists_each_employee(shop, cashier_api, app):
    from restaurant_testing import sign_in

    sell(cashier_api, shop.line("BEER"), {"tip": {"amount": 300}, "quantity": 1})
    page = sign_in(app, "manager").get("/restaurant/tips")
    text = page.get_data(as_text=True)
    assert page.status_code == 200
    assert "Camille Cashier" in text and 'data-figure="cash">€3.00' in text
    assert sign_in(app, "cashier").get("/restaurant/tips").status_code == 403


def test_a_tip_cannot_be_added_to_a_completed_sale(shop, cashier_api, manager_api):
    """A completed sale is immutable: its id posted again with a tip answers the sale as
    it was (the contract's retry), with no tip, and no tip is recorded."""
    body = sale_body(shop.line("BEER"))
    first = ok(cashier_api.post("/api/v1/sales", json=body), 201)
    body["lines"] = [*body["lines"], {"tip": {"amount": 200}, "quantity": 1}]
    again = ok(cashier_api.post("/api/v1/sales", json=body), 200)
    assert again["total"] == first["total"] and len(again["lines"]) == 1
    assert _tips(manager_api)["rows"] == []
