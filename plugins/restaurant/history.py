"""The history of an order's changes: written with each change, read by a device that
sent a change from an old version (it was offline, or another waiter was quicker).

Each change writes its rows under the version it moved the order to, so "what changed
since version v" is the rows above v, plus the payments taken since (the sale path
bumps the version without a row of its own: its ``restaurant_order_sale`` rows say it).
The rows are rendered in the reader's language when they are read, never stored as
text, so a waiter reading in Russian sees what a French colleague did in Russian.
"""

from __future__ import annotations

import datetime as dt
import typing as t
import zoneinfo
from decimal import Decimal

import sqlalchemy as sa
from flask_babel import get_locale
from flask_babel import gettext as _

from core.plugins import current_store, current_user, db, decimal_text, format_money, get_users

from .models import Order, OrderChange, OrderSale

#: What changed since a device's version so that its change no longer applies as it
#: meant it: the table asked for its bill, or the party moved to another table.
REFUSING_KINDS = frozenset({"bill_asked", "transferred"})


def record(
    order: Order,
    kind: str,
    *,
    line_id: int | None = None,
    request_id: str | None = None,
    **details: t.Any,
) -> None:
    """Note one thing the change being made did, under the order's new version."""
    user = current_user()
    db.session.add(
        OrderChange(
            order_id=order.id,
            version=order.version,
            kind=kind,
            line_id=line_id,
            details={key: _plain(value) for key, value in details.items()},
            user_id=user.id if user is not None else None,
            request_id=request_id,
        )
    )


def _plain(value: t.Any) -> t.Any:
    return decimal_text(value) if isinstance(value, Decimal) else value


def already_done(order_id: int, request_id: str) -> bool:
    """Whether a change sent with this key was made already (a device sending again
    what it kept while offline, its first answer lost)."""
    return (
        db.session.scalar(
            sa.select(OrderChange.id)
            .where(OrderChange.order_id == order_id, OrderChange.request_id == request_id)
            .limit(1)
        )
        is not None
    )


def since(
    order: Order, version: int, *, before: int | None = None, request_id: str | None = None
) -> list[OrderChange | OrderSale]:
    """The changes after ``version`` (up to ``before``, excluded), oldest first, with
    the payments taken since; those sent with ``request_id`` (the reader's own) left out."""
    query = sa.select(OrderChange).where(
        OrderChange.order_id == order.id, OrderChange.version > version
    )
    if before is not None:
        query = query.where(OrderChange.version < before)
    if request_id is not None:
        query = query.where(
            sa.or_(OrderChange.request_id.is_(None), OrderChange.request_id != request_id)
        )
    rows: list[t.Any] = list(db.session.scalars(query.order_by(OrderChange.id)))
    # When the reader's version was made: its last row, or the seating.
    known = db.session.scalar(
        sa.select(sa.func.max(OrderChange.created_at)).where(
            OrderChange.order_id == order.id, OrderChange.version <= version
        )
    )
    paid = sa.select(OrderSale).where(
        OrderSale.order_id == order.id, OrderSale.created_at > (known or order.opened_at)
    )
    rows.extend(db.session.scalars(paid))
    return sorted(rows, key=lambda row: row.created_at)


def refuses(changes: t.Iterable[t.Any], line_id: int | None = None) -> bool:
    """Whether these changes make a change made before them (to ``line_id``, if given)
    mean something else now: the bill was asked, the party moved, the line was changed."""
    for change in changes:
        if not isinstance(change, OrderChange):
            continue
        if change.kind in REFUSING_KINDS:
            return True
        if line_id is not None and change.line_id == line_id:
            return True
    return False


# -- in the reader's language --------------------------------------------------------


