"""The customers who consented: their export, the sync to mailing services, and signed
unsubscribe links that withdraw the consent in crm."""

from __future__ import annotations

import re

import mailing_service_plugin as service
import pytest
from email_testing import point_at, text_part

from core.testing import sell

pytestmark = pytest.mark.comptoir_plugins("email")


def _customer(api, **fields):
    response = api.post("/api/v1/customers", json={"name": "Anne Martin", **fields})
    assert response.status_code == 201, response.get_json()
    return response.get_json()


def _links(api) -> dict[str, str]:
    return {c["email"]: c["unsubscribe_url"] for c in api.get("/api/v1/email/contacts").get_json()}


def test_only_consenting_customers_with_an_address_are_exported(manager_api):
    _customer(manager_api, name="Yes", email="yes@example.org", marketing_consent=True)
    _customer(manager_api, name="No", email="no@example.org", marketing_consent=False)
    _customer(manager_api, name="Phone only", phone="0612345678", marketing_consent=True)
    contacts = manager_api.get("/api/v1/email/contacts").get_json()
    assert [c["email"] for c in contacts] == ["yes@example.org"]
    assert contacts[0]["unsubscribe_url"].startswith("http://localhost/email/unsubscribe/")


def test_the_csv_export_lists_them_with_their_links(manager_api, client):
    _customer(manager_api, email="yes@example.org", marketing_consent=True)
    # The back office's export, as a manager signed in there.
    response = manager_api.get("/email/contacts.csv")
    assert response.status_code == 200 and response.mimetype == "text/csv"
    header, row = response.get_data(as_text=True).strip().splitlines()
    assert header.startswith("customer_id,name,email,language")
    assert "yes@example.org" in row and "/email/unsubscribe/" in row


def test_an_unsubscribe_link_withdraws_the_consent(manager_api, client):
    """Following the link asks first (a mail scanner opening it changes nothing); the
    customer's confirmation withdraws the consent in crm, recorded as any change is."""
    anne = _customer(manager_api, email="anne@example.org", marketing_consent=True)
    path = _links(manager_api)["anne@example.org"].removeprefix("http://localhost")

    page = client.get(path)
    assert page.status_code == 200 and "Unsubscribe" in page.get_data(as_text=True)
    assert manager_api.get(f"/api/v1/customers/{anne['id']}").get_json()["marketing_consent"]

    token = re.search(r'name="csrf_token" value="([^"]+)"', page.get_data(as_text=True))[1]
    done = client.post(path, data={"csrf_token": token})
    assert done.status_code == 200
    customer = manager_api.get(f"/api/v1/customers/{anne['id']}").get_json()
    assert customer["marketing_consent"] is False and customer["consent_changed_at"]
    assert _links(manager_api) == {}


def test_a_forged_link_changes_nothing(manager_api, client):
    anne = _customer(manager_api, email="anne@example.org", marketing_consent=True)
    path = _links(manager_api)["anne@example.org"].removeprefix("http://localhost")
    forged = path[:-3] + ("AAA" if not path.endswith("AAA") else "BBB")
    assert client.get(forged).status_code == 404
    assert client.get("/email/unsubscribe/not-a-token").status_code == 404
    assert manager_api.get(f"/api/v1/customers/{anne['id']}").get_json()["marketing_consent"]


def test_a_consenting_customers_receipt_carries_their_link(app, shop, smtp, admin_api, cashier_api):
    point_at(admin_api, smtp)
    anne = _customer(cashier_api, email="anne@example.org", marketing_consent=True)
    sale = sell(cashier_api, shop.line("PEN"), customer_id=anne["id"])
    cashier_api.post(f"/api/v1/sales/{sale['id']}/email", json={}).close()
    (mail,) = smtp.inbox.messages
    assert "/email/unsubscribe/" in mail["List-Unsubscribe"]
    assert "/email/unsubscribe/" in text_part(mail)


@pytest.mark.comptoir_extra_plugins("mailing_service=mailing_service_plugin")
@pytest.mark.comptoir_plugins("email", "mailing_service")
def test_sync_sends_the_consented_customers_to_the_connectors(manager_api):
    service.LIST.clear()
    _customer(manager_api, email="yes@example.org", marketing_consent=True)
    _customer(manager_api, name="No", email="no@example.org")
    response = manager_api.post("/api/v1/email/sync")
    assert response.status_code == 200
    assert response.get_json() == {"contacts": 1, "connectors": 1}
    assert [c["email"] for c in service.LIST] == ["yes@example.org"]
    assert service.LIST[0]["unsubscribe_url"]


def test_cashiers_may_not_export_customers(cashier_api):
    assert cashier_api.get("/api/v1/email/contacts").status_code == 403
    assert cashier_api.post("/api/v1/email/sync").status_code == 403
