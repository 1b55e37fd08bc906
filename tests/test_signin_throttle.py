"""Sign-in attempts are throttled (issue 18, item 8): passwords lock out, a stranger's
wrong PINs do not lock the manager out at the till, one address cannot try fast, a guess
spread over many addresses is bounded per user, and unknown users are answered exactly
like wrong secrets. Limits are settings, set low here so the tests stay fast."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from core.auth.models import User
from core.db import db
from core.testing.fixtures import PASSWORDS, PINS


@pytest.fixture
def comptoir_config():
    return {
        "PASSWORD_FAILURES": "3 per 15 minutes",
        "SIGNIN_FAILURES_PER_USER": "6 per hour",
        "SIGNIN_ATTEMPTS_PER_ADDRESS": "12 per minute",
    }


def _browser(app, address: str):
    client = app.test_client()
    client.environ_base["REMOTE_ADDR"] = address
    return client


def _csrf(client) -> str:
    page = client.get("/login").get_data(as_text=True)
    return page.split('name="csrf-token" content="', 1)[1].split('"', 1)[0]


def _login(client, username: str, password: str):
    return client.post(
        "/api/v1/auth/login",
        json={"username": username, "password": password},
        headers={"X-CSRFToken": _csrf(client)},
    )


def _pin(client, user_id: int, pin: str):
    return client.post(
        "/api/v1/auth/pin",
        json={"user_id": user_id, "pin": pin},
        headers={"X-CSRFToken": _csrf(client)},
    )


def _user_id(app, username: str) -> int:
    with app.app_context():
        return db.session.scalar(sa.select(User.id).where(User.username == username))


def test_wrong_passwords_lock_out_even_the_right_one(app):
    browser = _browser(app, "203.0.113.7")
    statuses = [_login(browser, "manager", "wrong password").status_code for _ in range(3)]
    assert statuses == [401, 401, 429]
    refused = _login(browser, "manager", PASSWORDS["manager"])
    assert refused.status_code == 429
    assert refused.get_json()["error"]["code"] == "locked_out"
    assert int(refused.headers["Retry-After"]) > 0


def test_the_sign_in_form_is_locked_out_too(app):
    browser = _browser(app, "203.0.113.8")
    for _ in range(3):
        form = {"username": "manager", "password": "wrong", "csrf_token": _csrf(browser)}
        last = browser.post("/login", data=form)
    assert last.status_code == 429


def test_a_stranger_cannot_lock_the_manager_out_of_the_till(app):
    manager = _user_id(app, "manager")
    stranger = _browser(app, "198.51.100.66")
    statuses = [_pin(stranger, manager, "0000").status_code for _ in range(5)]
    assert statuses == [401, 401, 401, 401, 429]
    assert _pin(stranger, manager, PINS["manager"]).status_code == 429
    till = _browser(app, "192.168.1.20")
    assert _pin(till, manager, PINS["manager"]).status_code == 200


def test_one_address_cannot_try_fast_whatever_the_users(app):
    cashier, manager = _user_id(app, "cashier"), _user_id(app, "manager")
    busy = _browser(app, "198.51.100.1")
    answers = [
        _pin(busy, user, "0000").status_code for _ in range(3) for user in (cashier, manager)
    ]
    answers += [_login(busy, name, "wrong").status_code for name in ("x1", "x2", "x3")]
    answers += [_login(busy, name, "wrong").status_code for name in ("admin", "admin", "x4")]
    assert 429 not in answers[:12]
    throttled = _login(busy, "manager", PASSWORDS["manager"])
    assert throttled.status_code == 429
    assert throttled.get_json()["error"]["code"] == "too_many_attempts"
    assert _login(_browser(app, "198.51.100.2"), "manager", PASSWORDS["manager"]).status_code == 200


def test_a_guess_spread_over_addresses_is_bounded_without_locking_out_the_user(app):
    """Two wrong passwords from each of three addresses spend the user's budget: a fourth
    stranger is refused even with the right password, while the manager's own computer
    (where they signed in before) still signs in."""
    office = _browser(app, "192.168.1.5")
    assert _login(office, "manager", PASSWORDS["manager"]).status_code == 200
    for n in range(3):
        stranger = _browser(app, f"198.51.100.{10 + n}")
        assert [_login(stranger, "manager", "guess").status_code for _ in range(2)] == [401, 401]
    another = _browser(app, "198.51.100.99")
    refused = _login(another, "manager", PASSWORDS["manager"])
    assert refused.status_code == 429 and refused.get_json()["error"]["code"] == "locked_out"
    assert _login(_browser(app, "192.168.1.5"), "manager", PASSWORDS["manager"]).status_code == 200


def test_an_unknown_till_user_is_answered_like_a_wrong_pin(app):
    cashier = _user_id(app, "cashier")
    real = _pin(_browser(app, "10.0.0.1"), cashier, "0000")
    unknown = _pin(_browser(app, "10.0.0.2"), 987654, "0000")
    assert (real.status_code, real.get_json()) == (unknown.status_code, unknown.get_json())
    with app.app_context():
        db.session.execute(sa.update(User).where(User.id == cashier).values(active=False))
        db.session.commit()
    inactive = _pin(_browser(app, "10.0.0.3"), cashier, PINS["cashier"])
    assert (inactive.status_code, inactive.get_json()) == (401, real.get_json())


def test_an_unknown_user_name_is_answered_like_a_wrong_password(app):
    real = _login(_browser(app, "10.0.1.1"), "manager", "wrong")
    unknown = _login(_browser(app, "10.0.1.2"), "nobody", "wrong")
    assert (real.status_code, real.get_json()) == (unknown.status_code, unknown.get_json())


def test_refusing_an_unknown_user_checks_one_hash_and_makes_none(app, monkeypatch):
    """The dummy hash an unknown user is checked against is made once: making it on each
    call doubled the time of the answer, which told unknown names from known ones."""
    import core.auth.passwords as passwords

    made = []
    real = passwords.generate_password_hash
    monkeypatch.setattr(
        passwords, "generate_password_hash", lambda *a, **k: made.append(1) or real(*a, **k)
    )
    browser = _browser(app, "10.0.2.1")
    _login(browser, "nobody", "wrong")
    made.clear()
    for name in ("nobody2", "nobody3"):
        assert _login(browser, name, "wrong").status_code == 401
    assert made == []


def _failures(app) -> list[str]:
    from core.auth.throttle import SignInFailure

    with app.app_context():
        return sorted(db.session.scalars(sa.select(SignInFailure.user_key)))


def test_a_locked_out_cashier_whose_pin_is_reset_signs_in_at_once(app, admin_api):
    """The wrong PINs are forgotten with the old PIN, from every address; another user's
    are kept."""
    cashier, manager = _user_id(app, "cashier"), _user_id(app, "manager")
    till, other_till = _browser(app, "192.0.2.10"), _browser(app, "192.0.2.11")
    assert [_pin(till, cashier, "0000").status_code for _ in range(5)][-1] == 429
    assert _pin(other_till, cashier, "0000").status_code == 401
    assert _pin(other_till, manager, "0000").status_code == 401
    assert _pin(till, cashier, PINS["cashier"]).status_code == 429  # locked out
    reset = admin_api.patch(f"/api/v1/users/{cashier}", json={"pin": "4321"})
    assert reset.status_code == 200, reset.get_json()
    assert _pin(till, cashier, "4321").status_code == 200
    assert _failures(app) == [f"pin:id:{manager}"]


def test_a_password_reset_lifts_the_password_lockout(app, admin_api):
    browser = _browser(app, "192.0.2.20")
    assert [_login(browser, "Manager", "wrong").status_code for _ in range(3)][-1] == 429
    manager = _user_id(app, "manager")
    reset = admin_api.patch(f"/api/v1/users/{manager}", json={"password": "a new password"})
    assert reset.status_code == 200, reset.get_json()
    assert _login(browser, "manager", "a new password").status_code == 200
    assert _failures(app) == []


def test_a_refused_reset_lifts_no_lockout(app, admin_api):
    cashier = _user_id(app, "cashier")
    till = _browser(app, "192.0.2.30")
    assert [_pin(till, cashier, "0000").status_code for _ in range(5)][-1] == 429
    refused = admin_api.patch(f"/api/v1/users/{cashier}", json={"pin": "12"})
    assert refused.status_code == 422
    assert _pin(till, cashier, PINS["cashier"]).status_code == 429
