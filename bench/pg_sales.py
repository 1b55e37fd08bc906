"""Sales per second on PostgreSQL over HTTP, beside a raw psycopg baseline of the same run.

    python bench/pg_sales.py --database-url postgresql://postgres@127.0.0.1/comptoir_bench
                             [--registers 8] [--clients 8] [--workers 2] [--seconds 10]
                             [--reset]

The database must be empty, or given with ``--reset``, which drops everything in its
``public`` schema first. Every sale is a three-line cash sale of the same three hot
products, spread at random over ``--registers`` open registers, posted by ``--clients``
connections (wrk when installed, else a Python client) to ``comptoir run --workers W``.

In the same run a raw baseline does the same writes with bare psycopg, with the same
number of connections and registers and no framework: the idempotency check, the
receipt number and journal slot taken from the register's row, the sale, its lines, tax
and payment, the journal entry and the register's journal head, the stock movements and
the stock decrement (last, in product order), then COMMIT. It runs in the ``bench_raw``
schema of the same database, so both share the server, its disk and its settings.
Prints figures and the ratio; asserts nothing.
"""

from __future__ import annotations

import argparse
import contextlib
import hashlib
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import typing as t
import uuid
from pathlib import Path

RAW_SCHEMA = """
DROP SCHEMA IF EXISTS bench_raw CASCADE;
CREATE SCHEMA bench_raw;
SET search_path TO bench_raw;
CREATE TABLE register (id INT PRIMARY KEY, last_number INT NOT NULL, seq INT NOT NULL,
                       head VARCHAR(64) NOT NULL);
CREATE TABLE sale (id VARCHAR(36) PRIMARY KEY, register_id INT NOT NULL REFERENCES register,
                   number INT NOT NULL, user_id INT NOT NULL, currency VARCHAR(3) NOT NULL,
                   subtotal BIGINT NOT NULL, tax_total BIGINT NOT NULL, total BIGINT NOT NULL,
                   paid_total BIGINT NOT NULL, change BIGINT NOT NULL, data JSON NOT NULL,
                   created_at TIMESTAMPTZ NOT NULL, completed_at TIMESTAMPTZ NOT NULL,
                   UNIQUE (register_id, number));
CREATE TABLE sale_line (id SERIAL PRIMARY KEY, sale_id VARCHAR(36) NOT NULL REFERENCES sale,
                        position INT NOT NULL, product_id INT NOT NULL, sku VARCHAR(64),
                        name VARCHAR(200), quantity NUMERIC(12, 3) NOT NULL,
                        unit_price BIGINT NOT NULL, total BIGINT NOT NULL, tax BIGINT NOT NULL);
CREATE INDEX ON sale_line (sale_id);
CREATE TABLE sale_tax (id SERIAL PRIMARY KEY, sale_id VARCHAR(36) NOT NULL REFERENCES sale,
                       rate NUMERIC(6, 3) NOT NULL, base BIGINT NOT NULL, tax BIGINT NOT NULL);
CREATE TABLE payment (id SERIAL PRIMARY KEY, sale_id VARCHAR(36) NOT NULL REFERENCES sale,
                      method VARCHAR(32) NOT NULL, amount BIGINT NOT NULL);
CREATE TABLE stock_level (product_id INT, location_id INT, quantity NUMERIC(14, 3) NOT NULL,
                          PRIMARY KEY (product_id, location_id));
CREATE TABLE stock_movement (id SERIAL PRIMARY KEY, product_id INT NOT NULL,
                             location_id INT NOT NULL, delta NUMERIC(14, 3) NOT NULL,
                             reason VARCHAR(16) NOT NULL, reference VARCHAR(64),
                             created_at TIMESTAMPTZ NOT NULL DEFAULT now());
CREATE TABLE journal_entry (id SERIAL PRIMARY KEY, register_id INT NOT NULL, sequence INT NOT NULL,
                            payload TEXT NOT NULL, previous_hash VARCHAR(64) NOT NULL,
                            hash VARCHAR(64) NOT NULL, UNIQUE (register_id, sequence));
"""

