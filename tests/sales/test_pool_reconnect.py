"""PostgreSQL restarted, or its connections killed: the next sale goes through.

The pool does not ping a connection at every checkout (a round trip on every request);
it notices at checkout, from what the server sent, that the server closed it."""

from __future__ import annotations

from decimal import Decimal

import pytest
import sqlalchemy as sa
from sale_helpers import sale_body

from core.db import db
from core.stock.models import StockLevel
from core.testing.fixtures import TokenClient, token_for

pytestmark = pytest.mark.postgresql


def _terminate(app, pids: set[int]) -> None:
    """``pg_terminate_backend`` on ``pids`` from a connection outside the app's pool,
    and wait until the server has let them go."""
    killer = sa.create_engine(app.config["SQLALCHEMY_DATABASE_URI"], poolclass=sa.NullPool)
    with killer.connect() as conn:
        for pid in pids:
            conn.execute(sa.text("SELECT pg_terminate_backend(:pid)"), {"pid": pid})
        alive = sa.text("SELECT count(*) FROM pg_stat_activity WHERE pid = ANY(:pids)")
        while conn.execute(alive, {"pids": list(pids)}).scalar():
            conn.rollback()  # a fresh snapshot of the activity view
    killer.dispose()


def _pooled_pids(app) -> set[int]:
    with app.app_context():
        pool = db.engine.pool
        connections = [db.engine.connect() for _ in range(pool.size())]
        pids = {c.execute(sa.text("SELECT pg_backend_pid()")).scalar() for c in connections}
        for connection in connections:
            connection.close()
    return pids


def test_a_connection_the_server_closed_is_replaced_at_checkout(app):
    with app.app_context():
        assert db.engine.pool._pre_ping is False  # no SELECT 1 before every request
    before = _pooled_pids(app)
    _terminate(app, before)
    with app.app_context(), db.engine.connect() as connection:
        pid = connection.execute(sa.text("SELECT pg_backend_pid()")).scalar()
    assert pid not in before


def test_a_sale_after_the_server_dropped_every_connection(app, shop):
    token = token_for(app, "cashier")
    client = TokenClient(app, token, "cashier")
    line = {"barcode": "3017620422003", "quantity": 1}
    assert client.post("/api/v1/sales", json=sale_body(line)).status_code == 201
    _terminate(app, _pooled_pids(app))

    response = client.post("/api/v1/sales", json=sale_body(line))

    assert response.status_code == 201, response.get_json()
    assert response.get_json()["number"] == 2
    with app.app_context():
        assert db.session.get(StockLevel, (shop["COFFEE"], 1)).quantity == Decimal("98")
