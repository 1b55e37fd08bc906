"""The permission matrix (issue 18, "kept true by the suite"): every protected endpoint
and page (the core's, every bundled and example plugin's, the samples'), walked from the
app's url_map, against every kind of caller. What each caller should get is derived from
the view's declared permissions and the caller's role, never written by hand:

- anonymous: 401;
- the built-in roles admin, manager and cashier, as seeded: allowed (neither 401 nor 403)
  when the role holds every permission the view declares, else 403;
- a custom role with no permission: 403 (but on the views open to any signed-in user);
- for each view, a custom role holding exactly the permissions it declares: allowed; and
  for back-office pages, the same role without ``admin.access``: 403;
- the cashier signed in at the till by PIN (a session cookie and the till's CSRF token,
  not a token): the same answers as the cashier's token gets.

Revoked tokens and signed-out session cookies are refused everywhere in
``test_permissions_everywhere.py``. Requests carry no body and ids that name nothing: the
matrix is about who gets past the guard, not what the view then does with the input.
"""

from __future__ import annotations

import typing as t

import pytest
from test_permissions_everywhere import EVERY_PLUGIN, SAMPLES, _routes, _url

from core.auth.models import ALL_PERMISSIONS
from core.auth.permissions import PERMISSION_ATTR, SIGNED_IN
from core.testing.fixtures import TokenClient, token_for

pytestmark = [
    pytest.mark.comptoir_extra_plugins(*SAMPLES),
    pytest.mark.comptoir_plugins(*EVERY_PLUGIN),
]

BUILTIN_ROLES = ("admin", "manager", "cashier")
BACK_OFFICE = "admin.access"
#: Pages that are not the back office: signing out, open to anyone signed in.
NOT_BACK_OFFICE_PAGES = {"/logout"}
DENIED = (401, 403)


def declared(view: t.Callable) -> frozenset[str]:
    """Every permission ``view`` checks before running, read off its decorators: each
    ``require()`` (and ``require_back_office()``) declares one on its wrapper, and the
    wrappers chain through ``__wrapped__``. Empty for views open to any signed-in user."""
    permissions: set[str] = set()
    while view is not None:
        permission = view.__dict__.get(PERMISSION_ATTR)
        if permission is not None and permission != SIGNED_IN:
            permissions.add(permission)
        view = getattr(view, "__wrapped__", None)
    return frozenset(permissions)


def allowed(holds: t.Collection[str], needs: frozenset[str]) -> bool:
    return ALL_PERMISSIONS in holds or needs <= set(holds)


def matrix_routes(app) -> list[tuple[str, str, frozenset[str]]]:
    """``(method, url, permissions)`` of every protected route, sign-outs last (one
    signs the caller's session out, which must not decide the answers after it)."""
    routes = [
        (method, _url(rule), declared(view)) for rule, method, view in _routes(app, public=False)
    ]
    return sorted(routes, key=lambda route: ("logout" in route[1], route[1], route[0]))


def is_page(url: str) -> bool:
    return not url.startswith("/api/")


def answers(client: TokenClient, routes) -> dict[tuple[str, str], int]:
    return {
        (method, url): client.open(url, method, headers={"Accept": "application/json"}).status_code
        for method, url, _needs in routes
    }


def mismatches(answered: dict, routes, holds: t.Collection[str]) -> list[tuple]:
    """The routes whose answer is not the one ``holds`` (a role's permissions) calls for."""
    wrong = []
    for method, url, needs in routes:
        status = answered[(method, url)]
        expected_allowed = allowed(holds, needs)
        if expected_allowed and status in DENIED:
            wrong.append((method, url, sorted(needs), status, "should pass the guard"))
        elif not expected_allowed and status != 403:
            wrong.append((method, url, sorted(needs), status, "should be 403"))
    return wrong


def role_permissions(api: TokenClient, name: str) -> list[str]:
    (role,) = [r for r in api.get("/api/v1/roles").get_json() if r["name"] == name]
    return role["permissions"]


def user_with_role(admin_api: TokenClient, name: str, permissions: t.Iterable[str]) -> TokenClient:
    """A new user whose one role ``name`` holds exactly ``permissions``, with a token."""
    made = admin_api.post(
        "/api/v1/roles", json={"name": name, "title": name, "permissions": sorted(permissions)}
    )
    assert made.status_code == 201, made.get_json()
    user = admin_api.post("/api/v1/users", json={"username": name, "roles": [name]})
    assert user.status_code == 201, user.get_json()
    return TokenClient(admin_api.app, token_for(admin_api.app, name), name)


def test_the_matrix_covers_every_route_and_the_openapi_document(app, admin_api):
    """The walk sees the core's API, the back office, the till's API and every plugin's
    routes; every operation of the OpenAPI document is a walked route whose declared
    permission (``x-permission``) is the view's own."""
    routes = matrix_routes(app)
    urls = {url for _method, url, _needs in routes}
    for fragment in ("/api/v1/sales", "/admin/users/", "/crm/", "/tips/", "/api/v1/gift-cards"):
        assert any(url.startswith(fragment) for url in urls), fragment
    runtime_app = app.runtimes.current().app
    adapter = runtime_app.url_map.bind("localhost")
    document = admin_api.get("/api/v1/openapi.json").get_json()
    undeclared = []
    for path, item in document["paths"].items():
        for method, operation in item.items():
            if method not in {"get", "post", "put", "patch", "delete"}:
                continue
            endpoint, _args = adapter.match(_openapi_sample(path), method=method.upper())
            view = runtime_app.view_functions[endpoint]
            permission = operation.get("x-permission")
            if permission is None:
                assert getattr(view, "comptoir_public", False), (method, path)
            elif getattr(view, PERMISSION_ATTR) != permission:
                undeclared.append((method, path, permission, getattr(view, PERMISSION_ATTR)))
    assert undeclared == []


