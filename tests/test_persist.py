"""Inserting new objects on the hot path (``core.persist.insert_new``): the rows are the
objects' values and defaults, and the objects are persistent afterwards, as if flushed."""

from __future__ import annotations

from decimal import Decimal

import pytest
import sqlalchemy as sa
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from core.catalog.models import Category, TaxRate
from core.db import db
from core.persist import insert_new


def _statements(app):
    seen: list[str] = []
    sa.event.listen(
        db.engine, "before_cursor_execute", lambda *args: seen.append(args[2].split()[0])
    )
    return seen


def test_rows_hold_the_values_and_the_python_defaults(app):
    """Unset columns take their Python-side defaults, in the row and on the object."""
    with app.app_context():
        rates = [TaxRate(name="Reduced", rate=Decimal("5.5")), TaxRate(name="Zero", rate=0)]
        category = Category(name="Snacks")
        insert_new(rates, [category])
        db.session.commit()
        ids = [rate.id for rate in rates]
        assert all(isinstance(i, int) for i in ids) and ids[0] != ids[1]
        assert rates[0].is_default is False and category.position == 0
        assert category.updated_at is not None
    with app.app_context():
        stored = {
            rate.name: rate
            for rate in db.session.scalars(sa.select(TaxRate).where(TaxRate.id.in_(ids)))
        }
        assert stored["Reduced"].rate == Decimal("5.5")
        assert stored["Reduced"].is_default is False
        snacks = db.session.scalar(sa.select(Category).where(Category.name == "Snacks"))
        assert snacks.color == "" and snacks.position == 0 and snacks.updated_at is not None


def test_objects_are_persistent_and_read_without_a_query(app):
    """After the insert, reading an attribute costs no SELECT and the object is in the
    session as a loaded one."""
    with app.app_context():
        rate = TaxRate(name="Reduced", rate=Decimal("10"))
        insert_new([rate])
        seen = _statements(app)
        assert (rate.id, rate.name, rate.is_default) == (rate.id, "Reduced", False)
        assert sa.inspect(rate).persistent
        assert rate in db.session
        assert seen == []
        db.session.rollback()


def test_a_change_after_the_insert_is_saved_as_an_update(app):
    """A plugin may change an object after it was inserted (a payment's data, say): the
    session writes the change at commit like any other."""
    with app.app_context():
        category = Category(name="Drinks")
        insert_new([category])
        seen = _statements(app)
        category.color = "#ff0000"
        db.session.commit()
        assert "UPDATE" in seen and "INSERT" not in seen
    with app.app_context():
        stored = db.session.scalar(sa.select(Category).where(Category.name == "Drinks"))
        assert stored.color == "#ff0000"


def test_a_rollback_keeps_nothing(app):
    """The rows live in the caller's transaction; after a rollback the session does not
    hand the object back as if it existed."""
    with app.app_context():
        category = Category(name="Gone")
        insert_new([category])
        category_id = category.id
        db.session.rollback()
        assert category not in db.session
        assert db.session.get(Category, category_id) is None
    with app.app_context():
        assert db.session.scalar(sa.select(Category).where(Category.name == "Gone")) is None


def test_a_column_with_a_server_default_must_be_set(app):
    """insert_new would write NULL over a server default, and never read the value back:
    it refuses instead, naming the column."""

    class Scratch(DeclarativeBase):  # its own registry: nothing leaks into the app's models
        pass

    class Stamp(Scratch):
        __tablename__ = "persist_stamp"
        id: Mapped[int] = mapped_column(primary_key=True)
        label: Mapped[str] = mapped_column(sa.String(20), server_default="none")

    with app.app_context():
        with pytest.raises(ValueError, match="persist_stamp.label"):
            insert_new([Stamp()])
