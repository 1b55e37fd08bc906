"""The cost of the accounting plugin on the sale path: completed sales per second with
accounting off and on, and a raw sqlite3 baseline, in the same run.

    python bench/accounting_sales.py [--sales 1000] [--rounds 2] [--database-url URL]

Each sale is bench/sales.py's three-line cash sale through ``POST /api/v1/sales``,
in-process (Flask's test client, one thread: the sale's own work, no network). The
instance is measured with accounting disabled, then enabled (``comptoir plugins
enable accounting``: every sale then books its balanced entry inside its transaction),
``--rounds`` times alternately so that a warmer cache or a busier machine does not
favour one side. The baseline is bench/sales.py's raw sqlite3 writes of the same sale,
alone and with the entry's rows (one entry, four lines) added. Prints figures; asserts
nothing.
"""

from __future__ import annotations

import argparse
import os
import sqlite3
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from sales import bench_in_process, bench_raw_sqlite, setup_instance  # noqa: E402


def set_accounting(instance: Path, config: dict, enabled: bool) -> None:
    env = dict(os.environ, COMPTOIR_INSTANCE=str(instance), COMPTOIR_LOG_LEVEL="WARNING")
    env["COMPTOIR_DATABASE_URL"] = config["DATABASE_URL"]
    action = "enable" if enabled else "disable"
    subprocess.run(
        [sys.executable, "-m", "core.cli", "plugins", action, "accounting"],
        env=env,
        check=True,
        capture_output=True,
    )


def bench_raw_entry_rows(count: int) -> float:
    """Only the accounting rows of one sale (an entry and its four lines), bare sqlite3:
    what the books add to the raw baseline's transaction."""
    with tempfile.TemporaryDirectory() as tmp:
        conn = sqlite3.connect(Path(tmp) / "raw.db", isolation_level=None)
        conn.executescript("""
            PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;
            CREATE TABLE entry (id INTEGER PRIMARY KEY, kind TEXT, reference TEXT,
                                label TEXT, day TEXT, UNIQUE (kind, reference));
            CREATE TABLE entry_line (id INTEGER PRIMARY KEY, entry_id INT, account TEXT,
                                     debit INT, credit INT);
        """)
        started = time.perf_counter()
        for _ in range(count):
            conn.execute("BEGIN IMMEDIATE")
            entry = conn.execute(
                "INSERT INTO entry (kind, reference, label, day) VALUES "
                "('sale', ?, 'Sale', '2026-01-01') RETURNING id",
                (str(uuid.uuid4()),),
            ).fetchone()[0]
            for account, debit, credit in (
                ("530000", 896, 0),
                ("707100", 0, 747),
                ("445711", 0, 149),
                ("709700", 0, 0),
            ):
                conn.execute(
                    "INSERT INTO entry_line (entry_id, account, debit, credit) VALUES (?, ?, ?, ?)",
                    (entry, account, debit, credit),
                )
            conn.execute("COMMIT")
        elapsed = time.perf_counter() - started
        conn.close()
        return count / elapsed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sales", type=int, default=1000)
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--database-url", default=None)
    args = parser.parse_args()
    off: list[float] = []
    on: list[float] = []
    with tempfile.TemporaryDirectory() as tmp:
        instance = Path(tmp) / "instance"
        token, config = setup_instance(instance, args.database_url)
        raw = bench_raw_sqlite(args.sales)
        raw_entry = bench_raw_entry_rows(args.sales)
        for _round in range(args.rounds):
            set_accounting(instance, config, False)
            off.append(bench_in_process(instance, token, config, args.sales))
            set_accounting(instance, config, True)
            on.append(bench_in_process(instance, token, config, args.sales))
    best_off, best_on = max(off), max(on)
    print(f"database: {config['DATABASE_URL'].split(':')[0]}, {args.sales} sales per run")
    print(f"raw sqlite3 baseline, the sale's writes:  {raw:8.0f} sales/s")
    print(f"raw sqlite3, the entry's rows alone:       {raw_entry:8.0f} entries/s")
    print(f"accounting off, in-process, runs:  {', '.join(f'{r:.0f}' for r in off)} sales/s")
    print(f"accounting on,  in-process, runs:  {', '.join(f'{r:.0f}' for r in on)} sales/s")
    print(
        f"best: off {best_off:.0f}, on {best_on:.0f} sales/s: accounting costs "
        f"{(1 / best_on - 1 / best_off) * 1000:.2f} ms per sale "
        f"({(1 - best_on / best_off) * 100:.0f} % fewer sales/s; x{raw / best_on:.1f} raw)"
    )


if __name__ == "__main__":
    main()
