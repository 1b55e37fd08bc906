"""Selling, redeeming, reloading and refunding gift cards through sales."""

from __future__ import annotations

import datetime as dt
import re

import pytest
import sqlalchemy as sa
from giftcards_helpers import balance, card, cards_count, cash, pay_with, sell_card

from core.plugins import db
from core.testing import refund, sale_body, sales_count, sell

pytestmark = pytest.mark.comptoir_plugins("giftcards")

CODE = re.compile(r"^[A-HJ-NP-Z2-9]{4}(-[A-HJ-NP-Z2-9]{4}){3}$")


def test_a_sold_card_is_active_with_its_code_in_the_answer(app, shop, cashier_api):
    """The sale's line carries the new card's code; the card holds the amount, tax 0."""
    body, code = sell_card(cashier_api, 5000)
    line = body["lines"][0]
    assert CODE.match(code)
    assert (line["kind"], line["total"], line["tax"], line["tax_rate"]) == (
        "gift_card",
        5000,
        0,
        "0.0",
    )
    shown = cashier_api.get(f"/api/v1/gift-cards/{code}").get_json()
    assert (shown["balance"], shown["status"], shown["last4"]) == (5000, "active", code[-4:])
    expires = dt.datetime.fromisoformat(shown["expires_at"])
    assert dt.timedelta(days=364) < expires - dt.datetime.now(dt.UTC) <= dt.timedelta(days=365)


def test_codes_are_stored_as_hashes(app, shop, cashier_api):
    """The card table never holds the code, only its SHA-256 and last four characters."""
    import hashlib

    _body, code = sell_card(cashier_api, 1000)
    with app.app_context():
        row = db.session.execute(sa.text("SELECT code_hash, last4 FROM giftcards_card")).one()
    assert row.code_hash == hashlib.sha256(code.replace("-", "").encode()).hexdigest()
    assert row.last4 == code[-4:]


def test_codes_are_typed_without_dashes_or_case(shop, cashier_api):
    _body, code = sell_card(cashier_api, 1000)
    assert balance(cashier_api, code.replace("-", " ").lower()) == 1000


def test_partial_redemptions(shop, cashier_api):
    """30.00 then 30.00 from a 100.00 card leave 40.00; the ledger shows each step."""
    _body, code = sell_card(cashier_api, 10000)
    for _ in range(2):
        paid = pay_with(cashier_api, shop, "BOOK", code, 3000)
        assert paid.status_code == 201, paid.get_json()
    assert balance(cashier_api, code) == 4000
    entries = cashier_api.get(f"/api/v1/gift-cards/{code}/ledger").get_json()
    assert [(e["kind"], e["amount"], e["balance"]) for e in entries] == [
        ("issue", 10000, 10000),
        ("redeem", -3000, 7000),
        ("redeem", -3000, 4000),
    ]


def test_a_card_and_cash_pay_together(shop, cashier_api):
    """The payment keeps the card's code masked (``****WXYZ``), never the code, and notes
    the card debited and what it holds after."""
    _body, code = sell_card(cashier_api, 2000)
    paid = pay_with(cashier_api, shop, "BOOK", code, 2000, 1000)
    assert paid.status_code == 201, paid.get_json()
    payment = paid.get_json()["payments"][0]
    assert payment["fields"] == {"code": f"****{code[-4:]}"}
    assert payment["data"]["last4"] == code[-4:] and payment["data"]["balance"] == 0
    assert code not in str(paid.get_json()) and code.replace("-", "") not in str(paid.get_json())
    assert balance(cashier_api, code) == 0


def test_the_journal_keeps_the_card_masked_and_verifies(shop, cashier_api, manager_api, cli_runner):
    """Redeeming is journaled with its sale: the payment's method, amount and masked code,
    never the code; the chain verifies."""
    _body, code = sell_card(cashier_api, 2000)
    paid = pay_with(cashier_api, shop, "PEN", code, 250).get_json()
    entries = manager_api.get("/api/v1/journal?register_id=1").get_json()
    (entry,) = [e for e in entries if e["kind"] == "sale" and e["reference"] == paid["id"]]
    assert entry["payload"]["payments"] == [
        {"method": "gift_card", "amount": 250, "fields": {"code": f"****{code[-4:]}"}}
    ]
    assert code not in str(entries) and code.replace("-", "") not in str(entries)
    result = cli_runner("journal", "verify")
    assert result.exit_code == 0, result.output


