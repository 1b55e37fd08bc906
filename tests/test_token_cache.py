"""Each worker caches the API tokens it checked: a token revoked, a user disabled or
changed, a role changed must still be refused by every worker within the check interval
(the plugin generation's: 0.25 s in production).

Two apps on one database stand for two workers: ``worker`` changes things, ``other``
checks with the production interval and a clock the test moves by hand.
"""

from __future__ import annotations

import pytest
import sqlalchemy as sa
from worker_clock import INTERVAL, Clock

from core.auth.models import ApiToken, User
from core.auth.sessions import UserSession
from core.db import db
from core.testing import PASSWORDS
from core.testing.fixtures import make_test_app


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def other(app, tmp_path, clock):
    """A second worker on the same database, checking every 0.25 s of ``clock``."""
    second = make_test_app(
        app.config["SQLALCHEMY_DATABASE_URI"],
        tmp_path / "other",
        PLUGIN_CHECK_INTERVAL=INTERVAL,
        SECRET_KEY=app.config["SECRET_KEY"],  # the deployment's: cookies pass between them
    )
    second.runtimes.clock = clock
    yield second
    second.close()


def on(app, token: str, path: str = "/api/v1/me", method: str = "GET", **kwargs):
    headers = {"Authorization": f"Bearer {token}"}
    return app.test_client().open(path, method=method, headers=headers, **kwargs)


def user_id(app, username: str) -> int:
    with app.app_context():
        return db.session.scalar(sa.select(User.id).where(User.username == username))


def test_a_token_revoked_on_one_worker_is_refused_by_the_other_within_the_interval(
    app, other, clock, cashier_api
):
    assert on(other, cashier_api.token).status_code == 200  # now in the other's cache
    (token,) = cashier_api.get("/api/v1/tokens").json
    assert cashier_api.delete(f"/api/v1/tokens/{token['id']}").status_code == 200
    # Before its next look at the generation the other worker still trusts its copy:
    # this is the delay the cache is allowed, and no more.
    assert on(other, cashier_api.token).status_code == 200
    clock.advance()
    assert on(other, cashier_api.token).status_code == 401
    assert cashier_api.get("/api/v1/me").status_code == 401  # and the worker that revoked


def test_the_worker_that_revokes_refuses_at_once(app, tmp_path, clock, cashier_api):
    worker = make_test_app(
        app.config["SQLALCHEMY_DATABASE_URI"], tmp_path / "w", PLUGIN_CHECK_INTERVAL=INTERVAL
    )
    worker.runtimes.clock = clock
    try:
        assert on(worker, cashier_api.token).status_code == 200
        (token,) = on(worker, cashier_api.token, "/api/v1/tokens").json
        response = on(worker, cashier_api.token, f"/api/v1/tokens/{token['id']}", "DELETE")
        assert response.status_code == 200
        assert on(worker, cashier_api.token).status_code == 401  # the clock did not move
    finally:
        worker.close()


def test_a_disabled_user_is_refused_within_the_interval(app, other, clock, admin_api, cashier_api):
    assert on(other, cashier_api.token, "/api/v1/sales").status_code == 200
    cashier = user_id(app, "cashier")
    response = admin_api.patch(f"/api/v1/users/{cashier}", json={"active": False})
    assert response.status_code == 200
    clock.advance()
    assert on(other, cashier_api.token, "/api/v1/sales").status_code == 401


def test_a_user_disabled_by_a_bulk_update_is_refused(app, other, clock, cashier_api):
    """``session.execute(update(User))`` bypasses the flush the cache watches."""
    assert on(other, cashier_api.token).status_code == 200
    with app.app_context():
        db.session.execute(sa.update(User).where(User.username == "cashier").values(active=False))
        db.session.commit()
    clock.advance()
    assert on(other, cashier_api.token).status_code == 401


def test_a_role_taken_away_is_refused_within_the_interval(
    app, other, clock, admin_api, cashier_api
):
    assert on(other, cashier_api.token, "/api/v1/sales").status_code == 200
    cashier = user_id(app, "cashier")
    created = admin_api.post("/api/v1/roles", json={"name": "greeter", "permissions": []})
    assert created.status_code == 201
    response = admin_api.patch(f"/api/v1/users/{cashier}", json={"roles": ["greeter"]})
    assert response.status_code == 200
    clock.advance()
    assert on(other, cashier_api.token, "/api/v1/sales").status_code == 403


