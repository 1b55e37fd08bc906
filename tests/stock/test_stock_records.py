"""The stock API of core.plugins: what purchasing and multistore build on."""

from __future__ import annotations

from decimal import Decimal

import pytest
import sqlalchemy as sa

from core.db import db
from core.plugins import (
    Conflict,
    Invalid,
    create_location,
    list_locations,
    move_stock,
    stock_at,
)
from core.stock.models import StockMovement


def test_a_plugin_adds_a_location_and_moves_goods_between_two(app, product):
    """A transfer as a plugin writes it: out of one location, into another, both in the
    ledger with the plugin's reference; the levels follow."""
    with app.app_context():
        main = next(location for location in list_locations() if location.is_default)
        north = create_location("north", "North shop")
        db.session.commit()
        assert [location.code for location in list_locations()] == ["main", "north"]
        move_stock(product["id"], main.id, Decimal("5"), reason="receipt", reference="PO-1")
        move_stock(product["id"], main.id, Decimal("-2"), reason="transfer_out", reference="T-1")
        move_stock(product["id"], north.id, Decimal("2"), reason="transfer_in", reference="T-1")
        db.session.commit()
        assert stock_at([product["id"]], main.id) == {product["id"]: Decimal("3")}
        assert stock_at([product["id"]], north.id) == {product["id"]: Decimal("2")}
        moves = db.session.execute(
            sa.select(StockMovement.location_id, StockMovement.delta, StockMovement.reason)
            .where(StockMovement.reference == "T-1")
            .order_by(StockMovement.id)
        ).all()
        assert [(row[0], Decimal(row[1]), row[2]) for row in moves] == [
            (main.id, Decimal("-2"), "transfer_out"),
            (north.id, Decimal("2"), "transfer_in"),
        ]


def test_a_taken_location_code_and_a_core_reason_are_refused(app, product):
    with app.app_context():
        with pytest.raises(Conflict) as taken:
            create_location("main", "Again")
        assert taken.value.code == "location_code_taken"
        db.session.rollback()
        with pytest.raises(Invalid):
            move_stock(product["id"], 1, Decimal("1"), reason="sale")
        db.session.rollback()


def test_a_move_below_zero_is_refused_when_asked_and_writes_nothing(app, product):
    with app.app_context():
        main = next(location for location in list_locations() if location.is_default)
        before = stock_at([product["id"]], main.id)[product["id"]]
        count = db.session.scalar(sa.select(sa.func.count()).select_from(StockMovement))
        with pytest.raises(Conflict) as refused:
            move_stock(
                product["id"],
                main.id,
                -(before + 1),
                reason="transfer_out",
                allow_negative=False,
            )
        assert refused.value.code == "insufficient_stock"
        db.session.rollback()
        assert stock_at([product["id"]], main.id)[product["id"]] == before
        assert db.session.scalar(sa.select(sa.func.count()).select_from(StockMovement)) == count
