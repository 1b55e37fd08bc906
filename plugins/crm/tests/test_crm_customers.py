"""Customers through the API: create, read, change, search, and bad input."""

from __future__ import annotations

import pytest
from crm_testing import new_customer, row_counts

pytestmark = pytest.mark.comptoir_plugins("crm")


def test_cashier_creates_a_customer_and_reads_it_back(cashier_api):
    """A cashier may add a customer at the till; every field comes back as given."""
    created = new_customer(
        cashier_api,
        name="Anne Martin",
        email="Anne@Example.org",
        phone="+33 6 12 34 56 78",
        address="1 rue de la Paix, Paris",
        tags=["regular", "vegan"],
        notes="Prefers oat milk",
        card_barcode="CARD-0001",
    )
    read = cashier_api.get(f"/api/v1/customers/{created['id']}").get_json()
    assert read["name"] == "Anne Martin"
    assert read["email"] == "anne@example.org"
    assert read["phone"] == "+33 6 12 34 56 78"
    assert read["tags"] == ["regular", "vegan"]
    assert read["card_barcode"] == "CARD-0001"
    assert read["marketing_consent"] is False and read["consent_changed_at"] is None
    assert read["erased_at"] is None
    assert read["totals"] == {
        "sales_count": 0,
        "total_spent": 0,
        "refunded": 0,
        "last_visit": None,
    }


@pytest.mark.parametrize(
    "body",
    [
        {},
        {"name": ""},
        {"name": "   "},
        {"name": "A", "email": "not-an-email"},
        {"name": "A", "phone": "no digits"},
        {"name": "A", "tags": "vip"},
        {"name": "A", "tags": [""]},
        {"name": "A", "marketing_consent": "maybe"},
        {"name": "A", "card_barcode": "has space"},
        {"name": "A", "group_id": 987654},
        {"name": "A", "group_id": "1"},
        {"name": "A", "unknown": 1},
        {"name": "x" * 201},
    ],
)
def test_bad_customer_input_is_a_422_and_writes_nothing(app, manager_api, body):
    """Every invalid body is refused with the fields at fault; nothing is written."""
    before = row_counts(app, manager_api)
    response = manager_api.post("/api/v1/customers", json=body)
    assert response.status_code == 422, response.get_json()
    assert response.get_json()["error"]["fields"]
    assert row_counts(app, manager_api) == before


def test_malformed_json_is_a_400(app, manager_api):
    before = row_counts(app, manager_api)
    response = manager_api.post(
        "/api/v1/customers", data="{", headers={"Content-Type": "application/json"}
    )
    assert response.status_code == 400
    assert row_counts(app, manager_api) == before


def test_a_card_barcode_belongs_to_one_customer(app, manager_api):
    """A second customer with the same card is a 409; nothing is written."""
    new_customer(manager_api, card_barcode="CARD-7")
    before = row_counts(app, manager_api)
    response = manager_api.post("/api/v1/customers", json={"name": "B", "card_barcode": "CARD-7"})
    assert response.status_code == 409
    assert response.get_json()["error"]["fields"] == {"card_barcode": ["already used"]}
    assert row_counts(app, manager_api) == before


def test_manager_changes_a_customer(manager_api):
    customer = new_customer(manager_api, email="a@example.org")
    response = manager_api.patch(
        f"/api/v1/customers/{customer['id']}",
        json={"name": "Anne Dupont", "email": None, "phone": "0612"},
    )
    assert response.status_code == 200, response.get_json()
    assert (response.get_json()["name"], response.get_json()["email"]) == ("Anne Dupont", None)
    assert response.get_json()["phone"] == "0612"


def test_patch_with_bad_input_changes_nothing(manager_api):
    customer = new_customer(manager_api, email="a@example.org")
    response = manager_api.patch(
        f"/api/v1/customers/{customer['id']}", json={"name": "New", "email": "nope"}
    )
    assert response.status_code == 422
    assert manager_api.get(f"/api/v1/customers/{customer['id']}").get_json()["name"] == (
        "Anne Martin"
    )


def test_unknown_customer_is_a_404(manager_api):
    assert manager_api.get("/api/v1/customers/987654").status_code == 404
    assert manager_api.get(f"/api/v1/customers/{2**63 - 1}").status_code == 404
    assert manager_api.patch("/api/v1/customers/987654", json={"name": "x"}).status_code == 404


