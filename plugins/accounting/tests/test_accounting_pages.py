"""The back-office pages: the books of a period with their daily summary and exports,
and the chart-of-accounts mapping, which only holders of accounting.manage change."""

from __future__ import annotations

import pytest
from accounting_testing import balances, entry_for

from core.testing import sell

pytestmark = pytest.mark.comptoir_plugins("accounting")


def test_the_books_page_shows_the_days_summary(shop, cashier_api, manager_api):
    sell(cashier_api, shop.line("TEA"), payments=[{"method": "card", "amount": 400}])
    page = manager_api.get("/accounting/")
    assert page.status_code == 200
    text = page.get_data(as_text=True)
    assert "Daily summary" in text and "511200" in text and "Balanced" in text
    assert "Export FEC" in text and "Export Ledger / hledger" in text


def test_cashiers_never_see_the_books(shop, cashier_api):
    assert cashier_api.get("/accounting/").status_code == 403
    assert cashier_api.get("/accounting/mapping").status_code == 403
    assert cashier_api.get("/api/v1/accounting/entries").status_code == 403


def test_the_page_exports_the_ledger(shop, manager_api):
    response = manager_api.get("/accounting/export?format=ledger")
    assert response.status_code == 200
    assert "530000 Caisse" in response.get_data(as_text=True)


def test_a_page_export_refused_says_why(shop, manager_api):
    """The FEC without a SIREN: back to the page with the reason, no file."""
    response = manager_api.get("/accounting/export?format=fec", follow_redirects=True)
    assert response.status_code == 200
    assert "SIREN" in response.get_data(as_text=True)


def test_the_admin_maps_an_account_of_their_own(shop, admin_api, cashier_api, manager_api):
    manager_api.post("/api/v1/categories", json={"name": "Books"})
    page = admin_api.get("/accounting/mapping").get_data(as_text=True)
    assert "Payments: card" in page and "511200 Cartes bancaires" in page
    assert "Sales of category Books" in page and "by tax rate" in page
    saved = admin_api.post(
        "/accounting/mapping/save",
        data={
            "key": ["payment:card"],
            "account-payment:card": "511210",
            "label-payment:card": "CB  Crédit Agricole",
        },
    )
    assert saved.status_code == 302, saved.get_data(as_text=True)
    sale = sell(cashier_api, shop.line("TEA"), payments=[{"method": "card", "amount": 400}])
    assert balances(entry_for(manager_api, "sale", sale["id"]))["511210"] == 400
    entry = entry_for(manager_api, "sale", sale["id"])
    assert "CB Crédit Agricole" in {line["account_label"] for line in entry["lines"]}
    # Emptied, the key goes back to the chart's default.
    admin_api.post(
        "/accounting/mapping/save", data={"key": ["payment:card"], "account-payment:card": ""}
    )
    sale = sell(cashier_api, shop.line("TEA"), payments=[{"method": "card", "amount": 400}])
    assert "511200" in balances(entry_for(manager_api, "sale", sale["id"]))


def test_a_category_of_its_own_beats_the_rate(shop, admin_api, manager_api, cashier_api):
    category = manager_api.post("/api/v1/categories", json={"name": "Books"}).get_json()["id"]
    product = manager_api.post(
        "/api/v1/products",
        json={
            "sku": "NOVEL",
            "name": "Novel",
            "price": 2000,
            "tax_rate": "5.5",
            "category_id": category,
        },
    ).get_json()["id"]
    key = f"sales:category:{category}"
    saved = admin_api.post(
        "/accounting/mapping/save",
        data={"key": [key], f"account-{key}": "707150", f"label-{key}": "Ventes de livres"},
    )
    assert saved.status_code == 302
    sale = sell(
        cashier_api,
        {"product_id": product, "quantity": 1},
        payments=[{"method": "cash", "amount": 2000}],
    )
    booked = balances(entry_for(manager_api, "sale", sale["id"]))
    assert booked["707150"] == -1896 and booked["445713"] == -104


def test_a_bad_account_is_refused_and_nothing_saved(shop, admin_api):
    response = admin_api.post(
        "/accounting/mapping/save",
        data={
            "key": ["payment:card", "payment:cash"],
            "account-payment:cash": "5300",
            "account-payment:card": "51 12",
        },
    )
    assert response.status_code == 400
    assert "letters and digits" in response.get_data(as_text=True)
    page = admin_api.get("/accounting/mapping").get_data(as_text=True)
    assert 'value="5300"' not in page


def test_a_manager_reads_the_mapping_but_cannot_change_it(shop, manager_api):
    assert manager_api.get("/accounting/mapping").status_code == 200
    response = manager_api.post(
        "/accounting/mapping/save", data={"key": ["payment:card"], "account-payment:card": "1"}
    )
    assert response.status_code == 403


def test_the_settings_page_chooses_the_chart(shop, admin_api):
    page = admin_api.get("/admin/plugins/accounting/settings")
    assert page.status_code == 200
    text = page.get_data(as_text=True)
    assert "Chart of accounts" in text and "SIREN" in text
