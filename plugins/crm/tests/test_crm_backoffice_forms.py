"""The back office's customer forms (add, change) and the erasure with its confirmation."""

from __future__ import annotations

import pytest
from crm_testing import new_customer, new_group, row_counts

pytestmark = pytest.mark.comptoir_plugins("crm")


def form(**fields: str) -> dict[str, str]:
    values = {
        "name": "Anne Martin",
        "email": "Anne@Example.org",
        "phone": "+33 6 12 34 56 78",
        "address": "1 rue de la Paix, Paris",
        "tags": "vip, wholesale",
        "notes": "Prefers oat milk.",
        "group_id": "",
    }
    values.update(fields)
    return values


def only_customer(api) -> dict:
    (listed,) = api.get("/api/v1/customers").get_json()
    return api.get(f"/api/v1/customers/{listed['id']}").get_json()


def test_new_customer_form_is_offered(manager_api):
    """The list links to the form, which posts with the CSRF token."""
    assert "/crm/new" in manager_api.get("/crm/").get_data(as_text=True)
    page = manager_api.get("/crm/new")
    assert page.status_code == 200 and 'name="csrf_token"' in page.get_data(as_text=True)


def test_create_form_adds_a_customer_through_the_service(manager_api):
    """Every field of the form is saved as the API would (e-mail lower-cased, tags split,
    consent recorded with its date, group set)."""
    group = new_group(manager_api)
    response = manager_api.post(
        "/crm/new", data=form(group_id=str(group["id"]), marketing_consent="on")
    )
    assert response.status_code == 302
    customer = only_customer(manager_api)
    assert response.headers["Location"].endswith(f"/crm/{customer['id']}")
    assert customer["email"] == "anne@example.org" and customer["tags"] == ["vip", "wholesale"]
    assert customer["address"] == "1 rue de la Paix, Paris"
    assert customer["notes"] == "Prefers oat milk."
    assert customer["group"]["id"] == group["id"]
    assert customer["marketing_consent"] is True and customer["consent_changed_at"]


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"name": "  "}, "name"),
        ({"email": "not an e-mail"}, "email"),
        ({"phone": "call me"}, "phone"),
        ({"group_id": "987654"}, "group_id"),
        ({"group_id": "staff"}, "group_id"),
    ],
)
def test_bad_create_form_rerenders_and_writes_nothing(app, manager_api, fields, field):
    """A bad value shows the form again naming the field; nothing is written."""
    before = row_counts(app, manager_api)
    response = manager_api.post("/crm/new", data=form(**fields))
    assert response.status_code == 400
    text = response.get_data(as_text=True)
    assert 'class="flash error"' in text and f"<li>{field}:" in text
    assert row_counts(app, manager_api) == before


def test_create_form_follows_require_contact(app, admin_api, manager_api):
    """With ``require_contact`` on, the service's rule refuses a customer with no contact."""
    admin_api.patch("/api/v1/settings/crm", json={"require_contact": True})
    before = row_counts(app, manager_api)
    response = manager_api.post("/crm/new", data=form(email="", phone=""))
    assert response.status_code == 400
    assert row_counts(app, manager_api) == before


def test_create_form_needs_crm_create(app, manager_api, roleless_api):
    """Without ``crm.create`` the form is refused."""
    before = row_counts(app, manager_api)
    assert roleless_api.post("/crm/new", data=form()).status_code == 403
    assert row_counts(app, manager_api) == before


def test_edit_form_shows_the_current_values(manager_api):
    """The edit form is filled with the customer's data."""
    customer = new_customer(manager_api, email="anne@example.org", tags=["vip", "b2b"])
    page = manager_api.get(f"/crm/{customer['id']}/edit").get_data(as_text=True)
    assert 'value="anne@example.org"' in page and 'value="vip, b2b"' in page