#: Statements of a raw sale, besides BEGIN and COMMIT (as the listener counts them).
RAW_STATEMENTS = 10

PRODUCTS = ((1, 1, 199), (2, 2, 299), (3, 1, 399))  # product id, quantity, unit price


def _require_empty(url: str) -> None:
    import psycopg

    with psycopg.connect(url, autocommit=True) as conn:
        tables = conn.execute(
            "SELECT count(*) FROM pg_tables WHERE schemaname = 'public'"
        ).fetchone()[0]
        if tables:
            raise SystemExit(f"{url} is not empty: give --reset to drop its public schema")


def _drop_public(url: str) -> None:
    import psycopg

    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute("DROP SCHEMA IF EXISTS bench_raw CASCADE")
        conn.execute("DROP SCHEMA public CASCADE")
        conn.execute("CREATE SCHEMA public")


def prepare_database(database_url: str, reset: bool) -> str:
    """The psycopg URL of ``database_url``, its contents dropped with ``reset``, else
    checked empty (a bench never writes into a database that holds something)."""
    driver_url = database_url.replace("postgresql+psycopg://", "postgresql://")
    if reset:
        _drop_public(driver_url)
    else:
        _require_empty(driver_url)
    return driver_url


def raw_setup(url: str, registers: int) -> None:
    import psycopg

    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute(RAW_SCHEMA)
        with conn.cursor() as cursor:
            cursor.executemany(
                "INSERT INTO bench_raw.register VALUES (%s, 0, 0, '')",
                [(number,) for number in range(1, registers + 1)],
            )
            cursor.executemany(
                "INSERT INTO bench_raw.stock_level VALUES (%s, 1, 1000000000)",
                [(product,) for product, _q, _p in PRODUCTS],
            )


def _raw_sale(conn, register: int) -> None:
    """One sale's writes, as a careful hand-written psycopg loop would make them."""
    sale_id = str(uuid.uuid4())
    with conn.transaction():
        if conn.execute("SELECT 1 FROM sale WHERE id = %s", (sale_id,)).fetchone():
            return
        number, sequence, head = conn.execute(
            "UPDATE register SET last_number = last_number + 1, seq = seq + 1 "
            "WHERE id = %s RETURNING last_number, seq, head",
            (register,),
        ).fetchone()
        now = time.time()
        conn.execute(
            "INSERT INTO sale VALUES (%s, %s, %s, 1, 'EUR', 1196, 199, 1196, 100000, 98804, "
            "'{}', to_timestamp(%s), to_timestamp(%s))",
            (sale_id, register, number, now, now),
        )
        conn.execute(
            "INSERT INTO sale_line (sale_id, position, product_id, sku, name, quantity, "
            "unit_price, total, tax) VALUES "
            + ", ".join(["(%s, %s, %s, %s, %s, %s, %s, %s, %s)"] * len(PRODUCTS))
            + " RETURNING id",
            [
                value
                for position, (product, quantity, price) in enumerate(PRODUCTS)
                for value in (
                    sale_id,
                    position,
                    product,
                    f"B{product}",
                    f"Bench {product}",
                    quantity,
                    price,
                    price * quantity,
                    price * quantity // 6,
                )
            ],
        ).fetchall()
        conn.execute(
            "INSERT INTO sale_tax (sale_id, rate, base, tax) VALUES (%s, 20, 997, 199) "
            "RETURNING id",
            (sale_id,),
        ).fetchone()
        conn.execute(
            "INSERT INTO payment (sale_id, method, amount) VALUES (%s, 'cash', 100000) "
            "RETURNING id",
            (sale_id,),
        ).fetchone()
        payload = json.dumps({"sale": sale_id, "register": register, "number": number})
        digest = hashlib.sha256((head + payload).encode()).hexdigest()
        conn.execute(
            "INSERT INTO journal_entry (register_id, sequence, payload, previous_hash, hash) "
            "VALUES (%s, %s, %s, %s, %s)",
            (register, sequence, payload, head, digest),
        )
        conn.execute("UPDATE register SET head = %s WHERE id = %s", (digest, register))
        conn.execute(
            "INSERT INTO stock_movement (product_id, location_id, delta, reason, reference) "
            "VALUES " + ", ".join(["(%s, 1, %s, 'sale', %s)"] * len(PRODUCTS)),
            [v for product, quantity, _p in PRODUCTS for v in (product, -quantity, sale_id)],
        )
        # Last, in product order: the hot rows are held for the shortest time.
        conn.execute(
            "UPDATE stock_level SET quantity = quantity - CASE product_id "
            "WHEN 1 THEN 1 WHEN 2 THEN 2 WHEN 3 THEN 1 END "
            "WHERE location_id = 1 AND product_id IN (1, 2, 3)"
        )


