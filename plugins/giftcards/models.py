"""The tables of the gift cards plugin (every name starts with ``giftcards_``).

Money is in integer minor units. A card's code is its bearer secret: only its SHA-256
(``code_hash``, what lookups use) and its last four characters (for display) are kept in
these tables. ``balance`` only ever changes through guarded atomic ``UPDATE`` statements,
each recorded as a :class:`LedgerEntry`.
"""

from __future__ import annotations

import datetime as dt

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from core.plugins import Model, UTCDateTime, utcnow

#: ``active``: may be spent and reloaded; ``disabled``: stopped by a manager;
#: ``refunded``: its sale line was refunded. An active card past ``expires_at`` is expired.
STATUSES = ("active", "disabled", "refunded")


class GiftCard(Model):
    __tablename__ = "giftcards_card"
    __table_args__ = (sa.CheckConstraint("balance >= 0", name="balance_not_negative"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    code_hash: Mapped[str] = mapped_column(sa.String(64), unique=True)
    last4: Mapped[str] = mapped_column(sa.String(4))
    balance: Mapped[int] = mapped_column(sa.BigInteger)
    initial_amount: Mapped[int] = mapped_column(sa.BigInteger)
    currency: Mapped[str] = mapped_column(sa.String(3))
    status: Mapped[str] = mapped_column(sa.String(16), default="active", index=True)
    expires_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    #: The sale and line that sold it (``None`` for a card issued otherwise).
    sale_id: Mapped[str | None] = mapped_column(sa.String(36), index=True)
    sale_line_id: Mapped[int | None]
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)


class LedgerEntry(Model):
    """One change of a card's balance: ``amount`` is signed (+ credit, - debit) and
    ``balance`` is the balance right after it.

    ``kind``: ``issue``, ``reload``, ``redeem``, ``refund`` (money given back to the card),
    ``cancel`` (its sale line refunded) or ``adjust`` (a manager's credit).
    """

    __tablename__ = "giftcards_ledger"

    id: Mapped[int] = mapped_column(primary_key=True)
    card_id: Mapped[int] = mapped_column(sa.ForeignKey("giftcards_card.id"), index=True)
    kind: Mapped[str] = mapped_column(sa.String(16))
    amount: Mapped[int] = mapped_column(sa.BigInteger)
    balance: Mapped[int] = mapped_column(sa.BigInteger)
    sale_id: Mapped[str | None] = mapped_column(sa.String(36))
    refund_id: Mapped[str | None] = mapped_column(sa.String(36))
    user_id: Mapped[int | None]
    note: Mapped[str] = mapped_column(sa.String(200), default="")
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)


class UnprintedCode(Model):
    """The code of a card just sold, kept only until the buyer's receipt prints it once.

    Sale lines keep the card's id and last four characters, never its code: the sale
    answers and listings every cashier's token reads would give it away (issue 18). The
    first receipt of the sale prints the code and deletes this row; later receipts and
    duplicates show ``****WXYZ``.
    """

    __tablename__ = "giftcards_unprinted_code"

    sale_line_id: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    card_id: Mapped[int] = mapped_column(sa.ForeignKey("giftcards_card.id", ondelete="CASCADE"))
    code: Mapped[str] = mapped_column(sa.String(32))
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
