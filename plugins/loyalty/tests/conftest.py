"""Fixtures of the loyalty tests: a shop with a tobacco category, and a customer."""

from __future__ import annotations

import pytest

from core.testing import Item, make_shop


@pytest.fixture
def shop(manager_api):
    """COFFEE 2.50, TEA 4.00 and CIGARS 10.00 (in the category "Tobacco"), all at 20 %,
    register 1 open."""
    return make_shop(
        manager_api,
        [
            Item("COFFEE", 250, stock="1000"),
            Item("TEA", 400, stock="1000"),
            Item("CIGARS", 1000, category="Tobacco", stock="1000"),
        ],
    )


@pytest.fixture
def customer(manager_api):
    """A customer of crm, Anne Martin, with no points yet: returns her id."""
    response = manager_api.post("/api/v1/customers", json={"name": "Anne Martin"})
    assert response.status_code == 201, response.get_json()
    return response.get_json()["id"]
