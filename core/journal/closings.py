"""Daily, monthly and yearly closings: the period's totals and the perpetual grand totals,
chained from one closing to the next and signed with the instance's Ed25519 key.

A closing's ``payload``::

    {"v": 1, "kind": "day", "period": "2026-11-29",
     "from": "2026-11-29T00:00:00+00:00", "to": "2026-11-30T00:00:00+00:00",
     "totals": {"sales_count", "sales_total", "refunds_count", "refunds_total",
                "net_total", "tax_total"},
     "grand_totals": {same keys, since the first sale, up to "to"},
     "heads": {"R1": {"sequence": 42, "hash": "..."}, ...},
     "closed_by": "marie"}

Periods are UTC days, months and years. Sales count on their ``completed_at``, refunds
and voids on their ``created_at``. ``heads`` are each register's last journal entry
written before the period's end: the signed closing vouches for the chain up to there.

The closing's ``hash`` is the SHA-256 of the canonical JSON of ``{"kind", "payload",
"period", "previous_hash", "sequence"}``; ``signature`` is the Ed25519 signature of the
hash's ASCII text. Anyone with the public key (``journal-signing.pub``) can check it.
"""

from __future__ import annotations

import calendar
import datetime as dt
import hashlib
import re
import typing as t

import sqlalchemy as sa
from flask_babel import gettext as _

from ..db import db, utcnow, write_transaction
from ..errors import Conflict, Invalid
from ..registers.models import Register
from ..sales.models import Refund, Sale
from .anchors import CLOSINGS, note_head
from .chain import GENESIS_HASH, canonical_json
from .keys import load_signing_key
from .models import JournalClosing, JournalEntry

KINDS = ("day", "month", "year")
_PERIOD = {
    "day": re.compile(r"^\d{4}-\d{2}-\d{2}$"),
    "month": re.compile(r"^\d{4}-\d{2}$"),
    "year": re.compile(r"^\d{4}$"),
}
TOTAL_KEYS = (
    "sales_count",
    "sales_total",
    "refunds_count",
    "refunds_total",
    "net_total",
    "tax_total",
)


def period_bounds(kind: str, period: str) -> tuple[dt.datetime, dt.datetime]:
    """The UTC start (included) and end (excluded) of a period.

    :raise Invalid: for an unknown kind or a period not written as the kind expects.
    """
    if kind not in KINDS:
        raise Invalid(_("kind is day, month or year"), fields={"kind": ["day, month or year"]})
    if not _PERIOD[kind].match(period or ""):
        example = {"day": "2026-11-29", "month": "2026-11", "year": "2026"}[kind]
        raise Invalid(
            f"a {kind}'s period is written like {example}",
            fields={"period": [f"written like {example}"]},
        )
    parts = [int(p) for p in period.split("-")]
    try:
        if kind == "day":
            start = dt.datetime(*parts, tzinfo=dt.UTC)
            return start, start + dt.timedelta(days=1)
        if kind == "month":
            start = dt.datetime(parts[0], parts[1], 1, tzinfo=dt.UTC)
            days = calendar.monthrange(parts[0], parts[1])[1]
            return start, start + dt.timedelta(days=days)
        start = dt.datetime(parts[0], 1, 1, tzinfo=dt.UTC)
        return start, dt.datetime(parts[0] + 1, 1, 1, tzinfo=dt.UTC)
    except (ValueError, OverflowError) as exc:  # 2026-02-30, 9999-12-31 (no day after)
        raise Invalid(
            _("no such period: %(exc)s", exc=exc), fields={"period": [str(exc)]}
        ) from None


def period_totals(start: dt.datetime | None, end: dt.datetime) -> dict[str, int]:
    """Sales, refunds and voids from ``start`` (or the beginning) to ``end``."""
    sales = sa.select(
        sa.func.count(Sale.id), sa.func.sum(Sale.total), sa.func.sum(Sale.tax_total)
    ).where(Sale.completed_at < end)
    refunds = sa.select(
        sa.func.count(Refund.id), sa.func.sum(Refund.total), sa.func.sum(Refund.tax_total)
    ).where(Refund.created_at < end)
    if start is not None:
        sales = sales.where(Sale.completed_at >= start)
        refunds = refunds.where(Refund.created_at >= start)
    sales_count, sales_total, sales_tax = db.session.execute(sales).one()
    refunds_count, refunds_total, refunds_tax = db.session.execute(refunds).one()
    return {
        "sales_count": int(sales_count or 0),
        "sales_total": int(sales_total or 0),
        "refunds_count": int(refunds_count or 0),
        "refunds_total": int(refunds_total or 0),
        "net_total": int(sales_total or 0) - int(refunds_total or 0),
        "tax_total": int(sales_tax or 0) - int(refunds_tax or 0),
    }


def heads_at(end: dt.datetime) -> dict[str, dict[str, t.Any]]:
    """Each register's last journal entry written before ``end``."""
    last = (
        sa.select(JournalEntry.register_id, sa.func.max(JournalEntry.sequence).label("sequence"))
        .where(JournalEntry.created_at < end)
        .group_by(JournalEntry.register_id)
        .subquery()
    )
    rows = db.session.execute(
        sa.select(Register.code, JournalEntry.sequence, JournalEntry.hash)
        .join(Register, Register.id == JournalEntry.register_id)
        .join(
            last,
            sa.and_(
                last.c.register_id == JournalEntry.register_id,
                last.c.sequence == JournalEntry.sequence,
            ),
        )
        .order_by(Register.code)
    ).all()
    return {code: {"sequence": sequence, "hash": digest} for code, sequence, digest in rows}


