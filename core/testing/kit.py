"""A testing kit for plugin authors: a shop, sales and refunds, and clients racing each
other, all through the HTTP API as a till would (so a test reads like a third party's and
breaks only when what a till relies on breaks).

    from core.testing import make_shop, sell, refund

    @pytest.fixture
    def shop(manager_api):
        return make_shop(manager_api, [Item("BEER", 320), Item("CHIPS", 150, "5.5")])

    def test_a_sale_earns_points(shop, cashier_api):
        sale = sell(cashier_api, shop.line("BEER", 2), customer_id=7)
        assert sale["total"] == 640

The pytest plugin (:mod:`core.testing.fixtures`) gives ``app``, the API clients and a
default ``shop``; this module is what tests call.
"""

from __future__ import annotations

import datetime as dt
import threading
import typing as t
import uuid
from dataclasses import dataclass, field
from decimal import Decimal

__all__ = [
    "Item",
    "Shop",
    "at_once",
    "make_shop",
    "offline_sale_body",
    "open_register",
    "refund",
    "sale_body",
    "sales_count",
    "sell",
]


@dataclass(frozen=True)
class Item:
    """A product to create: price in minor units, tax rate as the API writes it."""

    sku: str
    price: int
    tax_rate: str = "20.0"
    category: str | None = None
    barcode: str | None = None
    stock: str = "100"
    sold_by: str = "unit"
    name: str | None = None


@dataclass
class Shop:
    """What :func:`make_shop` made: products by SKU (the API's answers), category ids by
    name, and the open register."""

    products: dict[str, dict[str, t.Any]] = field(default_factory=dict)
    categories: dict[str, int] = field(default_factory=dict)
    register_id: int = 1

    def __getitem__(self, sku: str) -> int:
        """``shop["COFFEE"]``: a product's id."""
        return self.products[sku]["id"]

    def line(self, sku: str, quantity: int | str = 1, **extra: t.Any) -> dict[str, t.Any]:
        """A sale line of the product ``sku``."""
        return {"product_id": self[sku], "quantity": quantity, **extra}


def _ok(response: t.Any, *statuses: int) -> dict[str, t.Any]:
    assert response.status_code in statuses, (response.status_code, response.get_json())
    return response.get_json()


def open_register(api: t.Any, register_id: int = 1, opening_float: int = 10000) -> None:
    """Open the register's cash session (a manager's client); an open one stays open."""
    response = api.post(f"/api/v1/registers/{register_id}/open", json={"float": opening_float})
    assert response.status_code in (201, 409), response.get_json()


def make_shop(
    api: t.Any, items: t.Iterable[Item], *, register_id: int = 1, opening_float: int = 10000
) -> Shop:
    """Create categories, tax rates and products through the API (a manager's or admin's
    client) and open the register."""
    shop = Shop(register_id=register_id)
    listed = _ok(api.get("/api/v1/tax-rates"), 200)
    rates = {Decimal(rate["rate"]) for rate in listed}
    for item in items:
        if Decimal(item.tax_rate) not in rates:
            body = {"name": f"VAT {item.tax_rate} %", "rate": item.tax_rate}
            _ok(api.post("/api/v1/tax-rates", json=body), 201)
            rates.add(Decimal(item.tax_rate))
        if item.category and item.category not in shop.categories:
            created = _ok(api.post("/api/v1/categories", json={"name": item.category}), 201)
            shop.categories[item.category] = created["id"]
        body: dict[str, t.Any] = {
            "sku": item.sku,
            "name": item.name or item.sku.title(),
            "price": item.price,
            "tax_rate": item.tax_rate,
            "stock": item.stock,
            "sold_by": item.sold_by,
        }
        if item.category:
            body["category_id"] = shop.categories[item.category]
        if item.barcode:
            body["barcodes"] = [item.barcode]
        shop.products[item.sku] = _ok(api.post("/api/v1/products", json=body), 201)
    open_register(api, register_id, opening_float)
    return shop


def sale_body(
    *lines: dict[str, t.Any],
    payments: list[dict[str, t.Any]] | None = None,
    register_id: int = 1,
    **extra: t.Any,
) -> dict[str, t.Any]:
    """A ``POST /api/v1/sales`` body with a new id; paid 10,000.00 in cash unless
    ``payments`` say otherwise (the change comes back)."""
    return {
        "id": str(uuid.uuid4()),
        "register_id": register_id,
        "lines": list(lines),
        "payments": payments if payments is not None else [{"method": "cash", "amount": 1_000_000}],
        **extra,
    }


def offline_sale_body(
    *lines: dict[str, t.Any],
    payments: list[dict[str, t.Any]] | None = None,
    completed_at: str | None = None,
    **extra: t.Any,
) -> dict[str, t.Any]:
    """A sale as a till sends it after selling offline: every line carries the
    ``unit_price`` and ``tax_rate`` it charged (and a plugin line its ``name``); lines a
    till pricing module added are ``{"added": {...}, "quantity": q}``."""
    body = sale_body(*lines, payments=payments, **extra)
    body["offline"] = True
    body["completed_at"] = completed_at or dt.datetime.now(dt.UTC).isoformat()
    return body


def sell(
    api: t.Any,
    *lines: dict[str, t.Any],
    payments: list[dict[str, t.Any]] | None = None,
    **extra: t.Any,
) -> dict[str, t.Any]:
    """Complete a sale and return its answer (asserting a 201)."""
    return _ok(api.post("/api/v1/sales", json=sale_body(*lines, payments=payments, **extra)), 201)


def refund(
    api: t.Any,
    sale: dict[str, t.Any],
    items: t.Iterable[tuple[int, int | str]],
    payments: list[dict[str, t.Any]],
    **extra: t.Any,
) -> t.Any:
    """Refund ``[(line index, quantity)]`` of ``sale``, handing back ``payments``; the
    response, to check whatever status the test expects."""
    return api.post(
        f"/api/v1/sales/{sale['id']}/refund",
        json={
            "id": str(uuid.uuid4()),
            "lines": [
                {"line_id": sale["lines"][index]["id"], "quantity": quantity}
                for index, quantity in items
            ],
            "payments": payments,
            **extra,
        },
    )


def sales_count(api: t.Any) -> int:
    """How many sales exist (to check a refusal wrote nothing)."""
    response = api.get("/api/v1/sales?limit=1")
    assert response.status_code == 200, response.get_json()
    return int(response.headers["X-Total-Count"])


def at_once(count: int, task: t.Callable[[int], t.Any], *, timeout: float = 60) -> list[t.Any]:
    """Run ``task(0)`` ... ``task(count - 1)`` in threads released together from a
    barrier, and return their results in order; an exception in any is raised here.
    Give each thread its own client (``api_as``): a test client is not shared.

    Example, two tills spending the same points::

        clients = [api_as("cashier") for _ in range(2)]
        answers = at_once(2, lambda i: clients[i].post("/api/v1/sales", json=bodies[i]))
        assert sorted(a.status_code for a in answers) == [201, 422]
    """
    barrier = threading.Barrier(count)
    results: list[t.Any] = [None] * count
    errors: list[BaseException] = []

    def run(index: int) -> None:
        try:
            barrier.wait(timeout)
            results[index] = task(index)
        except BaseException as exc:  # noqa: BLE001 - re-raised in the caller's thread
            errors.append(exc)

    threads = [threading.Thread(target=run, args=(index,)) for index in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout)
    if errors:
        raise errors[0]
    return results
