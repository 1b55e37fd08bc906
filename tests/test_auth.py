"""Sign-in: PIN lockout, tokens, sessions, CSRF and password storage."""

from __future__ import annotations

import datetime as dt

import pytest
import sqlalchemy as sa

from core.auth.models import ApiToken, User
from core.db import db, utcnow
from core.testing.fixtures import PASSWORDS, PINS


def _user_id(app, username: str) -> int:
    with app.app_context():
        return db.session.scalar(sa.select(User.id).where(User.username == username))


def _csrf_from_page(client, path: str = "/login") -> str:
    page = client.get(path).get_data(as_text=True)
    return page.split('name="csrf-token" content="', 1)[1].split('"', 1)[0]


def _pin(client, token: str, user_id: int, pin: str):
    return client.post(
        "/api/v1/auth/pin", json={"user_id": user_id, "pin": pin}, headers={"X-CSRFToken": token}
    )


# -- PIN lockout ----------------------------------------------------------------------------


def test_right_pin_signs_in_to_the_till(app, client):
    cashier = _user_id(app, "cashier")
    response = _pin(client, _csrf_from_page(client), cashier, PINS["cashier"])
    assert response.status_code == 200
    assert response.json["username"] == "cashier"
    assert client.get("/api/v1/me").json["username"] == "cashier"


def test_five_wrong_pins_lock_the_user_out(app, client):
    """After 5 wrong PINs in a row the user is locked out: 429 locked_out with the time
    the lock ends; the right PIN is refused while locked."""
    cashier = _user_id(app, "cashier")
    token = _csrf_from_page(client)
    for attempt in range(4):
        response = _pin(client, token, cashier, "0000")
        assert response.status_code == 401, attempt
        assert response.json["error"]["code"] == "bad_credentials"
    locked = _pin(client, token, cashier, "0000")
    assert locked.status_code == 429
    error = locked.json["error"]
    assert error["code"] == "locked_out"
    until = dt.datetime.fromisoformat(error["fields"]["locked_until"])
    assert until > utcnow()
    refused = _pin(client, token, cashier, PINS["cashier"])
    assert refused.status_code == 429 and refused.json["error"]["code"] == "locked_out"
    assert client.get("/api/v1/me").status_code == 401


def test_lockout_ends_after_its_time(app, client):
    """Once the wrong PINs have left the lockout's window, the right PIN signs in again."""
    from core.auth.throttle import SignInFailure

    cashier = _user_id(app, "cashier")
    token = _csrf_from_page(client)
    for _ in range(5):
        _pin(client, token, cashier, "0000")
    assert _pin(client, token, cashier, PINS["cashier"]).status_code == 429
    with app.app_context():
        db.session.execute(sa.update(SignInFailure).values(at=utcnow() - dt.timedelta(minutes=16)))
        db.session.commit()
    response = _pin(client, token, cashier, PINS["cashier"])
    assert response.status_code == 200
    with app.app_context():
        assert db.session.scalar(sa.select(sa.func.count()).select_from(SignInFailure)) == 0


def test_right_pin_resets_the_count_of_wrong_ones(app, client):
    cashier = _user_id(app, "cashier")
    token = _csrf_from_page(client)
    for _ in range(4):
        _pin(client, token, cashier, "0000")
    assert _pin(client, token, cashier, PINS["cashier"]).status_code == 200
    token = _csrf_from_page(client)
    assert _pin(client, token, cashier, "0000").status_code == 401


def test_user_without_till_permission_cannot_pin_in(app, client):
    """A PIN is for the till: a user whose roles lack till.use is refused (403)."""
    from core.auth.services import create_user

    with app.app_context():
        user = create_user("viewer", [], pin="4321")
        db.session.commit()
        user_id = user.id
    assert _pin(client, _csrf_from_page(client), user_id, "4321").status_code == 403


# -- tokens ---------------------------------------------------------------------------------


def test_revoked_token_is_refused_immediately(app, manager_api):
    """A revoked token is a 401 on the very next request."""
    assert manager_api.get("/api/v1/me").status_code == 200
    (token,) = [t for t in manager_api.get("/api/v1/tokens").json if t["revoked_at"] is None]
    assert manager_api.delete(f"/api/v1/tokens/{token['id']}").status_code == 200
    response = manager_api.get("/api/v1/me")
    assert response.status_code == 401
    assert response.headers["WWW-Authenticate"].startswith("Bearer")


def test_tokens_are_stored_hashed_and_shown_once(app, manager_api):
    created = manager_api.post("/api/v1/tokens", json={"name": "scale"})
    assert created.status_code == 201
    secret = created.json["token"]
    with app.app_context():
        stored = db.session.scalars(sa.select(ApiToken.token_hash)).all()
    assert secret not in stored and all(len(h) == 64 for h in stored)
    assert all("token" not in t for t in manager_api.get("/api/v1/tokens").json)


def test_cannot_revoke_someone_elses_token_without_users_manage(app, manager_api, cashier_api):
    (theirs,) = cashier_api.get("/api/v1/tokens").json
    assert manager_api.delete(f"/api/v1/tokens/{theirs['id']}").status_code == 403
    assert cashier_api.get("/api/v1/me").status_code == 200


