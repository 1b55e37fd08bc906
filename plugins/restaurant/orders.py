"""Table orders shared by several devices, with optimistic concurrency.

Every change names the ``version`` of the order it was made from. The change starts
with one guarded ``UPDATE ... SET version = version + 1 WHERE version = :read``: the
database lets exactly one of two changes made from the same version through (on
PostgreSQL the second waits for the first's row lock, then finds the version moved);
the other is refused with :class:`StaleOrder`, which carries the order as it is now, so
the device shows what changed and sends its change again. Nothing is ever overwritten
unseen, so two waiters adding to one table never lose a line.

A change that commutes with what happened since its version is merged instead: new
lines (a waiter's tablet that was offline sends what it kept), or a change to a line
nobody touched since. It then takes the turn from the version it finds, still under the
guarded ``UPDATE``. What no longer means what the device meant (the line was changed or
cancelled, the bill asked, the party moved, the order closed) is refused with the list
of those changes (:mod:`.history`), which the device shows.
"""

from __future__ import annotations

import typing as t
from decimal import Decimal

import sqlalchemy as sa
from flask_babel import gettext as _
from sqlalchemy.exc import IntegrityError

from core.plugins import (
    Conflict,
    Invalid,
    NotFound,
    current_user,
    db,
    get_product,
    get_settings,
    utcnow,
    write_transaction,
)

from . import floor, history
from .models import Modifier, Order, OrderLine
from .settings import bar_category_ids, service_percent


class StaleOrder(Conflict):
    """The order changed since the device read it: ``order`` is how it is now."""

    code = "stale_version"

    def __init__(self, order: Order, changes: t.Sequence[t.Any] = ()):
        super().__init__(
            _("this order was changed on another device: check it and try again"),
            field="version",
        )
        self.order = order
        #: What changed since the device's version (:func:`.history.since`).
        self.changes = list(changes)


class OrderClosed(Conflict):
    """The order is paid or merged: it takes no more changes. ``order`` and ``changes``
    are given when a device's change found it so (what closed it, by whom)."""

    code = "order_closed"

    def __init__(
        self,
        message: str,
        order: Order | None = None,
        changes: t.Sequence[t.Any] = (),
        **kwargs: t.Any,
    ):
        super().__init__(message, **kwargs)
        self.order = order
        self.changes = list(changes)


def _user_id() -> int | None:
    user = current_user()
    return user.id if user is not None else None


def get_order(order_id: int) -> Order:
    order = db.session.get(Order, order_id)
    if order is None:
        raise NotFound(_("no order %(id)s", id=order_id))
    return order


def lines_of(order: Order) -> list[OrderLine]:
    return list(
        db.session.scalars(
            sa.select(OrderLine)
            .where(OrderLine.order_id == order.id)
            .order_by(OrderLine.course, OrderLine.seat, OrderLine.id)
        )
    )


def open_orders() -> dict[int, Order]:
    """The open order of each table that has one, by table id."""
    found = db.session.scalars(sa.select(Order).where(Order.status == "open"))
    return {order.table_id: order for order in found}


def ordered_counts(order_ids: t.Iterable[int]) -> dict[int, int]:
    """How many lines (not cancelled) each of these orders holds, in one query."""
    ids = list(order_ids)
    if not ids:
        return {}
    rows = db.session.execute(
        sa.select(OrderLine.order_id, sa.func.count(OrderLine.id))
        .where(OrderLine.order_id.in_(ids), OrderLine.quantity > 0)
        .group_by(OrderLine.order_id)
    )
    return {order_id: count for order_id, count in rows}


def table_state(order: Order | None, lines: int = 1) -> str:
    """As the floor shows it: ``free``; ``seated`` (nothing ordered yet); ``ordering``
    (items ordered); ``bill`` (waiting for the bill)."""
    if order is None:
        return "free"
    if order.bill_requested_at is not None:
        return "bill"
    return "ordering" if lines else "seated"


def open_order(table_id: int, covers: int) -> Order:
    """Seat people at a table. Refused when the table already has an open order (two
    waiters seating it at once get one order: the unique ``open_table_id`` decides)."""
    floor.get_table(table_id)
    settings = get_settings("restaurant")
    # Large parties get the service charge from the start (the waiter may take it off).
    threshold = settings.get("service_min_covers") or 0
    service = bool(threshold) and covers >= threshold and service_percent(settings) > 0
    write_transaction()
    order = Order(
        table_id=table_id,
        open_table_id=table_id,
        covers=covers,
        service_charge=service,
        opened_by=_user_id(),
    )
    db.session.add(order)
    try:
        db.session.flush()
    except IntegrityError:
        db.session.rollback()
        raise Conflict(_("this table is already seated"), code="table_busy") from None
    return order


