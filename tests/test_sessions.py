"""Sign-in sessions end on the server (issue 18, item 7): the cookie a browser had before
signing out no longer signs in; a password or PIN change, or a deactivation, signs the
user out of every browser; signing out of one till leaves the user's other tills alone."""

from __future__ import annotations

import sqlalchemy as sa

from core.auth.models import User
from core.auth.sessions import UserSession
from core.db import db
from core.testing.fixtures import PASSWORDS, PINS


def _csrf(client) -> str:
    page = client.get("/login").get_data(as_text=True)
    return page.split('name="csrf-token" content="', 1)[1].split('"', 1)[0]


def _login(client, username: str = "manager"):
    response = client.post(
        "/api/v1/auth/login",
        json={"username": username, "password": PASSWORDS[username]},
        headers={"X-CSRFToken": _csrf(client)},
    )
    assert response.status_code == 200, response.get_json()
    return response


def _pin(client, username: str = "cashier"):
    user_id = _user_id(client.application, username)
    response = client.post(
        "/api/v1/auth/pin",
        json={"user_id": user_id, "pin": PINS[username]},
        headers={"X-CSRFToken": _csrf(client)},
    )
    assert response.status_code == 200, response.get_json()


def _user_id(app, username: str) -> int:
    with app.app_context():
        return db.session.scalar(sa.select(User.id).where(User.username == username))


def _logout(client):
    return client.post("/api/v1/auth/logout", headers={"X-CSRFToken": _csrf(client)})


def _cookie(client) -> str:
    return client.get_cookie("comptoir_session").value


def _replay(app, cookie: str):
    """Another browser sending a copy of a cookie (kept by whoever saw it)."""
    thief = app.test_client()
    thief.set_cookie("comptoir_session", cookie)
    return thief.get("/api/v1/me")


def test_the_cookie_kept_from_before_sign_out_no_longer_works(app, client):
    _login(client)
    kept = _cookie(client)
    assert _replay(app, kept).status_code == 200
    assert _logout(client).status_code == 200
    assert _replay(app, kept).status_code == 401


def test_the_cookie_holds_no_user_id_but_a_revocable_session(app, client):
    _login(client)
    with app.app_context():
        rows = db.session.scalars(sa.select(UserSession)).all()
        assert [(r.user.username, r.revoked_at) for r in rows] == [("manager", None)]
    _logout(client)
    with app.app_context():
        assert db.session.scalar(sa.select(UserSession.revoked_at)) is not None


def test_signing_out_of_one_till_leaves_the_other_tills_signed_in(app):
    till_a, till_b = app.test_client(), app.test_client()
    _pin(till_a)
    _pin(till_b)
    _logout(till_a)
    assert till_a.get("/api/v1/me").status_code == 401
    assert till_b.get("/api/v1/me").get_json()["username"] == "cashier"


def test_switching_user_on_a_till_ends_the_previous_users_session(app, client):
    _pin(client, "cashier")
    kept = _cookie(client)
    _pin(client, "manager")
    assert client.get("/api/v1/me").get_json()["username"] == "manager"
    assert _replay(app, kept).status_code == 401


def _change_user(app, username: str, **values):
    with app.app_context():
        user = db.session.scalar(sa.select(User).where(User.username == username))
        for name, value in values.items():
            setattr(user, name, value)
        db.session.commit()


def test_a_password_change_signs_the_user_out_everywhere(app):
    browsers = [app.test_client(), app.test_client()]
    for browser in browsers:
        _login(browser)
    other = app.test_client()
    _login(other, "cashier")
    _change_user(app, "manager", password_hash="a-new-hash")
    assert [b.get("/api/v1/me").status_code for b in browsers] == [401, 401]
    assert other.get("/api/v1/me").status_code == 200


def test_a_pin_change_signs_the_user_out_of_every_till(app):
    till = app.test_client()
    _pin(till)
    _change_user(app, "cashier", pin_hash="a-new-hash")
    assert till.get("/api/v1/me").status_code == 401


def test_deactivation_signs_out_and_stays_signed_out_once_reactivated(app):
    till = app.test_client()
    _pin(till)
    _change_user(app, "cashier", active=False)
    assert till.get("/api/v1/me").status_code == 401
    _change_user(app, "cashier", active=True)
    assert till.get("/api/v1/me").status_code == 401


def test_a_renamed_user_stays_signed_in(app):
    """Only credentials and activation end sessions; an edit of the name does not."""
    till = app.test_client()
    _pin(till)
    _change_user(app, "cashier", full_name="Camille C.")
    assert till.get("/api/v1/me").status_code == 200


def test_the_sign_in_form_opens_and_closes_a_session_too(app, client):
    form = {"username": "manager", "password": PASSWORDS["manager"], "csrf_token": _csrf(client)}
    assert client.post("/login", data=form).status_code == 302
    kept = _cookie(client)
    assert _replay(app, kept).status_code == 200
    client.post("/logout", data={"csrf_token": _csrf(client)})
    assert _replay(app, kept).status_code == 401


def test_an_answer_sent_before_a_sign_in_does_not_sign_the_till_out(app, client):
    """The till's page holds an anonymous session (its CSRF token for the PIN sign-in).
    A request the browser sent with that cookie before the sign-in (the service worker
    caching the till's pages, the page's own /me), answered after it, must not set a
    cookie: the browser would put the anonymous session back over the signed-in one."""
    token = client.get("/till/csrf").get_json()["csrf_token"]
    anonymous = _cookie(client)
    response = client.post(
        "/api/v1/auth/pin",
        json={"user_id": _user_id(app, "cashier"), "pin": PINS["cashier"]},
        headers={"X-CSRFToken": token},
    )
    assert response.status_code == 200, response.get_json()
    signed_in = _cookie(client)

    in_flight = app.test_client()
    in_flight.set_cookie("comptoir_session", anonymous)
    for path in ("/till/", "/till/display", "/till/sw.js", "/api/v1/me"):
        answer = in_flight.get(path)
        cookies = [c for c in answer.headers.getlist("Set-Cookie") if "comptoir_session" in c]
        assert cookies == [], (path, cookies)
    # The till, still holding the signed-in cookie, is signed in.
    assert client.get("/api/v1/me").status_code == 200
    assert _cookie(client) == signed_in
