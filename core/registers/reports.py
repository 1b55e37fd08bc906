"""X and Z reports: a cash session's figures, aggregated in SQL.

The X report is read at any time during a session and writes nothing; the Z report is the
same report taken when the session closes, with the counted cash, and is kept on the
session as it was printed. Both are plain JSON-ready dicts; money in minor units.
"""

from __future__ import annotations

import datetime as dt
import typing as t
from decimal import Decimal

import sqlalchemy as sa

from ..auth.models import User
from ..db import db, utcnow
from ..fields import percent_text
from ..sales.models import Payment, Rate, Refund, RefundLine, RefundPayment, Sale, SaleTax
from .models import CashMovement, CashSession, Register

CASH = "cash"

#: The figures of a session that the ``session_close`` journal entry records.
FIGURE_KEYS: tuple[str, ...] = (
    "opening_float",
    "cash_in",
    "cash_out",
    "sales_count",
    "sales_total",
    "discounts_total",
    "change_given",
    "refunds_count",
    "refunds_total",
    "voids_count",
    "voids_total",
    "net_total",
    "payments",
    "taxes",
    "expected_cash",
)


def iso(moment: dt.datetime | None) -> str | None:
    """ISO 8601 in UTC with microseconds, or ``None``."""
    if moment is None:
        return None
    return moment.astimezone(dt.UTC).isoformat(timespec="microseconds")


def _int(value: t.Any) -> int:
    return int(value or 0)


#: The parts of :func:`_session_sums`' one statement, named by its first column.
_SALES, _TAKEN, _GIVEN_BACK, _REFUNDS, _MOVEMENTS, _SOLD_TAX, _REFUNDED_TAX = (
    "sales",
    "taken",
    "given_back",
    "refunds",
    "movements",
    "sold_tax",
    "refunded_tax",
)


def _part(
    name: str,
    key: t.Any = None,
    rate: t.Any = None,
    count: t.Any = None,
    *sums: t.Any,
) -> sa.Select:
    """One part of the union: ``(part, key, rate, count, a, b, c)``, unused ones null."""
    sums = sums + (None,) * (3 - len(sums))
    key = _null(sa.String) if key is None else sa.cast(key, sa.String)
    return sa.select(
        sa.literal(name, sa.String).label("part"),
        key.label("key"),
        (_null(Rate) if rate is None else rate).label("rate"),
        (_null(sa.Integer) if count is None else count).label("n"),
        *(
            (_null(sa.BigInteger) if value is None else sa.func.sum(value)).label(f"s{i}")
            for i, value in enumerate(sums)
        ),
    )


def _null(type_: t.Any) -> t.Any:
    return sa.cast(sa.null(), type_)


def _session_sums(sid: int) -> dict[str, list[t.Any]]:
    """Every aggregate the X/Z report needs, in one statement (a ``UNION ALL`` of seven
    grouped parts, each found through its session index): they were seven round trips,
    most of the report's time over the same few hundred rows. Rows by part name."""
    sale_in = Sale.cash_session_id == sid
    refund_in = Refund.cash_session_id == sid
    union = sa.union_all(
        _part(
            _SALES, None, None, sa.func.count(Sale.id), Sale.total, Sale.discount_total, Sale.change
        ).where(sale_in),
        _part(_TAKEN, Payment.method, None, None, Payment.amount)
        .join(Sale, Payment.sale_id == Sale.id)
        .where(sale_in)
        .group_by(Payment.method),
        _part(_GIVEN_BACK, RefundPayment.method, None, None, RefundPayment.amount)
        .join(Refund, RefundPayment.refund_id == Refund.id)
        .where(refund_in)
        .group_by(RefundPayment.method),
        _part(_REFUNDS, Refund.kind, None, sa.func.count(Refund.id), Refund.total)
        .where(refund_in)
        .group_by(Refund.kind),
        _part(_MOVEMENTS, CashMovement.kind, None, None, CashMovement.amount)
        .where(CashMovement.cash_session_id == sid)
        .group_by(CashMovement.kind),
        _part(_SOLD_TAX, None, SaleTax.rate, None, SaleTax.base, SaleTax.tax, SaleTax.total)
        .join(Sale, SaleTax.sale_id == Sale.id)
        .where(sale_in)
        .group_by(SaleTax.rate),
        _part(
            _REFUNDED_TAX,
            None,
            RefundLine.tax_rate,
            None,
            RefundLine.net,
            RefundLine.tax,
            RefundLine.total,
        )
        .join(Refund, RefundLine.refund_id == Refund.id)
        .where(refund_in)
        .group_by(RefundLine.tax_rate),
    )
    parts: dict[str, list[t.Any]] = {}
    for row in db.session.execute(union):
        parts.setdefault(row.part, []).append(row)
    return parts


