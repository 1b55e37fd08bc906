"""Stock rules: atomic moves, counts and levels.

Every function here runs inside the caller's transaction and never commits: the sales
engine moves stock inside a sale, which commits or rolls back as a whole.
"""

from __future__ import annotations

import functools
import typing as t
from decimal import Decimal

import sqlalchemy as sa
from flask_babel import gettext as _

from ..db import db, insert_ignore, write_transaction
from ..errors import Conflict, Invalid, NotFound
from ..fields import decimal_text
from ..formatting import current_locale, format_number
from .low import emit_crossings, emit_crossings_of, listened, reorder_level_of
from .models import Location, Quantity, StockLevel, StockMovement

#: Why stock moved. ``sale``, ``refund`` and ``void`` come from the sales engine;
#: ``adjustment`` and ``receipt`` (goods received) from the back office; ``initial`` from
#: a product's creation or an import; ``transfer_out`` and ``transfer_in`` from goods moved
#: between locations (``multistore``).
REASONS = frozenset(
    {"sale", "refund", "void", "adjustment", "receipt", "initial", "transfer_out", "transfer_in"}
)

ZERO = Decimal("0")


class InsufficientStock(Invalid):
    """Negative stock is refused and the move would take the level below zero (a sale of
    more than there is); nothing was written."""

    code = "insufficient_stock"

    def __init__(self, product_id: int, available: Decimal):
        super().__init__(
            _(
                "only %(quantity)s in stock for product %(product)s",
                quantity=format_number(available.normalize(), current_locale()),
                product=product_id,
            )
        )
        self.product_id = product_id
        self.available = available


_DEFAULT_LOCATION = sa.select(Location).where(Location.is_default).limit(1)
_LEVELS = sa.select(StockLevel.product_id, StockLevel.quantity).where(
    StockLevel.location_id == sa.bindparam("location"),
    StockLevel.product_id.in_(sa.bindparam("ids", expanding=True)),
)


def default_location() -> Location:
    """The location the core sells from (created by ``comptoir init``)."""
    location = db.session.scalar(_DEFAULT_LOCATION)
    if location is None:
        raise NotFound(_("no default stock location: run 'comptoir init'"))
    return location


def get_location(location_id: int) -> Location | None:
    return db.session.get(Location, location_id)


def _ensure_level(product_id: int, location_id: int) -> None:
    """Insert the level row at zero unless it exists, without racing a concurrent insert
    (``ON CONFLICT DO NOTHING`` on both dialects)."""
    insert_ignore(
        StockLevel,
        {"product_id": product_id, "location_id": location_id, "quantity": ZERO},
        ["product_id", "location_id"],
    )


def _rounded(expression: t.Any) -> t.Any:
    # SQLite keeps NUMERIC as floating point: rounding to the column's 3 decimals on each
    # write keeps errors from accumulating (0.3 - 0.1 - 0.2 stays 0, not -2.7e-17).
    return sa.func.round(expression, 3, type_=Quantity)


def move_stock(
    product_id: int,
    location_id: int,
    delta: Decimal,
    *,
    reason: str,
    user_id: int | None,
    reference: str | None = None,
    note: str = "",
    allow_negative: bool = True,
) -> Decimal:
    """Add ``delta`` (negative to remove) to a product's stock at a location and record
    the movement. Atomic under concurrency: one ``UPDATE ... SET quantity = quantity +
    :delta``, never a read-modify-write.

    :param allow_negative: when false, a move that would take the level below zero is
        refused (moves that add stock are always accepted).
    :return: the new quantity.
    :raises InsufficientStock: refused; the level is unchanged and no movement written.
    """
    _movement, quantity = record_move(
        product_id,
        location_id,
        delta,
        reason=reason,
        user_id=user_id,
        reference=reference,
        note=note,
        allow_negative=allow_negative,
    )
    return quantity


def record_move(
    product_id: int,
    location_id: int,
    delta: Decimal,
    *,
    reason: str,
    user_id: int | None,
    reference: str | None = None,
    note: str = "",
    allow_negative: bool = True,
) -> tuple[StockMovement, Decimal]:
    """:func:`move_stock`, answering the movement written and the new quantity."""
    if reason not in REASONS:
        raise ValueError(f"unknown stock movement reason {reason!r}")
    delta = Decimal(delta)
    write_transaction()
    _ensure_level(product_id, location_id)
    new_quantity = _rounded(StockLevel.quantity + delta)
    statement = (
        sa.update(StockLevel)
        .where(StockLevel.product_id == product_id, StockLevel.location_id == location_id)
        .values(quantity=new_quantity)
        .returning(StockLevel.quantity)
    )
    if not allow_negative and delta < 0:
        statement = statement.where(new_quantity >= 0)
    quantity = db.session.execute(statement.execution_options(synchronize_session=False)).scalar()
    if quantity is None:
        raise InsufficientStock(product_id, stock_level(product_id, location_id))
    movement = StockMovement(
        product_id=product_id,
        location_id=location_id,
        delta=delta,
        reason=reason,
        reference=reference,
        note=note,
        user_id=user_id,
    )
    db.session.add(movement)
    db.session.flush()
    emit_crossings({product_id: delta}, location_id)
    return movement, Decimal(quantity)


