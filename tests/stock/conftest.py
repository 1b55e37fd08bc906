"""Helpers of the stock tests."""

from __future__ import annotations

import pytest


@pytest.fixture
def product(manager_api) -> dict:
    """A product with no stock yet."""
    response = manager_api.post("/api/v1/products", json={"name": "Croissant", "price": 120})
    assert response.status_code == 201, response.json
    return response.json


@pytest.fixture
def refuse_negative_stock(app):
    """The store refuses negative stock."""
    from core.settings import save_settings

    with app.app_context():
        save_settings("store", {"allow_negative_stock": False})
