"""Business rules of gift cards: finding a card (rate-limited), issuing, and moving its
balance, always with guarded atomic SQL and a ledger row.

Every balance change is one ``UPDATE ... SET balance = balance +/- :a WHERE ...`` whose
guard (status, expiry, ``balance >= :a``) is checked by the database at the moment of the
write: two tills spending the same card at once can never take it below zero; the one
that comes second finds no row and is refused.
"""

from __future__ import annotations

import datetime as dt
import typing as t
from dataclasses import dataclass

import sqlalchemy as sa
from flask import current_app, request
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from core.plugins import (
    Conflict,
    Rejected,
    TooManyAttempts,
    current_store,
    current_user,
    db,
    get_settings,
    money_text,
    separate_transaction,
    utcnow,
    write_transaction,
)

from . import codes
from .models import GiftCard, LedgerEntry, UnprintedCode
from .ratelimit import FAILED_LOOKUPS


def settings() -> dict[str, t.Any]:
    return get_settings("giftcards")


#: A card's state as a sentence says it ("the card is stopped").
STATE_NAMES = {
    "active": _l("active"),
    "expired": _l("expired"),
    "disabled": _l("stopped"),
    "refunded": _l("refunded"),
}


def state(card: GiftCard, now: dt.datetime | None = None) -> str:
    """``active``, ``expired``, ``disabled`` or ``refunded``."""
    now = now or utcnow()
    if card.status == "active" and card.expires_at is not None and card.expires_at <= now:
        return "expired"
    return card.status


# -- finding a card --------------------------------------------------------------------------


class TooManyLookups(TooManyAttempts):
    """Too many unknown codes tried: guessing must not go on."""

    code = "too_many_lookups"


def _who() -> tuple[str, str]:
    """Whose failures these are: the signed-in user (token or session), else the remote
    address; within this database."""
    database = str(current_app.config.get("SQLALCHEMY_DATABASE_URI", ""))
    user = current_user()
    if user is not None:
        return database, f"user:{user.id}"
    try:
        return database, f"addr:{request.remote_addr}"
    except RuntimeError:  # outside a request (command line): one bucket
        return database, "local"


def find_card(code: str) -> GiftCard | None:
    """The card of ``code``, or None; a miss counts as a failed lookup.

    :raises TooManyLookups: once the caller failed too often in the window, even
        for a right code: otherwise guessing could go on.
    """
    values = settings()
    limit, window = values["lookup_limit"], values["lookup_window_seconds"]
    who = _who()
    if FAILED_LOOKUPS.blocked(who, limit, window):
        retry_after = FAILED_LOOKUPS.retry_after(who, window)
        raise TooManyLookups(
            "too many unknown gift card codes; wait a minute",
            retry_after=retry_after,
            fields={"retry_after": retry_after},
        )
    normal = codes.normalise(code)
    card = None
    if len(normal) == codes.LENGTH and set(normal) <= set(codes.ALPHABET):
        card = db.session.scalar(
            sa.select(GiftCard).where(GiftCard.code_hash == codes.code_hash(normal))
        )
    if card is None:
        FAILED_LOOKUPS.fail(who, window)
    return card


def usable_problem(card: GiftCard | None) -> tuple[str, str] | None:
    """``(code, message)`` when ``card`` cannot be spent or reloaded now."""
    if card is None:
        return "unknown_gift_card", _("unknown gift card")
    current = state(card)
    if current == "expired":
        return "gift_card_expired", _(
            "the gift card %(card)s has expired", card=codes.masked(card.last4)
        )
    if current != "active":
        return "gift_card_inactive", _(
            "the gift card %(card)s is %(state)s",
            card=codes.masked(card.last4),
            state=STATE_NAMES.get(current, current),
        )
    return None


# -- moving balances -------------------------------------------------------------------------


@dataclass(frozen=True)
class Moved:
    card_id: int
    last4: str
    balance: int


def _ledger(moved: Moved, kind: str, amount: int, **refs: t.Any) -> None:
    db.session.add(
        LedgerEntry(card_id=moved.card_id, kind=kind, amount=amount, balance=moved.balance, **refs)
    )


def _update(where: list[t.Any], delta: t.Any, **values: t.Any) -> Moved | None:
    row = db.session.execute(
        sa.update(GiftCard)
        .where(*where)
        .values(balance=GiftCard.balance + delta, **values)
        .returning(GiftCard.id, GiftCard.last4, GiftCard.balance)
        .execution_options(synchronize_session=False)
    ).first()
    return Moved(*row) if row is not None else None


def _spendable(now: dt.datetime) -> list[t.Any]:
    return [
        GiftCard.status == "active",
        sa.or_(GiftCard.expires_at.is_(None), GiftCard.expires_at > now),
    ]


def redeem(code: str, amount: int, **refs: t.Any) -> Moved | None:
    """Take ``amount`` off the card of ``code`` if it is active, unexpired and holds
    enough; None otherwise (nothing changed)."""
    now = utcnow()
    moved = _update(
        [GiftCard.code_hash == codes.code_hash(code), GiftCard.balance >= amount, *_spendable(now)],
        -amount,
    )
    if moved is not None:
        _ledger(moved, "redeem", -amount, **refs)
    return moved


def credit(card_id: int, amount: int, kind: str, **refs: t.Any) -> Moved | None:
    """Add ``amount`` to an active, unexpired card; None when it is not."""
    moved = _update([GiftCard.id == card_id, *_spendable(utcnow())], amount)
    if moved is not None:
        _ledger(moved, kind, amount, **refs)
    return moved