#: How many times a merged change tries the version it finds before giving up (each
#: try lost means another change got through: a busy table, not a stuck one).
MERGE_TRIES = 20


def take_turn(
    order_id: int, version: int, merges: t.Callable[[list[t.Any]], bool] | None = None
) -> Order:
    """Take the change's turn: move the order from ``version`` to the next, or refuse.
    Called after :func:`write_transaction`, before anything else is written.

    With ``merges``, a change from an old version is asked whether it still applies on
    top of what changed since (the rows of :func:`.history.since`); if so it takes the
    turn from the version it found, under the same guarded ``UPDATE``: of two changes
    racing for one version exactly one gets it, the other looks again."""
    read = version
    for _try in range(MERGE_TRIES):
        moved = db.session.execute(
            sa.update(Order)
            .where(Order.id == order_id, Order.version == read, Order.status == "open")
            .values(version=Order.version + 1)
            .execution_options(synchronize_session=False)
        ).rowcount
        order = get_order(order_id)
        db.session.refresh(order)
        if moved == 1:
            return order
        changes = history.since(order, version) if version < order.version else []
        if order.status != "open":
            raise OrderClosed(_("this order is closed"), order, changes, field="version")
        if merges is None or version >= order.version or not merges(changes):
            raise StaleOrder(order, changes)
        read = order.version
    raise StaleOrder(order, changes)


def _station(product: t.Any) -> str:
    bar = bar_category_ids(get_settings("restaurant"))
    return "bar" if product.category_id is not None and product.category_id in bar else "kitchen"


def _modifiers(ids: list[int]) -> list[dict[str, t.Any]]:
    if not ids:
        return []
    found = {
        m.id: m
        for m in db.session.scalars(
            sa.select(Modifier).where(Modifier.id.in_(ids), Modifier.active.is_(True))
        )
    }
    missing = [i for i in ids if i not in found]
    if missing:
        raise Invalid(_("unknown modifier %(id)s", id=missing[0]), field="modifiers")
    return [{"id": i, "name": found[i].name, "price": found[i].price} for i in ids]


def add_lines(
    order_id: int, version: int, items: list[dict[str, t.Any]], request_id: str | None = None
) -> Order:
    """Add items (product, quantity, seat, course, modifiers, note) to an order. From an
    old version they are added all the same unless the bill was asked or the party moved
    since. ``request_id``: the device's key for these items; sent again, it adds nothing."""
    prepared = []
    default_course = get_settings("restaurant")["default_course"]
    for index, item in enumerate(items):
        product = get_product(item["product_id"])
        if product is None or not product.active:
            raise Invalid(
                _("no product %(id)s", id=item["product_id"]), field=f"lines.{index}.product_id"
            )
        prepared.append((item, product, _modifiers(item.get("modifiers") or [])))
    write_transaction()
    if request_id is not None and history.already_done(order_id, request_id):
        order = get_order(order_id)
        db.session.refresh(order)
        return order
    order = take_turn(order_id, version, lambda changes: not history.refuses(changes))
    user_id = _user_id()
    added = []
    for item, product, modifiers in prepared:
        added.append(
            OrderLine(
                order_id=order.id,
                product_id=product.id,
                name=product.name,
                quantity=Decimal(item["quantity"]),
                seat=item.get("seat", 0),
                course=item.get("course") or default_course,
                modifiers=modifiers,
                note=item.get("note", ""),
                station=_station(product),
                added_by=user_id,
            )
        )
    db.session.add_all(added)
    db.session.flush()
    for line in added:
        history.record(
            order,
            "line_added",
            line_id=line.id,
            request_id=request_id,
            name=line.name,
            quantity=line.quantity,
            seat=line.seat,
            course=line.course,
        )
    db.session.flush()
    return order


def _line(order: Order, line_id: int) -> OrderLine:
    line = db.session.get(OrderLine, line_id)
    if line is None or line.order_id != order.id:
        raise NotFound(_("no line %(id)s on this order", id=line_id))
    if line.sale_id is not None:
        raise Conflict(_("this line is paid"), code="line_paid")
    return line


