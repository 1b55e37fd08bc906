"""Payment methods (tenders). The core brings ``cash`` and ``card``; plugins add theirs
with ``pos_register_payment_methods`` (gift cards, loyalty points...).

A method is an object, not a hook: the sales engine asks it to ``validate`` a tender
before anything is written, to ``apply`` it inside the sale's transaction (with atomic
SQL when it moves a balance) and to ``reverse`` it inside a refund's transaction.
"""

from __future__ import annotations

import re
import typing as t

from ..plugins.errors import Rejected
from ..plugins.info import Problem

#: 13 to 19 digits, possibly grouped: what a primary account number looks like.
_PAN = re.compile(r"(?:\d[ -]?){13,19}")


class PaymentMethod:
    """Base class of payment methods; override what differs.

    :cvar code: what sale bodies name (``{"method": "card"}``).
    :cvar is_cash: counts in the drawer; the total is cash-rounded when it pays.
    :cvar gives_change: may exceed what is due, the excess is change.
    :cvar works_offline: the till may accept it without the server (documented per
        method; a balance kept on the server is not safe offline).
    """

    code: str = ""
    title: str = ""
    is_cash: bool = False
    gives_change: bool = False
    works_offline: bool = False

    def is_available(self, store: t.Any) -> bool:
        return True

    def validate(self, payment: dict[str, t.Any], cart: t.Any, store: t.Any) -> list[Problem]:
        """Problems with one tender (``payment`` is the loaded request item)."""
        return []

    def apply(self, payment: t.Any, sale: t.Any) -> None:
        """Inside the sale's transaction, after the ``Payment`` row is flushed. Raise
        :class:`core.plugins.Rejected` to refuse the sale."""

    def reverse(self, refund_payment: t.Any, refund: t.Any) -> None:
        """Inside a refund's transaction: give the money back on this method."""

    def describe(self) -> dict[str, t.Any]:
        return {
            "code": self.code,
            "title": self.title,
            "is_cash": self.is_cash,
            "gives_change": self.gives_change,
            "works_offline": self.works_offline,
        }


class CashMethod(PaymentMethod):
    code = "cash"
    title = "Cash"
    is_cash = True
    gives_change = True
    works_offline = True


class CardMethod(PaymentMethod):
    """Paid on an external terminal: only its reference and the last four digits are
    kept, never a card number."""

    code = "card"
    title = "Card"
    works_offline = True

    def validate(self, payment, cart, store):
        reference = payment.get("reference") or ""
        if _PAN.search(reference):
            return [
                Problem(
                    "card_number",
                    "never send a card number; the last 4 digits "
                    "and the terminal's reference are enough",
                    "reference",
                )
            ]
        return []


def check_payment(
    method: PaymentMethod, payment: dict[str, t.Any], cart: t.Any, store: t.Any
) -> None:
    for problem in method.validate(payment, cart, store) or []:
        raise Rejected(problem.message, code=problem.code, field=problem.field)
