"""Booking the till's operations, and reading the books.

The ``record_*`` functions run inside the operation's transaction (called from the
transactional hooks): they build the postings, check that they balance, and add the
entry to the session; the core commits it with the sale, the refund, the movement or
the closing, or rolls it back with them. Nothing here commits.
"""

from __future__ import annotations

import datetime as dt
import typing as t
from zoneinfo import ZoneInfo

import sqlalchemy as sa
from flask_babel import force_locale
from flask_babel import gettext as _
from sqlalchemy.dialects import postgresql

from core.plugins import Invalid, current_store, db, get_products, get_settings, utcnow

from .balance import Posting, check_balanced
from .mapping import Mapping, current_mapping
from .models import Entry, EntryLine
from .postings import cash_postings, refund_postings, sale_postings

#: The longest period one read or export may cover.
MAX_DAYS = 3660


def _local_day(moment: dt.datetime, store: t.Any) -> dt.date:
    try:
        zone = ZoneInfo(store.timezone)
    except (KeyError, ValueError):
        zone = ZoneInfo("UTC")
    return moment.astimezone(zone).date()


def _categories(product_ids: t.Iterable[int | None], mapping: Mapping) -> dict[int, int | None]:
    """The products' categories, read only when the merchant mapped some category to an
    account of its own (most shops book by tax rate: no query on the sale path)."""
    if not mapping.has_categories:
        return {}
    ids = [pid for pid in product_ids if pid is not None]
    return {pid: product.category_id for pid, product in get_products(ids).items()}


def _write(
    kind: str,
    reference: str,
    journal: str,
    piece: str,
    label: str,
    register_id: int | None,
    occurred_at: dt.datetime,
    store: t.Any,
    postings: list[Posting],
) -> int | None:
    """Add the entry and its lines to the operation's transaction; returns the entry's id
    (None for an operation of zero: a free sale, a float of nothing)."""
    if not postings:
        return None
    check_balanced(postings)
    entry = {
        "kind": kind,
        "reference": reference,
        "journal": journal,
        "piece": piece,
        "label": label[:200],
        "register_id": register_id,
        "day": _local_day(occurred_at, store),
        "occurred_at": occurred_at,
        "created_at": utcnow(),
    }
    lines = [
        {
            "position": position,
            "account": posting.account,
            "account_label": posting.account_label[:120],
            "label": posting.label[:200],
            "debit": posting.debit,
            "credit": posting.credit,
        }
        for position, posting in enumerate(postings)
    ]
    # Core statements, not the unit of work: nothing reads the entry back in this
    # transaction, and flushing an ORM object cost a sale more Python than the writes.
    if db.session.get_bind().dialect.name == "postgresql":
        # One round trip: the entry inserted in a CTE, its lines from arrays beside it.
        columns = {f"lines_{key}": [line[key] for line in lines] for key in _LINE_COLUMNS}
        # A row per line comes back, each with the entry's id.
        return db.session.execute(_INSERT_ENTRY_WITH_LINES, {**entry, **columns}).scalars().first()
    entry_id = db.session.execute(_INSERT_ENTRY, entry).scalar_one()
    # The lines in one executemany.
    db.session.execute(_INSERT_LINES, [{"entry_id": entry_id, **line} for line in lines])
    return entry_id


# Built once: they run on every sale, refund and cash operation.
_ENTRY, _LINE = Entry.__table__, EntryLine.__table__
_INSERT_ENTRY = sa.insert(_ENTRY).returning(_ENTRY.c.id)
_INSERT_LINES = sa.insert(_LINE)
_LINE_COLUMNS = ("position", "account", "account_label", "label", "debit", "credit")


def _entry_with_lines() -> t.Any:
    """PostgreSQL: ``WITH entry AS (INSERT ... RETURNING id) INSERT INTO lines SELECT
    entry.id, unnest(the lines' columns as arrays)``, one statement whatever the number
    of lines (so it is compiled once)."""
    entry = (
        sa.insert(_ENTRY)
        .values({c.key: sa.bindparam(c.key, type_=c.type) for c in _ENTRY.c if c.key != "id"})
        .returning(_ENTRY.c.id)
        .cte("entry")
    )
    arrays = [
        # Named apart from the entry's own (both have a label).
        sa.bindparam(f"lines_{key}", type_=postgresql.ARRAY(_LINE.c[key].type))
        for key in _LINE_COLUMNS
    ]
    lines = sa.func.unnest(*arrays).table_valued(*_LINE_COLUMNS).render_derived()
    return (
        sa.insert(_LINE)
        .from_select(
            ["entry_id", *_LINE_COLUMNS],
            # One entry row beside every line: a join on true (a plain cross join is
            # what SQLAlchemy warns of as a forgotten condition).
            sa.select(entry.c.id, *(lines.c[key] for key in _LINE_COLUMNS)).select_from(
                entry.join(lines, sa.true())
            ),
        )
        .returning(_LINE.c.entry_id)
        .add_cte(entry)
    )


_INSERT_ENTRY_WITH_LINES = _entry_with_lines()


def _journals() -> tuple[str, str]:
    settings = get_settings("accounting")
    return settings["sales_journal"], settings["cash_journal"]


