"""Device jobs under concurrency (runs on SQLite and PostgreSQL): a till retrying a
print while its first request is still running never queues the receipt twice."""

from __future__ import annotations

import json
import threading
import urllib.request

import sqlalchemy as sa
from agent_kit import cash_sale, set_devices

from core.db import db
from core.devices.models import DeviceJob

THREADS = 8


def _post(url: str, token: str, body: dict) -> dict:
    request = urllib.request.Request(
        url,
        data=json.dumps(body).encode(),
        headers={"Authorization": f"Bearer {token}", "Content-Type": "application/json"},
        method="POST",
    )
    with urllib.request.urlopen(request, timeout=60) as response:
        return json.loads(response.read())


def test_concurrent_print_requests_for_one_sale_queue_one_job(
    app, served, manager_api, cashier_api, shop
):
    """8 requests at once, over HTTP, for the same sale's receipt: one job, and every
    answer names it."""
    set_devices(manager_api, printer="agent", drawer=True)
    sale = cash_sale(cashier_api, shop)
    answers: list[str] = []
    errors: list[BaseException] = []
    start = threading.Barrier(THREADS)

    def till() -> None:
        try:
            start.wait()
            answer = _post(
                f"{served.url}/api/v1/device-print/receipt",
                cashier_api.token,
                {"sale_id": sale["id"]},
            )
            answers.append(answer["job"]["id"])
        except BaseException as exc:  # reported below, not lost in the thread
            errors.append(exc)

    threads = [threading.Thread(target=till) for _ in range(THREADS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors, errors
    assert len(answers) == THREADS and len(set(answers)) == 1
    with app.app_context():
        assert db.session.scalar(sa.select(sa.func.count(DeviceJob.id))) == 1
