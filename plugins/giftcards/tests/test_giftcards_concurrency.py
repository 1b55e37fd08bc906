"""Tills spending the same card at the same instant never spend more than it holds.
Real threads, each with its own database connection."""

from __future__ import annotations

import threading
import uuid

import pytest
import sqlalchemy as sa
from giftcards_helpers import sell_card

from core.plugins import db
from core.testing.fixtures import TokenClient, token_for

pytestmark = pytest.mark.comptoir_plugins("giftcards")

TILLS = 8


def _together(works):
    barrier = threading.Barrier(len(works))
    errors: list[BaseException] = []

    def wrap(work):
        def run():
            try:
                barrier.wait()
                work()
            except BaseException as exc:
                errors.append(exc)

        return run

    threads = [threading.Thread(target=wrap(work)) for work in works]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert not errors, errors


def _open_registers(app, manager_api):
    from core.registers.models import Register

    with app.app_context():
        for index in range(2, TILLS + 1):
            db.session.add(Register(code=f"R{index}", name=f"Register {index}", location_id=1))
        db.session.commit()
    for register_id in range(2, TILLS + 1):
        opened = manager_api.post(f"/api/v1/registers/{register_id}/open", json={"float": 0})
        assert opened.status_code == 201, opened.get_json()


def _state(app):
    with app.app_context():
        card = db.session.execute(sa.text("SELECT balance FROM giftcards_card")).scalar_one()
        redeemed = db.session.scalar(
            sa.text("SELECT count(*) FROM giftcards_ledger WHERE kind = 'redeem'")
        )
        paid = db.session.scalar(sa.text("SELECT count(*) FROM payment WHERE method = 'gift_card'"))
    return card, redeemed, paid


def _spend_at_eight_tills(app, shop, manager_api, cashier_api):
    _open_registers(app, manager_api)
    _body, code = sell_card(cashier_api, 10000)
    token = token_for(app, "cashier")
    statuses: list[int] = []

    def till(register_id):
        def run():
            body = {
                "id": str(uuid.uuid4()),
                "register_id": register_id,
                "lines": [{"product_id": shop["BOOK"], "quantity": 1}],
                "payments": [{"method": "gift_card", "amount": 3000, "reference": code}],
            }
            response = TokenClient(app, token, "cashier").post("/api/v1/sales", json=body)
            statuses.append(response.status_code)

        return run

    _together([till(register_id) for register_id in range(1, TILLS + 1)])
    return statuses


@pytest.mark.postgresql
def test_eight_tills_spend_one_card_on_postgresql(app, shop, manager_api, cashier_api):
    """A 100.00 card, eight payments of 30.00 at once: exactly three go through, 10.00
    remains, and the ledger agrees."""
    statuses = _spend_at_eight_tills(app, shop, manager_api, cashier_api)
    assert sorted(statuses) == [201] * 3 + [422] * 5
    assert _state(app) == (1000, 3, 3)


@pytest.mark.sqlite
def test_eight_tills_spend_one_card_on_sqlite(app, shop, manager_api, cashier_api):
    """The same on SQLite, where writers queue on the write lock."""
    statuses = _spend_at_eight_tills(app, shop, manager_api, cashier_api)
    assert sorted(statuses) == [201] * 3 + [422] * 5
    assert _state(app) == (1000, 3, 3)


def test_the_guarded_update_alone_never_overspends(app, shop, cashier_api):
    """Eight transactions redeem 30.00 directly (no sale around them) at once: the
    database's guard lets exactly three through."""
    from plugins.giftcards import services

    _body, code = sell_card(cashier_api, 10000)
    results: list[bool] = []

    def redeem():
        with app.app_context():
            from core.plugins import write_transaction

            write_transaction()
            moved = services.redeem(code, 3000)
            db.session.commit()
            results.append(moved is not None)

    _together([redeem] * TILLS)
    assert sorted(results) == [False] * 5 + [True] * 3
    assert _state(app)[:2] == (1000, 3)
