"""Fixtures of the journal tests: a journaled day at register R1, and ways to tamper."""

from __future__ import annotations

import typing as t
import uuid

import pytest
import sqlalchemy as sa

from core.db import db


@pytest.fixture
def day(manager_api, register_id, products) -> dict[str, t.Any]:
    """Journaled at R1: 1 session_open, 2 cash_in, 3 sale, 4 cash_out, 5 refund,
    6 session_close; then 7 session_open of the next day (left open)."""
    base = f"/api/v1/registers/{register_id}"

    def ok(response, status=201):
        assert response.status_code == status, response.get_json()
        return response.get_json()

    ok(manager_api.post(f"{base}/open", json={"float": 10000}))
    ok(manager_api.post(f"{base}/cash", json={"kind": "in", "amount": 500, "reason": "coins"}))
    sale = ok(
        manager_api.post(
            "/api/v1/sales",
            json={
                "id": str(uuid.uuid4()),
                "register_id": register_id,
                "lines": [
                    {"product_id": products["COFFEE"], "quantity": 2},
                    {"product_id": products["CROISSANT"], "quantity": 1},
                ],
                "payments": [{"method": "cash", "amount": 1000}],
            },
        )
    )
    ok(manager_api.post(f"{base}/cash", json={"kind": "out", "amount": 200, "reason": "bank"}))
    croissant = sale["lines"][1]
    refund = ok(
        manager_api.post(
            f"/api/v1/sales/{sale['id']}/refund",
            json={
                "id": str(uuid.uuid4()),
                "lines": [{"line_id": croissant["id"], "quantity": 1}],
                "payments": [{"method": "cash", "amount": 120}],
            },
        )
    )
    z = ok(manager_api.post(f"{base}/close", json={"counted_cash": 10800}), 200)
    ok(manager_api.post(f"{base}/open", json={"float": 5000}))
    return {"sale": sale, "refund": refund, "z": z, "entries": 7}


@pytest.fixture
def entry(app, register_id) -> t.Callable[[int], t.Any]:
    """``entry(3)``: R1's journal entry of that sequence (in the current app context)."""
    from core.journal.models import JournalEntry

    def get(sequence: int) -> t.Any:
        return db.session.scalar(
            sa.select(JournalEntry).where(
                JournalEntry.register_id == register_id, JournalEntry.sequence == sequence
            )
        )

    return get


@pytest.fixture
def verified(app) -> t.Callable[..., t.Any]:
    """``verified()``: the journal verified in a fresh app context."""
    from core.journal.services import verify

    def run(register_id: int | None = None):
        with app.app_context():
            return verify(register_id)

    return run
