"""Codes read by a register's serial scanner, forwarded by its agent for the till.

The agent sends each code at once with its own id for it; the server keeps the codes of
each register for :data:`KEEP_FOR` only, and the register's till takes those it has not
seen yet (by the increasing ``id``). A code older than that is never handed out: a
scan must ring up now, not when a till comes back minutes later.
"""

from __future__ import annotations

import datetime as dt
import typing as t

import sqlalchemy as sa
from flask_babel import gettext as _

from ..db import db, insert_ignore, utcnow, write_transaction
from ..errors import Invalid
from . import agents
from .models import ScannedCode

#: How long a forwarded code may still ring up at the till.
KEEP_FOR = dt.timedelta(seconds=30)


def register_for(agent: t.Any, register_code: str | None) -> int:
    """The register whose scanner read an agent's codes: the one named, which the agent
    must serve; unnamed, the one it was paired for, or else its only register.

    :raise Invalid: a register the agent does not serve, or none to choose.
    """
    served = agents.registers_of(agent.id)
    if register_code is not None:
        for register in served:
            if register.code == register_code:
                return register.id
        raise Invalid(
            _("this agent does not serve register %(code)s", code=register_code),
            field="register_code",
        )
    ids = [register.id for register in served]
    if agent.register_id in ids:
        return agent.register_id
    if len(ids) == 1:
        return ids[0]
    raise Invalid(_("name the register whose scanner read the codes"), field="register_code")


def receive(register_id: int, codes: t.Sequence[t.Mapping[str, str]]) -> int:
    """Keep ``codes`` (``{"id", "code"}``) for the register's till, once per ``id``; drop
    the expired ones. How many codes are held for the register now."""
    write_transaction()
    now = utcnow()
    db.session.execute(sa.delete(ScannedCode).where(ScannedCode.scanned_at < now - KEEP_FOR))
    if codes:
        # ON CONFLICT DO NOTHING: a retried upload (its answer lost) keeps each code once.
        insert_ignore(
            ScannedCode,
            [
                {
                    "register_id": register_id,
                    "client_id": item["id"],
                    "code": item["code"],
                    "scanned_at": now,
                }
                for item in codes
            ],
            index_elements=["register_id", "client_id"],
        )
    return len(codes)


def since(register_id: int, after: int | None) -> dict[str, t.Any]:
    """The register's fresh codes after the id ``after``, oldest first, and the cursor
    to ask with next. Without ``after`` (a till just opened) no code, only the cursor:
    what was scanned before the till looked is not rung up."""
    fresh = ScannedCode.scanned_at >= utcnow() - KEEP_FOR
    last = db.session.scalar(
        sa.select(sa.func.max(ScannedCode.id)).where(ScannedCode.register_id == register_id)
    )
    if after is None:
        return {"scans": [], "last": last or 0}
    rows = db.session.scalars(
        sa.select(ScannedCode)
        .where(ScannedCode.register_id == register_id, ScannedCode.id > after, fresh)
        .order_by(ScannedCode.id)
    ).all()
    return {
        "scans": [{"id": row.id, "code": row.code} for row in rows],
        "last": max([after, last or 0]),
    }
