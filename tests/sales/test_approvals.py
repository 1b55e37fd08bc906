"""A manager's one-shot approval of what a cashier may not do alone (a refund, a void,
closing the register): the manager's id and PIN in the body, checked for that request,
throttled as PINs are; the action stays the cashier's, recorded as approved by the
manager; nobody else is signed in."""

from __future__ import annotations

import uuid

import pytest
import sqlalchemy as sa
from sale_helpers import counts, sale_body

from core.audit.models import AuditEntry
from core.auth.services import create_user
from core.db import db
from core.journal.models import JournalEntry
from core.journal.services import verify
from core.testing.fixtures import PINS

MANAGER, CASHIER = 2, 3
APPROVED = {"user_id": MANAGER, "pin": PINS["manager"]}


@pytest.fixture
def sale(shop, cashier_api):
    body = sale_body({"product_id": shop["CROISSANT"], "quantity": 2})
    response = cashier_api.post("/api/v1/sales", json=body)
    assert response.status_code == 201, response.get_json()
    return response.get_json()


@pytest.fixture
def second_cashier(app):
    """A user with a PIN who may not void, refund nor close."""
    with app.app_context():
        user = create_user("cashier2", ["cashier"], pin="5678", full_name="Second")
        db.session.commit()
        return user.id


def _void(api, sale, approval=None, void_id=None):
    body = {"id": void_id or str(uuid.uuid4())}
    if approval is not None:
        body["approval"] = approval
    return api.post(f"/api/v1/sales/{sale['id']}/void", json=body)


def _refund(api, sale, approval=None):
    line = sale["lines"][0]
    body = {
        "id": str(uuid.uuid4()),
        "lines": [{"line_id": line["id"], "quantity": 1}],
        "payments": [{"method": "cash", "amount": line["unit_price"]}],
    }
    if approval is not None:
        body["approval"] = approval
    return api.post(f"/api/v1/sales/{sale['id']}/refund", json=body)


def _with_csrf(client) -> None:
    """Send the CSRF token of the client's session with its writes, as the till does."""
    page = client.get("/login").get_data(as_text=True)
    token = page.split('name="csrf-token" content="', 1)[1].split('"', 1)[0]
    client.environ_base["HTTP_X_CSRFTOKEN"] = token


def _error(response):
    return response.status_code, response.get_json()["error"]["code"]


def test_a_cashier_voids_with_a_managers_approval(app, sale, cashier_api):
    """The void is the cashier's, approved by the manager: on the void, in its journal
    entry and in the audit log."""
    assert _error(_void(cashier_api, sale)) == (403, "forbidden")
    response = _void(cashier_api, sale, APPROVED)
    assert response.status_code == 201, response.get_json()
    void = response.get_json()
    assert (void["kind"], void["user_id"], void["approved_by"]) == ("void", CASHIER, MANAGER)
    with app.app_context():
        entry = db.session.scalar(
            sa.select(JournalEntry).where(JournalEntry.reference == void["id"])
        )
        assert (entry.payload["user"], entry.payload["approved_by"]) == ("cashier", "manager")
        audit = db.session.scalar(sa.select(AuditEntry).where(AuditEntry.action == "sales.void"))
        assert (audit.username, audit.changes["approved_by"]) == ("cashier", "manager")
        # journal verify rebuilds the entry from the void, its approver included.
        assert verify().problems == []


def test_refusals_write_nothing(app, sale, cashier_api, second_cashier):
    """A wrong PIN, an approver without the permission, and the cashier approving
    themselves are refused (403 approval_refused), and nothing is written."""
    before = counts(app)
    wrong = _void(cashier_api, sale, {"user_id": MANAGER, "pin": "0000"})
    assert _error(wrong) == (403, "approval_refused")
    assert "approval.pin" in wrong.get_json()["error"]["fields"]
    not_allowed = _void(cashier_api, sale, {"user_id": second_cashier, "pin": "5678"})
    assert _error(not_allowed) == (403, "approval_refused")
    assert "Second" in not_allowed.get_json()["error"]["message"]
    self_approved = _void(cashier_api, sale, {"user_id": CASHIER, "pin": PINS["cashier"]})
    assert _error(self_approved) == (403, "approval_refused")
    assert _error(_refund(cashier_api, sale, {"user_id": CASHIER, "pin": PINS["cashier"]})) == (
        403,
        "approval_refused",
    )
    assert counts(app) == before
    assert cashier_api.get(f"/api/v1/sales/{sale['id']}").get_json()["refunds"] == []


def test_wrong_approval_pins_lock_out_as_pins_do(app, sale, cashier_api):
    """The store's pin_max_attempts wrong PINs for the manager: the next approval, even
    with the right PIN, is a 429 until the lockout ends."""
    codes = [
        _void(cashier_api, sale, {"user_id": MANAGER, "pin": "0000"}).status_code for _ in range(5)
    ]
    assert codes[:4] == [403] * 4 and codes[4] == 429
    locked = _void(cashier_api, sale, APPROVED)
    assert _error(locked) == (429, "locked_out")
    assert "Retry-After" in locked.headers


def test_an_approval_is_for_one_request_and_signs_nobody_in(app, sale, shop, client):
    """The cashier signed in by PIN (a browser session, as at the till) voids with the
    manager's approval, stays signed in as themselves, and the next refund needs a new
    approval."""
    _with_csrf(client)
    signed = client.post("/api/v1/auth/pin", json={"user_id": CASHIER, "pin": PINS["cashier"]})
    assert signed.status_code == 200
    _with_csrf(client)  # the session's own token, from now on
    assert _void(client, sale, APPROVED).status_code == 201
    assert client.get("/api/v1/me").get_json()["username"] == "cashier"
    other = client.post(
        "/api/v1/sales", json=sale_body({"product_id": shop["COFFEE"], "quantity": 1})
    ).get_json()
    assert _error(_refund(client, other)) == (403, "forbidden")
    assert _refund(client, other, APPROVED).status_code == 201
    assert client.get("/api/v1/me").get_json()["username"] == "cashier"


def test_a_cashier_closes_the_register_with_a_managers_approval(app, shop, cashier_api):
    """The closing is the cashier's; the manager approved it (session, journal, audit)."""
    refused = cashier_api.post("/api/v1/registers/1/close", json={"counted_cash": 10000})
    assert refused.status_code == 403
    closed = cashier_api.post(
        "/api/v1/registers/1/close", json={"counted_cash": 10000, "approval": APPROVED}
    )
    assert closed.status_code == 200, closed.get_json()
    with app.app_context():
        entry = db.session.scalar(
            sa.select(JournalEntry).where(JournalEntry.kind == "session_close")
        )
        assert (entry.payload["user"], entry.payload["approved_by"]) == ("cashier", "manager")
        audit = db.session.scalar(
            sa.select(AuditEntry).where(AuditEntry.action == "registers.close")
        )
        assert (audit.username, audit.changes["approved_by"]) == ("cashier", "manager")
        assert verify().problems == []


def test_a_manager_needs_no_approval(sale, manager_api):
    """Someone holding the permission acts alone; an approval sent anyway changes
    nothing (approved_by stays empty)."""
    response = _void(manager_api, sale, {"user_id": CASHIER, "pin": "0000"})
    assert response.status_code == 201
    assert response.get_json()["approved_by"] is None
