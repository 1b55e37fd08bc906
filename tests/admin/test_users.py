"""Users, roles and API tokens: the pages and the API endpoints go through the same
services; a refusal saves nothing; a deactivated user signs in nowhere."""

from __future__ import annotations

import pytest
import sqlalchemy as sa
from backoffice_client import csrf_of

from core.audit.models import AuditEntry
from core.auth.models import Role, User
from core.db import db
from core.testing.fixtures import PASSWORDS, PINS


def _user(app, username: str) -> User:
    with app.app_context():
        user = db.session.scalar(sa.select(User).where(User.username == username))
        db.session.expunge_all()
        return user


def _pin_sign_in(app, user_id: int, pin: str):
    till = app.test_client()
    return till.post(
        "/api/v1/auth/pin",
        json={"user_id": user_id, "pin": pin},
        headers={"X-CSRFToken": csrf_of(till)},
    )


# -- API ---------------------------------------------------------------------------------------


def test_patch_a_user_changes_only_what_is_given(app, admin_api):
    cashier = _user(app, "cashier")
    response = admin_api.patch(
        f"/api/v1/users/{cashier.id}", json={"full_name": "Camille", "language": "fr"}
    )
    assert response.status_code == 200, response.json
    assert response.json["full_name"] == "Camille"
    assert response.json["language"] == "fr"
    assert response.json["roles"] == ["cashier"] and response.json["active"] is True


def test_a_deactivated_cashier_can_sign_in_nowhere(app, admin_api):
    cashier = _user(app, "cashier")
    assert _pin_sign_in(app, cashier.id, PINS["cashier"]).status_code == 200
    response = admin_api.patch(f"/api/v1/users/{cashier.id}", json={"active": False})
    assert response.status_code == 200 and response.json["active"] is False
    assert _pin_sign_in(app, cashier.id, PINS["cashier"]).status_code == 401
    browser = app.test_client()
    refused = browser.post(
        "/login",
        data={
            "username": "cashier",
            "password": PASSWORDS["cashier"],
            "csrf_token": csrf_of(browser),
        },
    )
    assert refused.status_code == 401
    names = [u["full_name"] for u in app.test_client().get("/api/v1/auth/till-users").json]
    assert cashier.full_name not in names


def test_a_deactivated_users_tokens_are_refused(app, admin_api, api_as):
    cashier_api = api_as("cashier")
    assert cashier_api.get("/api/v1/me").status_code == 200
    admin_api.patch(f"/api/v1/users/{_user(app, 'cashier').id}", json={"active": False})
    assert cashier_api.get("/api/v1/me").status_code == 401


def test_you_cannot_deactivate_yourself(app, admin_api):
    response = admin_api.patch(f"/api/v1/users/{_user(app, 'admin').id}", json={"active": False})
    assert response.status_code == 403
    assert response.json["error"]["code"] == "self_deactivation"
    assert _user(app, "admin").active


def test_the_last_administrator_keeps_the_role(app, admin_api, manager_api):
    with app.app_context():
        db.session.add(Role(name="boss", title="Boss", permissions=["users.manage", "users.view"]))
        db.session.commit()
    admin_id = _user(app, "admin").id
    manager_id = _user(app, "manager").id
    admin_api.patch(f"/api/v1/users/{manager_id}", json={"roles": ["manager", "boss"]})
    response = manager_api.patch(f"/api/v1/users/{admin_id}", json={"roles": ["manager"]})
    assert response.status_code == 403
    assert response.json["error"]["code"] == "last_admin"
    assert _user(app, "admin").role_names == ["admin"]


@pytest.mark.parametrize(
    "body",
    [
        {"roles": []},
        {"roles": ["wizard"]},
        {"language": "xx"},
        {"pin": "12"},
        {"password": "short"},
        {"active": "perhaps"},
        {"unknown": 1},
    ],
)
def test_bad_input_is_a_4xx_and_changes_nothing(app, admin_api, body):
    cashier = _user(app, "cashier")
    response = admin_api.patch(f"/api/v1/users/{cashier.id}", json={**body, "full_name": "X"})
    assert 400 <= response.status_code < 500
    assert "error" in response.json
    after = _user(app, "cashier")
    assert (after.full_name, after.role_names, after.active) == (
        cashier.full_name,
        cashier.role_names,
        True,
    )


def test_a_new_pin_lets_the_cashier_in_and_the_old_one_no_more(app, admin_api):
    cashier = _user(app, "cashier")
    assert admin_api.patch(f"/api/v1/users/{cashier.id}", json={"pin": "8642"}).status_code == 200
    assert _pin_sign_in(app, cashier.id, "8642").status_code == 200
    assert _pin_sign_in(app, cashier.id, PINS["cashier"]).status_code == 401


