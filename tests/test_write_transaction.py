"""``write_transaction`` on SQLite: a service that read first can still write when another
connection wrote in between (SQLite refuses to upgrade such a reader at once, "database is
locked"), and a transaction that already wrote is never committed half-way."""

from __future__ import annotations

import sqlite3

import pytest
import sqlalchemy as sa

from core.catalog.models import Category
from core.db import db, write_transaction

pytestmark = pytest.mark.sqlite


def _other_writer(app) -> sqlite3.Connection:
    with app.app_context():
        path = db.engine.url.database
    return sqlite3.connect(path, isolation_level=None, timeout=5)


def _names(app) -> list[str]:
    with app.app_context():
        return sorted(db.session.scalars(sa.select(Category.name)))


def test_a_reader_becomes_a_writer_after_another_connection_wrote(app):
    other = _other_writer(app)
    with app.app_context():
        db.session.scalar(sa.select(sa.func.count()).select_from(Category))  # read: a snapshot
        other.execute(
            "INSERT INTO category (name, color, position, updated_at) "
            "VALUES ('Other', '', 0, '2026-01-01 00:00:00')"
        )
        write_transaction()
        db.session.add(Category(name="Mine"))
        db.session.commit()
    other.close()
    assert _names(app) == ["Mine", "Other"]


def test_what_a_transaction_wrote_is_not_committed_by_asking_for_the_lock(app):
    with app.app_context():
        db.session.execute(sa.insert(Category).values(name="Half", color="", position=0))
        write_transaction()
        db.session.add(Category(name="Rest"))
        db.session.flush()
        db.session.rollback()
    assert _names(app) == []


def test_pending_changes_are_not_committed_by_asking_for_the_lock(app):
    with app.app_context():
        db.session.scalar(sa.select(sa.func.count()).select_from(Category))
        db.session.add(Category(name="Pending"))
        write_transaction()
        db.session.rollback()
    assert _names(app) == []