def bench_raw(url: str, clients: int, registers: int, seconds: float) -> tuple[float, float, float]:
    """``clients`` threads, each on its own connection, for ``seconds``: sales/s, p50, p99 ms."""
    import random

    import psycopg

    latencies: list[float] = []
    lock = threading.Lock()
    stop = time.perf_counter() + seconds

    def client() -> None:
        conn = psycopg.connect(url, options="-c search_path=bench_raw")
        mine = []
        while time.perf_counter() < stop:
            started = time.perf_counter()
            _raw_sale(conn, random.randint(1, registers))
            mine.append(time.perf_counter() - started)
        conn.close()
        with lock:
            latencies.extend(mine)

    threads = [threading.Thread(target=client) for _ in range(clients)]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - started
    latencies.sort()
    return (
        len(latencies) / elapsed,
        statistics.median(latencies) * 1000,
        latencies[max(int(len(latencies) * 0.99) - 1, 0)] * 1000,
    )


def _cpu_seconds(pids: list[int]) -> float:
    """User and system CPU time of these processes so far (Linux ``/proc``)."""
    total = 0
    for pid in pids:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        total += int(fields[11]) + int(fields[12])
    return total / os.sysconf("SC_CLK_TCK")


def _children(pid: int) -> list[int]:
    found = [pid]
    for task in Path(f"/proc/{pid}/task").iterdir():
        children = (task / "children").read_text().split()
        for child in children:
            found.extend(_children(int(child)))
    return found


def _backends(url: str) -> list[int]:
    import psycopg

    with psycopg.connect(url, autocommit=True) as conn:
        rows = conn.execute(
            "SELECT pid FROM pg_stat_activity WHERE datname = current_database() "
            "AND pid <> pg_backend_pid()"
        ).fetchall()
    return [pid for (pid,) in rows]


def statements_per_sale(instance: Path, token: str, config: dict, registers: int) -> float:
    """SQL statements a sale's request sends, in-process, counted by a cursor listener
    over 20 sales (the plugin-generation read, every 0.25 s, included as it falls due)."""
    import sqlalchemy as sa
    from sales import body

    from core.app import create_app
    from core.db import db

    app = create_app(config, instance_path=instance)
    client = app.test_client()
    headers = {"Authorization": f"Bearer {token}"}
    for _ in range(3):
        client.post("/api/v1/sales", json=body(registers), headers=headers)
    sent: list[str] = []
    with app.app_context():
        engine = db.engine

    def count(_conn, _cursor, statement, *_args):
        sent.append(statement)

    sa.event.listen(engine, "before_cursor_execute", count)
    for _ in range(20):
        response = client.post("/api/v1/sales", json=body(registers), headers=headers)
        assert response.status_code == 201, response.get_json()
    sa.event.remove(engine, "before_cursor_execute", count)
    app.close()
    return len(sent) / 20