def test_giving_and_withdrawing_consent_records_the_date(manager_api):
    """Consent given or withdrawn sets ``consent_changed_at``; the export lists both."""
    customer = new_customer(manager_api, marketing_consent=True)
    assert customer["marketing_consent"] is True
    given_at = customer["consent_changed_at"]
    assert given_at is not None
    withdrawn = manager_api.patch(
        f"/api/v1/customers/{customer['id']}", json={"marketing_consent": False}
    ).get_json()
    assert withdrawn["marketing_consent"] is False
    assert withdrawn["consent_changed_at"] >= given_at
    export = manager_api.get(f"/api/v1/customers/{customer['id']}/export").get_json()
    assert [c["given"] for c in export["consents"]] == [True, False]


def test_the_same_consent_again_records_nothing_new(manager_api):
    customer = new_customer(manager_api, marketing_consent=True)
    manager_api.patch(f"/api/v1/customers/{customer['id']}", json={"marketing_consent": True})
    export = manager_api.get(f"/api/v1/customers/{customer['id']}/export").get_json()
    assert len(export["consents"]) == 1


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("anne", ["Anne Martin"]),
        ("MART", ["Anne Martin"]),
        ("bob@shop", ["Bob Durand"]),
        ("06 12 34 56 78", ["Anne Martin"]),
        ("0612345678", ["Anne Martin"]),
        ("98 76", ["Bob Durand"]),
        ("CARD-B", ["Bob Durand"]),
        ("r", ["Anne Martin", "Bob Durand"]),
        ("zzz", []),
        ("100%", []),
    ],
)
def test_search_by_name_email_phone_or_card(cashier_api, query, expected):
    """``?q=`` finds customers by part of the name or e-mail (any case), by phone digits
    however the number was typed, or by card barcode."""
    new_customer(cashier_api, name="Anne Martin", phone="+33 6 12 34 56 78")
    new_customer(
        cashier_api,
        name="Bob Durand",
        email="bob@shop.example",
        phone="01 98 76",
        card_barcode="CARD-B",
    )
    response = cashier_api.get("/api/v1/customers", query_string={"q": query})
    assert response.status_code == 200
    assert [c["name"] for c in response.get_json()] == expected
    assert response.headers["X-Total-Count"] == str(len(expected))


def test_find_by_scanned_card(cashier_api):
    new_customer(cashier_api, name="Anne", card_barcode="C1")
    new_customer(cashier_api, name="Bob", card_barcode="C2")
    found = cashier_api.get("/api/v1/customers?barcode=C2").get_json()
    assert [c["name"] for c in found] == ["Bob"]


def test_list_is_paginated(cashier_api):
    for index in range(5):
        new_customer(cashier_api, name=f"Customer {index}")
    page = cashier_api.get("/api/v1/customers?limit=2&offset=2")
    assert [c["name"] for c in page.get_json()] == ["Customer 2", "Customer 3"]
    assert page.headers["X-Total-Count"] == "5"
    assert cashier_api.get("/api/v1/customers?limit=0").status_code == 422


def test_require_contact_setting(admin_api, manager_api):
    """With ``require_contact`` a customer needs an e-mail or a phone number."""
    assert new_customer(manager_api, name="No contact")["email"] is None
    changed = admin_api.patch("/api/v1/settings/crm", json={"require_contact": True})
    assert changed.status_code == 200, changed.get_json()
    refused = manager_api.post("/api/v1/customers", json={"name": "Still none"})
    assert refused.status_code == 422
    assert "email" in refused.get_json()["error"]["fields"]
    assert new_customer(manager_api, name="Reachable", phone="0612")["phone"] == "0612"


def test_a_customers_language_is_kept_and_checked(cashier_api, manager_api):
    """The language a customer reads (what the shop sends them is written in it): one of
    Comptoir's, or none for the store's."""
    created = new_customer(cashier_api, email="anne@example.org", language="nl")
    assert created["language"] == "nl"
    path = f"/api/v1/customers/{created['id']}"
    assert manager_api.patch(path, json={"language": "de"}).status_code == 422
    assert manager_api.patch(path, json={"language": None}).get_json()["language"] is None
    assert new_customer(cashier_api, name="Paul", email="p@example.org")["language"] is None
