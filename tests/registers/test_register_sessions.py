"""Cash sessions over the API: open with a float, cash in and out, close with the Z report."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from core.db import db


def _state(app) -> dict:
    """What a refused request must leave as it was."""
    from core.journal.models import JournalEntry
    from core.registers.models import CashMovement, CashSession, Register

    def count(model):
        return db.session.scalar(sa.select(sa.func.count()).select_from(model))

    with app.app_context():
        return {
            "sessions": count(CashSession),
            "open": db.session.scalar(
                sa.select(sa.func.count()).where(CashSession.status == "open")
            ),
            "movements": count(CashMovement),
            "journal": count(JournalEntry),
            "heads": db.session.execute(
                sa.select(Register.journal_sequence, Register.last_receipt_number)
            ).all(),
        }


def test_open_answers_201_with_the_session(manager_api, register_id):
    """Opening a register starts a session with the float given."""
    response = manager_api.post(f"/api/v1/registers/{register_id}/open", json={"float": 10000})
    assert response.status_code == 201, response.get_json()
    session = response.get_json()
    assert (session["status"], session["opening_float"], session["register_id"]) == (
        "open",
        10000,
        register_id,
    )
    registers = manager_api.get("/api/v1/registers").get_json()
    r1 = next(r for r in registers if r["id"] == register_id)
    assert r1["is_open"] is True
    assert (r1["code"], r1["session"]["id"], r1["session"]["opening_float"]) == (
        "R1",
        session["id"],
        10000,
    )


def test_registers_list_shows_closed_registers_without_session(cashier_api, register_id):
    """A closed register is listed with ``is_open`` false and no session."""
    registers = cashier_api.get("/api/v1/registers").get_json()
    r1 = next(r for r in registers if r["id"] == register_id)
    assert (r1["is_open"], r1["session"], r1["name"]) == (False, None, "Register 1")
    assert set(r1) >= {"id", "code", "name", "location_id", "is_open", "session"}


def test_opening_an_open_register_is_a_409(app, manager_api, register_id):
    """A register has at most one open session: opening it again is a conflict."""
    assert (
        manager_api.post(f"/api/v1/registers/{register_id}/open", json={"float": 0}).status_code
        == 201
    )
    before = _state(app)
    response = manager_api.post(f"/api/v1/registers/{register_id}/open", json={"float": 500})
    assert response.status_code == 409
    assert response.get_json()["error"]["code"] == "register_open"
    assert _state(app) == before


def test_close_returns_the_z_report_and_closes(app, manager_api, register_id):
    """Closing records the counted cash; the Z report says what was expected and the
    difference, and is kept on the session as it was answered."""
    base = f"/api/v1/registers/{register_id}"
    session = manager_api.post(f"{base}/open", json={"float": 10000}).get_json()
    manager_api.post(f"{base}/cash", json={"kind": "in", "amount": 500, "reason": "coins"})
    manager_api.post(f"{base}/cash", json={"kind": "out", "amount": 200, "reason": "bank"})
    response = manager_api.post(f"{base}/close", json={"counted_cash": 10250})
    assert response.status_code == 200, response.get_json()
    z = response.get_json()
    assert z["kind"] == "Z" and z["session_id"] == session["id"]
    assert (z["opening_float"], z["cash_in"], z["cash_out"]) == (10000, 500, 200)
    assert (z["expected_cash"], z["counted_cash"], z["over_short"]) == (10300, 10250, -50)
    assert (z["opened_by"], z["closed_by"], z["closed_by_name"]) == (
        "manager",
        "manager",
        "Marie Manager",
    )
    assert z["register"] == {"id": register_id, "code": "R1", "name": "Register 1"}
    assert z["journal"]["sequence"] == 4  # open, in, out, close
    assert len(z["journal"]["head"]) == 64
    stored = manager_api.get(f"/api/v1/cash-sessions/{session['id']}").get_json()
    assert stored["status"] == "closed" and stored["z_report"] == z
    assert (stored["expected_cash"], stored["counted_cash"]) == (10300, 10250)
    assert [m["kind"] for m in stored["movements"]] == ["in", "out"]
    registers = manager_api.get("/api/v1/registers").get_json()
    assert next(r for r in registers if r["id"] == register_id)["is_open"] is False


def test_the_z_report_head_is_the_register_chain_head(app, manager_api, register_id):
    """The head printed on the Z report is the register's head after the closing entry."""
    from core.registers.models import Register

    manager_api.post(f"/api/v1/registers/{register_id}/open", json={"float": 0})
    z = manager_api.post(f"/api/v1/registers/{register_id}/close", json={"counted_cash": 0})
    with app.app_context():
        register = db.session.get(Register, register_id)
        assert z.get_json()["journal"] == {
            "sequence": register.journal_sequence,
            "head": register.journal_head,
        }


