"""A server killed with ``kill -9`` in the middle of selling loses no acknowledged sale
and leaves nothing half-written.

A real ``comptoir run`` (gunicorn, two workers, as the project serves) sells to two tills
posting sales as fast as it answers; the whole process group is killed with SIGKILL
mid-stream, then restarted on the same instance folder and database, and sold to
again. After each crash:

- every sale answered 2xx is there, with its lines, payments and receipt number;
- a sale that was in flight (sent, no answer) may be there or not, but whole: lines,
  payments, its stock movements and its journal entry;
- no other sale exists, and receipt numbers are gap-free;
- stock is the initial stock less exactly the sales that are there;
- ``comptoir journal verify`` passes, the anchor log included: an acknowledged sale was
  anchored before its answer left, so no ``anchor_cut`` may appear.

Runs on the suite's database (SQLite, or PostgreSQL with COMPTOIR_TEST_DATABASE_URL).
``COMPTOIR_CRASH_ROUNDS`` sets how many times the server is killed (default 2).
"""

from __future__ import annotations

import http.client
import json
import os
import signal
import socket
import subprocess
import sys
import threading
import time
import uuid
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

import pytest
import sqlalchemy as sa

from core.db import db
from core.testing.fixtures import TEST_HASH_METHOD, token_for

ROUNDS = int(os.environ.get("COMPTOIR_CRASH_ROUNDS", "2"))
TILLS = 2
#: Sales acknowledged in a round before the kill (or the round's time is up).
SALES_BEFORE_KILL = 15
INITIAL_STOCK = Decimal(1000)


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _request(port: int, method: str, path: str, token: str, body=None, timeout=10.0):
    """``(status, JSON answer)`` on a connection of its own."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    try:
        headers = {"Authorization": f"Bearer {token}", "Connection": "close"}
        data = None
        if body is not None:
            data = json.dumps(body).encode()
            headers["Content-Type"] = "application/json"
        connection.request(method, path, body=data, headers=headers)
        response = connection.getresponse()
        raw = response.read()
        return response.status, (json.loads(raw) if raw else None)
    finally:
        connection.close()


class Server:
    """``comptoir run --workers 2`` on the test's instance folder and database, in a
    process group of its own (killed as a whole, as a power cut or the OOM killer would)."""

    def __init__(self, app):
        self.app = app
        self.port = _free_port()
        self.env = {
            **os.environ,
            "COMPTOIR_INSTANCE": app.instance_path,
            "COMPTOIR_DATABASE_URL": app.config["SQLALCHEMY_DATABASE_URI"],
            "COMPTOIR_PASSWORD_HASH_METHOD": TEST_HASH_METHOD,
            "COMPTOIR_ACCESS_LOG": "",
        }
        self.log = Path(app.instance_path) / "crash-server.log"
        self.process: subprocess.Popen | None = None

    def start(self) -> None:
        script = Path(sys.executable).with_name("comptoir")
        command = [str(script)] if script.exists() else [sys.executable, "-m", "core.cli"]
        with self.log.open("ab") as out:
            self.process = subprocess.Popen(
                [*command, "run", "--workers", "2", "--port", str(self.port)],
                env=self.env,
                stdout=out,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            assert self.process.poll() is None, self.log.read_text()
            try:
                status, _ = _request(self.port, "GET", "/api/v1/openapi.json", "", timeout=2)
                if status == 200:
                    return
            except OSError:
                pass
            time.sleep(0.05)
        raise AssertionError(f"the server did not start:\n{self.log.read_text()}")

    def kill(self) -> None:
        """SIGKILL to the whole group: the arbiter and both workers, mid-request."""
        os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait()
        # The workers are the group's other members: wait until none is left.
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            try:
                os.killpg(self.process.pid, 0)
            except ProcessLookupError:
                return
            time.sleep(0.02)
        raise AssertionError("workers outlived SIGKILL")

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait()


@dataclass
class Ledger:
    """What the tills know: the sales answered 2xx, and those sent without an answer."""

    acknowledged: dict[str, dict] = field(default_factory=dict)
    in_flight: set[str] = field(default_factory=set)
    #: In flight at a kill, yet committed: checked whole like the others.
    in_flight_kept: set[str] = field(default_factory=set)
    lock: threading.Lock = field(default_factory=threading.Lock)


def _till(port, token, body_for, ledger: Ledger, stop: threading.Event) -> None:
    """Post sales one after another until the server dies or ``stop`` is set."""
    while not stop.is_set():
        body = body_for()
        with ledger.lock:
            ledger.in_flight.add(body["id"])
        try:
            status, answer = _request(port, "POST", "/api/v1/sales", token, body)
        except (OSError, http.client.HTTPException):
            return  # the server is gone: this sale stays in flight
        if status in (200, 201):
            with ledger.lock:
                ledger.in_flight.discard(body["id"])
                ledger.acknowledged[body["id"]] = answer
        else:
            raise AssertionError((status, answer))


@pytest.fixture
def shop(app, manager_api):
    """Two products with 1000 in stock and register 1 open, the journal's keys made (as
    `comptoir init` makes them)."""
    from core.journal.keys import generate_keys

    generate_keys(app.instance_path)
    rates = {Decimal(rate["rate"]) for rate in manager_api.get("/api/v1/tax-rates").get_json()}
    if Decimal(0) not in rates:
        created = manager_api.post("/api/v1/tax-rates", json={"name": "Zero", "rate": "0.0"})
        assert created.status_code == 201, created.get_json()
    ids = []
    for sku, price in (("CRASH-A", 250), ("CRASH-B", 120)):
        body = {
            "sku": sku,
            "name": sku.title(),
            "price": price,
            "tax_rate": "0.0",
            "stock": str(INITIAL_STOCK),
        }
        response = manager_api.post("/api/v1/products", json=body)
        assert response.status_code == 201, response.get_json()
        ids.append(response.get_json()["id"])
    opened = manager_api.post("/api/v1/registers/1/open", json={"float": 10000})
    assert opened.status_code == 201, opened.get_json()
    return ids


def _sale_body_maker(products: list[int]):
    counter = iter(range(10**9))

    def body_for() -> dict:
        n = next(counter)
        lines = [{"product_id": products[0], "quantity": 1 + n % 3}]
        if n % 2:
            lines.append({"product_id": products[1], "quantity": 2})
        payments = [{"method": "cash", "amount": 5000}]
        if n % 5 == 0:
            payments = [{"method": "card", "amount": 100}, {"method": "cash", "amount": 5000}]
        return {"id": str(uuid.uuid4()), "register_id": 1, "lines": lines, "payments": payments}

    return body_for


def _sell_then_kill(server: Server, token: str, body_for, ledger: Ledger) -> None:
    before = len(ledger.acknowledged)
    stop = threading.Event()
    errors: list[BaseException] = []

    def run():
        try:
            _till(server.port, token, body_for, ledger, stop)
        except BaseException as exc:  # noqa: BLE001 - re-raised below
            errors.append(exc)

    tills = [threading.Thread(target=run) for _ in range(TILLS)]
    for till in tills:
        till.start()
    deadline = time.monotonic() + 15
    while len(ledger.acknowledged) - before < SALES_BEFORE_KILL and time.monotonic() < deadline:
        time.sleep(0.005)
    server.kill()  # while the tills are still posting
    stop.set()
    for till in tills:
        till.join(20)
    assert not errors, errors
    assert len(ledger.acknowledged) > before, "no sale was acknowledged before the kill"


def _check_after_crash(app, server: Server, ledger: Ledger, products: list[int]) -> None:
    from core.journal.models import JournalEntry
    from core.sales.models import Payment, Sale, SaleLine
    from core.stock.models import StockMovement

    manager = token_for(app, "manager")
    # Every acknowledged sale, as the restarted server lists it.
    status, listed = _request(server.port, "GET", "/api/v1/sales?register_id=1&limit=500", manager)
    assert status == 200, listed
    listed = {sale["id"]: sale for sale in listed}
    for sale_id, answered in ledger.acknowledged.items():
        found = listed.get(sale_id)
        assert found is not None, f"acknowledged sale {answered['receipt_number']} is lost"
        assert found["number"] == answered["number"]
        assert found["total"] == answered["total"]
        assert [(line["product_id"], line["quantity"]) for line in found["lines"]] == [
            (line["product_id"], line["quantity"]) for line in answered["lines"]
        ]
        assert [(p["method"], p["amount"]) for p in found["payments"]] == [
            (p["method"], p["amount"]) for p in answered["payments"]
        ]

    with app.app_context():
        sales = db.session.scalars(sa.select(Sale)).all()
        present = {sale.id for sale in sales}
        # Nothing else than what the tills sent, and all they were answered.
        assert set(ledger.acknowledged) <= present
        assert present <= set(ledger.acknowledged) | ledger.in_flight
        ledger.in_flight_kept |= present & ledger.in_flight
        lines = db.session.execute(
            sa.select(SaleLine.sale_id, SaleLine.product_id, SaleLine.quantity)
        )
        sold: dict[int, Decimal] = {product: Decimal(0) for product in products}
        lines_of: dict[str, int] = {}
        for sale_id, product_id, quantity in lines:
            sold[product_id] += quantity
            lines_of[sale_id] = lines_of.get(sale_id, 0) + 1
        payments_of = dict(
            db.session.execute(
                sa.select(Payment.sale_id, sa.func.count()).group_by(Payment.sale_id)
            ).all()
        )
        moves_of = dict(
            db.session.execute(
                sa.select(StockMovement.reference, sa.func.count())
                .where(StockMovement.reason == "sale")
                .group_by(StockMovement.reference)
            ).all()
        )
        entries = set(
            db.session.scalars(
                sa.select(JournalEntry.reference).where(JournalEntry.kind == "sale")
            ).all()
        )
        for sale in sales:
            whole = (lines_of.get(sale.id), payments_of.get(sale.id), moves_of.get(sale.id))
            assert all(whole), (sale.id, whole)
            assert lines_of[sale.id] == moves_of[sale.id]
        assert len(entries) == len(sales)
        numbers = sorted(sale.number for sale in sales)
        assert numbers == list(range(1, len(sales) + 1))
    for product_id in products:
        status, level = _request(
            server.port, "GET", f"/api/v1/stock?product_id={product_id}", manager
        )
        assert status == 200, level
        assert Decimal(level[0]["quantity"]) == INITIAL_STOCK - sold[product_id]
    status, verified = _request(server.port, "GET", "/api/v1/journal/verify", manager)
    assert status == 200 and verified["ok"], verified


def test_kill_9_loses_no_acknowledged_sale(app, shop, cli_runner):
    server = Server(app)
    cashier = token_for(app, "cashier")
    body_for = _sale_body_maker(shop)
    ledger = Ledger()
    try:
        server.start()
        for _round in range(ROUNDS):
            _sell_then_kill(server, cashier, body_for, ledger)
            server.start()
            _check_after_crash(app, server, ledger, shop)
            # The restarted server sells on, numbering after what survived.
            body = body_for()
            status, sale = _request(server.port, "POST", "/api/v1/sales", cashier, body)
            assert status == 201, sale
            ledger.acknowledged[body["id"]] = sale
    finally:
        server.stop()
    print(
        f"{ROUNDS} kill -9 rounds: {len(ledger.acknowledged)} sales acknowledged, "
        f"{len(ledger.in_flight)} in flight at a kill, {len(ledger.in_flight_kept)} of them kept"
    )
    verified = cli_runner("journal", "verify")
    assert verified.exit_code == 0, verified.output
    assert "journal intact" in verified.output


@pytest.mark.sqlite
@pytest.mark.parametrize(
    ("setting", "pragma"), [(None, 1), ("full", 2), ("FULL", 2), ("normal", 1)]
)
def test_sqlite_syncs_each_commit_when_told(app, tmp_path, setting, pragma):
    """``SQLITE_SYNCHRONOUS=FULL`` makes SQLite sync every commit (PRAGMA synchronous 2),
    so that an acknowledged sale also outlives a power cut; NORMAL (1) is the default."""
    from core.testing.fixtures import make_test_app

    extra = {} if setting is None else {"SQLITE_SYNCHRONOUS": setting}
    host = make_test_app(app.config["SQLALCHEMY_DATABASE_URI"], tmp_path / "other", **extra)
    try:
        with host.app_context():
            assert db.session.execute(sa.text("PRAGMA synchronous")).scalar() == pragma
    finally:
        host.close()


def test_a_wrong_sqlite_synchronous_is_a_configuration_error(tmp_path, monkeypatch):
    from core.config import ConfigError, read_config

    monkeypatch.setenv("COMPTOIR_SQLITE_SYNCHRONOUS", "OFF")
    with pytest.raises(ConfigError, match="NORMAL or FULL"):
        read_config(tmp_path)
