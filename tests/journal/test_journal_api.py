"""Reading and verifying the journal over the API."""

from __future__ import annotations

import sqlalchemy as sa

from core.db import db


def test_journal_lists_entries_in_chain_order(day, manager_api, register_id):
    """Entries come with their kind, reference, payload, hashes and signature."""
    response = manager_api.get(f"/api/v1/journal?register_id={register_id}")
    assert response.status_code == 200
    entries = response.get_json()
    assert [e["sequence"] for e in entries] == list(range(1, 8))
    assert entries[1]["kind"] == "cash_in" and entries[1]["payload"]["amount"] == 500
    assert entries[1]["previous_hash"] == entries[0]["hash"]
    assert entries[2]["reference"] == day["sale"]["id"]
    assert all(len(e["signature"]) == 64 for e in entries)


def test_journal_pages_after_a_sequence(day, manager_api, register_id):
    """``after_sequence`` and ``limit`` page through a register's chain."""
    page = manager_api.get(
        f"/api/v1/journal?register_id={register_id}&after_sequence=2&limit=3"
    ).get_json()
    assert [e["sequence"] for e in page] == [3, 4, 5]


def test_journal_query_is_validated(manager_api):
    """A bad limit or register is refused, an unknown register is a 404."""
    assert manager_api.get("/api/v1/journal?limit=0").status_code == 422
    assert manager_api.get("/api/v1/journal?limit=5000").status_code == 422
    assert manager_api.get("/api/v1/journal?register_id=abc").status_code == 422
    assert manager_api.get(f"/api/v1/journal?after_sequence={2**70}").status_code == 422
    assert manager_api.get(f"/api/v1/journal?register_id={2**70}").status_code == 422
    assert manager_api.get("/api/v1/journal?after_sequence=-1").status_code == 422
    assert manager_api.get("/api/v1/journal?register_id=999").status_code == 404
    assert manager_api.get("/api/v1/journal/verify?register_id=999").status_code == 404


def test_verify_endpoint_says_intact(day, manager_api):
    """``GET /journal/verify`` answers ok with what was checked and the heads."""
    result = manager_api.get("/api/v1/journal/verify").get_json()
    assert (result["ok"], result["checked"], result["problems"]) == (True, 7, [])
    assert result["heads"]["R1"]["sequence"] == 7


def test_verify_endpoint_names_the_problems(app, day, manager_api):
    """Problems come in chain order with register, sequence, kind, reference and code."""
    from core.journal.models import JournalEntry

    with app.app_context():
        db.session.execute(sa.delete(JournalEntry).where(JournalEntry.sequence == 5))
        db.session.commit()
    result = manager_api.get("/api/v1/journal/verify").get_json()
    assert result["ok"] is False
    problem = result["problems"][0]
    assert (problem["register"], problem["sequence"], problem["code"]) == ("R1", 5, "removed")


def test_cashier_cannot_read_the_journal(cashier_api):
    """Reading and verifying the journal is for managers."""
    assert cashier_api.get("/api/v1/journal").status_code == 403
    assert cashier_api.get("/api/v1/journal/verify").status_code == 403