def _openapi_sample(path: str) -> str:
    """An OpenAPI path with sample values for its parameters, as the url_map matches it."""
    import re

    def sample(match: re.Match) -> str:
        name = match.group(1)
        if name.endswith("_id") and name not in {"sale_id", "refund_id", "parked_id"}:
            return "987654"
        if name in {"sale_id", "refund_id", "parked_id"}:
            return "00000000-0000-0000-0000-000000000001"
        return "alpha"

    return re.sub(r"\{([^}]+)\}", sample, path)


def test_back_office_pages_need_the_back_office_permission(app):
    """Cashiers never see the back office (SPEC 6: the cashier is "till only"): every
    page, the plugins' included, declares ``admin.access`` besides its own permission.
    (Issue 18: the CRM, loyalty, gift-card and tips pages let a cashier in.)"""
    missing = [
        (method, url, sorted(needs))
        for method, url, needs in matrix_routes(app)
        if is_page(url) and url not in NOT_BACK_OFFICE_PAGES and BACK_OFFICE not in needs
    ]
    assert missing == []


def test_anonymous_is_401(app, client):
    wrong = []
    for method, url, _needs in matrix_routes(app):
        response = client.open(url, method=method, headers={"Accept": "application/json"})
        if response.status_code != 401:
            wrong.append((method, url, response.status_code))
    assert wrong == []


@pytest.mark.parametrize("role", BUILTIN_ROLES)
def test_builtin_roles_get_what_their_permissions_allow(app, api_as, admin_api, role):
    """Each built-in role, with the permissions the seeded database gives it (the plugins'
    default grants included), against every route."""
    holds = role_permissions(admin_api, role)
    routes = matrix_routes(app)
    wrong = mismatches(answers(api_as(role), routes), routes, holds)
    assert wrong == [], f"{role} holds {sorted(holds)}"


def test_a_role_without_permissions_is_refused_everywhere(app, admin_api):
    routes = matrix_routes(app)
    client = user_with_role(admin_api, "empty-role", [])
    assert mismatches(answers(client, routes), routes, []) == []


#: The sets of permissions are checked in this many tests, shared by xdist's workers.
EXACT_ROLE_SHARDS = 3


@pytest.mark.parametrize("shard", range(EXACT_ROLE_SHARDS))
def test_a_role_with_exactly_the_declared_permissions_passes(app, admin_api, shard):
    """For each set of permissions some route declares, a role holding exactly that set
    passes the guard of every route declaring it (so no view checks, before its input, a
    permission it does not declare), and gets 403 from every route needing one more.
    Routes sharing no permission with the role are left to the empty role's test (the
    same guard refuses them). Each shard takes every third set: together, all of them."""
    routes = matrix_routes(app)
    needed = sorted({needs for _method, _url, needs in routes if needs}, key=sorted)
    mine = [(n, needs) for n, needs in enumerate(needed) if n % EXACT_ROLE_SHARDS == shard]
    assert mine, "a shard without permission sets: fewer shards"
    wrong = []
    for number, needs in mine:
        client = user_with_role(admin_api, f"exactly-{number}", needs)
        related = [route for route in routes if route[2] & needs]
        wrong += mismatches(answers(client, related), related, needs)
    assert wrong == []


def test_back_office_pages_refuse_a_role_lacking_the_back_office(app, admin_api):
    """A role with a page's own permission but not ``admin.access`` (a cashier's grants,
    say ``registers.view``) gets 403 on every back-office page."""
    routes = [
        (method, url, needs)
        for method, url, needs in matrix_routes(app)
        if is_page(url) and BACK_OFFICE in needs
    ]
    everything_but = {p for _m, _u, needs in routes for p in needs} - {BACK_OFFICE}
    client = user_with_role(admin_api, "no-back-office", everything_but)
    answered = answers(client, routes)
    wrong = [(method, url, answered[(method, url)]) for method, url, _needs in routes]
    assert [w for w in wrong if w[2] != 403] == []


class TillSession:
    """A browser signed in at the till by PIN: its session cookie, and the till's CSRF
    token on every request (as the till's script sends it)."""

    def __init__(self, app, username: str):
        import sqlalchemy as sa

        from core.auth.models import User
        from core.db import db
        from core.testing.fixtures import PINS

        self._client = app.test_client()
        with app.app_context():
            user_id = db.session.scalar(sa.select(User.id).where(User.username == username))
        self.csrf = self._client.get("/till/csrf").get_json()["csrf_token"]
        signed_in = self._client.post(
            "/api/v1/auth/pin",
            json={"user_id": user_id, "pin": PINS[username]},
            headers={"X-CSRFToken": self.csrf},
        )
        assert signed_in.status_code == 200, signed_in.get_json()
        self.csrf = self._client.get("/till/csrf").get_json()["csrf_token"]

    def open(self, path: str, method: str = "GET", **kwargs):
        headers = {"X-CSRFToken": self.csrf, **(kwargs.pop("headers", {}) or {})}
        return self._client.open(path, method=method, headers=headers, **kwargs)


def test_the_cashier_at_the_till_gets_what_the_cashier_role_allows(app, admin_api):
    """The till's own way in (PIN, session cookie) is guarded as the token is."""
    holds = role_permissions(admin_api, "cashier")
    routes = [route for route in matrix_routes(app) if "logout" not in route[1]]
    wrong = mismatches(answers(TillSession(app, "cashier"), routes), routes, holds)
    # Each sign-out ends the session: one session each.
    for route in [route for route in matrix_routes(app) if "logout" in route[1]]:
        wrong += mismatches(answers(TillSession(app, "cashier"), [route]), [route], holds)
    assert wrong == []