def describe(changes: list[t.Any]) -> list[dict[str, t.Any]]:
    """The changes as the API gives them: who, when, what, and a sentence saying it."""
    users = get_users(change.user_id for change in changes if change.user_id is not None)
    store = current_store()
    zone = zoneinfo.ZoneInfo(store.timezone)
    answer = []
    for change in changes:
        user = users.get(change.user_id) if change.user_id is not None else None
        who = user.full_name if user is not None else _("another device")
        if isinstance(change, OrderSale):
            kind, version, line_id, details = "paid", None, None, {"amount": change.total}
            text = _(
                "%(who)s took a payment of %(amount)s",
                who=who,
                amount=format_money(change.total, store.currency, str(get_locale() or "en")),
            )
        else:
            kind, version, line_id, details = (
                change.kind,
                change.version,
                change.line_id,
                change.details,
            )
            text = _sentence(change.kind, who, change.details)
        answer.append(
            {
                "version": version,
                "kind": kind,
                "line_id": line_id,
                "details": details,
                "user_id": change.user_id,
                "user_name": user.full_name if user is not None else None,
                "at": change.created_at,
                "time": _clock(change.created_at, zone),
                "text": text,
            }
        )
    return answer


def _clock(moment: dt.datetime, zone: zoneinfo.ZoneInfo) -> str:
    return moment.astimezone(zone).strftime("%H:%M")


def summary(described: list[dict[str, t.Any]]) -> str:
    """One message naming every change, with its time: what a 409 says."""
    return "; ".join(f"{change['time']} {change['text']}" for change in described)


def _line_change(details: dict[str, t.Any]) -> str:
    parts = []
    if "quantity" in details:
        parts.append(
            _("quantity %(was)s → %(now)s", was=details["was_quantity"], now=details["quantity"])
        )
    if "seat" in details:
        parts.append(_("seat %(was)s → %(now)s", was=details["was_seat"], now=details["seat"]))
    if "course" in details:
        parts.append(
            _("course %(was)s → %(now)s", was=details["was_course"], now=details["course"])
        )
    if "note" in details:
        parts.append(_("note “%(note)s”", note=details["note"]))
    return ", ".join(parts)


def _sentence(kind: str, who: str, details: dict[str, t.Any]) -> str:
    name, quantity = details.get("name", ""), details.get("quantity", "")
    if kind == "line_added":
        return _("%(who)s added %(quantity)s × %(name)s", who=who, quantity=quantity, name=name)
    if kind == "line_cancelled":
        return _(
            "%(who)s cancelled %(quantity)s × %(name)s",
            who=who,
            quantity=details.get("was_quantity", ""),
            name=name,
        )
    if kind == "line_changed":
        return _(
            "%(who)s changed %(name)s: %(what)s", who=who, name=name, what=_line_change(details)
        )
    if kind == "course_sent":
        return _("%(who)s sent course %(course)s", who=who, course=details.get("course", ""))
    if kind == "bill_asked":
        return _("%(who)s asked for the bill", who=who)
    if kind == "transferred":
        return _(
            "%(who)s moved the party from table %(was)s to table %(now)s",
            who=who,
            was=details.get("was_table", ""),
            now=details.get("table", ""),
        )
    if kind == "merged":
        return _(
            "%(who)s merged this table into table %(table)s", who=who, table=details.get("table")
        )
    if kind == "merged_in":
        return _(
            "%(who)s merged table %(table)s into this one", who=who, table=details.get("table")
        )
    if kind == "closed":
        return _("%(who)s freed the table", who=who)
    return _options_sentence(who, details)


def _options_sentence(who: str, details: dict[str, t.Any]) -> str:
    said = []
    if "service_charge" in details:
        said.append(
            _("%(who)s added the service charge", who=who)
            if details["service_charge"]
            else _("%(who)s took off the service charge", who=who)
        )
    if "take_away" in details:
        said.append(
            _("%(who)s marked the order taken away", who=who)
            if details["take_away"]
            else _("%(who)s marked the order eaten in", who=who)
        )
    return "; ".join(said) or _("%(who)s changed the order", who=who)
