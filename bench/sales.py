"""Completed sales per second: in-process, over HTTP (gunicorn), and a raw sqlite3 baseline.

    python bench/sales.py [--sales 2000] [--workers 2] [--clients 8] [--registers 1]
                          [--database-url URL] [--folder DIR]

Each sale is a three-line cash sale through ``POST /api/v1/sales`` with a register open;
with ``--registers N`` the sales go round N open registers, as N tills would.
The baseline performs the same inserts and updates with the standard library's sqlite3
module and no framework, in the same run, so the ratio says what the product costs over
the bare database work. Prints figures; asserts nothing.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import random
import shutil
import socket
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from pathlib import Path

LINES = [
    {"barcode": "3017620422003", "quantity": 1},
    {"barcode": "4006381333931", "quantity": 2},
    {"barcode": "5449000000996", "quantity": 1},
]


def setup_instance(
    instance: Path, database_url: str | None, registers: int = 1
) -> tuple[str, dict]:
    """Initialise an instance with three products and ``registers`` open registers;
    return a token."""
    from core.app import create_app
    from core.auth.services import create_user
    from core.auth.tokens import create_token
    from core.catalog.models import Barcode, Product, TaxRate
    from core.cli.init import initialise
    from core.db import db
    from core.registers.models import Register
    from core.registers.services import open_session
    from core.stock.models import StockLevel

    config = {"DATABASE_URL": database_url} if database_url else {}
    app = create_app(config, instance_path=instance)
    with app.app_context():
        initialise(app, demo=False, admin_password="bench-password")
        user = create_user("benchcashier", ["manager"], pin="1234")
        rate = db.session.query(TaxRate).first()
        if rate is None:
            rate = TaxRate(name="Standard", rate=20, is_default=True)
            db.session.add(rate)
            db.session.flush()
        for index, line in enumerate(LINES):
            product = Product(
                sku=f"B{index}",
                name=f"Bench {index}",
                search_name=f"bench {index}",
                price=199 + index * 100,
                tax_rate_id=rate.id,
            )
            product.barcodes = [Barcode(code=line["barcode"])]
            db.session.add(product)
            db.session.flush()
            db.session.add(StockLevel(product_id=product.id, location_id=1, quantity=10**9))
        for number in range(2, registers + 1):
            db.session.add(Register(code=f"R{number}", name=f"Till {number}", location_id=1))
        db.session.commit()
        for register_id in range(1, registers + 1):
            open_session(register_id, 0, user)
            db.session.commit()
        _token, secret = create_token(user, "bench")
        db.session.commit()
        url = app.config["SQLALCHEMY_DATABASE_URI"]
    app.close()
    return secret, {"DATABASE_URL": url}


def body(registers: int = 1) -> dict:
    return {
        "id": str(uuid.uuid4()),
        "register_id": random.randint(1, registers),
        "lines": LINES,
        "payments": [{"method": "cash", "amount": 100_000}],
    }


def bench_in_process(
    instance: Path, token: str, config: dict, count: int, registers: int = 1
) -> float:
    """Sales per second in-process (other benches import it)."""
    return bench_in_process_costs(instance, token, config, count, registers)[0]


def bench_in_process_costs(
    instance: Path, token: str, config: dict, count: int, registers: int = 1
) -> tuple[float, float, float]:
    """Sales per second, CPU milliseconds per sale (``time.process_time``, which the
    machine's load moves far less than the wall clock) and SQL statements per sale."""
    import sqlalchemy as sa

    from core.app import create_app

    app = create_app(config, instance_path=instance)
    client = app.test_client()
    headers = {"Authorization": f"Bearer {token}"}
    for _ in range(20):  # warm up
        client.post("/api/v1/sales", json=body(registers), headers=headers)
    statements = 0

    def count_statement(*_args: object) -> None:
        nonlocal statements
        statements += 1

    sa.event.listen(app.engine, "before_cursor_execute", count_statement)
    started, cpu = time.perf_counter(), time.process_time()
    for _ in range(count):
        response = client.post("/api/v1/sales", json=body(registers), headers=headers)
        assert response.status_code == 201, response.get_json()
    elapsed, cpu = time.perf_counter() - started, time.process_time() - cpu
    sa.event.remove(app.engine, "before_cursor_execute", count_statement)
    app.close()
    return count / elapsed, cpu * 1000 / count, statements / count


def server_cpu_seconds(pid: int) -> float:
    """User + system CPU of the server and its workers (Linux ``/proc``), which the
    machine's load moves far less than the wall clock; 0 where there is no ``/proc``."""
    total = 0
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(stat.parent.name) == pid or int(fields[1]) == pid:
            total += int(fields[11]) + int(fields[12])  # utime, stime
    return total / os.sysconf("SC_CLK_TCK")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def bench_http(
    instance: Path,
    token: str,
    config: dict,
    count: int,
    workers: int,
    clients: int,
    registers: int = 1,
) -> tuple[float, float, float, float]:
    """Sales per second, median and p99 milliseconds, and the server's CPU milliseconds
    per sale (workers and arbiter)."""
    port = free_port()
    env = dict(os.environ, COMPTOIR_INSTANCE=str(instance), COMPTOIR_LOG_LEVEL="WARNING")
    if "DATABASE_URL" in config:
        env["COMPTOIR_DATABASE_URL"] = config["DATABASE_URL"]
    server = subprocess.Popen(
        [sys.executable, "-m", "core.cli", "run", "--port", str(port), "--workers", str(workers)],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
                break
            except OSError:
                time.sleep(0.1)
        if shutil.which("wrk"):
            return _wrk(port, token, clients, registers, server.pid)
        latencies: list[float] = []
        lock = threading.Lock()
        per_client = count // clients

        def client_loop() -> None:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
            headers = {"Authorization": f"Bearer {token}", "Content-Type": "application/json"}
            mine = []
            for _ in range(per_client):
                payload = json.dumps(body(registers))
                started = time.perf_counter()
                conn.request("POST", "/api/v1/sales", payload, headers)
                response = conn.getresponse()
                response.read()
                mine.append(time.perf_counter() - started)
                if response.status != 201:
                    raise RuntimeError(f"HTTP {response.status}")
            conn.close()
            with lock:
                latencies.extend(mine)

        warm = threading.Thread(target=client_loop)
        per_client, saved = 10, per_client
        warm.start()
        warm.join()
        per_client = saved
        latencies.clear()
        threads = [threading.Thread(target=client_loop) for _ in range(clients)]
        cpu = server_cpu_seconds(server.pid)
        started = time.perf_counter()
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        elapsed = time.perf_counter() - started
        cpu = server_cpu_seconds(server.pid) - cpu
        latencies.sort()
        return (
            len(latencies) / elapsed,
            statistics.median(latencies) * 1000,
            latencies[int(len(latencies) * 0.99) - 1] * 1000,
            cpu * 1000 / len(latencies),
        )
    finally:
        server.terminate()
        server.wait(timeout=30)


def _wrk(
    port: int, token: str, clients: int, registers: int, server_pid: int, seconds: int = 10
) -> tuple[float, float, float, float]:
    """Load from wrk (Debian's ``wrk``), which costs far less CPU than a Python client
    on the same two cores; the Python client is the fallback."""
    script = Path(__file__).with_name("post_sale.lua")
    warm = ["wrk", "-t1", "-c2", "-d2s", "-s", str(script), f"http://127.0.0.1:{port}"]
    env = dict(os.environ, COMPTOIR_BENCH_TOKEN=token, COMPTOIR_BENCH_REGISTERS=str(registers))
    subprocess.run(warm, env=env, capture_output=True)  # a busy machine may time some out
    command = [
        "wrk",
        "-t2",
        f"-c{clients}",
        f"-d{seconds}s",
        "-s",
        str(script),
        f"http://127.0.0.1:{port}",
    ]
    cpu = server_cpu_seconds(server_pid)
    output = subprocess.run(command, env=env, capture_output=True, text=True, check=True).stdout
    cpu = server_cpu_seconds(server_pid) - cpu
    line = next(x for x in output.splitlines() if x.startswith("WRK "))
    figures = dict(item.split("=") for item in line.split()[1:])
    if int(figures["non2xx"]):
        raise RuntimeError(f"{figures['non2xx']} sales were not created: {output}")
    requests = int(figures["requests"])
    rate = requests / (int(figures["duration_us"]) / 1e6)
    return (
        rate,
        int(figures["p50_us"]) / 1000,
        int(figures["p99_us"]) / 1000,
        cpu * 1000 / max(requests, 1),
    )


def bench_raw_sqlite(count: int, folder: str | None = None) -> float:
    """Sales per second of the raw baseline (other benches import it)."""
    return bench_raw_sqlite_costs(count, folder)[0]


def bench_raw_sqlite_costs(count: int, folder: str | None = None) -> tuple[float, float]:
    """The same writes a three-line cash sale makes, with bare sqlite3 in WAL mode: sales
    per second and CPU milliseconds per sale."""
    with tempfile.TemporaryDirectory(dir=folder) as tmp:
        conn = sqlite3.connect(Path(tmp) / "raw.db", isolation_level=None)
        conn.executescript("""
            PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;
            CREATE TABLE register (id INTEGER PRIMARY KEY, last_number INT, seq INT, head TEXT);
            CREATE TABLE sale (id TEXT PRIMARY KEY, register_id INT, number INT, total INT,
                               tax_total INT, change INT, completed_at TEXT);
            CREATE TABLE sale_line (id INTEGER PRIMARY KEY, sale_id TEXT, product_id INT,
                                    quantity TEXT, total INT, tax INT);
            CREATE TABLE sale_tax (id INTEGER PRIMARY KEY, sale_id TEXT, rate TEXT, base INT,
                                   tax INT);
            CREATE TABLE payment (id INTEGER PRIMARY KEY, sale_id TEXT, method TEXT, amount INT);
            CREATE TABLE stock_level (product_id INT, location_id INT, quantity TEXT,
                                      PRIMARY KEY (product_id, location_id));
            CREATE TABLE stock_movement (id INTEGER PRIMARY KEY, product_id INT, delta TEXT,
                                         reason TEXT, reference TEXT);
            CREATE TABLE journal (id INTEGER PRIMARY KEY, register_id INT, seq INT,
                                  payload TEXT, hash TEXT);
            INSERT INTO register VALUES (1, 0, 0, '');
            INSERT INTO stock_level VALUES (1, 1, 1000000), (2, 1, 1000000), (3, 1, 1000000);
        """)
        started, cpu = time.perf_counter(), time.process_time()
        for _ in range(count):
            sale_id = str(uuid.uuid4())
            conn.execute("BEGIN IMMEDIATE")
            conn.execute("SELECT id FROM sale WHERE id = ?", (sale_id,)).fetchone()
            number = conn.execute(
                "UPDATE register SET last_number = last_number + 1 "
                "WHERE id = 1 RETURNING last_number"
            ).fetchone()[0]
            conn.execute(
                "INSERT INTO sale VALUES (?, 1, ?, 896, 149, 99104, ?)",
                (sale_id, number, time.time()),
            )
            for product_id in (1, 2, 3):
                conn.execute(
                    "INSERT INTO sale_line (sale_id, product_id, quantity, total, tax) "
                    "VALUES (?, ?, '1', 299, 50)",
                    (sale_id, product_id),
                )
                conn.execute(
                    "UPDATE stock_level SET quantity = quantity - 1 "
                    "WHERE product_id = ? AND location_id = 1",
                    (product_id,),
                )
                conn.execute(
                    "INSERT INTO stock_movement (product_id, delta, reason, reference) "
                    "VALUES (?, '-1', 'sale', ?)",
                    (product_id, sale_id),
                )
            conn.execute(
                "INSERT INTO sale_tax (sale_id, rate, base, tax) VALUES (?, '20', 747, 149)",
                (sale_id,),
            )
            conn.execute(
                "INSERT INTO payment (sale_id, method, amount) VALUES (?, 'cash', 100000)",
                (sale_id,),
            )
            seq = conn.execute(
                "UPDATE register SET seq = seq + 1 WHERE id = 1 RETURNING seq"
            ).fetchone()[0]
            conn.execute(
                "INSERT INTO journal (register_id, seq, payload, hash) VALUES (1, ?, ?, ?)",
                (seq, "{}", "0" * 64),
            )
            conn.execute("COMMIT")
        elapsed, cpu = time.perf_counter() - started, time.process_time() - cpu
        conn.close()
        return count / elapsed, cpu * 1000 / count


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sales", type=int, default=2000)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--registers", type=int, default=1)
    parser.add_argument("--database-url", default=None)
    parser.add_argument(
        "--folder",
        default=None,
        help="where the instance (SQLite file, journal anchor log) lives; /dev/shm leaves "
        "the disk's fsyncs out, to see the product's own cost on a busy machine",
    )
    args = parser.parse_args()
    load_before = " ".join(map(str, os.getloadavg()))
    with tempfile.TemporaryDirectory(prefix="comptoir-sales-", dir=args.folder) as tmp:
        instance = Path(tmp) / "instance"
        token, config = setup_instance(instance, args.database_url, args.registers)
        raw, raw_cpu_ms = bench_raw_sqlite_costs(args.sales, args.folder)
        in_process, cpu_ms, statements = bench_in_process_costs(
            instance, token, config, min(args.sales, 1000), args.registers
        )
        http_rate, median, p99, http_cpu_ms = bench_http(
            instance, token, config, args.sales, args.workers, args.clients, args.registers
        )
    print(f"database: {config['DATABASE_URL'].split(':')[0]}, {args.registers} register(s)")
    print(f"load average before / after: {load_before} / {' '.join(map(str, os.getloadavg()))}")
    print(
        f"raw sqlite3 baseline, same writes:       {raw:8.0f} sales/s "
        f"({raw_cpu_ms:.3f} ms CPU a sale)"
    )
    print(
        f"in-process (test client, 1 thread):      {in_process:8.0f} sales/s "
        f"(x{raw / in_process:.1f} slower than raw; {cpu_ms:.2f} ms CPU and "
        f"{statements:.1f} statements a sale)"
    )
    client = "wrk" if shutil.which("wrk") else "python"
    print(
        f"HTTP, gunicorn {args.workers} workers, {args.clients} {client} connections: "
        f"{http_rate:6.0f} sales/s (median {median:.1f} ms, p99 {p99:.1f} ms; "
        f"x{raw / max(http_rate, 1e-9):.1f} vs raw)"
    )
    print(
        f"  server CPU per sale over HTTP (workers + arbiter): {http_cpu_ms:.2f} ms; "
        f"{args.workers} workers at full speed on {os.cpu_count()} cores could serve at "
        f"most {1000 * min(args.workers, os.cpu_count() or 1) / max(http_cpu_ms, 1e-9):.0f} "
        "sales/s"
    )


if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    main()
