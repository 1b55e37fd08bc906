"""Several tills selling the same item at the same second: stock, receipt numbers and
idempotency stay exact. Real threads, each with its own database connection."""

from __future__ import annotations

import threading
from decimal import Decimal

import sqlalchemy as sa
from sale_helpers import sale_body

from core.db import db
from core.testing.fixtures import TokenClient, token_for

TILLS = 8
SALES_PER_TILL = 6


def _run_together(workers):
    barrier = threading.Barrier(len(workers))
    errors: list[BaseException] = []

    def wrap(work):
        def run():
            try:
                barrier.wait()
                work()
            except BaseException as exc:  # reported by the main thread
                errors.append(exc)

        return run

    threads = [threading.Thread(target=wrap(w)) for w in workers]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert not errors, errors


def test_the_same_sale_posted_at_once_sells_once(app, shop):
    """Eight identical requests at the same instant: one 201, seven 200, one sale."""
    token = token_for(app, "cashier")
    body = sale_body({"barcode": "3017620422003", "quantity": 1})
    statuses: list[int] = []
    ids: list[str] = []

    def post():
        response = TokenClient(app, token, "cashier").post("/api/v1/sales", json=body)
        statuses.append(response.status_code)
        ids.append(response.get_json()["id"])

    _run_together([post] * 8)
    assert sorted(statuses) == [200] * 7 + [201]
    assert set(ids) == {body["id"]}
    from core.sales.models import Sale
    from core.stock.models import StockLevel

    with app.app_context():
        assert db.session.scalar(sa.select(sa.func.count()).select_from(Sale)) == 1
        assert db.session.get(StockLevel, (shop["COFFEE"], 1)).quantity == Decimal("99")


def test_eight_tills_sell_the_same_item(app, shop, manager_api):
    """Eight registers sell the same product at once: stock is exact and each register's
    receipt numbers run 1..N without a gap."""
    from core.registers.models import Register
    from core.sales.models import Sale
    from core.stock.models import StockLevel

    with app.app_context():
        for index in range(2, TILLS + 1):
            db.session.add(Register(code=f"R{index}", name=f"Register {index}", location_id=1))
        db.session.commit()
    for register_id in range(2, TILLS + 1):
        opened = manager_api.post(f"/api/v1/registers/{register_id}/open", json={"float": 0})
        assert opened.status_code == 201
    token = token_for(app, "cashier")

    def till(register_id):
        def sell():
            client = TokenClient(app, token, "cashier")
            for _ in range(SALES_PER_TILL):
                response = client.post(
                    "/api/v1/sales",
                    json=sale_body(
                        {"barcode": "3017620422003", "quantity": 1},
                        {"product_id": shop["CROISSANT"], "quantity": 2},
                        register_id=register_id,
                    ),
                )
                assert response.status_code == 201, response.get_json()

        return sell

    _run_together([till(r) for r in range(1, TILLS + 1)])
    with app.app_context():
        assert db.session.get(StockLevel, (shop["COFFEE"], 1)).quantity == Decimal(
            100 - TILLS * SALES_PER_TILL
        )
        assert db.session.get(StockLevel, (shop["CROISSANT"], 1)).quantity == Decimal(
            100 - 2 * TILLS * SALES_PER_TILL
        )
        for register_id in range(1, TILLS + 1):
            numbers = db.session.scalars(
                sa.select(Sale.number).where(Sale.register_id == register_id).order_by(Sale.number)
            ).all()
            assert numbers == list(range(1, SALES_PER_TILL + 1))


def test_one_register_many_threads_numbers_stay_gapless(app, shop):
    """Even when one register is hammered from several threads, numbers are gapless."""
    from core.sales.models import Sale

    token = token_for(app, "cashier")

    def sell():
        client = TokenClient(app, token, "cashier")
        for _ in range(5):
            assert (
                client.post(
                    "/api/v1/sales", json=sale_body({"barcode": "3017620422003", "quantity": 1})
                ).status_code
                == 201
            )

    _run_together([sell] * TILLS)
    with app.app_context():
        numbers = db.session.scalars(sa.select(Sale.number).order_by(Sale.number)).all()
        assert numbers == list(range(1, TILLS * 5 + 1))


def test_concurrent_refunds_never_exceed_what_was_sold(app, shop, cashier_api):
    """Eight managers refunding the same line at once: only what was sold goes back."""
    import uuid

    sale = cashier_api.post(
        "/api/v1/sales", json=sale_body({"barcode": "3017620422003", "quantity": 3})
    ).get_json()
    line_id = sale["lines"][0]["id"]
    token = token_for(app, "manager")
    statuses: list[int] = []

    def refund():
        response = TokenClient(app, token, "manager").post(
            f"/api/v1/sales/{sale['id']}/refund",
            json={
                "id": str(uuid.uuid4()),
                "lines": [{"line_id": line_id, "quantity": 1}],
                "payments": [{"method": "cash", "amount": 250}],
            },
        )
        statuses.append(response.status_code)

    _run_together([refund] * 8)
    assert sorted(statuses) == [201] * 3 + [422] * 5
