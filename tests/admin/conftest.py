"""Fixtures of the back-office page tests: a browser-like client signed in by password,
which must send the CSRF token of the pages with every form."""

from __future__ import annotations

import re
import typing as t

import pytest

from core.testing.fixtures import PASSWORDS

_TOKEN = re.compile(r'name="csrf-token" content="([^"]+)"')


class PageClient:
    """A signed-in browser session: ``post_form`` sends the page's CSRF token."""

    def __init__(self, client: t.Any):
        self.client = client

    def get(self, path: str, **kwargs: t.Any):
        return self.client.get(path, **kwargs)

    def token(self, path: str = "/admin/") -> str:
        match = _TOKEN.search(self.client.get(path).get_data(as_text=True))
        assert match, f"no CSRF token in {path}"
        return match.group(1)

    def post_form(self, path: str, data: dict[str, t.Any] | None = None, **kwargs: t.Any):
        """A form posted as the browser does, with the CSRF token."""
        return self.client.post(path, data={**(data or {}), "csrf_token": self.token()}, **kwargs)

    def post_forged(self, path: str, data: dict[str, t.Any] | None = None, **kwargs: t.Any):
        """The same form posted from another site: no CSRF token."""
        return self.client.post(path, data=data or {}, **kwargs)


def sign_in(app: t.Any, username: str) -> PageClient:
    client = app.test_client()
    page = client.get("/login").get_data(as_text=True)
    token = page.split('name="csrf_token" value="', 1)[1].split('"', 1)[0]
    response = client.post(
        "/login",
        data={"username": username, "password": PASSWORDS[username], "csrf_token": token},
    )
    assert response.status_code == 302, response.get_data(as_text=True)
    return PageClient(client)


@pytest.fixture
def manager_pages(app) -> PageClient:
    return sign_in(app, "manager")


@pytest.fixture
def admin_pages(app) -> PageClient:
    return sign_in(app, "admin")


@pytest.fixture
def cashier_pages(app) -> PageClient:
    return sign_in(app, "cashier")