def cancel(card_id: int, amount: int, **refs: t.Any) -> Moved | None:
    """Take back ``amount`` loaded by a sale line being refunded; None when the card no
    longer holds it. A card left empty is closed (``refunded``)."""
    moved = _update(
        [
            GiftCard.id == card_id,
            GiftCard.balance >= amount,
            GiftCard.status.in_(("active", "disabled")),
        ],
        -amount,
        status=sa.case((GiftCard.balance == amount, "refunded"), else_=GiftCard.status),
    )
    if moved is not None:
        _ledger(moved, "cancel", -amount, **refs)
    return moved


def issue(amount: int, currency: str, **refs: t.Any) -> tuple[GiftCard, str]:
    """Create an active card holding ``amount``; returns it with its code, which is
    never stored (only its hash)."""
    code = codes.new_code()
    days = settings()["validity_days"]
    now = utcnow()
    card = GiftCard(
        code_hash=codes.code_hash(code),
        last4=codes.last4(code),
        balance=amount,
        initial_amount=amount,
        currency=currency,
        status="active",
        expires_at=now + dt.timedelta(days=days) if days else None,
        sale_id=refs.get("sale_id"),
        sale_line_id=refs.pop("sale_line_id", None),
        created_at=now,
    )
    db.session.add(card)
    db.session.flush()
    _ledger(Moved(card.id, card.last4, amount), "issue", amount, **refs)
    return card, code


def keep_until_printed(sale_line_id: int, card_id: int, code: str) -> None:
    """Keep a sold card's code for the buyer's receipt (:class:`UnprintedCode`)."""
    db.session.add(UnprintedCode(sale_line_id=sale_line_id, card_id=card_id, code=code))


def take_unprinted_code(sale_line_id: int) -> str | None:
    """The code of the card sold on this line if no receipt printed it yet, forgotten as
    it is given; else ``None``. Receipts are read by ``GET``, whose transaction is never
    committed: the forgetting commits in a transaction of its own, so a second receipt
    (or a duplicate) never shows the code again."""
    code = db.session.scalar(
        sa.select(UnprintedCode.code).where(UnprintedCode.sale_line_id == sale_line_id)
    )
    if code is None:
        return None
    with separate_transaction() as connection:
        forgotten = connection.execute(
            sa.delete(UnprintedCode.__table__).where(
                UnprintedCode.__table__.c.sale_line_id == sale_line_id
            )
        )
    # Two receipts read at once: only the one that deleted the row prints the code.
    return code if forgotten.rowcount == 1 else None


def extend_validity(card_id: int) -> None:
    """A reloaded card is valid for the full period again (never shortened)."""
    days = settings()["validity_days"]
    if not days:
        return
    until = utcnow() + dt.timedelta(days=days)
    db.session.execute(
        sa.update(GiftCard)
        .where(
            GiftCard.id == card_id, GiftCard.expires_at.is_not(None), GiftCard.expires_at < until
        )
        .values(expires_at=until)
        .execution_options(synchronize_session=False)
    )


def require_usable(code: str) -> GiftCard:
    """The card of ``code`` if it can be spent or reloaded, else a 422 (or 429)."""
    card = find_card(code)
    problem = usable_problem(card)
    if problem is not None:
        raise Rejected(problem[1], code=problem[0], field="code")
    assert card is not None
    return card


def ledger(card: GiftCard) -> list[LedgerEntry]:
    return list(
        db.session.scalars(
            sa.select(LedgerEntry).where(LedgerEntry.card_id == card.id).order_by(LedgerEntry.id)
        )
    )


def list_cards(status: str | None, limit: int, offset: int) -> tuple[list[GiftCard], int]:
    stmt = sa.select(GiftCard)
    now = utcnow()
    if status == "expired":
        stmt = stmt.where(GiftCard.status == "active", GiftCard.expires_at <= now)
    elif status == "active":
        stmt = stmt.where(*_spendable(now))
    elif status:
        stmt = stmt.where(GiftCard.status == status)
    total = db.session.scalar(sa.select(sa.func.count()).select_from(stmt.subquery())) or 0
    rows = db.session.scalars(stmt.order_by(GiftCard.id.desc()).limit(limit).offset(offset))
    return list(rows), total


# -- a manager's actions ---------------------------------------------------------------------


def manual_credit(card: GiftCard, amount: int, note: str) -> GiftCard:
    """Credit a card without a sale (a goodwill gesture, a correction), in the ledger as
    ``adjust`` with the manager's name; at most the ``max_amount`` setting at once.

    :raise Rejected: ``amount_too_large``.
    :raise Conflict: ``gift_card_inactive`` when the card is stopped, expired or spent.
    """
    limit = settings()["max_amount"]
    if amount > limit:
        raise Rejected(
            _("at most %(amount)s at once", amount=money_text(limit, current_store().currency)),
            code="amount_too_large",
            field="amount",
        )
    write_transaction()
    user = current_user()
    moved = credit(card.id, amount, "adjust", user_id=user.id if user else None, note=note)
    if moved is None:
        raise Conflict(_("the card cannot be credited any more"), code="gift_card_inactive")
    db.session.refresh(card)
    return card


def stop(card: GiftCard) -> GiftCard:
    """Stop a card (lost, stolen): it can no longer pay or be reloaded; its balance is
    kept. :raise Conflict: ``gift_card_inactive`` when it is not active."""
    write_transaction()
    changed = db.session.execute(
        sa.update(GiftCard)
        .where(GiftCard.id == card.id, GiftCard.status == "active")
        .values(status="disabled")
        .execution_options(synchronize_session=False)
    ).rowcount
    if not changed:
        raise Conflict(
            _("the card is %(state)s", state=STATE_NAMES.get(state(card), state(card))),
            code="gift_card_inactive",
        )
    db.session.refresh(card)
    return card