def test_the_method_asks_for_the_code(cashier_api):
    """The till renders the method's one field: the code, required, kept masked."""
    methods = {m["code"]: m for m in cashier_api.get("/api/v1/payment-methods").get_json()}
    assert methods["gift_card"]["fields"] == [
        {
            "name": "code",
            "label": "Gift card code",
            "required": True,
            "max_length": 64,
            "input": "text",
            "keep": "mask",
        }
    ]
    assert [(f["name"], f["required"]) for f in methods["gift_card"]["refund_fields"]] == [
        ("code", False)
    ]


def test_insufficient_balance_is_a_clear_422_and_writes_nothing(app, shop, cashier_api):
    _body, code = sell_card(cashier_api, 2000)
    sales = sales_count(cashier_api)
    paid = pay_with(cashier_api, shop, "BOOK", code, 3000)
    assert paid.status_code == 422
    error = paid.get_json()["error"]
    assert error["code"] == "insufficient_balance" and "holds 2000" in error["message"]
    assert list(error["fields"]) == ["payments.0.amount"]
    assert (sales_count(cashier_api), balance(cashier_api, code)) == (sales, 2000)


def test_unknown_card_is_a_422(shop, cashier_api):
    paid = pay_with(cashier_api, shop, "PEN", "AAAA-BBBB-CCCC-DDDD", 250)
    assert paid.status_code == 422
    assert paid.get_json()["error"]["code"] == "unknown_gift_card"
    assert paid.get_json()["error"]["fields"] == {"payments.0.fields.code": ["unknown gift card"]}


def test_a_payment_needs_the_code(shop, cashier_api):
    for fields in ({}, {"code": ""}, {"code": "K" * 65}, {"code": "ABCD", "pin": "1"}):
        payment = {"method": "gift_card", "amount": 250, "fields": fields}
        response = cashier_api.post(
            "/api/v1/sales", json=sale_body(shop.line("PEN"), payments=[payment])
        )
        assert response.status_code == 422, fields
        assert "fields" in response.get_json()["error"]["fields"]["payments"]["0"]
    assert sales_count(cashier_api) == 0


def test_an_expired_card_is_refused(app, shop, cashier_api):
    _body, code = sell_card(cashier_api, 5000)
    with app.app_context():
        db.session.execute(
            sa.text("UPDATE giftcards_card SET expires_at = :t"),
            {"t": dt.datetime.now(dt.UTC) - dt.timedelta(seconds=1)},
        )
        db.session.commit()
    assert cashier_api.get(f"/api/v1/gift-cards/{code}").get_json()["status"] == "expired"
    paid = pay_with(cashier_api, shop, "PEN", code, 250)
    assert paid.status_code == 422 and paid.get_json()["error"]["code"] == "gift_card_expired"
    reload = cashier_api.post(
        "/api/v1/sales", json=sale_body({"gift_card": {"amount": 1000, "code": code}})
    )
    assert reload.status_code == 422


def test_validity_comes_from_the_setting(shop, admin_api, cashier_api):
    """``validity_days`` 0: cards never expire."""
    assert (
        admin_api.patch("/api/v1/settings/giftcards", json={"validity_days": 0}).status_code == 200
    )
    _body, code = sell_card(cashier_api, 1000)
    assert cashier_api.get(f"/api/v1/gift-cards/{code}").get_json()["expires_at"] is None


def test_the_tax_rate_is_a_setting(shop, admin_api, cashier_api):
    assert admin_api.patch("/api/v1/settings/giftcards", json={"tax_rate": "20"}).status_code == 200
    body, _code = sell_card(cashier_api, 1200)
    assert (body["lines"][0]["tax"], body["tax_total"]) == (200, 200)