def count_stock(
    product_id: int,
    location_id: int,
    counted: Decimal,
    *,
    user_id: int | None,
    note: str = "",
    reason: str = "adjustment",
) -> tuple[StockMovement, Decimal]:
    """Set the stock to what was counted on the shelf, recording the difference as a
    movement. The level row is locked (``FOR UPDATE`` on PostgreSQL, the write lock on
    SQLite) so that a sale between reading and writing is not lost.

    :return: the movement (of the difference, maybe zero) and the new quantity.
    """
    write_transaction()
    _ensure_level(product_id, location_id)
    current = db.session.scalar(
        sa.select(StockLevel.quantity)
        .where(StockLevel.product_id == product_id, StockLevel.location_id == location_id)
        .with_for_update()
    )
    delta = Decimal(counted) - Decimal(current or 0)
    return record_move(product_id, location_id, delta, reason=reason, user_id=user_id, note=note)


def adjust_stock(
    product_id: int,
    location_id: int,
    *,
    delta: Decimal | None = None,
    counted: Decimal | None = None,
    reason: str = "adjustment",
    user_id: int | None,
    note: str = "",
    allow_negative: bool = True,
) -> tuple[StockMovement, Decimal]:
    """A back-office change of stock: by ``delta`` (:func:`record_move`) or to what was
    ``counted`` (:func:`count_stock`).

    :return: the movement and the new quantity.
    :raises Conflict: ``insufficient_stock`` when negative stock is refused and the
        change would go below zero: the shelf holds less than the change assumes.
    """
    try:
        if counted is not None:
            return count_stock(product_id, location_id, counted, user_id=user_id, note=note)
        return record_move(
            product_id,
            location_id,
            delta,
            reason=reason,
            user_id=user_id,
            note=note,
            allow_negative=allow_negative,
        )
    except InsufficientStock as exc:
        raise Conflict(
            exc.message,
            code="insufficient_stock",
            fields={"delta": [exc.message], "available": decimal_text(exc.available)},
        ) from None


def stock_level(product_id: int, location_id: int) -> Decimal:
    """The quantity of one product at one location (zero if it never moved)."""
    return stock_levels([product_id], location_id)[product_id]


def stock_levels(product_ids: t.Iterable[int], location_id: int) -> dict[int, Decimal]:
    """Quantities of ``product_ids`` at a location, in one query; zero for products that
    never moved."""
    ids = list(dict.fromkeys(product_ids))
    levels = {product_id: ZERO for product_id in ids}
    # Chunks keep each IN list under the databases' bound-parameter limits.
    for start in range(0, len(ids), 500):
        chunk = {"location": location_id, "ids": ids[start : start + 500]}
        rows = db.session.connection().execute(_LEVELS, chunk)
        for product_id, quantity in rows:
            levels[product_id] = Decimal(quantity)
    return levels


def movements(
    *,
    product_id: int | None = None,
    location_id: int | tuple[int, ...] | None = None,
    limit: int = 100,
    offset: int = 0,
) -> tuple[list[StockMovement], int]:
    """Movements, newest first, and how many match in all."""
    conditions = []
    if product_id is not None:
        conditions.append(StockMovement.product_id == product_id)
    if location_id is not None:
        if isinstance(location_id, tuple):  # several: a store's locations
            conditions.append(StockMovement.location_id.in_(location_id))
        else:
            conditions.append(StockMovement.location_id == location_id)
    total = db.session.scalar(
        sa.select(sa.func.count()).select_from(StockMovement).where(*conditions)
    )
    rows = db.session.scalars(
        sa.select(StockMovement)
        .where(*conditions)
        .order_by(StockMovement.created_at.desc(), StockMovement.id.desc())
        .limit(limit)
        .offset(offset)
    ).all()
    return list(rows), int(total or 0)


def levels(
    *, location_id: int, product_id: int | None = None, limit: int = 100, offset: int = 0
) -> tuple[list[StockLevel], int]:
    """Stock levels at a location (one product's, or all by product id)."""
    conditions = [StockLevel.location_id == location_id]
    if product_id is not None:
        conditions.append(StockLevel.product_id == product_id)
    total = db.session.scalar(sa.select(sa.func.count()).select_from(StockLevel).where(*conditions))
    rows = db.session.scalars(
        sa.select(StockLevel)
        .where(*conditions)
        .order_by(StockLevel.product_id)
        .limit(limit)
        .offset(offset)
    ).all()
    return list(rows), int(total or 0)