def test_token_of_a_deactivated_user_is_refused(app, cashier_api):
    with app.app_context():
        db.session.execute(sa.update(User).where(User.username == "cashier").values(active=False))
        db.session.commit()
    assert cashier_api.get("/api/v1/me").status_code == 401


@pytest.mark.parametrize("header", ["Bearer", "Basic abc", "Bearer ", "Token cpt_x"])
def test_malformed_authorization_is_401(client, header):
    response = client.get("/api/v1/me", headers={"Authorization": header})
    assert response.status_code == 401


# -- browser sessions -----------------------------------------------------------------------


def _login(client, username: str = "manager"):
    return client.post(
        "/api/v1/auth/login",
        json={"username": username, "password": PASSWORDS[username]},
        headers={"X-CSRFToken": _csrf_from_page(client)},
    )


def _session_cookie(client) -> str | None:
    cookie = client.get_cookie("comptoir_session")
    return cookie.value if cookie else None


def test_login_starts_a_fresh_session(app, client):
    """Session fixation: whatever the session held before sign-in is dropped, and the
    cookie changes; the pre-login cookie does not become a signed-in one."""
    with client.session_transaction() as session:
        session["planted"] = "by an attacker"
    before = _session_cookie(client)
    assert _login(client).status_code == 200
    after = _session_cookie(client)
    assert after and after != before
    with client.session_transaction() as session:
        assert "planted" not in session
    replay = app.test_client()
    replay.set_cookie("comptoir_session", before)
    assert replay.get("/api/v1/me").status_code == 401


def test_wrong_password_is_401_without_saying_which_part(client):
    response = client.post(
        "/api/v1/auth/login",
        json={"username": "manager", "password": "wrong-password"},
        headers={"X-CSRFToken": _csrf_from_page(client)},
    )
    assert response.status_code == 401
    assert response.json["error"]["message"] == "wrong user name or password"


def test_logout_ends_the_session(client):
    _login(client)
    token = client.get("/api/v1/me").json["csrf_token"]
    assert client.post("/api/v1/auth/logout", headers={"X-CSRFToken": token}).status_code == 200
    assert client.get("/api/v1/me").status_code == 401


def test_revoking_a_users_sessions_signs_out_every_session(app, client):
    from core.auth.sessions import revoke_user_sessions

    _login(client)
    with app.app_context():
        revoke_user_sessions(_user_id(app, "manager"))
        db.session.commit()
    assert client.get("/api/v1/me").status_code == 401


# -- CSRF -----------------------------------------------------------------------------------


def test_cookie_post_without_csrf_token_is_refused(client):
    """A write authenticated by the session cookie needs the CSRF token: 400 csrf_failed,
    nothing done."""
    _login(client)
    response = client.post("/api/v1/tokens", json={"name": "forged"})
    assert response.status_code == 400
    assert response.json["error"]["code"] == "csrf_failed"
    assert client.get("/api/v1/tokens").json == []


def test_cookie_post_with_the_token_from_me_is_accepted(client):
    _login(client)
    token = client.get("/api/v1/me").json["csrf_token"]
    response = client.post("/api/v1/tokens", json={"name": "ok"}, headers={"X-CSRFToken": token})
    assert response.status_code == 201


def test_bearer_requests_need_no_csrf_token(manager_api):
    assert manager_api.post("/api/v1/tokens", json={"name": "program"}).status_code == 201


def test_login_itself_needs_the_csrf_token(client):
    """Login CSRF: a forged sign-in form posted from elsewhere is refused."""
    response = client.post(
        "/api/v1/auth/login", json={"username": "manager", "password": PASSWORDS["manager"]}
    )
    assert response.status_code == 400
    assert response.json["error"]["code"] == "csrf_failed"


# -- password storage -----------------------------------------------------------------------


def test_no_plaintext_secrets_in_the_database(app):
    """Passwords and PINs are stored as salted hashes, never as given."""
    with app.app_context():
        users = db.session.scalars(sa.select(User)).all()
        for user in users:
            for stored in (user.password_hash, user.pin_hash):
                assert stored is None or stored.split(":", 1)[0] in {"pbkdf2", "scrypt"}
            assert user.password_hash != PASSWORDS.get(user.username)
        hashes = [u.password_hash for u in users if u.password_hash]
        assert len(set(hashes)) == len(hashes), "salted: equal inputs differ"


def test_production_config_hashes_with_scrypt(tmp_path):
    """Outside tests, passwords are hashed with scrypt (the default configuration)."""
    from core.app import create_app
    from core.auth.passwords import check_secret, hash_secret

    app = create_app(instance_path=tmp_path)
    try:
        assert app.config["PASSWORD_HASH_METHOD"] == "scrypt"
        with app.app_context():
            stored = hash_secret("correct horse")
            assert stored.startswith("scrypt:")
            assert check_secret(stored, "correct horse") and not check_secret(stored, "wrong")
    finally:
        app.close()


def test_secure_cookies_when_configured(tmp_path):
    from core.app import create_app

    app = create_app({"SECURE_COOKIES": True}, instance_path=tmp_path)
    try:
        assert app.config["SESSION_COOKIE_SECURE"] and app.config["REMEMBER_COOKIE_SECURE"]
        assert app.config["SESSION_COOKIE_HTTPONLY"]
    finally:
        app.close()
