"""'No sale': the drawer opened without a sale, by permission, journaled and audited."""

from __future__ import annotations

import sqlalchemy as sa
from agent_kit import set_devices

from core.audit.models import AuditEntry
from core.db import db
from core.devices.models import DeviceJob
from core.journal.models import JournalEntry


def test_a_cashier_may_not_open_the_drawer_without_a_sale(app, manager_api, cashier_api):
    set_devices(manager_api, drawer=True)
    response = cashier_api.post("/api/v1/registers/1/no-sale", json={})
    assert response.status_code == 403
    assert "till.no_sale" in response.get_json()["error"]["message"]
    with app.app_context():
        assert db.session.scalar(sa.select(sa.func.count(DeviceJob.id))) == 0


def test_no_sale_is_journaled_audited_and_kicks_the_drawer(app, manager_api, cli_runner):
    set_devices(manager_api, printer="agent", drawer=True)
    response = manager_api.post("/api/v1/registers/1/no-sale", json={"reason": "change"})
    assert response.status_code == 201, response.get_json()
    with app.app_context():
        entry = db.session.scalar(sa.select(JournalEntry).where(JournalEntry.kind == "no_sale"))
        assert entry.payload["user"] == "manager" and entry.payload["reason"] == "change"
        audit = db.session.scalar(sa.select(AuditEntry).where(AuditEntry.action == "till.no_sale"))
        assert audit.username == "manager"
        job = db.session.scalar(sa.select(DeviceJob))
        assert (job.kind, job.target, job.status) == ("drawer", "drawer", "queued")
    verified = cli_runner("journal", "verify")
    assert verified.exit_code == 0, verified.output


def test_no_sale_on_a_register_without_a_drawer_is_refused(manager_api):
    response = manager_api.post("/api/v1/registers/1/no-sale", json={})
    assert response.status_code == 409
    assert response.get_json()["error"]["code"] == "no_drawer"


def test_a_changed_no_sale_record_is_found_by_journal_verify(app, manager_api, cli_runner):
    from core.devices.models import NoSale

    set_devices(manager_api, drawer=True)
    assert manager_api.post("/api/v1/registers/1/no-sale", json={}).status_code == 201
    with app.app_context():
        db.session.scalar(sa.select(NoSale)).reason = "nothing to see"
        db.session.commit()
    assert cli_runner("journal", "verify").exit_code == 1


def test_bad_input_is_a_clear_4xx(manager_api):
    set_devices(manager_api, drawer=True)
    for body in ({"reason": 5}, {"reason": "x" * 201}, {"other": 1}):
        response = manager_api.post("/api/v1/registers/1/no-sale", json=body)
        assert response.status_code == 422, body
    assert manager_api.post("/api/v1/registers/999/no-sale", json={}).status_code == 404
