"""A plugin's shared cache (``core.plugins.SharedCache``) is read without a statement and
kept true across workers: a change committed by one worker empties the others' copies
within the check interval (the plugin generation's: 0.25 s in production), and the
worker that made it at once.

Two apps on one database stand for two workers: ``app`` changes things, ``other`` reads
with the production interval and a clock the test moves by hand.
"""

from __future__ import annotations

import datetime as dt

import pytest
import sqlalchemy as sa
from worker_clock import INTERVAL, Clock

from core.db import db
from core.plugins import SharedCache, create_location
from core.registers.models import Register
from core.stock.models import Location
from core.testing import Item, make_shop, sell
from core.testing.fixtures import make_test_app

#: The location codes, emptied by any change to a location, and by a register's move to
#: another location (not by the counters every sale updates).
CODES = SharedCache("tests.location_codes", watch={"location": None, "register": ("location_id",)})


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def other(app, tmp_path, clock):
    """A second worker on the same database, checking every 0.25 s of ``clock``."""
    second = make_test_app(
        app.config["SQLALCHEMY_DATABASE_URI"], tmp_path / "other", PLUGIN_CHECK_INTERVAL=INTERVAL
    )
    second.runtimes.clock = clock
    yield second
    second.close()


class Reader:
    """Reads the codes through the cache, counting the reads that reached the database."""

    def __init__(self) -> None:
        self.loads = 0

    def __call__(self, worker) -> tuple[str, ...]:
        with worker.app_context():
            return CODES.get(None, self._load)

    def _load(self) -> tuple[str, ...]:
        self.loads += 1
        return tuple(db.session.scalars(sa.select(Location.code).order_by(Location.code)))


def add_location(worker, code: str) -> None:
    with worker.app_context():
        create_location(code, code.title())
        db.session.commit()


def test_a_value_is_read_once_per_worker(app, other):
    read = Reader()
    first = read(other)
    assert read(other) == first
    assert read.loads == 1


def test_a_change_on_one_worker_reaches_the_other_within_the_interval(app, other, clock):
    read = Reader()
    before = read(other)
    add_location(app, "north")
    # Until its next look at the generations the other worker keeps its copy: this is
    # the delay the cache is allowed, and no more.
    assert read(other) == before
    clock.advance()
    assert read(other) == tuple(sorted((*before, "north")))


def test_the_worker_that_changes_reads_its_change_at_once(app, other, clock):
    read = Reader()
    before = read(other)
    add_location(other, "north")
    assert "north" in read(other)
    assert read(other) == tuple(sorted((*before, "north")))


def test_a_transaction_reads_its_own_change_before_it_commits(app, other):
    read = Reader()
    read(other)
    with other.app_context():
        create_location("north", "North")
        assert "north" in CODES.get(None, read._load)
        db.session.rollback()
    assert "north" not in read(other)


def test_a_rolled_back_change_keeps_the_cache(app, other, clock):
    read = Reader()
    read(other)
    with app.app_context():
        create_location("north", "North")
        db.session.rollback()
    clock.advance()
    read(other)
    assert read.loads == 1


def test_a_bulk_update_of_a_watched_column_empties_it(app, other, clock):
    read = Reader()
    read(other)
    add_location(app, "north")
    with app.app_context():
        north = db.session.scalar(sa.select(Location.id).where(Location.code == "north"))
        db.session.execute(sa.update(Register).where(Register.id == 1).values(location_id=north))
        db.session.commit()
    clock.advance()
    read(other)
    loads = read.loads
    with app.app_context():
        db.session.execute(sa.update(Register).where(Register.id == 1).values(location_id=1))
        db.session.commit()
    clock.advance()
    read(other)
    assert read.loads == loads + 1


@pytest.mark.comptoir_plugins("promotions")
def test_a_sale_does_not_empty_a_cache_of_registers_locations(app, other, clock, manager_api):
    """Each sale updates its register's counters: a cache of the registers' locations
    watches ``location_id`` only, so selling all day keeps it."""
    shop = make_shop(manager_api, [Item("TEA", 400)])
    read = Reader()
    read(other)
    sell(manager_api, shop.line("TEA"))
    clock.advance()
    read(other)
    assert read.loads == 1


@pytest.mark.comptoir_plugins("promotions")
def test_a_promotion_created_on_one_worker_prices_on_the_other_after_the_interval(
    app, other, clock, manager_api
):
    """The promotions that run are such a cache: the other worker quotes without the new
    promotion until its next look, then with it."""
    shop = make_shop(manager_api, [Item("TEA", 400)])
    token = manager_api.token

    def quote(worker) -> int:
        response = worker.test_client().post(
            "/api/v1/sales/quote",
            json={"register_id": 1, "lines": [shop.line("TEA")]},
            headers={"Authorization": f"Bearer {token}"},
        )
        assert response.status_code == 200, response.get_json()
        return response.get_json()["total"]

    assert quote(other) == 400
    now = dt.datetime.now(dt.UTC)
    created = manager_api.post(
        "/api/v1/promotions",
        json={
            "name": "Ten off",
            "kind": "percent",
            "value": "10",
            "product_ids": [],
            "category_ids": [],
            "starts_at": (now - dt.timedelta(days=1)).isoformat(),
            "ends_at": (now + dt.timedelta(days=1)).isoformat(),
        },
    )
    assert created.status_code == 201
    assert quote(other) == 400
    clock.advance()
    assert quote(other) == 360


#: The number of locations: only a location added or removed changes it.
HOW_MANY = SharedCache("tests.location_count", watch={"location": ()})


def test_a_cache_of_rows_added_or_removed_ignores_their_changes(app, other, clock):
    loads = []

    def count(worker) -> int:
        def load() -> int:
            loads.append(1)
            return db.session.scalar(sa.select(sa.func.count()).select_from(Location))

        with worker.app_context():
            return HOW_MANY.get(None, load)

    before = count(other)
    with app.app_context():
        db.session.scalars(sa.select(Location)).first().name = "Renamed"
        db.session.commit()
    clock.advance()
    assert (count(other), len(loads)) == (before, 1)
    add_location(app, "north")
    clock.advance()
    assert (count(other), len(loads)) == (before + 1, 2)
