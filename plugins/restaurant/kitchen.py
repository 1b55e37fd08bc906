"""Sending courses to the kitchen and the bar, and the kitchen display.

Sending a course tells each station what changed since it was last told, line by line:
``new`` items, ``changed`` quantities (with what was said before) and ``cancelled``
ones. Each station's part is kept as a :class:`Ticket` (what the kitchen display
shows, and what the reports time) and printed on the printer of the same name
(``kitchen``, ``bar``) through the devices' ``print_ticket``, once per ticket.
"""

from __future__ import annotations

import datetime as dt

import sqlalchemy as sa
from flask_babel import gettext as _

from core.plugins import (
    Conflict,
    NotFound,
    ReceiptRow,
    ReceiptSection,
    db,
    decimal_text,
    present_hook,
    print_ticket,
    utcnow,
    write_transaction,
)

from . import floor, history, orders
from .models import OrderLine, Ticket


def _change(line: OrderLine) -> str | None:
    if line.sent_quantity == 0 and line.quantity > 0:
        return "new"
    if line.quantity == 0 and line.sent_quantity > 0:
        return "cancelled"
    if line.quantity != line.sent_quantity:
        return "changed"
    return None


def _row(line: OrderLine, change: str) -> dict:
    return {
        "change": change,
        "quantity": decimal_text(line.quantity),
        "was": decimal_text(line.sent_quantity),
        "name": line.name,
        "seat": line.seat,
        "modifiers": [m["name"] for m in line.modifiers or []],
        "note": line.note,
    }


def send_course(order_id: int, version: int, course: int) -> list[Ticket]:
    """Tell the stations what changed in ``course`` of an order since they were last
    told; one ticket per station with something to say. Refused (409) when nothing
    changed, so a double tap sends nothing twice."""
    write_transaction()
    order = orders.take_turn(order_id, version)
    history.record(order, "course_sent", course=course)
    table = floor.get_table(order.table_id)
    by_station: dict[str, list[tuple[OrderLine, str]]] = {}
    for line in orders.lines_of(order):
        change = _change(line)
        if line.course == course and line.sale_id is None and change is not None:
            by_station.setdefault(line.station, []).append((line, change))
    if not by_station:
        raise Conflict(_("nothing new to send for this course"), code="nothing_to_send")
    tickets = []
    for station in sorted(by_station):
        rows = [_row(line, change) for line, change in by_station[station]]
        ticket = Ticket(
            order_id=order.id, table_name=table.name, station=station, course=course, rows=rows
        )
        db.session.add(ticket)
        db.session.flush()
        ticket.job_id = _print(ticket)
        tickets.append(ticket)
        for line, change in by_station[station]:
            line.sent_quantity = line.quantity
            if change == "cancelled":
                # The kitchen knows now; the line has nothing left to say or to pay.
                db.session.delete(line)
    db.session.flush()
    return tickets


def _marks() -> dict[str, str]:
    return {"new": "", "changed": _("CHANGED") + " ", "cancelled": _("CANCELLED") + " "}


def _print(ticket: Ticket) -> str | None:
    """Print the ticket on the station's printer; a shop without one (the display
    alone) keeps the ticket and prints nothing."""
    marks = _marks()
    rows = []
    for row in ticket.rows:
        quantity = row["quantity"] if row["change"] != "cancelled" else row["was"]
        label = f"{marks[row['change']]}{quantity} x"
        if row["change"] == "changed":
            label = f"{marks['changed']}{row['was']} > {row['quantity']} x"
        rows.append(ReceiptRow(label, row["name"], emphasis=row["change"] != "new"))
        for modifier in row["modifiers"]:
            rows.append(ReceiptRow("", f"+ {modifier}"))
        if row["note"]:
            rows.append(ReceiptRow("", f"! {row['note']}"))
        if row["seat"]:
            rows.append(ReceiptRow("", _("seat %(seat)s", seat=row["seat"])))
    for extra in present_hook(
        "restaurant_ticket_rows", order_id=ticket.order_id, station=ticket.station, rows=ticket.rows
    ):
        rows.extend(ReceiptRow(str(label), str(value)) for label, value in extra)
    section = ReceiptSection(_("Course %(course)s", course=ticket.course), tuple(rows))
    try:
        return print_ticket(
            ticket.station,
            [section],
            title=_("Table %(name)s", name=ticket.table_name),
            key=f"restaurant:ticket:{ticket.id}",
        )
    except NotFound:
        return None


def pending(station: str | None = None) -> list[Ticket]:
    """Tickets the cooks have not marked done, oldest first."""
    query = sa.select(Ticket).where(Ticket.done_at.is_(None)).order_by(Ticket.created_at, Ticket.id)
    if station is not None:
        query = query.where(Ticket.station == station)
    return list(db.session.scalars(query))


def mark_done(ticket_id: int) -> Ticket:
    """The cooks finished a ticket; marking it twice keeps the first time."""
    ticket = db.session.get(Ticket, ticket_id)
    if ticket is None:
        raise NotFound(_("no ticket %(id)s", id=ticket_id))
    write_transaction()
    db.session.execute(
        sa.update(Ticket)
        .where(Ticket.id == ticket_id, Ticket.done_at.is_(None))
        .values(done_at=utcnow())
        .execution_options(synchronize_session=False)
    )
    db.session.refresh(ticket)
    return ticket


def age_seconds(ticket: Ticket, now: dt.datetime | None = None) -> int:
    return int(((now or utcnow()) - ticket.created_at).total_seconds())
