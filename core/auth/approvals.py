"""A manager's one-shot approval: what a cashier may not do alone (a discount beyond
their limit, a refund, a void, closing the register), done anyway because a manager typed
their PIN on the cashier's till.

The approval travels in the request's body (``{"approval": {"user_id": 2, "pin":
"1111"}}``) and is checked for that one request: the manager's PIN through the same
throttle as a PIN sign-in (:func:`.services.authenticate_pin`), then that they hold the
permission. Nobody is signed in by it: the cashier stays the one signed in, the action is
theirs, and the services record the manager as its approver (the audit log, the journal).
The next request needs a new approval.

Example::

    manager = approve(actor, "sales.void", body.get("approval"), max_attempts=5,
                      lockout=dt.timedelta(minutes=15))
    # None: the actor holds sales.void and needed nobody
"""

from __future__ import annotations

import datetime as dt
import math
import typing as t

from flask_babel import gettext as _

from ..db import utcnow
from ..errors import Forbidden, TooManyAttempts
from .models import User
from .services import AuthError, LockedOut, authenticate_pin


def approve(
    actor: User,
    permission: str,
    approval: dict[str, t.Any] | None,
    *,
    max_attempts: int,
    lockout: dt.timedelta,
    required_message: str | None = None,
) -> User | None:
    """The manager approving ``actor``'s use of ``permission``, or ``None`` when the
    actor holds it themselves (an approval sent anyway is not checked).

    :raises Forbidden: ``approval_required`` without an approval (``required_message``
        says why, else a general message); ``approval_refused`` for a wrong PIN, an
        approver without the permission, or the actor approving themselves.
    :raises TooManyAttempts: ``locked_out`` (or ``too_many_attempts``) after too many
        wrong PINs, as at sign-in.
    """
    if actor.can(permission):
        return None
    if approval is None:
        raise Forbidden(
            required_message or _("a manager must approve this"), code="approval_required"
        )
    return check_approver(actor, permission, approval, max_attempts=max_attempts, lockout=lockout)


def check_approver(
    actor: User,
    permission: str,
    approval: dict[str, t.Any],
    *,
    max_attempts: int,
    lockout: dt.timedelta,
    refused_message: t.Callable[[User], str] | None = None,
) -> User:
    """The user of ``approval`` (``user_id``, ``pin``) if their PIN is right and they hold
    ``permission``; see :func:`approve` for the refusals. ``refused_message(approver)``
    says why an approver without the permission is refused, when the caller words it."""
    if approval["user_id"] == actor.id:
        raise Forbidden(
            _("someone else approves: nobody approves their own action"),
            code="approval_refused",
            field="approval.user_id",
        )
    try:
        manager = authenticate_pin(
            approval["user_id"], approval["pin"], max_attempts=max_attempts, lockout=lockout
        )
    except LockedOut as error:
        until = error.until.isoformat(timespec="seconds")
        raise TooManyAttempts(
            _("approval refused: %(reason)s", reason=error.message),
            code=error.code,
            retry_after=max(1, math.ceil((error.until - utcnow()).total_seconds())),
            fields={"locked_until": [until]},
        ) from None
    except AuthError as error:
        raise Forbidden(
            _("approval refused: %(reason)s", reason=error.message),
            code="approval_refused",
            field="approval.pin",
        ) from None
    if not manager.can(permission):
        raise Forbidden(
            refused_message(manager)
            if refused_message
            else _("%(name)s may not approve this", name=manager.full_name),
            code="approval_refused",
            field="approval.user_id",
        )
    return manager
