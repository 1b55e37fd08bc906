"""What a "no sale" (the drawer opened without a sale) writes to the journal, and how
``journal verify`` rebuilds it from the stored record.

Reference: ``<register code>/N<at>``, the time in UTC as the cash movements write it.
"""

from __future__ import annotations

import datetime as dt
import typing as t

import sqlalchemy as sa

from ..auth.models import User
from ..db import db
from ..plugins.info import JournalKind
from ..registers.models import Register
from .models import NoSale

KIND = "no_sale"
STAMP_FORMAT = "%Y%m%dT%H%M%S.%fZ"


def no_sale_reference(register: Register, row: NoSale) -> str:
    return f"{register.code}/N{row.at.astimezone(dt.UTC).strftime(STAMP_FORMAT)}"


def no_sale_payload(register: Register, row: NoSale) -> dict[str, t.Any]:
    user = db.session.get(User, row.user_id)
    return {
        "register": register.code,
        "at": row.at.astimezone(dt.UTC).isoformat(),
        "user": user.username if user is not None else None,
        "reason": row.reason,
    }


def _rebuild(reference: str) -> dict[str, t.Any] | None:
    code, _, rest = reference.rpartition("/")
    if not code or not rest.startswith("N"):
        return None
    try:
        at = dt.datetime.strptime(rest[1:], STAMP_FORMAT).replace(tzinfo=dt.UTC)
    except ValueError:
        return None
    row = db.session.execute(
        sa.select(Register, NoSale)
        .join(NoSale, NoSale.register_id == Register.id)
        .where(Register.code == code, NoSale.at == at)
    ).first()
    return no_sale_payload(row[0], row[1]) if row is not None else None


#: Declared by :mod:`core.devices.hooks`.
JOURNAL_KINDS = (JournalKind(KIND, _rebuild),)
