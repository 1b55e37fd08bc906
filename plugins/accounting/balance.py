"""Postings and the check every entry passes before it is written."""

from __future__ import annotations

import typing as t
from dataclasses import dataclass

from flask_babel import gettext as _

from core.plugins import Rejected


@dataclass(frozen=True)
class Posting:
    """One line of an entry: an account, and a debit or a credit in minor units."""

    account: str
    account_label: str
    label: str
    debit: int
    credit: int


class Unbalanced(Rejected):
    """An entry whose debits and credits differ: never written, and the operation it
    records is refused with it (the books and the till cannot disagree)."""

    code = "unbalanced_entry"

    def __init__(self, message: str):
        super().__init__(message, code="unbalanced_entry")


def check_balanced(postings: t.Sequence[Posting]) -> None:
    """Refuse postings that are not a double entry: each line one side only, in whole
    non-negative minor units, debits equal to credits.

    :raise Unbalanced: with both totals in the message.
    """
    for posting in postings:
        for amount in (posting.debit, posting.credit):
            if isinstance(amount, bool) or not isinstance(amount, int) or amount < 0:
                raise Unbalanced(_("an entry line has an invalid amount"))
        if (posting.debit == 0) == (posting.credit == 0):
            raise Unbalanced(_("an entry line must be a debit or a credit"))
    debit = sum(p.debit for p in postings)
    credit = sum(p.credit for p in postings)
    if debit != credit:
        raise Unbalanced(
            _("unbalanced entry: debit %(debit)s, credit %(credit)s", debit=debit, credit=credit)
        )
