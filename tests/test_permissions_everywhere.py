"""Every endpoint and page checks a permission: 401 without credentials, 403 without the
permission. The routes are walked generically, so new endpoints are covered as they
appear (the core's, bundled plugins' and sample plugins')."""

from __future__ import annotations

import uuid

import pytest
from werkzeug.routing import FloatConverter, IntegerConverter, Rule, UUIDConverter

from core.auth.permissions import PERMISSION_ATTR, PUBLIC_ATTR, SIGNED_IN
from core.plugins.discovery import discover

SAMPLES = ("alpha=sample_plugins.alpha", "beta=sample_plugins.beta", "rules=sample_plugins.rules")
#: Every installed plugin (bundled and third-party) plus the samples, all enabled.
EVERY_PLUGIN = tuple(sorted(set(discover()) | {"alpha", "beta", "rules"}))
IGNORED_METHODS = {"HEAD", "OPTIONS"}

pytestmark = [
    pytest.mark.comptoir_extra_plugins(*SAMPLES),
    pytest.mark.comptoir_plugins(*EVERY_PLUGIN),
]

#: Sample values for URL variables, by converter; routing only needs them to match. Ids
#: name nothing, so that views open to any signed-in user cannot act on a real row (the
#: walking user's own token, say).
SAMPLE_VALUES = {
    IntegerConverter: 987654,
    UUIDConverter: uuid.UUID(int=1),
    FloatConverter: 1.0,
}


def _sample(converter) -> object:
    """A value the converter accepts (by its class or a parent, e.g. the bounded id)."""
    for kind, value in SAMPLE_VALUES.items():
        if isinstance(converter, kind):
            return value
    return "alpha"


def _url(rule: Rule) -> str:
    values = {name: _sample(converter) for name, converter in rule._converters.items()}
    return rule.build(values)[1]


def _routes(app, public: bool):
    runtime_app = app.runtimes.current().app
    for rule in runtime_app.url_map.iter_rules():
        view = runtime_app.view_functions[rule.endpoint]
        if bool(getattr(view, PUBLIC_ATTR, False)) != public:
            continue
        for method in sorted(rule.methods - IGNORED_METHODS):
            yield rule, method, view


def test_routes_are_walked(app):
    """The walk sees the core's and the plugins' routes (a walk over nothing proves
    nothing)."""
    walked = {rule.rule for rule, _method, _view in _routes(app, public=False)}
    assert {"/api/v1/plugins", "/api/v1/alpha/notes", "/alpha/", "/admin/"} <= walked


def test_every_view_declares_a_permission_or_public(app):
    runtime_app = app.runtimes.current().app
    undeclared = [
        endpoint
        for endpoint, view in runtime_app.view_functions.items()
        if not getattr(view, PUBLIC_ATTR, False) and not hasattr(view, PERMISSION_ATTR)
    ]
    assert undeclared == []


def test_declared_permissions_are_registered(app):
    """A view's permission is one the core or a plugin registers (else only the admin
    could ever use it)."""
    runtime = app.runtimes.current()
    unknown = {
        (rule.endpoint, getattr(view, PERMISSION_ATTR))
        for rule, _method, view in _routes(app, public=False)
        if getattr(view, PERMISSION_ATTR) not in runtime.permissions
        and getattr(view, PERMISSION_ATTR) != SIGNED_IN
    }
    assert unknown == set()


def test_no_credentials_is_401_everywhere(app, client):
    """Every protected endpoint and page answers 401 (JSON) without credentials, for
    every method, before looking at the input."""
    failures = []
    for rule, method, _view in _routes(app, public=False):
        url = _url(rule)
        response = client.open(url, method=method, headers={"Accept": "application/json"})
        body = response.get_json(silent=True) or {}
        if response.status_code != 401 or body.get("error", {}).get("code") != "unauthenticated":
            failures.append((method, url, response.status_code))
    assert failures == [], failures


