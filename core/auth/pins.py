"""Checking a user's till PIN for something other than signing in: an employee clocking
in at a shared till, where the cashier signed in stays signed in.

The PIN goes through the same throttle and lockout as a PIN sign-in
(:func:`.services.authenticate_pin`, with the store's ``pin_max_attempts`` per
``pin_lockout_minutes``), so a till that checks PINs for another purpose is no easier to
guess on than its sign-in screen.
"""

from __future__ import annotations

import datetime as dt
import math

from flask_babel import gettext as _

from ..db import utcnow
from ..errors import Forbidden, TooManyAttempts
from ..stores.settings import current_store
from .records import UserView, user_view
from .services import AuthError, LockedOut, authenticate_pin


def verify_pin(user_id: int, pin: str) -> UserView:
    """The user ``user_id`` if ``pin`` is their PIN. Nobody is signed in by it.

    Wrong PINs count towards the same lockout as signing in at the till; an unknown or
    inactive user, or one without a PIN, is refused exactly as a wrong PIN.

    :raises Forbidden: ``wrong_pin``, the message saying how many tries are left.
    :raises TooManyAttempts: ``locked_out`` (or ``too_many_attempts``), with
        ``retry_after``, after too many wrong PINs.

    Example::

        employee = verify_pin(body["user_id"], body["pin"])
        clock_in(employee.id)
    """
    settings = current_store().values
    try:
        user = authenticate_pin(
            user_id,
            pin,
            max_attempts=settings["pin_max_attempts"],
            lockout=dt.timedelta(minutes=settings["pin_lockout_minutes"]),
        )
    except LockedOut as error:
        raise TooManyAttempts(
            _("too many wrong PINs; try again later"),
            code=error.code,
            retry_after=max(1, math.ceil((error.until - utcnow()).total_seconds())),
            fields={"locked_until": [error.until.isoformat(timespec="seconds")]},
        ) from None
    except AuthError as error:
        raise Forbidden(error.message, code="wrong_pin", field="pin") from None
    return user_view(user)


def pin_users(permission: str) -> list[UserView]:
    """The active users with a PIN who hold ``permission``, by name: whom a screen signed
    in by PIN (a kitchen display) lists on its sign-in screen. Names only are shown.

    Example::

        names = [{"id": u.id, "full_name": u.full_name} for u in pin_users("kitchen.see")]
    """
    import sqlalchemy as sa

    from ..db import db
    from .models import User

    users = db.session.scalars(
        sa.select(User).where(User.active, User.pin_hash.is_not(None)).order_by(User.full_name)
    )
    return [user_view(user) for user in users if user.can(permission)]


def sign_in_by_pin(user_id: int, pin: str, permission: str) -> UserView:
    """Sign this browser in as ``user_id`` by PIN, for a screen that needs ``permission``
    only (a kitchen display: the cooks have no till). The PIN goes through the till's
    throttle and lockout. A PIN never opens more than the till's sign-in would: a user
    who may use the back office but not the till is refused, as at the till.

    :raises Forbidden: ``wrong_pin``; ``not_allowed`` without ``permission``.
    :raises TooManyAttempts: after too many wrong PINs (see :func:`verify_pin`).

    Example::

        user = sign_in_by_pin(body["user_id"], body["pin"], "kitchen.see")
    """
    from ..db import db
    from .login import start_session
    from .models import User

    verify_pin(user_id, pin)
    user = db.session.get(User, user_id)
    if not user.can(permission) or (user.can("admin.access") and not user.can("till.use")):
        raise Forbidden(_("this user may not use this screen"), code="not_allowed", field="pin")
    start_session(user)
    return user_view(user)
