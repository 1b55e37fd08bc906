"""Helpers of the gift card tests."""

from __future__ import annotations

import typing as t
import uuid


def sale(*lines: dict[str, t.Any], payments: list[dict[str, t.Any]] | None = None, **extra):
    return {
        "id": str(uuid.uuid4()),
        "register_id": 1,
        "lines": list(lines),
        "payments": payments if payments is not None else [{"method": "cash", "amount": 1_000_000}],
        **extra,
    }


def sell_card(api: t.Any, amount: int) -> tuple[dict[str, t.Any], str]:
    """Sell a card for ``amount`` in cash: the sale's answer and the card's code."""
    response = api.post(
        "/api/v1/sales",
        json=sale(
            {"gift_card": {"amount": amount}}, payments=[{"method": "cash", "amount": amount}]
        ),
    )
    assert response.status_code == 201, response.get_json()
    body = response.get_json()
    return body, body["lines"][0]["data"]["code"]


def pay_with(api: t.Any, product_id: int, quantity: int, code: str, amount: int, *cash: int):
    payments = [{"method": "gift_card", "amount": amount, "reference": code}]
    payments += [{"method": "cash", "amount": c} for c in cash]
    return api.post(
        "/api/v1/sales",
        json=sale({"product_id": product_id, "quantity": quantity}, payments=payments),
    )


def balance(api: t.Any, code: str) -> int:
    response = api.get(f"/api/v1/gift-cards/{code}")
    assert response.status_code == 200, response.get_json()
    return response.get_json()["balance"]
