"""Helpers the purchasing tests share: suppliers, orders and the stock ledger."""

from __future__ import annotations

import typing as t
from decimal import Decimal


def ok(response, status: int = 200) -> t.Any:
    assert response.status_code == status, (response.status_code, response.get_json())
    return response.get_json()


def add_supplier(api, name: str = "Bio Grossiste", **extra) -> dict:
    return ok(api.post("/api/v1/suppliers", json={"name": name, **extra}), 201)


def offer(api, supplier: dict, product_id: int, **values) -> dict:
    body = {"product_id": product_id, **values}
    return ok(api.put(f"/api/v1/suppliers/{supplier['id']}/products", json=body))


def draft(api, supplier: dict, *lines: tuple[int, str, int | None], location_id: int = 1) -> dict:
    body = {
        "supplier_id": supplier["id"],
        "location_id": location_id,
        "lines": [
            {"product_id": product_id, "quantity": quantity, "unit_cost": cost}
            for product_id, quantity, cost in lines
        ],
    }
    return ok(api.post("/api/v1/purchase-orders", json=body), 201)


def stock(api, product_id: int) -> Decimal:
    return Decimal(ok(api.get(f"/api/v1/products/{product_id}"))["stock"])


def product(api, product_id: int) -> dict:
    return ok(api.get(f"/api/v1/products/{product_id}"))
