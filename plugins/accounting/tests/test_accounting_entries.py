"""Every sale, refund, void and cash movement is booked, balanced, in its transaction."""

from __future__ import annotations

import re
import uuid

import pytest
from accounting_testing import assert_balanced, balances, entries, entry_for

from core.testing import refund, sale_body, sales_count, sell

pytestmark = pytest.mark.comptoir_plugins("accounting")


def test_a_sale_is_booked_by_rate_with_its_payment(shop, cashier_api, manager_api):
    """2 coffees (20 %) and a croissant (5.5 %) paid in cash: cash debited with what was
    kept (change excluded), sales and tax credited per rate (French chart by default)."""
    sale = sell(
        cashier_api,
        shop.line("COFFEE", 2),
        shop.line("CROISSANT"),
        payments=[{"method": "cash", "amount": 1000}],
    )
    entry = entry_for(manager_api, "sale", sale["id"])
    assert_balanced(entry)
    assert entry["journal"] == "VT" and re.fullmatch(r"R1-\d{6}", entry["piece"])
    by_rate = {row["rate"]: row for row in sale["taxes"]}
    assert balances(entry) == {
        "530000": 620,
        "707100": -by_rate["20.0"]["base"],
        "445711": -by_rate["20.0"]["tax"],
        "707300": -by_rate["5.5"]["base"],
        "445713": -by_rate["5.5"]["tax"],
    }


def test_a_card_payment_goes_to_its_own_account(shop, cashier_api, manager_api):
    sale = sell(cashier_api, shop.line("TEA"), payments=[{"method": "card", "amount": 400}])
    assert balances(entry_for(manager_api, "sale", sale["id"]))["511200"] == 400


def test_a_discount_is_booked_apart_from_the_sales(shop, cashier_api, manager_api):
    """10 % off a 4.00 tea: sales credited before the discount, the discount (without
    tax) debited, the customer's 3.60 in cash."""
    sale = sell(
        cashier_api,
        shop.line("TEA", discount_percent="10"),
        payments=[{"method": "cash", "amount": 360}],
    )
    booked = balances(entry_for(manager_api, "sale", sale["id"]))
    assert booked["530000"] == 360
    assert booked["709700"] == 33  # 0.40 less 20 % VAT
    assert booked["707100"] == -(300 + 33)
    assert booked["445711"] == -60


def test_a_refund_reverses_what_it_gives_back(shop, cashier_api, manager_api):
    sale = sell(cashier_api, shop.line("COFFEE", 2), payments=[{"method": "cash", "amount": 500}])
    answer = refund(manager_api, sale, [(0, 1)], [{"method": "cash", "amount": 250}])
    assert answer.status_code == 201, answer.get_json()
    entry = entry_for(manager_api, "refund", answer.get_json()["id"])
    assert_balanced(entry)
    assert balances(entry) == {"530000": -250, "707100": 208, "445711": 42}


def test_a_void_reverses_the_whole_sale(shop, cashier_api, manager_api):
    sale = sell(
        cashier_api,
        shop.line("TEA"),
        shop.line("CROISSANT"),
        payments=[{"method": "card", "amount": 520}],
    )
    answer = manager_api.post(f"/api/v1/sales/{sale['id']}/void", json={"id": str(uuid.uuid4())})
    assert answer.status_code == 201, answer.get_json()
    sold = balances(entry_for(manager_api, "sale", sale["id"]))
    voided = balances(entry_for(manager_api, "void", answer.get_json()["id"]))
    assert voided == {account: -amount for account, amount in sold.items()}


def test_the_float_cash_movements_and_closing_are_booked(shop, manager_api):
    """Opening float 100.00 (the shop fixture), 20.00 in, 5.00 out, closing 3.00 short."""
    for kind, amount in (("in", 2000), ("out", 500)):
        answer = manager_api.post(
            "/api/v1/registers/1/cash",
            json={"kind": kind, "amount": amount, "reason": "change for the till"},
        )
        assert answer.status_code == 201, answer.get_json()
    closed = manager_api.post("/api/v1/registers/1/close", json={"counted_cash": 11200})
    assert closed.status_code == 200, closed.get_json()
    books = entries(manager_api)
    for entry in books:
        assert_balanced(entry)
    by_kind = {entry["kind"]: balances(entry) for entry in books}
    assert by_kind["float"] == {"530000": 10000, "580000": -10000}
    assert by_kind["cash_in"] == {"530000": 2000, "580000": -2000}
    assert by_kind["cash_out"] == {"530000": -500, "580000": 500}
    assert by_kind["closing"] == {"658000": 300, "530000": -300}


def test_the_dutch_chart_is_chosen_in_the_settings(shop, cashier_api, admin_api):
    answer = admin_api.patch("/api/v1/settings/accounting", json={"chart": "nl_rgs"})
    assert answer.status_code == 200, answer.get_json()
    sale = sell(cashier_api, shop.line("TEA"), payments=[{"method": "cash", "amount": 400}])
    booked = balances(entry_for(admin_api, "sale", sale["id"]))
    # 20 % is no Dutch rate: the general accounts take it.
    assert booked == {"1000": 400, "8000": -333, "1520": -67}


def test_an_unbalanced_entry_refuses_the_sale(shop, cashier_api, app):
    """A mapping that could not balance never happens by construction; the check that
    refuses one is what keeps the till and the books from disagreeing."""
    from plugins.accounting.balance import Posting, Unbalanced, check_balanced

    with pytest.raises(Unbalanced):
        check_balanced(
            [Posting("530000", "Caisse", "x", 100, 0), Posting("707100", "Ventes", "x", 0, 99)]
        )
    with pytest.raises(Unbalanced):
        check_balanced([Posting("530000", "Caisse", "x", 100, 100)])


def test_a_failed_sale_books_nothing(shop, cashier_api, manager_api):
    """A refused sale (short payment) leaves no entry behind."""
    before = len(entries(manager_api))
    count = sales_count(cashier_api)
    short = cashier_api.post(
        "/api/v1/sales",
        json=sale_body(shop.line("TEA"), payments=[{"method": "cash", "amount": 100}]),
    )
    assert short.status_code == 422
    assert len(entries(manager_api)) == before and sales_count(cashier_api) == count


def test_entries_are_labelled_in_the_stores_language(shop, cashier_api, admin_api):
    """The books are the shop's: a French store's entries say "Vente", whoever sells."""
    answer = admin_api.patch("/api/v1/settings/store", json={"locale": "fr"})
    assert answer.status_code == 200, answer.get_json()
    sale = sell(cashier_api, shop.line("TEA"), payments=[{"method": "cash", "amount": 400}])
    entry = entry_for(admin_api, "sale", sale["id"])
    assert entry["label"] == f"Vente {entry['piece']}"
    page = admin_api.get("/accounting/", headers={"Accept-Language": "fr"})
    assert "Récapitulatif journalier" in page.get_data(as_text=True)
