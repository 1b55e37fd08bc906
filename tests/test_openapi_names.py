"""Component names of the OpenAPI document: a plugin's schemas carry its name, so two
plugins may both have an ``OrderSchema`` and a client generator gets stable names."""

from __future__ import annotations

import pytest


@pytest.mark.comptoir_plugins("purchasing", "restaurant", "crm")
def test_each_plugins_schemas_are_named_after_it(client):
    response = client.get("/api/v1/openapi.json")
    assert response.status_code == 200
    names = set(response.get_json()["components"]["schemas"])
    assert {"PurchasingOrder", "RestaurantOrder", "CrmCustomer"} <= names
    # The core's own schemas keep their short names.
    assert {"Product", "SaleOut", "Error"} <= names
    assert not any(name.endswith(("Order1", "Order2")) for name in names)
