"""Back-office writes racing each other: two managers creating the same category at the
same moment get one 201 and a clear 409, never a 500."""

from __future__ import annotations

import threading

import sqlalchemy as sa

from core.catalog.models import Category
from core.db import db
from core.testing.fixtures import TokenClient, token_for

THREADS = 6


def test_concurrent_creates_of_one_name_give_one_category(app):
    token = token_for(app, "manager")
    start = threading.Barrier(THREADS)
    statuses: list[int] = []
    lock = threading.Lock()

    def manager() -> None:
        api = TokenClient(app, token, "manager")
        start.wait()
        response = api.post("/api/v1/categories", json={"name": "Fromages"})
        with lock:
            statuses.append(response.status_code)

    threads = [threading.Thread(target=manager) for _ in range(THREADS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert sorted(statuses) == [201] + [409] * (THREADS - 1)
    with app.app_context():
        names = db.session.scalars(sa.select(Category.name).where(Category.name == "Fromages"))
        assert list(names) == ["Fromages"]


def _race(app, username: str, requests: list[tuple[str, dict]]) -> list[int]:
    """Send the requests from as many threads at once; their statuses, in order."""
    token = token_for(app, username)
    start = threading.Barrier(len(requests))
    statuses: list[int] = [0] * len(requests)

    def client(index: int) -> None:
        api = TokenClient(app, token, username)
        path, body = requests[index]
        start.wait()
        statuses[index] = api.post(path, json=body).status_code

    threads = [threading.Thread(target=client, args=(i,)) for i in range(len(requests))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    return statuses


def test_concurrent_products_with_one_sku_give_one_product(app, products):
    body = {"sku": "TWIN", "name": "Twin", "price": 100, "tax_rate": "20", "stock": 3}
    statuses = _race(app, "manager", [("/api/v1/products", body)] * THREADS)
    assert sorted(statuses) == [201] + [409] * (THREADS - 1)


def test_concurrent_stock_adjustments_all_count(app, products):
    from core.stock.services import stock_level

    adjustment = {"product_id": products["COFFEE"], "delta": "2", "reason": "receipt"}
    statuses = _race(app, "manager", [("/api/v1/stock/adjustments", adjustment)] * THREADS)
    assert statuses == [201] * THREADS
    with app.app_context():
        assert stock_level(products["COFFEE"], 1) == 2 * THREADS
