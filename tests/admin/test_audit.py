"""The audit log: sensitive actions are recorded with who, when, from where and what
changed, in the same transaction as the action; the page filters them."""

from __future__ import annotations

import sqlalchemy as sa
from backoffice_client import Browser, csrf_of

from core.audit.models import AuditEntry
from core.db import db
from core.testing import refund, sell
from core.testing.fixtures import PASSWORDS


def _entries(app, action: str) -> list[AuditEntry]:
    with app.app_context():
        return list(
            db.session.scalars(
                sa.select(AuditEntry).where(AuditEntry.action == action).order_by(AuditEntry.id)
            )
        )


def test_a_refused_sign_in_is_kept_although_the_request_fails(app, client):
    response = client.post("/login", data={"username": "manager", "password": "wrong-password"})
    assert response.status_code in (400, 401)  # the form again (or a CSRF refusal)
    response = client.post(
        "/login",
        data={"username": "manager", "password": "wrong", "csrf_token": csrf_of(client)},
    )
    assert response.status_code == 401
    (entry,) = _entries(app, "auth.sign_in_failed")
    assert entry.username == "manager"
    assert entry.changes == {"with": "password"}
    assert entry.address == "127.0.0.1"


def test_a_sign_in_is_recorded_with_who_and_from_where(app, browse):
    browse("manager")
    (entry,) = _entries(app, "auth.sign_in")
    assert (entry.username, entry.address) == ("manager", "127.0.0.1")
    assert entry.target.startswith("user:")


def test_a_price_change_records_before_and_after(app, shop, manager_api):
    response = manager_api.patch(f"/api/v1/products/{shop['TEA']}", json={"price": 450})
    assert response.status_code == 200
    (entry,) = _entries(app, "catalog.price")
    assert entry.changes == {"sku": "TEA", "price": [400, 450]}
    assert entry.username == "manager"


def test_a_refused_change_leaves_no_entry(app, shop, manager_api):
    """Recorded in the action's transaction: what rolls back is not in the log."""
    response = manager_api.patch(
        f"/api/v1/products/{shop['TEA']}", json={"price": 450, "category_id": 999999}
    )
    assert response.status_code == 422
    assert _entries(app, "catalog.price") == []


def test_refunds_and_register_closings_are_recorded(app, shop, manager_api):
    sale = sell(manager_api, shop.line("COFFEE", 2), payments=[{"method": "cash", "amount": 500}])
    assert (
        refund(manager_api, sale, [(0, 1)], [{"method": "cash", "amount": 250}]).status_code == 201
    )
    (entry,) = _entries(app, "sales.refund")
    assert entry.target == f"sale:{sale['id']}" and entry.changes["total"] == 250
    closed = manager_api.post("/api/v1/registers/1/close", json={"counted_cash": 10250})
    assert closed.status_code == 200
    (entry,) = _entries(app, "registers.close")
    assert entry.changes == {"counted_cash": 10250, "over_short": 0}


def test_a_discount_beyond_the_limit_is_recorded_with_who_allowed_it(app, shop, manager_api):
    sell(
        manager_api,
        shop.line("TEA", 1, discount_percent="50"),
        payments=[{"method": "cash", "amount": 200}],
    )
    (entry,) = _entries(app, "sales.discount")
    assert entry.changes["allowed_by"] == "manager"
    assert list(entry.changes["discounts"].values()) == ["50.00"]


def test_a_discount_within_the_limit_is_not(app, shop, manager_api):
    sell(
        manager_api,
        shop.line("TEA", 1, discount_percent="5"),
        payments=[{"method": "cash", "amount": 380}],
    )
    assert _entries(app, "sales.discount") == []


def test_settings_changes_are_recorded(app, browse, admin_api):
    from core.settings import save_settings

    with app.runtimes.current().app.test_request_context("/"):
        save_settings("store", {"cashier_discount_limit": "15"})
    (entry,) = _entries(app, "settings.change")
    assert entry.target == "settings:store"
    assert entry.changes["cashier_discount_limit"][1] in ("15", "15.0", "15.00", 15)


def test_plugins_append_through_core_plugins_audit(app, admin_api):
    """The function plugins call records with the signed-in user and their address."""
    from flask_login import login_user

    from core.auth.models import User
    from core.plugins import audit

    with app.runtimes.current().app.test_request_context(
        "/", environ_base={"REMOTE_ADDR": "192.0.2.7"}
    ):
        login_user(db.session.scalar(sa.select(User).where(User.username == "manager")))
        audit("tips.payout", "user:3", {"amount": [None, 500]})
        db.session.commit()
    (entry,) = _entries(app, "tips.payout")
    assert (entry.username, entry.address, entry.target) == ("manager", "192.0.2.7", "user:3")
    assert entry.changes == {"amount": [None, 500]}


def test_the_page_filters_by_action(app, shop, manager_api, browse):
    manager_api.patch(f"/api/v1/products/{shop['TEA']}", json={"price": 450})
    manager = browse("manager")
    page = manager.get("/admin/audit/?action=catalog").get_data(as_text=True)
    assert "catalog.price" in page and "400 → 450" in page
    assert "auth.sign_in</code>" not in page
    everything = manager.get("/admin/audit/").get_data(as_text=True)
    assert "auth.sign_in</code>" in everything


def test_a_bad_date_filter_says_so(browse):
    page = browse("manager").get("/admin/audit/?from=yesterday").get_data(as_text=True)
    assert "Not a date: yesterday" in page


def test_a_cashier_cannot_read_the_log(app, client):
    cashier = Browser(app, "cashier", PASSWORDS["cashier"])
    assert cashier.get("/admin/audit/").status_code == 403