def test_reload_through_a_sale_line(shop, cashier_api):
    """``{"gift_card": {"amount": 2000, "code": ...}}`` adds to the existing card."""
    _body, code = sell_card(cashier_api, 1000)
    reload = sell(cashier_api, {"gift_card": {"amount": 2000, "code": code}}, payments=[cash(2000)])
    line = reload["lines"][0]
    assert line["name"] == f"Gift card reload ****{code[-4:]}"
    assert "code" not in line["data"] and line["data"]["balance"] == 3000
    assert balance(cashier_api, code) == 3000


def test_bad_gift_card_lines_are_refused_and_write_nothing(app, shop, cashier_api):
    before = (sales_count(cashier_api), cards_count(app))
    for line in (
        {"gift_card": {"amount": 12.5}},
        {"gift_card": {"amount": 0}},
        {"gift_card": {}},
        {"gift_card": {"amount": 1000, "code": "NOPE-NOPE-NOPE-NOPE"}},
        {"gift_card": {"amount": 10_000_000}},
        {"gift_card": {"amount": 1000}, "quantity": 2},
        {"gift_card": {"amount": 1000}, "discount_percent": "10"},
    ):
        response = cashier_api.post("/api/v1/sales", json=sale_body(line))
        assert response.status_code == 422, (line, response.get_json())
    assert (sales_count(cashier_api), cards_count(app)) == before


def test_a_gift_card_cannot_pay_for_a_gift_card(shop, cashier_api):
    _body, code = sell_card(cashier_api, 5000)
    response = cashier_api.post(
        "/api/v1/sales",
        json=sale_body({"gift_card": {"amount": 1000}}, payments=[card(code, 1000)]),
    )
    assert response.status_code == 422
    assert response.get_json()["error"]["code"] == "gift_card_for_gift_card"


def test_refund_to_the_card(shop, cashier_api, manager_api):
    """Refunding a sale paid by card gives the money back to that card."""
    _body, code = sell_card(cashier_api, 5000)
    paid = pay_with(cashier_api, shop, "BOOK", code, 3000).get_json()
    back = refund(manager_api, paid, [(0, 1)], [{"method": "gift_card", "amount": 3000}])
    assert back.status_code == 201, back.get_json()
    assert balance(cashier_api, code) == 5000
    payment = back.get_json()["payments"][0]
    assert payment["fields"] == {}  # no code given: the card the sale was paid with
    assert (payment["data"]["last4"], payment["data"]["balance"]) == (code[-4:], 5000)
    kinds = [e["kind"] for e in cashier_api.get(f"/api/v1/gift-cards/{code}/ledger").get_json()]
    assert kinds == ["issue", "redeem", "refund"]


def test_refund_onto_another_card_by_its_code(shop, cashier_api, manager_api):
    _body, code = sell_card(cashier_api, 1000)
    paid = sell(cashier_api, shop.line("PEN"))
    back = refund(manager_api, paid, [(0, 1)], [card(code, 250)])
    assert back.status_code == 201, back.get_json()
    assert back.get_json()["payments"][0]["fields"] == {"code": f"****{code[-4:]}"}
    assert code not in str(back.get_json())
    assert balance(cashier_api, code) == 1250


def test_refund_of_a_sale_paid_with_two_cards_names_the_card(shop, cashier_api, manager_api):
    """Two cards paid: the money goes back to the one named, by its code or its
    ``****WXYZ``; without a name the refund is refused."""
    first, second = sell_card(cashier_api, 2000)[1], sell_card(cashier_api, 2000)[1]
    paid = sell(cashier_api, shop.line("BOOK"), payments=[card(first, 2000), card(second, 1000)])
    unnamed = refund(manager_api, paid, [(0, 1)], [{"method": "gift_card", "amount": 3000}])
    assert unnamed.status_code == 422
    assert unnamed.get_json()["error"]["code"] == "gift_card_code"
    by_mask = [card(f"****{second[-4:]}", 3000)]
    assert refund(manager_api, paid, [(0, 1)], by_mask).status_code == 201
    assert (balance(cashier_api, first), balance(cashier_api, second)) == (0, 4000)