@contextlib.contextmanager
def serve(
    instance: Path, token: str, config: dict, workers: int, registers: int
) -> t.Iterator[tuple[int, subprocess.Popen]]:
    """``comptoir run --workers W`` on a free port, once every worker answers a sale (they
    boot after the port is bound, seconds on a loaded machine, and no start-up must fall
    into a measurement). Yields the port and the server's process."""
    import http.client

    from sales import body, free_port

    port = free_port()
    env = dict(
        os.environ,
        COMPTOIR_INSTANCE=str(instance),
        COMPTOIR_LOG_LEVEL="WARNING",
        COMPTOIR_DATABASE_URL=config["DATABASE_URL"],
    )
    command = [sys.executable, "-m", "core.cli", "run", "--port", str(port)]
    server = subprocess.Popen(
        [*command, "--workers", str(workers)],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    headers = {"Authorization": f"Bearer {token}", "Content-Type": "application/json"}

    def post() -> int:
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        try:
            conn.request("POST", "/api/v1/sales", json.dumps(body(registers)), headers)
            return conn.getresponse().status
        except OSError:
            return 0
        finally:
            conn.close()

    try:
        deadline = time.monotonic() + 120
        answered = 0
        while answered < 4 * workers and time.monotonic() < deadline:
            if post() == 201:
                answered += 1
            else:
                time.sleep(0.2)
        yield port, server
    finally:
        server.terminate()
        server.wait(timeout=30)


def bench_http(
    instance: Path, token: str, config: dict, args: argparse.Namespace
) -> tuple[float, float, float, float, float]:
    """Sales/s, p50 and p99 ms, then the server's and PostgreSQL's CPU ms per sale."""
    from sales import _wrk

    if shutil.which("wrk") is None:
        raise SystemExit("wrk is needed for the HTTP load: apt-get install wrk")
    database = config["DATABASE_URL"].replace("+psycopg", "")
    with serve(instance, token, config, args.workers, args.registers) as (port, server):
        processes = _children(server.pid)
        backends = _backends(database)
        cpu_before = _cpu_seconds(processes), _cpu_seconds(backends)
        # wrk's own figures; the CPU is measured here, PostgreSQL's backends included.
        rate, median, p99, _ = _wrk(
            port, token, args.clients, args.registers, server.pid, args.seconds
        )
        backends = sorted(set(backends) | set(_backends(database)))
        sales = rate * args.seconds
        app_cpu = (_cpu_seconds(processes) - cpu_before[0]) / sales * 1000
        db_cpu = (_cpu_seconds(backends) - cpu_before[1]) / sales * 1000
    return rate, median, p99, app_cpu, db_cpu


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url", required=True)
    parser.add_argument("--registers", type=int, default=8)
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--seconds", type=int, default=10)
    parser.add_argument("--reset", action="store_true", help="drop the database's contents")
    args = parser.parse_args()
    driver_url = prepare_database(args.database_url, args.reset)

    from sales import setup_instance  # bench/sales.py, beside this file

    with tempfile.TemporaryDirectory() as tmp:
        instance = Path(tmp) / "instance"
        token, config = setup_instance(instance, args.database_url, args.registers)
        raw_setup(driver_url, args.registers)
        statements = statements_per_sale(instance, token, config, args.registers)
        load_before = Path("/proc/loadavg").read_text().split()[:3]
        raw = bench_raw(driver_url, args.clients, args.registers, args.seconds)
        http = bench_http(instance, token, config, args)
        load_after = Path("/proc/loadavg").read_text().split()[:3]
    print(
        f"PostgreSQL, {args.registers} registers, {args.clients} connections, "
        f"gunicorn {args.workers} workers; load average {' '.join(load_before)} before, "
        f"{' '.join(load_after)} after"
    )
    print(
        f"raw psycopg baseline, same writes: {raw[0]:7.0f} sales/s "
        f"(median {raw[1]:.1f} ms, p99 {raw[2]:.1f} ms; "
        f"{RAW_STATEMENTS} statements a sale)"
    )
    print(
        f"Comptoir over HTTP (wrk):          {http[0]:7.0f} sales/s "
        f"(median {http[1]:.1f} ms, p99 {http[2]:.1f} ms; {statements:.1f} statements a sale; "
        f"CPU a sale: {http[3]:.1f} ms in gunicorn, {http[4]:.1f} ms in PostgreSQL)"
    )
    print(f"ratio Comptoir / raw: {http[0] / raw[0]:.2f} (goal: at least 0.5, p99 under 50 ms)")


if __name__ == "__main__":
    here = Path(__file__).resolve().parent
    sys.path.insert(0, str(here))
    sys.path.insert(0, str(here.parent))
    main()