def test_bad_token_is_401_everywhere(app):
    client = app.test_client()
    failures = []
    for rule, method, _view in _routes(app, public=False):
        url = _url(rule)
        response = client.open(url, method=method, headers={"Authorization": "Bearer cpt_nope"})
        if response.status_code != 401:
            failures.append((method, url, response.status_code))
    assert failures == [], failures


def test_a_revoked_token_is_401_everywhere(app, admin_api):
    """The admin's token, revoked: refused on every protected route and method."""
    (token,) = [t for t in admin_api.get("/api/v1/tokens").get_json() if t["revoked_at"] is None]
    assert admin_api.delete(f"/api/v1/tokens/{token['id']}").status_code == 200
    failures = []
    for rule, method, _view in _routes(app, public=False):
        url = _url(rule)
        response = admin_api.open(url, method)
        if response.status_code != 401:
            failures.append((method, url, response.status_code))
    assert failures == [], failures


def test_a_signed_out_session_is_401_everywhere(app, client):
    """The admin's session cookie, kept after signing out (issue 18, item 7): refused on
    every protected route and method, as if no cookie came."""
    from core.testing.fixtures import PASSWORDS

    def csrf() -> str:
        page = client.get("/login").get_data(as_text=True)
        return page.split('name="csrf-token" content="', 1)[1].split('"', 1)[0]

    signed_in = client.post(
        "/api/v1/auth/login",
        json={"username": "admin", "password": PASSWORDS["admin"]},
        headers={"X-CSRFToken": csrf()},
    )
    assert signed_in.status_code == 200
    kept = client.get_cookie("comptoir_session").value
    assert client.post("/api/v1/auth/logout", headers={"X-CSRFToken": csrf()}).status_code == 200
    replay = app.test_client()
    replay.set_cookie("comptoir_session", kept)
    failures = []
    for rule, method, _view in _routes(app, public=False):
        url = _url(rule)
        response = replay.open(url, method=method, headers={"Accept": "application/json"})
        # A write without a session is refused by the permission check, before CSRF.
        if response.status_code != 401:
            failures.append((method, url, response.status_code))
    assert failures == [], failures


def test_pages_redirect_browsers_to_the_sign_in_page(app, client):
    """A browser asking for a protected page without a session is sent to /login."""
    for rule, method, _view in _routes(app, public=False):
        if method != "GET" or rule.rule.startswith("/api/"):
            continue
        response = client.get(_url(rule), headers={"Accept": "text/html"})
        assert response.status_code == 302, rule.rule
        assert response.headers["Location"].startswith("/login?next="), rule.rule


def test_missing_permission_is_403_everywhere(app, roleless_api):
    """A user without any role gets 403 naming the view's own permission, everywhere but
    the endpoints open to any signed-in user."""
    failures = []
    for rule, method, view in _routes(app, public=False):
        permission = getattr(view, PERMISSION_ATTR)
        url = _url(rule)
        response = roleless_api.open(url, method, headers={"Accept": "application/json"})
        if permission == SIGNED_IN:
            if response.status_code == 401:
                failures.append((method, url, response.status_code))
            continue
        error = (response.get_json(silent=True) or {}).get("error", {})
        if response.status_code != 403 or f"'{permission}'" not in error.get("message", ""):
            failures.append((method, url, response.status_code, permission))
    assert failures == [], failures


def test_public_pages_answer_without_credentials(app, client):
    for rule, method, _view in _routes(app, public=True):
        if method != "GET":
            continue
        response = client.get(_url(rule))
        assert response.status_code not in (401, 403) and response.status_code < 500, rule.rule


@pytest.mark.comptoir_extra_plugins("undeclared=sample_plugins.undeclared")
@pytest.mark.comptoir_plugins("undeclared")
def test_guard_refuses_a_view_without_a_declared_permission(admin_api):
    """A view with neither require() nor public() is refused, even to the admin: a
    forgotten decorator fails closed."""
    response = admin_api.get("/undeclared/", headers={"Accept": "application/json"})
    assert response.status_code == 403
    assert b"never be served" not in response.data
