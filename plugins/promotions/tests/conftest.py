"""A small shop for the promotions tests: a category, four products and register 1 open."""

from __future__ import annotations

import pytest


@pytest.fixture
def shop(manager_api, admin_api):
    """Products (prices tax included, 20 %): TEA 4.00 and COFFEE 10.00 in "Drinks",
    CAKE 3.00 and BREAD 2.00 without a category. Returns their ids and the category's."""
    category = admin_api.post("/api/v1/categories", json={"name": "Drinks"})
    assert category.status_code == 201, category.get_json()
    ids = {"drinks": category.get_json()["id"]}
    for sku, price, in_drinks in (
        ("TEA", 400, True),
        ("COFFEE", 1000, True),
        ("CAKE", 300, False),
        ("BREAD", 200, False),
    ):
        body = {"sku": sku, "name": sku.title(), "price": price, "tax_rate": "20.0", "stock": 100}
        if in_drinks:
            body["category_id"] = ids["drinks"]
        created = admin_api.post("/api/v1/products", json=body)
        assert created.status_code == 201, created.get_json()
        ids[sku] = created.get_json()["id"]
    opened = manager_api.post("/api/v1/registers/1/open", json={"float": 10000})
    assert opened.status_code == 201, opened.get_json()
    return ids
