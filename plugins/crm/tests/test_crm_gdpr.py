"""GDPR: a customer's data exported as JSON, and erasure that keeps the sales."""

from __future__ import annotations

import pytest
from crm_testing import new_customer, new_group

from core.testing import sell

pytestmark = pytest.mark.comptoir_plugins("crm")


@pytest.fixture
def customer_with_a_sale(shop, manager_api, cashier_api):
    group = new_group(manager_api, "Staff", "10")
    customer = new_customer(
        manager_api,
        name="Anne Martin",
        email="anne@example.org",
        phone="+33 6 12 34 56 78",
        address="1 rue de la Paix",
        tags=["regular"],
        notes="allergic to nuts",
        card_barcode="CARD-9",
        marketing_consent=True,
        group_id=group["id"],
    )
    sale = sell(cashier_api, shop.line("TEA"), customer_id=customer["id"])
    return customer, sale


def test_export_holds_profile_consents_groups_and_sales(manager_api, customer_with_a_sale):
    customer, sale = customer_with_a_sale
    response = manager_api.get(f"/api/v1/customers/{customer['id']}/export")
    assert response.status_code == 200
    export = response.get_json()
    assert export["profile"]["email"] == "anne@example.org"
    assert export["profile"]["notes"] == "allergic to nuts"
    assert [(c["given"], c["source"]) for c in export["consents"]] == [(True, "api")]
    assert [g["name"] for g in export["groups"]] == ["Staff"]
    assert export["sales"]["sales_count"] == 1
    assert export["sales"]["total_spent"] == sale["total"] == 360
    assert [s["id"] for s in export["sales"]["items"]] == [sale["id"]]


def test_cashiers_may_not_export(cashier_api, customer_with_a_sale):
    customer, _sale = customer_with_a_sale
    assert cashier_api.get(f"/api/v1/customers/{customer['id']}/export").status_code == 403


def test_erasure_removes_personal_data_and_keeps_the_sales(
    app, admin_api, manager_api, customer_with_a_sale
):
    """DELETE anonymises: name replaced, contact fields emptied, consent withdrawn,
    ``erased_at`` set; the sale still points at the customer's id."""
    customer, sale = customer_with_a_sale
    response = admin_api.delete(f"/api/v1/customers/{customer['id']}")
    assert response.status_code == 200, response.get_json()
    erased = admin_api.get(f"/api/v1/customers/{customer['id']}").get_json()
    assert erased["name"] == f"Erased customer #{customer['id']}"
    for key in ("email", "phone", "card_barcode", "group_id", "group"):
        assert erased[key] is None, key
    assert (erased["address"], erased["notes"], erased["tags"]) == ("", "", [])
    assert erased["marketing_consent"] is False and erased["erased_at"] is not None
    assert erased["totals"]["sales_count"] == 1

    kept = admin_api.get(f"/api/v1/sales/{sale['id']}").get_json()
    assert kept["customer_id"] == customer["id"] and kept["total"] == sale["total"]

    export = admin_api.get(f"/api/v1/customers/{customer['id']}/export").get_json()
    assert [(c["given"], c["source"]) for c in export["consents"]] == [
        (True, "api"),
        (False, "erasure"),
    ]
    dumped = str(export)
    for secret in ("Anne", "anne@example.org", "12 34", "Paix", "nuts", "CARD-9"):
        assert secret not in dumped


def test_erased_customers_are_not_found_by_search(admin_api, customer_with_a_sale):
    customer, _sale = customer_with_a_sale
    admin_api.delete(f"/api/v1/customers/{customer['id']}")
    assert admin_api.get("/api/v1/customers?q=anne").get_json() == []
    assert admin_api.get("/api/v1/customers?barcode=CARD-9").get_json() == []
    listed = admin_api.get("/api/v1/customers?include_erased=true").get_json()
    assert [c["id"] for c in listed] == [customer["id"]]


def test_an_erased_customer_cannot_be_changed(admin_api, customer_with_a_sale):
    customer, _sale = customer_with_a_sale
    admin_api.delete(f"/api/v1/customers/{customer['id']}")
    response = admin_api.patch(f"/api/v1/customers/{customer['id']}", json={"name": "Back"})
    assert response.status_code == 409


def test_erasing_twice_changes_nothing(admin_api, customer_with_a_sale):
    customer, _sale = customer_with_a_sale
    first = admin_api.delete(f"/api/v1/customers/{customer['id']}").get_json()
    second = admin_api.delete(f"/api/v1/customers/{customer['id']}")
    assert second.status_code == 200 and second.get_json()["erased_at"] == first["erased_at"]


def test_only_admins_erase(manager_api, cashier_api, customer_with_a_sale):
    """``crm.erase`` has no default role: managers and cashiers get a 403."""
    customer, _sale = customer_with_a_sale
    assert manager_api.delete(f"/api/v1/customers/{customer['id']}").status_code == 403
    assert cashier_api.delete(f"/api/v1/customers/{customer['id']}").status_code == 403
    assert manager_api.get(f"/api/v1/customers/{customer['id']}").get_json()["erased_at"] is None


def test_unknown_customer_export_and_erase_are_404(admin_api):
    assert admin_api.get("/api/v1/customers/987654/export").status_code == 404
    assert admin_api.delete("/api/v1/customers/987654").status_code == 404
