"""Fixtures of the loyalty tests: a shop with a tobacco category and an open register."""

from __future__ import annotations

import pytest


@pytest.fixture
def shop(app, manager_api):
    """COFFEE 2.50, TEA 4.00 and CIGARS 10.00 (in category "Tobacco"), register 1 open.
    Returns the product ids and ``tobacco`` (the category id)."""
    category = manager_api.post("/api/v1/categories", json={"name": "Tobacco"})
    assert category.status_code == 201, category.get_json()
    ids = {"tobacco": category.get_json()["id"]}
    for sku, price, category_id in (
        ("COFFEE", 250, None),
        ("TEA", 400, None),
        ("CIGARS", 1000, ids["tobacco"]),
    ):
        response = manager_api.post(
            "/api/v1/products",
            json={
                "sku": sku,
                "name": sku.title(),
                "price": price,
                "tax_rate": "20.0",
                "category_id": category_id,
                "stock": "1000",
            },
        )
        assert response.status_code == 201, response.get_json()
        ids[sku] = response.get_json()["id"]
    opened = manager_api.post("/api/v1/registers/1/open", json={"float": 10000})
    assert opened.status_code in (200, 201), opened.get_json()
    return ids


@pytest.fixture
def customer(manager_api):
    """A customer, Anne Martin, with no points yet: returns her id."""
    response = manager_api.post("/api/v1/customers", json={"name": "Anne Martin"})
    assert response.status_code == 201, response.get_json()
    return response.get_json()["id"]