def test_a_permission_removed_from_a_role_is_refused_within_the_interval(
    app, other, clock, admin_api, cashier_api
):
    assert on(other, cashier_api.token, "/api/v1/sales").status_code == 200
    (role,) = [r for r in admin_api.get("/api/v1/roles").json if r["name"] == "cashier"]
    kept = [code for code in role["permissions"] if code != "sales.view"]
    response = admin_api.patch(f"/api/v1/roles/{role['id']}", json={"permissions": kept})
    assert response.status_code == 200
    clock.advance()
    assert on(other, cashier_api.token, "/api/v1/sales").status_code == 403
    assert on(other, cashier_api.token).status_code == 200  # still signed in


def test_a_changed_user_is_read_again_within_the_interval(
    app, other, clock, admin_api, cashier_api
):
    """Any change of the user empties every worker's cache: nothing stale is kept."""
    assert on(other, cashier_api.token).status_code == 200
    cashier = user_id(app, "cashier")
    response = admin_api.patch(f"/api/v1/users/{cashier}", json={"full_name": "Camille C."})
    assert response.status_code == 200
    clock.advance()
    me = on(other, cashier_api.token)
    assert me.status_code == 200 and me.json["full_name"] == "Camille C."


def test_sign_out_ends_the_session_on_every_worker_at_once(app, other, client):
    """Cookie sessions are not cached: signing out on one worker is refused by the other
    on its very next request, the clock unmoved."""
    page = client.get("/login").get_data(as_text=True)
    csrf = page.split('name="csrf-token" content="', 1)[1].split('"', 1)[0]
    response = client.post(
        "/api/v1/auth/login",
        json={"username": "cashier", "password": PASSWORDS["cashier"]},
        headers={"X-CSRFToken": csrf},
    )
    assert response.status_code == 200
    cookie = client.get_cookie("comptoir_session")
    second = other.test_client()
    second.set_cookie(cookie.key, cookie.value)
    assert second.get("/api/v1/me").status_code == 200
    csrf = client.get("/api/v1/me").json["csrf_token"]
    assert client.post("/api/v1/auth/logout", headers={"X-CSRFToken": csrf}).status_code == 200
    assert second.get("/api/v1/me").status_code == 401
    with app.app_context():
        assert (
            db.session.scalar(sa.select(sa.func.count()).where(UserSession.revoked_at.is_(None)))
            == 0
        )


def test_a_token_is_checked_without_a_query_once_cached(app, other, cashier_api):
    """What the cache is for: the token, its user and roles are not read again."""
    assert on(other, cashier_api.token).status_code == 200
    statements = []

    def count(_conn, _cursor, statement, *_args):
        statements.append(statement)

    with other.app_context():
        engine = other.engine
    sa.event.listen(engine, "before_cursor_execute", count)
    try:
        assert on(other, cashier_api.token).status_code == 200
    finally:
        sa.event.remove(engine, "before_cursor_execute", count)
    assert not [s for s in statements if "api_token" in s]


def test_a_new_token_needs_one_connection_at_a_time(app, cashier_api):
    """A token's first use notes it on a connection of its own: the request's read of
    the token must have given its connection back first. Holding both, as many requests
    as the pool has connections (tills racing in threads, or gthread workers) each held
    one and waited for a second, until the pool's timeout."""
    pool = app.engine.pool
    pool._timeout = 3  # noqa: SLF001 - fail in seconds, not the default 30
    # Every connection of the pool but one is taken, as by other requests in flight.
    held = [pool.connect() for _ in range(pool.size() + pool._max_overflow - 1)]  # noqa: SLF001
    try:
        response = cashier_api.get("/api/v1/products")
    finally:
        for connection in held:
            connection.close()
    assert response.status_code == 200
    with app.app_context():
        used = db.session.scalars(sa.select(ApiToken.last_used_at)).all()
    assert any(when is not None for when in used)