_INSERT_MOVEMENT = sa.insert(StockMovement.__table__)


@functools.lru_cache(maxsize=64)
def _move_many_statement(count: int, allow_negative: bool, with_levels: bool) -> sa.Update:
    """``UPDATE stock_level SET quantity = round(quantity + CASE product_id WHEN :p0 THEN
    :d0 ... END, 3) WHERE location_id = :location AND product_id IN (:p0, ...) RETURNING
    product_id``, built once per number of products. ``with_levels`` also returns the new
    quantity and the product's reorder level, for the ``pos_stock_low`` check (asked only
    while a plugin listens: the statement is otherwise the same)."""
    level = StockLevel.__table__
    products = [sa.bindparam(f"p{index}", type_=sa.Integer) for index in range(count)]
    delta_of = sa.case(
        *(
            (level.c.product_id == product, sa.bindparam(f"d{index}", type_=Quantity))
            for index, product in enumerate(products)
        )
    )
    new_quantity = _rounded(level.c.quantity + delta_of)
    returned = (
        (level.c.product_id, level.c.quantity, reorder_level_of(level.c.product_id))
        if with_levels
        else (level.c.product_id,)
    )
    statement = (
        sa.update(level)
        .where(level.c.location_id == sa.bindparam("location"), level.c.product_id.in_(products))
        .values(quantity=new_quantity)
        .returning(*returned)
    )
    if not allow_negative:
        # Only moves that take stock out are refused; adding is always accepted.
        statement = statement.where(sa.or_(delta_of >= 0, new_quantity >= 0))
    return statement


def _apply_deltas(
    connection: sa.Connection,
    deltas: dict[int, Decimal],
    location_id: int,
    allow_negative: bool,
    with_levels: bool,
) -> dict[int, tuple[t.Any, ...]]:
    """Apply ``deltas`` in one statement; the rows it returned, by product updated."""
    params: dict[str, t.Any] = {"location": location_id}
    for index, (product_id, delta) in enumerate(sorted(deltas.items())):
        params[f"p{index}"] = product_id
        params[f"d{index}"] = delta
    statement = _move_many_statement(len(deltas), allow_negative, with_levels)
    return {row[0]: tuple(row) for row in connection.execute(statement, params)}


def move_stock_many(
    moves: t.Iterable[tuple[int, Decimal]],
    location_id: int,
    *,
    reason: str,
    user_id: int | None,
    reference: str | None = None,
    allow_negative: bool = True,
) -> None:
    """:func:`move_stock` for several products at once (the lines of a sale): a single
    ``UPDATE ... SET quantity = quantity + CASE product_id ... END ... RETURNING`` and a
    single multi-row insert of the movements. Level rows are created only for products
    that have none yet.

    :raises InsufficientStock: for a product refused; nothing is kept once the caller
        rolls back.
    """
    if reason not in REASONS:
        raise ValueError(f"unknown stock movement reason {reason!r}")
    deltas: dict[int, Decimal] = {}
    for product_id, delta in moves:
        deltas[product_id] = deltas.get(product_id, ZERO) + Decimal(delta)
    if not deltas:
        return
    connection = write_transaction()
    # The movements first, then the levels: on PostgreSQL the level rows, which every
    # till selling the same product updates, stay locked from the UPDATE to the commit;
    # nothing written after it lengthens that. A refusal below rolls the movements back
    # with the caller's transaction.
    connection.execute(
        _INSERT_MOVEMENT,
        [
            {
                "product_id": product_id,
                "location_id": location_id,
                "delta": delta,
                "reason": reason,
                "reference": reference,
                "note": "",
                "user_id": user_id,
            }
            for product_id, delta in sorted(deltas.items())
        ],
    )
    # Prepared statements on the plain tables: this runs for every sale, under the write
    # lock, where building the statement would cost more than running it.
    # The pos_stock_low check rides on the UPDATE's RETURNING (no statement of its own).
    with_levels = any(delta < 0 for delta in deltas.values()) and listened()
    updated = _apply_deltas(connection, deltas, location_id, allow_negative, with_levels)
    missing = set(deltas) - set(updated)
    if missing:
        # First move of a product here, or a refusal: create what is missing, retry those.
        for product_id in sorted(missing):
            _ensure_level(product_id, location_id)
        retry = {product_id: deltas[product_id] for product_id in missing}
        updated |= _apply_deltas(connection, retry, location_id, allow_negative, with_levels)
    refused = sorted(set(deltas) - set(updated))
    if refused:
        raise InsufficientStock(refused[0], stock_level(refused[0], location_id))
    if with_levels:
        emit_crossings_of(
            sorted(updated.values()),
            deltas,
            location_id,
        )