def test_an_unknown_card_cannot_be_credited(shop, cashier_api, manager_api):
    paid = sell(cashier_api, shop.line("PEN"))
    back = refund(manager_api, paid, [(0, 1)], [card("AAAA-BBBB-CCCC-DDDD", 250)])
    assert back.status_code == 422
    assert back.get_json()["error"]["fields"] == {"payments.0.fields.code": ["unknown gift card"]}


def test_refund_of_a_sold_card_closes_it(app, shop, cashier_api, manager_api):
    body, code = sell_card(cashier_api, 5000)
    back = refund(manager_api, body, [(0, 1)], [cash(5000)])
    assert back.status_code == 201, back.get_json()
    shown = cashier_api.get(f"/api/v1/gift-cards/{code}").get_json()
    assert (shown["balance"], shown["status"]) == (0, "refunded")
    assert pay_with(cashier_api, shop, "PEN", code, 250).status_code == 422


def test_refund_of_a_spent_card_is_refused(app, shop, cashier_api, manager_api):
    body, code = sell_card(cashier_api, 5000)
    assert pay_with(cashier_api, shop, "BOOK", code, 3000).status_code == 201
    back = refund(manager_api, body, [(0, 1)], [cash(5000)])
    assert back.status_code == 422
    assert back.get_json()["error"]["code"] == "gift_card_spent"
    refunds = cashier_api.get(f"/api/v1/sales/{body['id']}").get_json()["refunds"]
    assert (refunds, balance(cashier_api, code)) == ([], 2000)


def test_receipt_shows_cards_sold_and_used(shop, cashier_api):
    body, code = sell_card(cashier_api, 5000)  # its first receipt printed the code
    text = cashier_api.get(f"/api/v1/sales/{body['id']}/receipt?format=text").get_data(as_text=True)
    assert code not in text and f"Card ****{code[-4:]}" in text
    assert "€50.00" in text and "Valid until" in text
    paid = pay_with(cashier_api, shop, "BOOK", code, 3000).get_json()
    text = cashier_api.get(f"/api/v1/sales/{paid['id']}/receipt?format=text").get_data(as_text=True)
    assert code not in text
    assert f"Paid with ****{code[-4:]}" in text and "€30.00" in text
    assert "Remaining balance" in text and "€20.00" in text


def test_void_of_a_card_paid_sale_credits_the_card(shop, cashier_api, manager_api):
    """A void hands back each payment on its method: the card gets its money back."""
    import uuid

    _body, code = sell_card(cashier_api, 5000)
    paid = pay_with(cashier_api, shop, "BOOK", code, 3000).get_json()
    voided = manager_api.post(f"/api/v1/sales/{paid['id']}/void", json={"id": str(uuid.uuid4())})
    assert voided.status_code == 201, voided.get_json()
    assert balance(cashier_api, code) == 5000


def test_void_of_a_sale_paid_with_two_cards_credits_each(shop, cashier_api, manager_api):
    """A void gives each card back what it paid, in the order the sale took them."""
    import uuid

    first, second = sell_card(cashier_api, 2000)[1], sell_card(cashier_api, 2000)[1]
    paid = sell(cashier_api, shop.line("BOOK"), payments=[card(first, 2000), card(second, 1000)])
    voided = manager_api.post(f"/api/v1/sales/{paid['id']}/void", json={"id": str(uuid.uuid4())})
    assert voided.status_code == 201, voided.get_json()
    assert (balance(cashier_api, first), balance(cashier_api, second)) == (2000, 2000)


def test_a_reload_renews_the_validity(app, shop, cashier_api):
    _body, code = sell_card(cashier_api, 1000)
    soon = dt.datetime.now(dt.UTC) + dt.timedelta(days=3)
    with app.app_context():
        db.session.execute(sa.text("UPDATE giftcards_card SET expires_at = :t"), {"t": soon})
        db.session.commit()
    sell(cashier_api, {"gift_card": {"amount": 500, "code": code}})
    shown = cashier_api.get(f"/api/v1/gift-cards/{code}").get_json()
    expires = dt.datetime.fromisoformat(shown["expires_at"])
    assert shown["balance"] == 1500
    assert expires - dt.datetime.now(dt.UTC) > dt.timedelta(days=364)