def record_sale(sale: t.Any, store: t.Any) -> int | None:
    """Book a completed sale: payments debited, revenue and tax credited."""
    with force_locale(store.locale):
        label = _("Sale %(number)s", number=sale.receipt_number)
    mapping = current_mapping()
    categories = _categories((line.product_id for line in sale.lines), mapping)
    postings = sale_postings(sale, categories, mapping, label)
    return _write(
        "sale",
        sale.id,
        _journals()[0],
        sale.receipt_number,
        label,
        sale.register_id,
        sale.completed_at,
        store,
        postings,
    )


def record_refund(refund: t.Any, sale: t.Any, store: t.Any) -> int | None:
    """Book a refund or a void: the sale's entry reversed for what was given back."""
    with force_locale(store.locale):
        if refund.kind == "void":
            label = _(
                "Void %(number)s of %(sale)s",
                number=refund.receipt_number,
                sale=sale.receipt_number,
            )
        else:
            label = _(
                "Refund %(number)s of %(sale)s",
                number=refund.receipt_number,
                sale=sale.receipt_number,
            )
    mapping = current_mapping()
    categories = _categories((line.product_id for line in sale.lines), mapping)
    postings = refund_postings(refund, sale, categories, mapping, label)
    return _write(
        refund.kind,
        refund.id,
        _journals()[0],
        refund.receipt_number,
        label,
        refund.register_id,
        refund.created_at,
        store,
        postings,
    )


def record_float(session: t.Any, store: t.Any) -> int | None:
    """Book the float put in the drawer at opening."""
    with force_locale(store.locale):
        label = _("Float, register %(code)s", code=session.register_code)
    postings = cash_postings("float", session.opening_float, current_mapping(), label)
    return _write(
        "float",
        str(session.id),
        _journals()[1],
        f"{session.register_code}-S{session.id}",
        label,
        session.register_id,
        session.opened_at,
        store,
        postings,
    )


def record_movement(movement: t.Any, session: t.Any, store: t.Any) -> int | None:
    """Book cash put in or taken out of the drawer."""
    with force_locale(store.locale):
        if movement.kind == "in":
            label = _(
                "Cash in, register %(code)s: %(reason)s",
                code=session.register_code,
                reason=movement.reason,
            )
        else:
            label = _(
                "Cash out, register %(code)s: %(reason)s",
                code=session.register_code,
                reason=movement.reason,
            )
    amount = movement.amount if movement.kind == "in" else -movement.amount
    postings = cash_postings("movement", amount, current_mapping(), label)
    return _write(
        f"cash_{movement.kind}",
        str(movement.id),
        _journals()[1],
        f"{session.register_code}-M{movement.id}",
        label,
        session.register_id,
        movement.created_at,
        store,
        postings,
    )


def record_closing(session: t.Any, store: t.Any) -> int | None:
    """Book the closing's cash over (counted above expected) or short."""
    with force_locale(store.locale):
        label = _("Cash over/short, register %(code)s", code=session.register_code)
    postings = cash_postings("closing", session.over_short or 0, current_mapping(), label)
    return _write(
        "closing",
        str(session.id),
        _journals()[1],
        f"{session.register_code}-Z{session.id}",
        label,
        session.register_id,
        session.closed_at,
        store,
        postings,
    )


# -- reading ---------------------------------------------------------------------------------


def period(start: dt.date | None, end: dt.date | None) -> tuple[dt.date, dt.date]:
    """The days asked for, both included: today's when neither is given.

    :raise Invalid: a period ending before it starts, or longer than ten years.
    """
    today = _local_day(utcnow(), current_store())
    end = end or start or today
    start = start or end
    if end < start:
        raise Invalid(_("the period ends before it starts"), code="bad_period", field="to")
    if (end - start).days > MAX_DAYS:
        raise Invalid(_("the period is longer than ten years"), code="bad_period", field="to")
    return start, end


def entries_between(start: dt.date, end: dt.date) -> list[Entry]:
    """The entries of these days (both included), in the order they were written."""
    return list(
        db.session.scalars(
            sa.select(Entry)
            .where(Entry.day >= start, Entry.day <= end)
            .order_by(Entry.day, Entry.occurred_at, Entry.id)
        )
    )


def daily_summary(start: dt.date, end: dt.date) -> list[dict[str, t.Any]]:
    """Per day and account: debits, credits and the number of entries, the day's totals
    balanced like each entry."""
    rows = db.session.execute(
        sa.select(
            Entry.day,
            EntryLine.account,
            sa.func.min(EntryLine.account_label),
            sa.func.sum(EntryLine.debit),
            sa.func.sum(EntryLine.credit),
        )
        .join(Entry, EntryLine.entry_id == Entry.id)
        .where(Entry.day >= start, Entry.day <= end)
        .group_by(Entry.day, EntryLine.account)
        .order_by(Entry.day, EntryLine.account)
    ).all()
    counts = dict(
        db.session.execute(
            sa.select(Entry.day, sa.func.count(Entry.id))
            .where(Entry.day >= start, Entry.day <= end)
            .group_by(Entry.day)
        ).all()
    )
    days: dict[dt.date, dict[str, t.Any]] = {}
    for day, account, label, debit, credit in rows:
        summary = days.setdefault(
            day,
            {"day": day, "entries": counts.get(day, 0), "debit": 0, "credit": 0, "accounts": []},
        )
        summary["accounts"].append(
            {
                "account": account,
                "label": label,
                "debit": int(debit or 0),
                "credit": int(credit or 0),
            }
        )
        summary["debit"] += int(debit or 0)
        summary["credit"] += int(credit or 0)
    return list(days.values())
