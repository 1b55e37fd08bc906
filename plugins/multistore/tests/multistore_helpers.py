"""Two shops for the multistore tests: the shop that existed (store A, register 1, the
default location) and store B with its own register and location, a cashier and a
manager of B; products COFFEE (2.50) and MUG (8.00), 100 of each at A."""

from __future__ import annotations

import typing as t
from dataclasses import dataclass

from core.testing import Item, Shop, make_shop, open_register


@dataclass
class TwoShops:
    shop: Shop
    store_a: dict[str, t.Any]
    store_b: dict[str, t.Any]
    register_b: int
    cashier_b: t.Any
    manager_b: t.Any

    @property
    def location_a(self) -> int:
        return self.store_a["location_id"]

    @property
    def location_b(self) -> int:
        return self.store_b["location_id"]


def ok(response: t.Any, *statuses: int) -> t.Any:
    assert response.status_code in statuses, (response.status_code, response.get_json())
    return response.get_json()


def add_user(admin_api: t.Any, api_as: t.Any, name: str, role: str) -> tuple[int, t.Any]:
    """A user with one role, and a token client of theirs (``api_as``, the fixture)."""
    made = ok(admin_api.post("/api/v1/users", json={"username": name, "roles": [role]}), 201)
    return made["id"], api_as(name)


def two_shops(admin_api: t.Any, api_as: t.Any) -> TwoShops:
    shop = make_shop(admin_api, [Item("COFFEE", 250), Item("MUG", 800)])
    (store_a,) = ok(admin_api.get("/api/v1/stores"), 200)
    cashier_id, cashier_b = add_user(admin_api, api_as, "bea", "cashier")
    manager_id, manager_b = add_user(admin_api, api_as, "bruno", "manager")
    store_b = ok(
        admin_api.post(
            "/api/v1/stores",
            json={
                "code": "north",
                "name": "North shop",
                "address": "1 North Street",
                "tax_id": "FR99123456789",
                "receipt_header": "Welcome to the North shop",
                "user_ids": [cashier_id, manager_id],
            },
        ),
        201,
    )
    register = ok(
        admin_api.post(
            "/api/v1/registers",
            json={"code": "N1", "name": "North till", "location_id": store_b["location_id"]},
        ),
        201,
    )
    open_register(admin_api, register["id"])
    store_b = ok(admin_api.get(f"/api/v1/stores/{store_b['id']}"), 200)
    return TwoShops(shop, store_a, store_b, register["id"], cashier_b, manager_b)
