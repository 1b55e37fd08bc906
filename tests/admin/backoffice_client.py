"""A browser-like test client signed in to the back office, posting forms with the
page's CSRF token as a browser sends them."""

from __future__ import annotations

import typing as t

from core.testing.fixtures import PASSWORDS


def csrf_of(client: t.Any, path: str = "/login") -> str:
    page = client.get(path).get_data(as_text=True)
    return page.split('name="csrf-token" content="', 1)[1].split('"', 1)[0]


class Browser:
    """A test client signed in to the back office, posting forms with the page's token."""

    def __init__(self, app: t.Any, username: str, password: str | None = None):
        self.client = app.test_client()
        response = self.client.post(
            "/login",
            data={
                "username": username,
                "password": password or PASSWORDS[username],
                "csrf_token": csrf_of(self.client),
            },
        )
        assert response.status_code == 302, response.get_data(as_text=True)[:500]

    def get(self, path: str, **kwargs: t.Any) -> t.Any:
        return self.client.get(path, **kwargs)

    def post(self, path: str, data: dict[str, t.Any] | None = None, *, csrf: bool = True):
        form = dict(data or {})
        if csrf:
            form["csrf_token"] = csrf_of(self.client, "/admin/")
        return self.client.post(path, data=form)