def test_closing_a_closed_register_is_a_409(app, manager_api, register_id):
    """Only an open register can be closed."""
    before = _state(app)
    response = manager_api.post(f"/api/v1/registers/{register_id}/close", json={"counted_cash": 0})
    assert response.status_code == 409
    assert response.get_json()["error"]["code"] == "register_closed"
    assert _state(app) == before


def test_a_closed_register_can_be_opened_again(manager_api, register_id):
    """After closing, a new session starts with its own float and figures."""
    base = f"/api/v1/registers/{register_id}"
    first = manager_api.post(f"{base}/open", json={"float": 1000}).get_json()
    manager_api.post(f"{base}/cash", json={"kind": "in", "amount": 300, "reason": "coins"})
    manager_api.post(f"{base}/close", json={"counted_cash": 1300})
    second = manager_api.post(f"{base}/open", json={"float": 2000}).get_json()
    assert second["id"] != first["id"]
    x = manager_api.get(f"{base}/x-report").get_json()
    assert (x["session_id"], x["opening_float"], x["cash_in"], x["expected_cash"]) == (
        second["id"],
        2000,
        0,
        2000,
    )


def test_cash_movement_needs_an_open_register(app, cashier_api, register_id):
    """Cash cannot go in or out of a closed register's drawer."""
    before = _state(app)
    response = cashier_api.post(
        f"/api/v1/registers/{register_id}/cash",
        json={"kind": "in", "amount": 100, "reason": "coins"},
    )
    assert response.status_code == 409
    assert response.get_json()["error"]["code"] == "register_closed"
    assert _state(app) == before


def test_x_report_gives_figures_and_writes_nothing(app, cashier_api, register_id):
    """The X report can be read any time during the session and changes nothing."""
    base = f"/api/v1/registers/{register_id}"
    cashier_api.post(f"{base}/open", json={"float": 5000})
    cashier_api.post(f"{base}/cash", json={"kind": "out", "amount": 1200, "reason": "supplier"})
    before = _state(app)
    x = cashier_api.get(f"{base}/x-report")
    assert x.status_code == 200
    x = x.get_json()
    assert (x["kind"], x["status"], x["cash_out"], x["expected_cash"]) == ("X", "open", 1200, 3800)
    assert (x["counted_cash"], x["over_short"], x["closed_at"]) == (None, None, None)
    assert x["journal"]["sequence"] == 2
    assert _state(app) == before


def test_x_report_of_a_closed_register_is_a_409(cashier_api, register_id):
    """A closed register has no running session to report on."""
    response = cashier_api.get(f"/api/v1/registers/{register_id}/x-report")
    assert response.status_code == 409
    assert response.get_json()["error"]["code"] == "register_closed"


@pytest.mark.parametrize(
    ("path", "body", "field"),
    [
        ("open", {"float": 100.5}, "float"),
        ("open", {"float": -1}, "float"),
        ("open", {"float": "100"}, "float"),
        ("open", {"float": True}, "float"),
        ("open", {}, "float"),
        ("open", {"float": 100, "extra": 1}, "extra"),
        ("cash", {"kind": "in", "amount": 10.5, "reason": "x"}, "amount"),
        ("cash", {"kind": "in", "amount": -5, "reason": "x"}, "amount"),
        ("cash", {"kind": "in", "amount": 0, "reason": "x"}, "amount"),
        ("cash", {"kind": "in", "amount": 100}, "reason"),
        ("cash", {"kind": "in", "amount": 100, "reason": "   "}, "reason"),
        ("cash", {"kind": "sideways", "amount": 100, "reason": "x"}, "kind"),
        ("close", {"counted_cash": 99.9}, "counted_cash"),
        ("close", {"counted_cash": -100}, "counted_cash"),
        ("close", {}, "counted_cash"),
    ],
)
def test_bad_input_is_a_422_and_writes_nothing(app, manager_api, register_id, path, body, field):
    """Floats, negatives, missing or blank fields are refused with the field named."""
    if path != "open":
        manager_api.post(f"/api/v1/registers/{register_id}/open", json={"float": 1000})
    before = _state(app)
    response = manager_api.post(f"/api/v1/registers/{register_id}/{path}", json=body)
    assert response.status_code == 422, response.get_json()
    assert field in response.get_json()["error"]["fields"]
    assert _state(app) == before


