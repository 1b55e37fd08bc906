"""Concurrent stock moves never lose an update (SQLite with BEGIN IMMEDIATE, PostgreSQL
with row locks)."""

from __future__ import annotations

import threading
from decimal import Decimal

import pytest

from core.db import db
from core.stock.services import InsufficientStock, default_location, move_stock, stock_levels

THREADS = 8
MOVES = 25


def _hammer(app, product_id: int, allow_negative: bool) -> tuple[int, int, list[BaseException]]:
    """THREADS threads each do MOVES moves of -1, each in its own app context and
    transaction; answers (done, refused, unexpected errors)."""
    done, refused, errors = [], [], []
    start = threading.Barrier(THREADS)

    def work() -> None:
        try:
            with app.app_context():
                location = default_location().id
                db.session.rollback()
                start.wait()
                for _ in range(MOVES):
                    try:
                        move_stock(
                            product_id,
                            location,
                            Decimal("-1"),
                            reason="sale",
                            user_id=None,
                            allow_negative=allow_negative,
                        )
                        db.session.commit()
                        done.append(1)
                    except InsufficientStock:
                        db.session.rollback()
                        refused.append(1)
        except BaseException as exc:  # reported by the test, not lost in the thread
            errors.append(exc)

    threads = [threading.Thread(target=work) for _ in range(THREADS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return len(done), len(refused), errors


def _stock(app, product_id: int, delta: Decimal | None = None) -> Decimal:
    with app.app_context():
        location = default_location().id
        if delta is not None:
            move_stock(product_id, location, delta, reason="receipt", user_id=None)
            db.session.commit()
        return stock_levels([product_id], location)[product_id]


def _check_exact(app, product):
    _stock(app, product["id"], Decimal("300"))
    done, refused, errors = _hammer(app, product["id"], allow_negative=True)
    assert errors == []
    assert (done, refused) == (THREADS * MOVES, 0)
    assert _stock(app, product["id"]) == 300 - THREADS * MOVES


def _check_never_below_zero(app, product):
    _stock(app, product["id"], Decimal("150"))
    done, refused, errors = _hammer(app, product["id"], allow_negative=False)
    assert errors == []
    assert (done, refused) == (150, THREADS * MOVES - 150)
    assert _stock(app, product["id"]) == 0


@pytest.mark.postgresql
def test_concurrent_moves_are_exact_on_postgresql(app, product):
    """8 threads x 25 moves of -1 on one product: the final quantity is exact."""
    _check_exact(app, product)


@pytest.mark.postgresql
def test_concurrent_moves_never_oversell_on_postgresql(app, product):
    """With negative stock refused, exactly the available quantity is sold."""
    _check_never_below_zero(app, product)


@pytest.mark.sqlite
def test_concurrent_moves_are_exact_on_sqlite(app, product):
    """8 threads x 25 moves of -1 on one product: the final quantity is exact."""
    _check_exact(app, product)


@pytest.mark.sqlite
def test_concurrent_moves_never_oversell_on_sqlite(app, product):
    """With negative stock refused, exactly the available quantity is sold."""
    _check_never_below_zero(app, product)