def test_edit_form_changes_the_customer_through_the_service(manager_api):
    """Saving the edit form changes the fields and records a withdrawn consent's date."""
    customer = new_customer(manager_api, marketing_consent=True)
    response = manager_api.post(
        f"/crm/{customer['id']}/edit", data=form(name="Anne Dupont", tags="")
    )
    assert response.status_code == 302
    changed = manager_api.get(f"/api/v1/customers/{customer['id']}").get_json()
    assert changed["name"] == "Anne Dupont" and changed["tags"] == []
    assert changed["phone"] == "+33 6 12 34 56 78"
    assert changed["marketing_consent"] is False
    assert changed["consent_changed_at"] != customer["consent_changed_at"]


def test_bad_edit_form_changes_nothing(manager_api):
    """A bad value shows the form again with the error; the customer is unchanged."""
    customer = new_customer(manager_api, email="anne@example.org")
    response = manager_api.post(
        f"/crm/{customer['id']}/edit", data=form(name="Anne Dupont", email="nope")
    )
    assert response.status_code == 400 and "<li>email:" in response.get_data(as_text=True)
    after = manager_api.get(f"/api/v1/customers/{customer['id']}").get_json()
    assert after["name"] == "Anne Martin" and after["email"] == "anne@example.org"


def test_edit_form_needs_crm_edit(cashier_api, manager_api):
    """A cashier (view and create only) cannot change a customer."""
    customer = new_customer(manager_api)
    response = cashier_api.post(f"/crm/{customer['id']}/edit", data=form(name="Mallory"))
    assert response.status_code == 403
    assert manager_api.get(f"/api/v1/customers/{customer['id']}").get_json()["name"] == (
        "Anne Martin"
    )


def test_erase_button_is_shown_with_crm_erase_only(admin_api, manager_api):
    """The detail page has an "Erase" button for holders of ``crm.erase`` (the admin),
    not for a manager."""
    customer = new_customer(manager_api)
    erase_url = f"/crm/{customer['id']}/erase"
    assert erase_url in admin_api.get(f"/crm/{customer['id']}").get_data(as_text=True)
    assert erase_url not in manager_api.get(f"/crm/{customer['id']}").get_data(as_text=True)


def test_erase_asks_for_confirmation_first(admin_api, manager_api):
    """Following the button shows a confirmation and erases nothing."""
    customer = new_customer(manager_api, email="anne@example.org")
    page = admin_api.get(f"/crm/{customer['id']}/erase")
    assert page.status_code == 200
    text = page.get_data(as_text=True)
    assert 'name="confirm" value="yes"' in text and 'name="csrf_token"' in text
    assert admin_api.get(f"/api/v1/customers/{customer['id']}").get_json()["erased_at"] is None


def test_post_without_confirmation_erases_nothing(admin_api, manager_api):
    """A POST without ``confirm=yes`` shows the confirmation again and erases nothing."""
    customer = new_customer(manager_api)
    assert admin_api.post(f"/crm/{customer['id']}/erase", data={}).status_code == 400
    assert admin_api.get(f"/api/v1/customers/{customer['id']}").get_json()["erased_at"] is None


def test_confirmed_erase_goes_through_the_erasure_service(admin_api, manager_api):
    """Confirming anonymises the customer as the API's erasure does."""
    customer = new_customer(manager_api, email="anne@example.org", phone="0612345678")
    response = admin_api.post(f"/crm/{customer['id']}/erase", data={"confirm": "yes"})
    assert response.status_code == 302
    erased = admin_api.get(f"/api/v1/customers/{customer['id']}").get_json()
    assert (
        erased["erased_at"] is not None and erased["name"] == f"Erased customer #{customer['id']}"
    )
    assert erased["email"] is None and erased["phone"] is None


def test_erase_needs_crm_erase(manager_api):
    """A manager (no ``crm.erase``) cannot erase, even confirming."""
    customer = new_customer(manager_api)
    response = manager_api.post(f"/crm/{customer['id']}/erase", data={"confirm": "yes"})
    assert response.status_code == 403
    assert manager_api.get(f"/api/v1/customers/{customer['id']}").get_json()["erased_at"] is None
