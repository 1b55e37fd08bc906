"""X and Z report figures with sales, refunds and voids made through the API."""

from __future__ import annotations

import uuid

import pytest
import sqlalchemy as sa

from core.db import db


def _open(api, register_id, amount=10000):
    response = api.post(f"/api/v1/registers/{register_id}/open", json={"float": amount})
    assert response.status_code == 201, response.get_json()
    return response.get_json()


def _day(manager_api, sell, register_id):
    """Float 100.00; sale A (2 coffees + 1 croissant, 6.20 paid 10.00 cash), sale B (1 coffee
    by card); the croissant refunded in cash, sale B voided; 1.00 taken out for the bank."""
    _open(manager_api, register_id)
    a = sell({"COFFEE": 2, "CROISSANT": 1}, [("cash", 1000)])
    b = sell({"COFFEE": 1}, [("card", 250)])
    croissant = next(line for line in a["lines"] if line["quantity"] == "1")
    refund = manager_api.post(
        f"/api/v1/sales/{a['id']}/refund",
        json={
            "id": str(uuid.uuid4()),
            "lines": [{"line_id": croissant["id"], "quantity": 1}],
            "payments": [{"method": "cash", "amount": 120}],
        },
    )
    assert refund.status_code == 201, refund.get_json()
    void = manager_api.post(f"/api/v1/sales/{b['id']}/void", json={"id": str(uuid.uuid4())})
    assert void.status_code == 201, void.get_json()
    out = manager_api.post(
        f"/api/v1/registers/{register_id}/cash",
        json={"kind": "out", "amount": 100, "reason": "bank"},
    )
    assert out.status_code == 201
    return a, b


def test_z_report_totals(manager_api, sell, register_id):
    """Counts and totals of sales, refunds and voids, the change given, the discounts."""
    a, b = _day(manager_api, sell, register_id)
    assert (a["total"], a["change"], b["total"]) == (620, 380, 250)
    z = manager_api.post(
        f"/api/v1/registers/{register_id}/close", json={"counted_cash": 10390}
    ).get_json()
    assert (z["sales_count"], z["sales_total"], z["change_given"], z["discounts_total"]) == (
        2,
        870,
        380,
        0,
    )
    assert (z["refunds_count"], z["refunds_total"]) == (1, 120)
    assert (z["voids_count"], z["voids_total"]) == (1, 250)
    assert z["net_total"] == 500
    assert (z["cash_in"], z["cash_out"]) == (0, 100)


def test_z_report_by_payment_method_is_net_of_change_and_refunds(manager_api, sell, register_id):
    """Cash taken is what was paid minus the change; refunds and voids are given back by
    method."""
    _day(manager_api, sell, register_id)
    z = manager_api.post(
        f"/api/v1/registers/{register_id}/close", json={"counted_cash": 10390}
    ).get_json()
    assert z["payments"] == [
        {"method": "card", "sales": 250, "refunds": 250, "total": 0},
        {"method": "cash", "sales": 620, "refunds": 120, "total": 500},
    ]


def test_z_report_by_tax_rate_is_net_of_refunds(manager_api, sell, register_id):
    """One row per rate (as a decimal string): base, tax and total, refunds deducted."""
    _day(manager_api, sell, register_id)
    z = manager_api.post(
        f"/api/v1/registers/{register_id}/close", json={"counted_cash": 10390}
    ).get_json()
    assert z["taxes"] == [
        {"rate": "5.5", "base": 0, "tax": 0, "total": 0},
        {"rate": "20.0", "base": 417, "tax": 83, "total": 500},
    ]


def test_z_report_expected_cash_and_over_short(manager_api, sell, register_id):
    """Expected cash = float + cash paid - change - cash refunded + in - out; the count
    against it gives over/short."""
    _day(manager_api, sell, register_id)
    z = manager_api.post(
        f"/api/v1/registers/{register_id}/close", json={"counted_cash": 10390}
    ).get_json()
    assert (z["expected_cash"], z["counted_cash"], z["over_short"]) == (10400, 10390, -10)


def test_x_report_matches_the_z_report_before_counting(manager_api, sell, register_id):
    """The X report shows the same figures the Z report will, without the count."""
    _day(manager_api, sell, register_id)
    x = manager_api.get(f"/api/v1/registers/{register_id}/x-report").get_json()
    z = manager_api.post(
        f"/api/v1/registers/{register_id}/close", json={"counted_cash": 10400}
    ).get_json()
    for key in ("sales_total", "payments", "taxes", "expected_cash", "refunds_total"):
        assert x[key] == z[key]
    assert (x["counted_cash"], z["over_short"]) == (None, 0)


def test_z_report_counts_only_its_own_session(app, manager_api, sell, register_id, products):
    """Sales of an earlier session and of another register stay out of the report."""
    from core.registers.models import Register

    _open(manager_api, register_id)
    sell({"COFFEE": 4}, [("cash", 1000)])
    manager_api.post(f"/api/v1/registers/{register_id}/close", json={"counted_cash": 11000})
    with app.app_context():
        location = db.session.get(Register, register_id).location_id
        other = Register(code="R2", name="Register 2", location_id=location)
        db.session.add(other)
        db.session.commit()
        other_id = other.id
    _open(manager_api, other_id, 500)
    sale = manager_api.post(
        "/api/v1/sales",
        json={
            "id": str(uuid.uuid4()),
            "register_id": other_id,
            "lines": [{"product_id": products["CROISSANT"], "quantity": 1}],
            "payments": [{"method": "cash", "amount": 120}],
        },
    )
    assert sale.status_code == 201, sale.get_json()
    _open(manager_api, register_id, 2000)
    sell({"CROISSANT": 2}, [("card", 240)])
    z = manager_api.post(
        f"/api/v1/registers/{register_id}/close", json={"counted_cash": 2000}
    ).get_json()
    assert (z["sales_count"], z["sales_total"], z["expected_cash"]) == (1, 240, 2000)
    assert z["payments"] == [{"method": "card", "sales": 240, "refunds": 0, "total": 240}]
    with app.app_context():
        assert (
            db.session.scalar(
                sa.select(Register.last_receipt_number).where(Register.id == other_id)
            )
            == 1
        )


@pytest.mark.comptoir_extra_plugins(
    "rules=sample_plugins.rules", "failing_hooks=sample_plugins.failing_hooks"
)
@pytest.mark.comptoir_plugins("rules", "failing_hooks")
def test_plugins_add_sections_to_the_x_and_z_reports(manager_api, register_id):
    """A plugin's section (with its note) is on the X report and kept in the Z report as
    printed; a failing plugin's section is left out and the register still closes."""
    _open(manager_api, register_id)
    x = manager_api.get(f"/api/v1/registers/{register_id}/x-report").get_json()
    expected = [
        {
            "key": "rules",
            "title": "Rules",
            "columns": ["rule"],
            "rows": [["checked"]],
            "note": "Checked.",
        }
    ]
    assert x["sections"] == expected
    closed = manager_api.post(
        f"/api/v1/registers/{register_id}/close", json={"counted_cash": x["expected_cash"]}
    )
    assert closed.status_code == 200, closed.get_json()
    z = closed.get_json()
    assert z["sections"] == expected
    stored = manager_api.get(f"/api/v1/cash-sessions/{z['session_id']}").get_json()
    assert stored["z_report"]["sections"] == expected