def change_line(order_id: int, line_id: int, version: int, values: dict[str, t.Any]) -> Order:
    """Change a line's quantity, seat, course or note. A quantity of 0 cancels it: a
    line the kitchen was not told of goes; one it was told of stays at 0 until the next
    ticket marks it cancelled. From an old version it applies unless someone changed or
    cancelled that line since (or asked the bill, or moved the party)."""
    write_transaction()
    order = take_turn(order_id, version, lambda changes: not history.refuses(changes, line_id))
    line = _line(order, line_id)
    details: dict[str, t.Any] = {}
    for key in ("seat", "course", "note"):
        if key in values and values[key] != getattr(line, key):
            details.update({key: values[key], f"was_{key}": getattr(line, key)})
            setattr(line, key, values[key])
    if "quantity" in values and Decimal(values["quantity"]) != line.quantity:
        details.update(quantity=Decimal(values["quantity"]), was_quantity=line.quantity)
        line.quantity = Decimal(values["quantity"])
    if details:
        cancelled = line.quantity == 0
        history.record(
            order,
            "line_cancelled" if cancelled else "line_changed",
            line_id=line.id,
            name=line.name,
            **details,
        )
        if cancelled and line.sent_quantity == 0:
            db.session.delete(line)
    db.session.flush()
    return order


def set_options(order_id: int, version: int, values: dict[str, t.Any]) -> Order:
    """Add or take off the service charge, mark the order taken away or eaten in: the
    bills made after it are priced so."""
    write_transaction()
    order = take_turn(order_id, version)
    details = {}
    for key in ("service_charge", "take_away"):
        if key in values and values[key] != getattr(order, key):
            details[key] = values[key]
            setattr(order, key, values[key])
    if details:
        history.record(order, "options", **details)
    db.session.flush()
    return order


def request_bill(order_id: int, version: int) -> Order:
    """The table asked for the bill: the floor shows it waiting."""
    write_transaction()
    order = take_turn(order_id, version)
    if order.bill_requested_at is None:
        order.bill_requested_at = utcnow()
        history.record(order, "bill_asked")
    return order


def free_table(order_id: int, version: int) -> Order:
    """The party left without anything left to pay (nothing ordered, or everything
    cancelled): the order is closed and the table free. An order with unpaid items is
    paid instead."""
    write_transaction()
    order = take_turn(order_id, version)
    unpaid = db.session.scalar(
        sa.select(sa.func.count(OrderLine.id)).where(
            OrderLine.order_id == order.id, OrderLine.sale_id.is_(None), OrderLine.quantity > 0
        )
    )
    if unpaid:
        raise Conflict(_("this table has items left to pay"), code="order_unpaid")
    paid = db.session.scalar(
        sa.select(sa.func.count(OrderLine.id)).where(
            OrderLine.order_id == order.id, OrderLine.sale_id.is_not(None)
        )
    )
    # With paid items it counts as a paid order in the reports.
    order.status = "paid" if paid else "closed"
    order.open_table_id = None
    order.closed_at = utcnow()
    history.record(order, "closed")
    db.session.flush()
    return order


def transfer(order_id: int, version: int, table_id: int) -> Order:
    """Move the party to another, free table."""
    now = floor.get_table(table_id)
    write_transaction()
    order = take_turn(order_id, version)
    was = floor.get_table(order.table_id)
    history.record(order, "transferred", was_table=was.name, table=now.name)
    order.table_id = table_id
    order.open_table_id = table_id
    try:
        db.session.flush()
    except IntegrityError:
        db.session.rollback()
        raise Conflict(_("that table is already seated"), code="table_busy") from None
    return order


def merge(order_id: int, version: int, into_id: int, into_version: int) -> Order:
    """Put a table's unpaid lines and covers onto another table's order and free it."""
    if order_id == into_id:
        raise Invalid(_("an order cannot be merged into itself"), field="into")
    write_transaction()
    # Both orders take their turn, in id order so two opposite merges cannot deadlock.
    turns = sorted([(order_id, version), (into_id, into_version)])
    bumped = {oid: take_turn(oid, v) for oid, v in turns}
    source, target = bumped[order_id], bumped[into_id]
    db.session.execute(
        sa.update(OrderLine)
        .where(OrderLine.order_id == source.id, OrderLine.sale_id.is_(None))
        .values(order_id=target.id)
        .execution_options(synchronize_session=False)
    )
    target.covers += source.covers
    history.record(source, "merged", table=floor.get_table(target.table_id).name)
    history.record(target, "merged_in", table=floor.get_table(source.table_id).name)
    source.status = "merged"
    source.open_table_id = None
    source.closed_at = utcnow()
    db.session.flush()
    return target
