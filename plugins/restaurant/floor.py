"""Floor plans: rooms and their tables, as the back office draws them."""

from __future__ import annotations

import typing as t

import sqlalchemy as sa
from flask_babel import gettext as _
from sqlalchemy.exc import IntegrityError

from core.plugins import Conflict, NotFound, db, write_transaction

from .models import Order, Room, Table


def rooms() -> list[Room]:
    return list(db.session.scalars(sa.select(Room).order_by(Room.position, Room.id)))


def tables(room_id: int | None = None) -> list[Table]:
    query = sa.select(Table).order_by(Table.room_id, Table.name)
    if room_id is not None:
        query = query.where(Table.room_id == room_id)
    return list(db.session.scalars(query))


def get_room(room_id: int) -> Room:
    room = db.session.get(Room, room_id)
    if room is None:
        raise NotFound(_("no room %(id)s", id=room_id))
    return room


def get_table(table_id: int) -> Table:
    table = db.session.get(Table, table_id)
    if table is None:
        raise NotFound(_("no table %(id)s", id=table_id))
    return table


def _flush_unique(message: str) -> None:
    """Flush, answering a lost race on a unique name in the shop's words."""
    try:
        db.session.flush()
    except IntegrityError:
        db.session.rollback()
        raise Conflict(message, code="duplicate") from None


def add_room(values: dict[str, t.Any]) -> Room:
    write_transaction()
    room = Room(**values)
    db.session.add(room)
    _flush_unique(_("there is a room named %(name)s already", name=values["name"]))
    return room


def update_room(room_id: int, values: dict[str, t.Any]) -> Room:
    room = get_room(room_id)
    write_transaction()
    for key, value in values.items():
        setattr(room, key, value)
    _flush_unique(_("there is a room named %(name)s already", name=room.name))
    return room


def delete_room(room_id: int) -> None:
    room = get_room(room_id)
    if db.session.scalar(sa.select(Table.id).where(Table.room_id == room.id).limit(1)):
        raise Conflict(_("move or delete the room's tables first"), code="room_not_empty")
    write_transaction()
    db.session.delete(room)


def add_table(values: dict[str, t.Any]) -> Table:
    get_room(values["room_id"])
    write_transaction()
    table = Table(**values)
    db.session.add(table)
    _flush_unique(_("there is a table named %(name)s in this room already", name=values["name"]))
    return table


def update_table(table_id: int, values: dict[str, t.Any]) -> Table:
    table = get_table(table_id)
    if "room_id" in values:
        get_room(values["room_id"])
    write_transaction()
    for key, value in values.items():
        setattr(table, key, value)
    _flush_unique(_("there is a table named %(name)s in this room already", name=table.name))
    return table


def delete_table(table_id: int) -> None:
    table = get_table(table_id)
    if db.session.scalar(sa.select(Order.id).where(Order.table_id == table.id).limit(1)):
        # Its orders are kept for the reports: a table with a history stays.
        raise Conflict(_("this table has orders: it cannot be deleted"), code="table_has_orders")
    write_transaction()
    db.session.delete(table)
