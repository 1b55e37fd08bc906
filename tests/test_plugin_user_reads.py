"""The users' reads of core.plugins that the time clock builds on: the list of users and
checking a till PIN without signing anyone in, through the sign-in's lockout."""

from __future__ import annotations

import pytest

from core.db import db
from core.plugins import Forbidden, TooManyAttempts, list_users, verify_pin


def ids(app, **filters) -> dict[str, int]:
    with app.app_context():
        return {user.username: user.id for user in list_users(**filters)}


def test_list_users_filters_active_and_pin_holders(app, cli_runner):
    """The demo users with a PIN (cashier, manager) against every active user; an
    inactive user only when asked for."""
    assert cli_runner("users", "create", "nopin", "--role", "cashier").exit_code == 0
    assert {"admin", "manager", "cashier", "nopin"} <= set(ids(app))
    with_pin = ids(app, with_pin=True)
    assert {"manager", "cashier"} <= set(with_pin) and "nopin" not in with_pin


def test_verify_pin_answers_the_user_and_signs_nobody_in(app):
    cashier = ids(app)["cashier"]
    with app.test_request_context():
        user = verify_pin(cashier, "1234")
        assert user.username == "cashier" and user.can("till.use")


def test_a_wrong_pin_is_forbidden_then_locked_out(app):
    """Wrong PINs count as at the till's sign-in: after the store's five, even the right
    PIN is refused for a while."""
    manager = ids(app)["manager"]
    with app.test_request_context():
        for _ in range(4):
            with pytest.raises(Forbidden) as refused:
                verify_pin(manager, "0000")
            assert refused.value.code == "wrong_pin"
        with pytest.raises(TooManyAttempts):
            verify_pin(manager, "0000")
        with pytest.raises(TooManyAttempts) as locked:
            verify_pin(manager, "1111")
        assert locked.value.retry_after > 0
        db.session.rollback()


def test_an_unknown_user_is_refused_as_a_wrong_pin(app):
    with app.test_request_context(), pytest.raises(Forbidden) as refused:
        verify_pin(999999, "1234")
    assert refused.value.code == "wrong_pin"