@pytest.mark.parametrize("path", ["open", "cash", "close"])
def test_malformed_json_is_a_400_and_writes_nothing(app, manager_api, register_id, path):
    """A body that is not JSON is refused before anything runs."""
    manager_api.post(f"/api/v1/registers/{register_id}/open", json={"float": 1000})
    before = _state(app)
    response = manager_api.post(
        f"/api/v1/registers/{register_id}/{path}",
        data='{"float": 10',
        headers={"Content-Type": "application/json"},
    )
    assert response.status_code == 400
    assert response.get_json()["error"]["code"] == "bad_json"
    assert _state(app) == before


@pytest.mark.parametrize(
    ("method", "path", "body"),
    [
        ("post", "/api/v1/registers/999/open", {"float": 100}),
        ("post", "/api/v1/registers/999/cash", {"kind": "in", "amount": 1, "reason": "x"}),
        ("post", "/api/v1/registers/999/close", {"counted_cash": 0}),
        ("get", "/api/v1/registers/999/x-report", None),
        ("get", "/api/v1/cash-sessions/999", None),
        ("post", f"/api/v1/registers/{2**70}/open", {"float": 100}),
        ("post", f"/api/v1/registers/{2**70}/cash", {"kind": "in", "amount": 1, "reason": "x"}),
        ("post", f"/api/v1/registers/{2**70}/close", {"counted_cash": 0}),
        ("get", f"/api/v1/registers/{2**70}/x-report", None),
        ("get", f"/api/v1/cash-sessions/{2**70}", None),
    ],
)
def test_unknown_register_or_session_is_a_404(app, manager_api, method, path, body):
    """An id that does not exist is a 404, and nothing is written."""
    before = _state(app)
    kwargs = {"json": body} if body is not None else {}
    response = getattr(manager_api, method)(path, **kwargs)
    assert response.status_code == 404
    assert response.get_json()["error"]["code"] == "not_found"
    assert _state(app) == before


def test_cashier_cannot_close(app, cashier_api, register_id):
    """Closing a register (the Z report) is a manager's job."""
    cashier_api.post(f"/api/v1/registers/{register_id}/open", json={"float": 100})
    before = _state(app)
    response = cashier_api.post(
        f"/api/v1/registers/{register_id}/close", json={"counted_cash": 100}
    )
    assert response.status_code == 403
    assert _state(app) == before


def test_cashier_can_open_and_move_cash(cashier_api, register_id):
    """Cashiers open their till and put cash in or out."""
    base = f"/api/v1/registers/{register_id}"
    assert cashier_api.post(f"{base}/open", json={"float": 100}).status_code == 201
    response = cashier_api.post(f"{base}/cash", json={"kind": "in", "amount": 50, "reason": "a"})
    assert response.status_code == 201
    assert (response.get_json()["kind"], response.get_json()["amount"]) == ("in", 50)


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("get", "/api/v1/registers"),
        ("post", "/api/v1/registers/1/open"),
        ("post", "/api/v1/registers/1/cash"),
        ("post", "/api/v1/registers/1/close"),
        ("get", "/api/v1/registers/1/x-report"),
        ("get", "/api/v1/cash-sessions/1"),
        ("get", "/api/v1/journal"),
        ("get", "/api/v1/journal/verify"),
    ],
)
def test_no_token_is_a_401(client, method, path):
    """Every register and journal endpoint needs credentials."""
    response = getattr(client, method)(path, json={})
    assert response.status_code == 401