def test_a_manager_cannot_change_users(app, manager_api):
    """Managers see users (users.view); changing them is users.manage (admins)."""
    cashier = _user(app, "cashier")
    assert manager_api.get(f"/api/v1/users/{cashier.id}").status_code == 200
    response = manager_api.patch(f"/api/v1/users/{cashier.id}", json={"active": False})
    assert response.status_code == 403


def test_roles_crud_through_the_api(app, admin_api):
    created = admin_api.post(
        "/api/v1/roles",
        json={
            "name": "shift-lead",
            "title": "Shift lead",
            "permissions": ["till.use", "sales.refund"],
        },
    )
    assert created.status_code == 201, created.json
    role_id = created.json["id"]
    assert created.json["permissions"] == ["sales.refund", "till.use"]
    changed = admin_api.patch(f"/api/v1/roles/{role_id}", json={"permissions": ["till.use"]})
    assert changed.json["permissions"] == ["till.use"]
    assert any(r["name"] == "shift-lead" for r in admin_api.get("/api/v1/roles").json)
    assert admin_api.delete(f"/api/v1/roles/{role_id}").status_code == 200
    assert admin_api.get(f"/api/v1/roles/{role_id}").status_code == 404
    actions = [e.action for e in _audit(app)]
    assert ["roles.create", "roles.change", "roles.delete"] == [
        a for a in actions if a.startswith("roles.")
    ]


def _audit(app) -> list[AuditEntry]:
    with app.app_context():
        return list(db.session.scalars(sa.select(AuditEntry).order_by(AuditEntry.id)))


def test_a_role_grants_only_registered_permissions(admin_api):
    response = admin_api.post(
        "/api/v1/roles", json={"name": "odd", "permissions": ["rockets.launch"]}
    )
    assert response.status_code == 422
    assert all(r["name"] != "odd" for r in admin_api.get("/api/v1/roles").json)


def test_built_in_and_held_roles_are_not_deleted(app, admin_api):
    roles = {r["name"]: r["id"] for r in admin_api.get("/api/v1/roles").json}
    assert admin_api.delete(f"/api/v1/roles/{roles['cashier']}").status_code == 403
    role_id = admin_api.post("/api/v1/roles", json={"name": "temp"}).json["id"]
    admin_api.patch(f"/api/v1/users/{_user(app, 'cashier').id}", json={"roles": ["temp"]})
    assert admin_api.delete(f"/api/v1/roles/{role_id}").status_code == 409


def test_the_permissions_list_names_the_cores(admin_api):
    codes = {p["code"] for p in admin_api.get("/api/v1/permissions").json}
    assert {"till.use", "users.manage", "audit.view", "reports.view"} <= codes


def test_the_endpoints_are_in_the_openapi_document(client):
    paths = client.get("/api/v1/openapi.json").json["paths"]
    assert "patch" in paths["/api/v1/users/{user_id}"]
    assert {"get", "post"} <= set(paths["/api/v1/roles"])
    assert {"get", "patch", "delete"} <= set(paths["/api/v1/roles/{role_id}"])


# -- pages -------------------------------------------------------------------------------------


def test_an_admin_creates_a_user_in_the_page(app, browse):
    admin = browse("admin")
    response = admin.post(
        "/admin/users/new",
        {
            "username": "lea",
            "full_name": "Léa",
            "password": "lea-password",
            "pin": "2468",
            "roles": "cashier",
            "language": "fr",
        },
    )
    assert response.status_code == 302
    lea = _user(app, "lea")
    assert (lea.full_name, lea.role_names, lea.language) == ("Léa", ["cashier"], "fr")
    assert _pin_sign_in(app, lea.id, "2468").status_code == 200


@pytest.mark.parametrize(
    "form, field",
    [
        ({"username": "has space", "roles": "cashier"}, "bad_username"),
        ({"username": "lea", "roles": "cashier", "pin": "12ab"}, "pin"),
        ({"username": "lea", "roles": "cashier", "password": "short"}, "password"),
        ({"username": "lea"}, "roles"),
        ({"username": "manager", "roles": "cashier"}, "already exists"),
    ],
)
def test_a_bad_new_user_form_says_why_and_saves_nothing(app, browse, form, field):
    admin = browse("admin")
    before = len(_audit(app))
    response = admin.post("/admin/users/new", form)
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert 'role="alert"' in page
    with app.app_context():
        count = db.session.scalar(sa.select(sa.func.count(User.id)))
    assert count == 3
    assert [e.action for e in _audit(app)[before:]] == []


def test_the_page_deactivates_a_cashier_who_then_cannot_use_the_till(app, browse):
    cashier = _user(app, "cashier")
    admin = browse("admin")
    response = admin.post(f"/admin/users/{cashier.id}/active", {"active": "0"})
    assert response.status_code == 302
    assert not _user(app, "cashier").active
    assert _pin_sign_in(app, cashier.id, PINS["cashier"]).status_code == 401
    page = admin.get("/admin/users/").get_data(as_text=True)
    assert "cashier</a>" not in page
    assert "cashier</a>" in admin.get("/admin/users/?inactive=1").get_data(as_text=True)


