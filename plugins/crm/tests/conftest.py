"""Fixtures of the crm tests: a small shop with an open register."""

from __future__ import annotations

import pytest


@pytest.fixture
def shop(app, manager_api):
    """Products COFFEE 2.50 and TEA 4.00 (20 % tax), register 1 open; returns their ids."""
    products = {}
    for sku, price, barcode in (("COFFEE", 250, "3017620422003"), ("TEA", 400, "4006381333931")):
        response = manager_api.post(
            "/api/v1/products",
            json={
                "sku": sku,
                "name": sku.title(),
                "price": price,
                "tax_rate": "20.0",
                "barcodes": [barcode],
                "stock": "100",
            },
        )
        assert response.status_code == 201, response.get_json()
        products[sku] = response.get_json()["id"]
    opened = manager_api.post("/api/v1/registers/1/open", json={"float": 10000})
    assert opened.status_code in (200, 201), opened.get_json()
    return products
