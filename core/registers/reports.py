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
from ..sales.models import Payment, Refund, RefundLine, RefundPayment, Sale, SaleTax
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


def session_figures(session: CashSession) -> dict[str, t.Any]:
    """The session's totals from the sales, refunds and cash movements recorded in it.

    ``payments`` (per method) and ``taxes`` (per rate) are net of refunds; the cash
    method is also net of the change given. ``expected_cash`` is what the drawer should
    hold: float + cash taken - change - cash refunded + cash in - cash out.
    """
    sid = session.id
    sales = db.session.execute(
        sa.select(
            sa.func.count(Sale.id),
            sa.func.sum(Sale.total),
            sa.func.sum(Sale.discount_total),
            sa.func.sum(Sale.change),
        ).where(Sale.cash_session_id == sid)
    ).one()
    sales_count, sales_total, discounts_total, change_given = (_int(v) for v in sales)

    taken = dict(
        db.session.execute(
            sa.select(Payment.method, sa.func.sum(Payment.amount))
            .join(Sale, Payment.sale_id == Sale.id)
            .where(Sale.cash_session_id == sid)
            .group_by(Payment.method)
        ).all()
    )
    given_back = dict(
        db.session.execute(
            sa.select(RefundPayment.method, sa.func.sum(RefundPayment.amount))
            .join(Refund, RefundPayment.refund_id == Refund.id)
            .where(Refund.cash_session_id == sid)
            .group_by(RefundPayment.method)
        ).all()
    )
    refunds = {
        kind: (_int(count), _int(total))
        for kind, count, total in db.session.execute(
            sa.select(Refund.kind, sa.func.count(Refund.id), sa.func.sum(Refund.total))
            .where(Refund.cash_session_id == sid)
            .group_by(Refund.kind)
        ).all()
    }
    movements = dict(
        db.session.execute(
            sa.select(CashMovement.kind, sa.func.sum(CashMovement.amount))
            .where(CashMovement.cash_session_id == sid)
            .group_by(CashMovement.kind)
        ).all()
    )

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
        "taxes": _taxes(sid),
        "expected_cash": session.opening_float + cash + cash_in - cash_out,
    }


def _taxes(sid: int) -> list[dict[str, t.Any]]:
    """Base, tax and total per rate: sales minus refunds and voids."""
    rows: dict[str, dict[str, t.Any]] = {}

    def add(rate: Decimal, base: t.Any, tax: t.Any, total: t.Any, sign: int) -> None:
        key = percent_text(rate)
        row = rows.setdefault(key, {"rate": key, "base": 0, "tax": 0, "total": 0})
        row["base"] += sign * _int(base)
        row["tax"] += sign * _int(tax)
        row["total"] += sign * _int(total)

    for rate, base, tax, total in db.session.execute(
        sa.select(
            SaleTax.rate,
            sa.func.sum(SaleTax.base),
            sa.func.sum(SaleTax.tax),
            sa.func.sum(SaleTax.total),
        )
        .join(Sale, SaleTax.sale_id == Sale.id)
        .where(Sale.cash_session_id == sid)
        .group_by(SaleTax.rate)
    ).all():
        add(rate, base, tax, total, 1)
    for rate, net, tax, total in db.session.execute(
        sa.select(
            RefundLine.tax_rate,
            sa.func.sum(RefundLine.net),
            sa.func.sum(RefundLine.tax),
            sa.func.sum(RefundLine.total),
        )
        .join(Refund, RefundLine.refund_id == Refund.id)
        .where(Refund.cash_session_id == sid)
        .group_by(RefundLine.tax_rate)
    ).all():
        add(rate, net, tax, total, -1)
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
