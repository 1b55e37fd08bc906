"""Fifty tills on PostgreSQL for a minute, then a check that stock and numbers are exact.

    python bench/tills.py --database-url postgresql://postgres@127.0.0.1/comptoir_bench
                          [--tills 50] [--seconds 60] [--workers 2] [--think 0.5] [--reset]

The database must be empty, or given with ``--reset`` (which drops its ``public``
schema). Each till is a thread of this process with its own register, its own API token
and its own keep-alive HTTP connection to ``comptoir run --workers W``; the load is
bounded: ``--tills`` sales in flight at most. A till posts a three-line cash sale of the
same three hot products, waits for the answer, then thinks ``--think`` seconds (uniformly
between half and one and a half times that) before the next, as a cashier scans the next
basket; ``--think 0`` is a closed loop, each till posting again as soon as it is
answered. Prints throughput, p50/p99 and the errors; afterwards checks, in the database,
that each register's receipt numbers run 1..N without a gap and match the sales its till
was told were made, and that each product's stock is its initial level less what was sold.
Prints figures and findings; asserts nothing.
"""

from __future__ import annotations

import argparse
import http.client
import json
import random
import statistics
import sys
import tempfile
import threading
import time
import uuid
from collections import Counter
from pathlib import Path

INITIAL_STOCK = 10**9


def make_tokens(instance: Path, config: dict, tills: int) -> list[str]:
    """One API token per till, all the bench cashier's."""
    from core.app import create_app
    from core.auth.models import User
    from core.auth.tokens import create_token
    from core.db import db

    app = create_app(config, instance_path=instance)
    with app.app_context():
        user = db.session.query(User).filter_by(username="benchcashier").one()
        secrets = []
        for number in range(1, tills + 1):
            _token, secret = create_token(user, f"till {number}")
            secrets.append(secret)
        db.session.commit()
    app.close()
    return secrets