def test_a_token_is_shown_once_and_revoked_in_the_page(app, browse):
    manager = _user(app, "manager")
    admin = browse("admin")
    response = admin.post(f"/admin/users/{manager.id}/tokens", {"name": "export"})
    assert response.headers["Cache-Control"] == "no-store"
    page = response.get_data(as_text=True)
    secret = page.split("data-token>", 1)[1].split("<", 1)[0]
    assert secret.startswith("cpt_")
    headers = {"Authorization": f"Bearer {secret}"}
    assert app.test_client().get("/api/v1/me", headers=headers).status_code == 200
    again = admin.get(f"/admin/users/{manager.id}").get_data(as_text=True)
    assert secret not in again
    with app.app_context():
        from core.auth.models import ApiToken

        token_id = db.session.scalar(sa.select(ApiToken.id).where(ApiToken.name == "export"))
    admin.post(f"/admin/users/{manager.id}/tokens/{token_id}/revoke")
    assert app.test_client().get("/api/v1/me", headers=headers).status_code == 401


def test_a_custom_role_from_the_matrix(app, browse):
    admin = browse("admin")
    response = admin.client.post(
        "/admin/roles/new",
        data={
            "name": "stock-keeper",
            "title": "Stock keeper",
            "permissions": ["admin.access", "stock.view", "stock.adjust"],
            "csrf_token": csrf_of(admin.client, "/admin/"),
        },
    )
    assert response.status_code == 302
    matrix = admin.get("/admin/roles/").get_data(as_text=True)
    assert "Stock keeper" in matrix
    with app.app_context():
        role = db.session.scalar(sa.select(Role).where(Role.name == "stock-keeper"))
        assert role.permissions == ["admin.access", "stock.adjust", "stock.view"]


def test_a_form_without_its_csrf_token_is_refused(app, browse):
    cashier = _user(app, "cashier")
    admin = browse("admin")
    response = admin.post(f"/admin/users/{cashier.id}/active", {"active": "0"}, csrf=False)
    assert response.status_code == 400
    assert _user(app, "cashier").active


def test_a_manager_sees_users_but_cannot_change_them(app, browse):
    cashier = _user(app, "cashier")
    manager = browse("manager")
    assert manager.get("/admin/users/").status_code == 200
    page = manager.get(f"/admin/users/{cashier.id}").get_data(as_text=True)
    assert "Deactivate" not in page
    assert manager.post(f"/admin/users/{cashier.id}/active", {"active": "0"}).status_code == 403
    assert _user(app, "cashier").active


def test_a_users_language_picks_the_pages_language(app, admin_api, browse):
    admin_api.patch(f"/api/v1/users/{_user(app, 'manager').id}", json={"language": "fr"})
    page = browse("manager").get("/admin/users/").get_data(as_text=True)
    assert '<html lang="fr">' in page


def _boss(app, admin_api) -> None:
    """The manager may manage users (a role of the shop's own), not everything."""
    with app.app_context():
        db.session.add(Role(name="boss", title="Boss", permissions=["users.manage", "users.view"]))
        db.session.commit()
    manager_id = _user(app, "manager").id
    admin_api.patch(f"/api/v1/users/{manager_id}", json={"roles": ["manager", "boss"]})


def test_nobody_grants_what_they_do_not_hold(app, admin_api, manager_api):
    _boss(app, admin_api)
    me = _user(app, "manager").id
    response = manager_api.patch(
        f"/api/v1/users/{me}", json={"roles": ["manager", "boss", "admin"]}
    )
    assert response.status_code == 403 and response.json["error"]["code"] == "not_grantable"
    assert _user(app, "manager").role_names == ["boss", "manager"]
    made = manager_api.post(
        "/api/v1/roles", json={"name": "keys", "permissions": ["plugins.manage"]}
    )
    assert made.status_code == 403
    created = manager_api.post(
        "/api/v1/users", json={"username": "mole", "roles": ["admin"], "password": "mole-password"}
    )
    assert created.status_code == 403
    assert manager_api.get("/api/v1/users").status_code == 200
    assert "mole" not in [u["username"] for u in manager_api.get("/api/v1/users").json]


def test_a_deactivated_users_open_back_office_session_ends(app, admin_api, browse):
    manager = browse("manager")
    assert manager.get("/admin/").status_code == 200
    admin_api.patch(f"/api/v1/users/{_user(app, 'manager').id}", json={"active": False})
    response = manager.get("/admin/")
    assert response.status_code == 302 and "/login" in response.headers["Location"]
