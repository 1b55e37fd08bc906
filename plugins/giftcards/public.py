"""What other plugins may use of gift cards (``PluginInfo.public``): store credit.

A plugin that lists ``giftcards`` in ``optional`` (or ``depends``) imports this module and
nothing else of gift cards; with ``optional`` only inside code run once
``plugin_enabled("giftcards")`` said yes.

Store credit is a gift card issued without a sale: spent at any till like any gift card,
with the same expiry (the ``validity_days`` setting) and the same guarded balance.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import sqlalchemy as sa
from flask_babel import gettext as _

from core.plugins import Invalid, current_store, current_user, db, write_transaction

from . import codes, services
from .models import GiftCard, LedgerEntry

#: Longest reference kept (the ledger's note column).
REFERENCE_LENGTH = 200


@dataclass(frozen=True)
class StoreCredit:
    """A store-credit card. ``code`` is its bearer secret, given only by the call that
    issued it (gift cards keep no code, only its hash); a repeated call with the same
    reference gets the same card with ``code`` ``None``."""

    card_id: int
    last4: str
    amount: int
    balance: int
    #: The card's last moment of use (the ``validity_days`` setting); ``None``: no end.
    expires_at: dt.datetime | None
    code: str | None

    @property
    def masked(self) -> str:
        """How the card is shown once its code was given: ``****WXYZ``."""
        return codes.masked(self.last4)


def issue_store_credit(amount: int, reference: str) -> StoreCredit:
    """Issue a card holding ``amount`` (minor units, > 0) as store credit, once per
    ``reference`` (the caller's own, e.g. ``"golf:rain-check:42"``, kept in the card's
    ledger). Runs in the caller's write transaction: the caller serialises calls with the
    same reference (a lock of its own row), as two at once would both find none.

    :raise Invalid: ``amount`` not positive, ``reference`` empty or too long.
    """
    if amount <= 0:
        raise Invalid(_("store credit must be more than zero"), field="amount")
    if not reference or len(reference) > REFERENCE_LENGTH:
        raise Invalid(_("a reference of 1 to 200 characters"), field="reference")
    write_transaction()
    existing = db.session.execute(
        sa.select(GiftCard, LedgerEntry.amount)
        .join(LedgerEntry, LedgerEntry.card_id == GiftCard.id)
        .where(LedgerEntry.kind == "issue", LedgerEntry.note == reference)
    ).first()
    if existing is not None:
        card, amount_issued = existing
        return _view(card, amount_issued, None)
    user = current_user()
    card, code = services.issue(
        amount, current_store().currency, note=reference, user_id=user.id if user else None
    )
    return _view(card, amount, code)


def store_credit(card_id: int) -> StoreCredit | None:
    """The card ``card_id`` as it is now (its balance: what is left), without its code;
    ``None`` for no such card."""
    card = db.session.get(GiftCard, card_id)
    return None if card is None else _view(card, card.initial_amount, None)


def _view(card: GiftCard, amount: int, code: str | None) -> StoreCredit:
    return StoreCredit(card.id, card.last4, amount, card.balance, card.expires_at, code)
