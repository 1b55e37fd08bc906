"""Helpers of the back-office page tests: row counts, products through the API, and
browser-like clients signed in by password, whose forms must send the pages' CSRF token."""

from __future__ import annotations

import re
import typing as t

import pytest
import sqlalchemy as sa
from backoffice_client import Browser

from core.catalog.models import Barcode, Category, Product, TaxRate
from core.db import db
from core.stock.models import StockLevel, StockMovement
from core.testing.fixtures import PASSWORDS


@pytest.fixture
def counts(app):
    """The catalog's and stock's row counts, to prove a refused form wrote nothing."""

    def take() -> dict[str, int]:
        with app.app_context():
            return {
                model.__tablename__: db.session.scalar(
                    sa.select(sa.func.count()).select_from(model)
                )
                for model in (Product, Barcode, Category, TaxRate, StockLevel, StockMovement)
            }

    return take


@pytest.fixture
def create(manager_api):
    """``create(**fields)``: a product through the API; returns its JSON."""

    def make(**fields) -> dict:
        body = {"name": "Thing", "price": 100, **fields}
        response = manager_api.post("/api/v1/products", json=body)
        assert response.status_code == 201, response.json
        return response.json

    return make


@pytest.fixture
def signed_in(app):
    """``signed_in("manager")``: a browser-like client signed in with a password (session
    cookie, so its forms need the CSRF token)."""

    def sign_in(username: str):
        client = app.test_client()
        page = client.get("/login").get_data(as_text=True)
        token = page.split('name="csrf-token" content="', 1)[1].split('"', 1)[0]
        response = client.post(
            "/login",
            data={"username": username, "password": PASSWORDS[username], "csrf_token": token},
        )
        assert response.status_code == 302, response.get_data(as_text=True)
        return client

    return sign_in


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


@pytest.fixture
def browse(app) -> t.Callable[..., Browser]:
    """``browse("manager")``: a browser signed in as that user."""
    return lambda username, password=None: Browser(app, username, password)
