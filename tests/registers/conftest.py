"""Fixtures of the register tests: register R1, a small shop, and selling through the API."""

from __future__ import annotations

import typing as t
import uuid

import pytest


@pytest.fixture
def sell(cashier_api, register_id, products) -> t.Callable[..., dict]:
    """``sell({"COFFEE": 2}, [("cash", 1000)])``: complete a sale at R1 through the API."""

    def do(quantities: dict[str, int], payments: list[tuple[str, int]]) -> dict:
        body = {
            "id": str(uuid.uuid4()),
            "register_id": register_id,
            "lines": [{"product_id": products[s], "quantity": q} for s, q in quantities.items()],
            "payments": [{"method": m, "amount": a} for m, a in payments],
        }
        response = cashier_api.post("/api/v1/sales", json=body)
        assert response.status_code == 201, response.get_json()
        return response.get_json()

    return do