def session_figures(session: CashSession) -> dict[str, t.Any]:
    """The session's totals from the sales, refunds and cash movements recorded in it.

    ``payments`` (per method) and ``taxes`` (per rate) are net of refunds; the cash
    method is also net of the change given. ``expected_cash`` is what the drawer should
    hold: float + cash taken - change - cash refunded + cash in - cash out.
    """
    parts = _session_sums(session.id)
    sales = parts[_SALES][0]
    sales_count = _int(sales.n)
    sales_total, discounts_total, change_given = (_int(v) for v in (sales.s0, sales.s1, sales.s2))
    taken = {row.key: row.s0 for row in parts.get(_TAKEN, ())}
    given_back = {row.key: row.s0 for row in parts.get(_GIVEN_BACK, ())}
    refunds = {row.key: (_int(row.n), _int(row.s0)) for row in parts.get(_REFUNDS, ())}
    movements = {row.key: row.s0 for row in parts.get(_MOVEMENTS, ())}

    payments = []
    for method in sorted(set(taken) | set(given_back)):
        received = _int(taken.get(method)) - (change_given if method == CASH else 0)
        refunded = _int(given_back.get(method))
        payments.append(
            {"method": method, "sales": received, "refunds": refunded, "total": received - refunded}
        )
    cash = next((row["total"] for row in payments if row["method"] == CASH), 0)
    cash_in, cash_out = _int(movements.get("in")), _int(movements.get("out"))
    refunds_count, refunds_total = refunds.get("refund", (0, 0))
    voids_count, voids_total = refunds.get("void", (0, 0))
    return {
        "opening_float": session.opening_float,
        "cash_in": cash_in,
        "cash_out": cash_out,
        "sales_count": sales_count,
        "sales_total": sales_total,
        "discounts_total": discounts_total,
        "change_given": change_given,
        "refunds_count": refunds_count,
        "refunds_total": refunds_total,
        "voids_count": voids_count,
        "voids_total": voids_total,
        "net_total": sales_total - refunds_total - voids_total,
        "payments": payments,
        "taxes": _taxes(parts.get(_SOLD_TAX, ()), parts.get(_REFUNDED_TAX, ())),
        "expected_cash": session.opening_float + cash + cash_in - cash_out,
    }


def _taxes(sold: t.Iterable[t.Any], refunded: t.Iterable[t.Any]) -> list[dict[str, t.Any]]:
    """Base, tax and total per rate: sales minus refunds and voids."""
    rows: dict[str, dict[str, t.Any]] = {}
    for sign, found in ((1, sold), (-1, refunded)):
        for row in found:
            key = percent_text(row.rate)
            figures = rows.setdefault(key, {"rate": key, "base": 0, "tax": 0, "total": 0})
            figures["base"] += sign * _int(row.s0)
            figures["tax"] += sign * _int(row.s1)
            figures["total"] += sign * _int(row.s2)
    return sorted(rows.values(), key=lambda row: Decimal(row["rate"]))


def user_names(user_id: int | None) -> tuple[str | None, str | None]:
    """A user's ``(username, full name or username)``."""
    user = db.session.get(User, user_id) if user_id is not None else None
    if user is None:
        return None, None
    return user.username, user.full_name or user.username


def session_report(
    session: CashSession,
    register: Register,
    kind: str,
    figures: dict[str, t.Any] | None = None,
) -> dict[str, t.Any]:
    """The X (``kind="X"``) or Z (``"Z"``) report of ``session``.

    For a Z report the session's closing fields must be set; ``counted_cash`` and
    ``over_short`` are ``None`` on an X report. ``journal`` is the register's chain head
    as it stands, so a journal cut off later no longer reaches the printed head.
    ``figures`` saves recomputing what :func:`session_figures` just returned.
    """
    if figures is None:
        figures = session_figures(session)
    opened_by, opened_by_name = user_names(session.opened_by)
    closed_by, closed_by_name = user_names(session.closed_by)
    counted = session.counted_cash if kind == "Z" else None
    return {
        "kind": kind,
        "register": {"id": register.id, "code": register.code, "name": register.name},
        "session_id": session.id,
        "status": session.status,
        "opened_at": iso(session.opened_at),
        "opened_by": opened_by,
        "opened_by_name": opened_by_name,
        "closed_at": iso(session.closed_at),
        "closed_by": closed_by,
        "closed_by_name": closed_by_name,
        "generated_at": iso(session.closed_at if kind == "Z" else utcnow()),
        **figures,
        "counted_cash": counted,
        "over_short": None if counted is None else counted - figures["expected_cash"],
        "journal": {"sequence": register.journal_sequence, "head": register.journal_head},
    }
