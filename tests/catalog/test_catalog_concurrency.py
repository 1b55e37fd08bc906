"""Back-office writes racing each other: two managers creating the same category at the
same moment get one 201 and a clear 409, never a 500."""

from __future__ import annotations

import threading

import sqlalchemy as sa

from core.catalog.models import Category
from core.db import db
from core.testing.fixtures import TokenClient, token_for

THREADS = 6


def test_concurrent_creates_of_one_name_give_one_category(app):
    token = token_for(app, "manager")
    start = threading.Barrier(THREADS)
    statuses: list[int] = []
    lock = threading.Lock()

    def manager() -> None:
        api = TokenClient(app, token, "manager")
        start.wait()
        response = api.post("/api/v1/categories", json={"name": "Fromages"})
        with lock:
            statuses.append(response.status_code)

    threads = [threading.Thread(target=manager) for _ in range(THREADS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert sorted(statuses) == [201] + [409] * (THREADS - 1)
    with app.app_context():
        names = db.session.scalars(sa.select(Category.name).where(Category.name == "Fromages"))
        assert list(names) == ["Fromages"]
