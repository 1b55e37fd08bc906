"""move_stock: atomic moves with reasons and users, negative stock per store setting."""

from __future__ import annotations

from decimal import Decimal

import pytest
import sqlalchemy as sa

from core.auth.models import User
from core.db import db
from core.stock.models import StockLevel, StockMovement
from core.stock.services import (
    InsufficientStock,
    count_stock,
    default_location,
    move_stock,
    stock_levels,
)


def _user_id(username: str) -> int:
    return db.session.scalar(sa.select(User.id).where(User.username == username))


def test_default_location_exists_after_init(app):
    """comptoir init creates the default location, code 'main'."""
    with app.app_context():
        assert default_location().code == "main"


def test_moves_add_up_and_are_recorded(app, product):
    """Each move changes the level by its delta and writes one movement with its reason,
    user, reference and note."""
    with app.app_context():
        location = default_location().id
        cashier = _user_id("cashier")
        assert move_stock(
            product["id"],
            location,
            Decimal("10"),
            reason="receipt",
            user_id=cashier,
            note="delivery",
        ) == Decimal("10")
        assert move_stock(
            product["id"],
            location,
            Decimal("-2.5"),
            reason="sale",
            user_id=cashier,
            reference="sale-1",
        ) == Decimal("7.5")
        db.session.commit()
        rows = db.session.execute(
            sa.select(
                StockMovement.delta,
                StockMovement.reason,
                StockMovement.user_id,
                StockMovement.reference,
                StockMovement.note,
            )
            .where(StockMovement.product_id == product["id"])
            .order_by(StockMovement.id)
        ).all()
        assert [tuple(r) for r in rows] == [
            (Decimal("10"), "receipt", cashier, None, "delivery"),
            (Decimal("-2.5"), "sale", cashier, "sale-1", ""),
        ]
        assert stock_levels([product["id"]], location) == {product["id"]: Decimal("7.5")}


def test_decimal_moves_do_not_drift(app, product):
    """Three-decimal moves sum exactly (0.3 - 0.1 - 0.2 is 0, and 0 is not below 0)."""
    with app.app_context():
        location = default_location().id
        move_stock(product["id"], location, Decimal("0.3"), reason="receipt", user_id=None)
        move_stock(product["id"], location, Decimal("-0.1"), reason="sale", user_id=None)
        quantity = move_stock(
            product["id"],
            location,
            Decimal("-0.2"),
            reason="sale",
            user_id=None,
            allow_negative=False,
        )
        assert quantity == 0


def test_negative_stock_allowed_by_default(app, product):
    """Without allow_negative=False a level may go below zero."""
    with app.app_context():
        location = default_location().id
        assert move_stock(
            product["id"], location, Decimal("-3"), reason="sale", user_id=None
        ) == Decimal("-3")


def test_negative_stock_refused_when_asked(app, product):
    """With allow_negative=False a move below zero raises InsufficientStock with what is
    available, and changes nothing."""
    with app.app_context():
        location = default_location().id
        move_stock(product["id"], location, Decimal("2"), reason="receipt", user_id=None)
        db.session.commit()
        with pytest.raises(InsufficientStock) as info:
            move_stock(
                product["id"],
                location,
                Decimal("-3"),
                reason="sale",
                user_id=None,
                allow_negative=False,
            )
        assert (info.value.product_id, info.value.available) == (product["id"], Decimal("2"))
        db.session.rollback()
        assert stock_levels([product["id"]], location)[product["id"]] == Decimal("2")
        count = db.session.scalar(
            sa.select(sa.func.count()).where(StockMovement.product_id == product["id"])
        )
        assert count == 1


def test_adding_stock_is_never_refused(app, product):
    """Refusing negative stock never blocks a move that adds stock, even from below 0."""
    with app.app_context():
        location = default_location().id
        move_stock(product["id"], location, Decimal("-5"), reason="sale", user_id=None)
        assert move_stock(
            product["id"],
            location,
            Decimal("1"),
            reason="refund",
            user_id=None,
            allow_negative=False,
        ) == Decimal("-4")


def test_unknown_reason_is_an_error(app, product):
    """Reasons are a closed list: sale, refund, void, adjustment, receipt, initial."""
    with app.app_context(), pytest.raises(ValueError):
        move_stock(product["id"], default_location().id, Decimal("1"), reason="theft", user_id=None)


def test_move_stock_never_commits(app, product):
    """move_stock runs in the caller's transaction: a rollback undoes it."""
    with app.app_context():
        location = default_location().id
        move_stock(product["id"], location, Decimal("5"), reason="receipt", user_id=None)
        db.session.rollback()
        assert stock_levels([product["id"]], location)[product["id"]] == 0
        assert db.session.scalar(sa.select(sa.func.count()).select_from(StockMovement)) == 0


def test_count_records_the_difference(app, product):
    """A count sets the level and records the difference as an adjustment."""
    with app.app_context():
        location = default_location().id
        move_stock(product["id"], location, Decimal("10"), reason="receipt", user_id=None)
        movement, quantity = count_stock(product["id"], location, Decimal("8"), user_id=None)
        assert (movement.delta, movement.reason, quantity) == (
            Decimal("-2"),
            "adjustment",
            Decimal("8"),
        )


def test_stock_levels_of_products_that_never_moved_are_zero(app, product):
    """stock_levels answers every asked product, zero when it never moved."""
    with app.app_context():
        location = default_location().id
        assert stock_levels([product["id"], 123456], location) == {product["id"]: 0, 123456: 0}
        assert db.session.scalar(sa.select(sa.func.count()).select_from(StockLevel)) == 0
