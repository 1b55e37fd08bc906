"""Recording and reading the audit log.

:func:`record` is one line at the place where a sensitive thing happens, in the same
transaction: a refund that rolls back leaves no entry. A refused sign-in is the
exception: the request fails, yet its attempt must stay, so it is written with
``separate=True`` in a transaction of its own (as the PIN lockout counter is).
"""

from __future__ import annotations

import datetime as dt
import typing as t
from dataclasses import dataclass
from decimal import Decimal

import sqlalchemy as sa
from flask import has_request_context, request
from flask_login import current_user

from ..db import db, separate_transaction, utcnow
from .models import AuditEntry

__all__ = ["AuditQuery", "actions", "changed", "find_entries", "record"]

#: Setting names whose values are never written to the log, only that they changed.
_SECRET_WORDS = ("secret", "password", "token", "key", "pin")


def record(
    action: str,
    target: str = "",
    changes: dict[str, t.Any] | None = None,
    *,
    user: t.Any = None,
    username: str | None = None,
    separate: bool = False,
) -> None:
    """Add an entry to the audit log: who (the signed-in user, or ``user``), when (now),
    from where (the request's client address) and what changed.

    :param action: a dotted code, the plugin's name first for a plugin (``tips.payout``).
    :param target: what the action was done to, as ``kind:id`` (``sale:<uuid>``).
    :param changes: what changed, ``{"field": [before, after]}`` (see :func:`changed`),
        or details; decimals and dates are written as text.
    :param user: who did it, when it is not the signed-in user (a user signing in).
    :param username: the name typed, for a sign-in refused to no known user.
    :param separate: write and commit at once in a transaction of its own, for what must
        stay although the request fails (a refused sign-in).

    Example::

        audit("tips.payout", f"user:{user_id}", {"amount": [None, amount]})
    """
    # A sign-in refused to no known user is nobody's: not the session's user, if any.
    who = user if user is not None or username is not None else _signed_in()
    values = {
        "at": utcnow(),
        "user_id": getattr(who, "id", None),
        "username": (username if username is not None else getattr(who, "username", ""))[:64],
        "action": action[:64],
        "target": str(target)[:200],
        "changes": _plain(changes or {}),
        "address": _client_address(),
    }
    if separate:
        with separate_transaction() as connection:
            connection.execute(sa.insert(AuditEntry).values(**values))
    else:
        db.session.add(AuditEntry(**values))


def changed(before: dict[str, t.Any], after: dict[str, t.Any]) -> dict[str, list[t.Any]]:
    """``{"field": [before, after]}`` for the fields of ``after`` whose value differs;
    secrets (passwords, keys, tokens) are shown as ``"***"``.

    Example::

        record("catalog.product", f"product:{product.id}", changed(before, after))
    """
    found = {}
    for name, value in after.items():
        if before.get(name) != value:
            secret = any(word in name.lower() for word in _SECRET_WORDS)
            found[name] = ["***", "***"] if secret else [before.get(name), value]
    return found


def _signed_in() -> t.Any:
    if not has_request_context():
        return None
    user = current_user._get_current_object()
    return user if user is not None and user.is_authenticated else None


def _client_address() -> str:
    if not has_request_context():
        return ""
    return (request.remote_addr or "")[:64]


def _plain(value: t.Any) -> t.Any:
    """``value`` as JSON holds it: decimals and dates as text."""
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple | set | frozenset):
        return [_plain(v) for v in value]
    if isinstance(value, Decimal | dt.date | dt.datetime):
        return str(value) if isinstance(value, Decimal) else value.isoformat()
    if value is None or isinstance(value, bool | int | float | str):
        return value
    return str(value)


# -- reading -----------------------------------------------------------------------------------


@dataclass
class AuditQuery:
    """Filters of the audit page: all optional; ``end`` is exclusive."""

    action: str = ""
    user_id: int | None = None
    target: str = ""
    start: dt.datetime | None = None
    end: dt.datetime | None = None
    limit: int = 50
    offset: int = 0
    #: Only the entries of these users (a viewer limited to some stores sees their staff's).
    user_ids: t.Collection[int] | None = None


def find_entries(query: AuditQuery) -> tuple[list[AuditEntry], int]:
    """The entries matching ``query``, newest first, and how many match in all."""
    where = []
    if query.action:
        # "sales" matches every action of the sales domain, "sales.refund" only refunds.
        prefix = query.action + "."
        where.append(
            sa.or_(AuditEntry.action == query.action, AuditEntry.action.startswith(prefix))
        )
    if query.user_id is not None:
        where.append(AuditEntry.user_id == query.user_id)
    if query.user_ids is not None:
        where.append(AuditEntry.user_id.in_(list(query.user_ids)))
    if query.target:
        where.append(AuditEntry.target.startswith(query.target))
    if query.start is not None:
        where.append(AuditEntry.at >= query.start)
    if query.end is not None:
        where.append(AuditEntry.at < query.end)
    total = db.session.scalar(sa.select(sa.func.count(AuditEntry.id)).where(*where)) or 0
    rows = db.session.scalars(
        sa.select(AuditEntry)
        .where(*where)
        .order_by(AuditEntry.at.desc(), AuditEntry.id.desc())
        .limit(query.limit)
        .offset(query.offset)
    ).all()
    return list(rows), total


def actions() -> list[str]:
    """Every action code the log holds, for the page's filter."""
    return list(
        db.session.scalars(sa.select(AuditEntry.action).distinct().order_by(AuditEntry.action))
    )
