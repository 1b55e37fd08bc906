"""The restaurant's figures over a period: covers, spend per cover, table turnover and
the kitchen's preparation times."""

from __future__ import annotations

import datetime as dt

import sqlalchemy as sa

from core.plugins import db

from .models import Order, OrderSale, Table, Ticket


def summary(start: dt.datetime, end: dt.datetime) -> dict:
    """Orders closed (paid) in ``[start, end)``: their covers, what they spent, how many
    times each table turned, how long people sat; tickets sent in the period: how long
    each station took to mark them done."""
    closed = sa.and_(Order.status == "paid", Order.closed_at >= start, Order.closed_at < end)
    paid = list(db.session.scalars(sa.select(Order).where(closed)))
    covers = sum(order.covers for order in paid)
    spend = int(
        db.session.scalar(
            sa.select(sa.func.coalesce(sa.func.sum(OrderSale.total), 0))
            .join(Order, Order.id == OrderSale.order_id)
            .where(closed)
        )
        or 0
    )
    tables = db.session.scalar(sa.select(sa.func.count(Table.id))) or 0
    seated = [(order.closed_at - order.opened_at).total_seconds() for order in paid]
    stations = []
    for station in ("kitchen", "bar"):
        done = list(
            db.session.scalars(
                sa.select(Ticket).where(
                    Ticket.station == station,
                    Ticket.created_at >= start,
                    Ticket.created_at < end,
                    Ticket.done_at.is_not(None),
                )
            )
        )
        times = sorted((t.done_at - t.created_at).total_seconds() for t in done)
        stations.append(
            {
                "station": station,
                "tickets": len(times),
                "average_seconds": round(sum(times) / len(times)) if times else None,
                "longest_seconds": round(times[-1]) if times else None,
            }
        )
    return {
        "orders": len(paid),
        "covers": covers,
        "spend": spend,
        "spend_per_cover": round(spend / covers) if covers else None,
        "tables": tables,
        "turnover": round(len(paid) / tables, 2) if tables else None,
        "average_seated_seconds": round(sum(seated) / len(seated)) if seated else None,
        "preparation": stations,
    }
