"""Helpers of the gift card tests: cards sold and spent through sales, balances through
the plugin's API, and the rows of its tables."""

from __future__ import annotations

import re
import typing as t

import sqlalchemy as sa

from core.plugins import db
from core.testing import sale_body, sell
from plugins.giftcards.models import GiftCard


def sell_card(api: t.Any, amount: int) -> tuple[dict[str, t.Any], str]:
    """Sell a card for ``amount`` in cash: the sale's answer and the card's code, read
    from the buyer's receipt (the one place it is given, once)."""
    body = sell(api, {"gift_card": {"amount": amount}}, payments=[cash(amount)])
    return body, printed_code(api, body["id"])


def printed_code(api: t.Any, sale_id: str) -> str:
    """The card code on a sale's receipt (its first print)."""
    receipt = api.get(f"/api/v1/sales/{sale_id}/receipt").get_data(as_text=True)
    (code,) = re.findall(r"Card ([A-Z2-9]{4}(?:-[A-Z2-9]{4}){3})", receipt)
    return code


def cash(amount: int) -> dict[str, t.Any]:
    return {"method": "cash", "amount": amount}


def card(code: str, amount: int) -> dict[str, t.Any]:
    """A payment (or money handed back) on the gift card of ``code``."""
    return {"method": "gift_card", "amount": amount, "fields": {"code": code}}


def pay_with(api: t.Any, shop: t.Any, sku: str, code: str, amount: int, *cash_amounts: int):
    """Sell one ``sku``, paid ``amount`` with the card and the rest in cash: the response."""
    payments = [card(code, amount), *(cash(c) for c in cash_amounts)]
    return api.post("/api/v1/sales", json=sale_body(shop.line(sku), payments=payments))


def balance(api: t.Any, code: str) -> int:
    response = api.get(f"/api/v1/gift-cards/{code}")
    assert response.status_code == 200, response.get_json()
    return response.get_json()["balance"]


def cards_count(app) -> int:
    with app.app_context():
        return db.session.scalar(sa.select(sa.func.count()).select_from(GiftCard))
