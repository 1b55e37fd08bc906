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
