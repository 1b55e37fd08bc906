"""A small shop for the gift card tests: BOOK 30.00 and PEN 2.50, register 1 open."""

from __future__ import annotations

import pytest


@pytest.fixture
def shop(manager_api, admin_api):
    ids = {}
    for sku, price in (("BOOK", 3000), ("PEN", 250)):
        created = admin_api.post(
            "/api/v1/products",
            json={
                "sku": sku,
                "name": sku.title(),
                "price": price,
                "tax_rate": "20.0",
                "stock": 100,
            },
        )
        assert created.status_code == 201, created.get_json()
        ids[sku] = created.get_json()["id"]
    opened = manager_api.post("/api/v1/registers/1/open", json={"float": 10000})
    assert opened.status_code == 201, opened.get_json()
    return ids