def run_tills(
    port: int, tokens: list[str], seconds: float, think: float
) -> tuple[list[float], Counter, dict[int, int]]:
    """Latencies of the sales made, errors by kind, sales made per register."""
    from sales import LINES

    latencies: list[float] = []
    errors: Counter = Counter()
    made: dict[int, int] = {}
    lock = threading.Lock()
    stop_at = [0.0]

    def set_stop() -> None:  # run once, when every till is ready
        stop_at[0] = time.perf_counter() + seconds

    start = threading.Barrier(len(tokens), action=set_stop)

    def till(register_id: int, token: str) -> None:
        headers = {"Authorization": f"Bearer {token}", "Content-Type": "application/json"}
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        mine: list[float] = []
        wrong: Counter = Counter()
        start.wait()
        while time.perf_counter() < stop_at[0]:
            sale = {
                "id": str(uuid.uuid4()),
                "register_id": register_id,
                "lines": LINES,
                "payments": [{"method": "cash", "amount": 100_000}],
            }
            began = time.perf_counter()
            try:
                conn.request("POST", "/api/v1/sales", json.dumps(sale), headers)
                response = conn.getresponse()
                response.read()
                status = response.status
            except (OSError, http.client.HTTPException) as exc:
                status = type(exc).__name__
                conn.close()
                conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
            if status == 201:
                mine.append(time.perf_counter() - began)
            else:
                wrong[status] += 1
            if think:
                time.sleep(random.uniform(0.5 * think, 1.5 * think))
        conn.close()
        with lock:
            latencies.extend(mine)
            errors.update(wrong)
            made[register_id] = len(mine)

    threads = [
        threading.Thread(target=till, args=(number, token))
        for number, token in enumerate(tokens, start=1)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return latencies, errors, made


def check_afterwards(config: dict, made: dict[int, int]) -> list[str]:
    """What is not exact in the database after the run (nothing, if all is well)."""
    import sqlalchemy as sa

    engine = sa.create_engine(config["DATABASE_URL"])
    problems = []
    with engine.connect() as conn:
        numbers = conn.execute(
            sa.text(
                "SELECT r.id, r.last_receipt_number, count(s.id), min(s.number), max(s.number), "
                "count(DISTINCT s.number) FROM register r LEFT JOIN sale s "
                "ON s.register_id = r.id GROUP BY r.id ORDER BY r.id"
            )
        ).all()
        for register_id, last, count, low, high, distinct in numbers:
            # The readiness check sold a few on the first registers before the run.
            if count and (low != 1 or high != count or distinct != count or last != count):
                problems.append(
                    f"register {register_id}: {count} sales numbered {low}..{high} "
                    f"({distinct} distinct), last receipt number {last}"
                )
            if count < made.get(register_id, 0):
                problems.append(
                    f"register {register_id}: its till was told {made[register_id]} "
                    f"sales were made, the database has {count}"
                )
        stock = conn.execute(
            sa.text(
                "SELECT l.product_id, l.quantity, coalesce(sum(sl.quantity), 0) "
                "FROM stock_level l LEFT JOIN sale_line sl ON sl.product_id = l.product_id "
                "GROUP BY l.product_id, l.quantity ORDER BY l.product_id"
            )
        ).all()
        for product_id, quantity, sold in stock:
            if quantity != INITIAL_STOCK - sold:
                problems.append(
                    f"product {product_id}: stock {quantity}, expected "
                    f"{INITIAL_STOCK} - {sold} sold = {INITIAL_STOCK - sold}"
                )
        movements = conn.execute(
            sa.text(
                "SELECT (SELECT coalesce(sum(-delta), 0) FROM stock_movement "
                "WHERE reason = 'sale'), (SELECT coalesce(sum(quantity), 0) FROM sale_line)"
            )
        ).one()
        if movements[0] != movements[1]:
            problems.append(f"movements say {movements[0]} sold, the lines {movements[1]}")
    engine.dispose()
    return problems


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url", required=True)
    parser.add_argument("--tills", type=int, default=50)
    parser.add_argument("--seconds", type=int, default=60)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--think", type=float, default=0.5, help="seconds; 0: closed loop")
    parser.add_argument("--reset", action="store_true", help="drop the database's contents")
    args = parser.parse_args()

    from pg_sales import prepare_database, serve
    from sales import setup_instance

    prepare_database(args.database_url, args.reset)
    with tempfile.TemporaryDirectory() as tmp:
        instance = Path(tmp) / "instance"
        token, config = setup_instance(instance, args.database_url, args.tills)
        tokens = make_tokens(instance, config, args.tills)
        with serve(instance, token, config, args.workers, args.tills) as (port, _server):
            load_before = Path("/proc/loadavg").read_text().split()[:3]
            latencies, errors, made = run_tills(port, tokens, args.seconds, args.think)
            load_after = Path("/proc/loadavg").read_text().split()[:3]
        problems = check_afterwards(config, made)
    latencies.sort()
    loop = f"think {args.think} s between sales" if args.think else "closed loop"
    print(
        f"PostgreSQL, {args.tills} tills ({loop}), {args.seconds} s, gunicorn "
        f"{args.workers} workers; load average {' '.join(load_before)} before, "
        f"{' '.join(load_after)} after"
    )
    if latencies:
        print(
            f"{len(latencies)} sales, {len(latencies) / args.seconds:.0f} sales/s; "
            f"median {statistics.median(latencies) * 1000:.1f} ms, "
            f"p99 {latencies[max(int(len(latencies) * 0.99) - 1, 0)] * 1000:.1f} ms, "
            f"max {latencies[-1] * 1000:.1f} ms"
        )
    print(f"errors: {sum(errors.values())} {dict(errors) if errors else ''}")
    print("afterwards: " + ("stock and receipt numbers exact" if not problems else "NOT EXACT"))
    for problem in problems:
        print("  " + problem)


if __name__ == "__main__":
    here = Path(__file__).resolve().parent
    sys.path.insert(0, str(here))
    sys.path.insert(0, str(here.parent))
    main()