def closing_payload(kind: str, period: str, closed_by: str | None) -> dict[str, t.Any]:
    start, end = period_bounds(kind, period)
    return {
        "v": 1,
        "kind": kind,
        "period": period,
        "from": start.isoformat(),
        "to": end.isoformat(),
        "totals": period_totals(start, end),
        "grand_totals": period_totals(None, end),
        "heads": heads_at(end),
        "closed_by": closed_by,
    }


def closing_hash(
    sequence: int, kind: str, period: str, previous_hash: str, payload: dict[str, t.Any]
) -> str:
    content = canonical_json(
        {
            "kind": kind,
            "payload": payload,
            "period": period,
            "previous_hash": previous_hash,
            "sequence": sequence,
        }
    )
    return hashlib.sha256(content).hexdigest()


def close_period(kind: str, period: str, closed_by: str | None = None) -> JournalClosing:
    """Close a period that has ended: compute, chain, sign and store its closing, inside
    the caller's transaction (never commits).

    :raise Invalid: for a bad kind or period.
    :raise Conflict: ``period_open`` for a period not over yet, ``already_closed``.
    :raise MissingKey: when the instance has no signing key.
    """
    start, end = period_bounds(kind, period)
    if end > utcnow():
        raise Conflict(
            _("the %(kind)s %(period)s is not over yet", kind=kind, period=period),
            code="period_open",
        )
    key = load_signing_key()
    write_transaction()
    if db.session.scalar(
        sa.select(JournalClosing.id).where(
            JournalClosing.kind == kind, JournalClosing.period == period
        )
    ):
        raise Conflict(
            _("the %(kind)s %(period)s is already closed", kind=kind, period=period),
            code="already_closed",
        )
    last = db.session.execute(
        sa.select(JournalClosing.sequence, JournalClosing.hash)
        .order_by(JournalClosing.sequence.desc())
        .limit(1)
    ).first()
    sequence, previous_hash = (last[0] + 1, last[1]) if last else (1, GENESIS_HASH)
    payload = closing_payload(kind, period, closed_by)
    digest = closing_hash(sequence, kind, period, previous_hash, payload)
    closing = JournalClosing(
        sequence=sequence,
        kind=kind,
        period=period,
        payload=payload,
        previous_hash=previous_hash,
        hash=digest,
        signature=key.sign(digest.encode("ascii")).hex(),
        created_at=utcnow(),
    )
    db.session.add(closing)
    db.session.flush()
    note_head(CLOSINGS, sequence, digest)
    return closing


def list_closings(kind: str | None = None) -> list[JournalClosing]:
    select = sa.select(JournalClosing).order_by(JournalClosing.sequence)
    if kind is not None:
        select = select.where(JournalClosing.kind == kind)
    return list(db.session.scalars(select))


def signature_ok(public_key, digest: str, signature: str) -> bool:
    from cryptography.exceptions import InvalidSignature

    try:
        public_key.verify(bytes.fromhex(signature), digest.encode("ascii"))
    except (InvalidSignature, ValueError):
        return False
    return True


def check_closings(public_key, problem: t.Callable[[str, int, str, str], None]) -> int:
    """Check the chain of closings: each hash recomputed, each signature checked with
    ``public_key``, each link, each period's totals recomputed from today's records, and
    each register head still in the journal. Calls ``problem(what, sequence, reason,
    code)``; returns how many closings were checked."""
    previous = GENESIS_HASH
    expected = 1
    checked = 0
    for closing in list_closings():
        checked += 1
        where = f"{closing.kind} {closing.period}"
        if closing.sequence != expected:
            problem(
                where,
                expected,
                f"closings {expected} to {closing.sequence - 1} missing",
                "closing_removed",
            )
        expected = closing.sequence + 1
        try:
            digest = closing_hash(
                closing.sequence,
                closing.kind,
                closing.period,
                closing.previous_hash,
                closing.payload,
            )
        except TypeError:
            digest = None
        linked_to, previous = previous, closing.hash
        if digest != closing.hash:
            problem(
                where,
                closing.sequence,
                "closing changed: it no longer matches its hash",
                "closing_changed",
            )
            continue
        if not signature_ok(public_key, closing.hash, closing.signature):
            problem(
                where,
                closing.sequence,
                "closing not signed with the journal signing key",
                "closing_bad_signature",
            )
            continue
        if closing.previous_hash != linked_to:
            problem(where, closing.sequence, "closing chain broken", "closing_chain_broken")
            continue
        payload = closing.payload
        start, end = period_bounds(closing.kind, closing.period)
        if payload.get("totals") != period_totals(start, end) or payload.get(
            "grand_totals"
        ) != period_totals(None, end):
            problem(
                where,
                closing.sequence,
                "the records of this closed period no longer add up to its signed totals",
                "closing_totals",
            )
        for code, head in sorted((payload.get("heads") or {}).items()):
            stored = db.session.scalar(
                sa.select(JournalEntry.hash)
                .join(Register, Register.id == JournalEntry.register_id)
                .where(Register.code == code, JournalEntry.sequence == head["sequence"])
            )
            if stored != head["hash"]:
                problem(
                    where,
                    closing.sequence,
                    f"register {code}'s entry #{head['sequence']} vouched for by this closing "
                    "is gone or changed",
                    "closing_head",
                )
    return checked
