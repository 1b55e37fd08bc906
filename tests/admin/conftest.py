"""Helpers of the back-office page tests."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

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
