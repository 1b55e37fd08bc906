"""The time clock's hours, payroll export and labour figures for a month of a busy shop.

    python bench/timeclock_hours.py [--employees 40] [--days 31] [--requests 30]

Creates a scratch SQLite instance with the timeclock plugin on, bulk-inserts for each
employee and day one entry of 8 hours (some across midnight) with a half-hour break, and
one planned shift, then times in-process through Flask's test client (routing, auth by
token, the reads, the arithmetic, the answer):

- ``GET /api/v1/timeclock/hours`` for the month, ``GET /api/v1/timeclock/payroll`` (the
  CSV), ``GET /api/v1/timeclock/labour`` (hour by hour, with the core's sales report);
- beside the raw SQL reading the same entries, breaks and shifts with the database
  driver, as the baseline.

Prints median and p99 in milliseconds. Asserts nothing.
"""

from __future__ import annotations

import argparse
import datetime as dt
import sqlite3
import statistics
import sys
import tempfile
import time
import typing as t
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

FIRST = dt.date(2026, 3, 1)


def timed(function: t.Callable[[], t.Any], runs: int) -> list[float]:
    for _ in range(min(3, runs)):
        function()  # warm-up
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        function()
        times.append((time.perf_counter() - start) * 1000)
    return times


def report(label: str, times: list[float], baseline: list[float] | None = None) -> None:
    times = sorted(times)
    median = statistics.median(times)
    p99 = times[min(len(times) - 1, int(len(times) * 0.99))]
    ratio = f"  x{median / statistics.median(baseline):.1f} baseline" if baseline else ""
    print(f"{label:<44} median {median:8.2f} ms   p99 {p99:8.2f} ms{ratio}", flush=True)


def make_app(tmp: str):
    from core.app import create_app
    from core.cli.init import initialise
    from core.plugins.service import enable_plugins

    app = create_app({"PASSWORD_HASH_METHOD": "pbkdf2:sha256:1000"}, instance_path=tmp)
    with app.app_context():
        initialise(app, demo=False, admin_password="bench-password")
        enable_plugins(app, ["timeclock"])
    return app


def populate(path: Path, employees: int, days: int) -> None:
    """One entry a day per employee: starts staggered over the day (a fifth of them
    across midnight), 8 hours with a 30-minute break in the middle; one shift each."""
    stamp = "%Y-%m-%d %H:%M:%S.000000"
    entries, breaks, shifts = [], [], []
    entry_id = 0
    for employee in range(1, employees + 1):
        for day in range(days):
            start = dt.datetime.combine(FIRST + dt.timedelta(days=day), dt.time()) + dt.timedelta(
                hours=6 + (employee * 3) % 18
            )
            end = start + dt.timedelta(hours=8)
            entry_id += 1
            entries.append(
                (entry_id, 1000 + employee, start.strftime(stamp), end.strftime(stamp), "till")
            )
            pause = start + dt.timedelta(hours=4)
            breaks.append(
                (
                    entry_id,
                    pause.strftime(stamp),
                    (pause + dt.timedelta(minutes=30)).strftime(stamp),
                )
            )
            shifts.append((1000 + employee, start.strftime(stamp), end.strftime(stamp)))
    raw = sqlite3.connect(path)
    now = dt.datetime(2026, 4, 1).strftime(stamp)
    raw.executemany(
        "INSERT INTO timeclock_entry (id, user_id, started_at, ended_at, source, voided, "
        f"created_at) VALUES (?, ?, ?, ?, ?, 0, '{now}')",
        entries,
    )
    raw.executemany(
        "INSERT INTO timeclock_break (entry_id, started_at, ended_at, voided) VALUES (?, ?, ?, 0)",
        breaks,
    )
    raw.executemany(
        "INSERT INTO timeclock_shift (user_id, starts_at, ends_at, note, created_at) "
        f"VALUES (?, ?, ?, '', '{now}')",
        shifts,
    )
    raw.commit()
    raw.close()


def baseline(path: Path, days: int) -> t.Callable[[], None]:
    raw = sqlite3.connect(path)
    start = FIRST.isoformat()
    end = (FIRST + dt.timedelta(days=days)).isoformat()

    def run() -> None:
        ids = [
            row[0]
            for row in raw.execute(
                "SELECT id, user_id, started_at, ended_at FROM timeclock_entry "
                "WHERE NOT voided AND started_at < ? AND ended_at > ?",
                (end, start),
            )
        ]
        raw.execute(
            f"SELECT * FROM timeclock_break WHERE entry_id IN ({','.join('?' * len(ids))})", ids
        ).fetchall()
        raw.execute(
            "SELECT * FROM timeclock_shift WHERE starts_at < ? AND ends_at > ?", (end, start)
        ).fetchall()

    return run


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--employees", type=int, default=40)
    parser.add_argument("--days", type=int, default=31)
    parser.add_argument("--requests", type=int, default=30)
    args = parser.parse_args()
    from core.testing.fixtures import token_for

    with tempfile.TemporaryDirectory() as tmp:
        app = make_app(tmp)
        path = Path(tmp) / "comptoir.db"
        populate(path, args.employees, args.days)
        last = FIRST + dt.timedelta(days=args.days - 1)
        period = f"from={FIRST.isoformat()}&to={last.isoformat()}"
        client = app.test_client()
        headers = {"Authorization": f"Bearer {token_for(app, 'admin')}"}
        print(
            f"{args.employees} employees x {args.days} days: "
            f"{args.employees * args.days} entries, as many breaks and shifts (SQLite)"
        )
        raw = timed(baseline(path, args.days), args.requests)
        report("raw SQL: the entries, breaks and shifts", raw)
        for label, url in (
            ("GET /api/v1/timeclock/hours", f"/api/v1/timeclock/hours?{period}"),
            ("GET /api/v1/timeclock/payroll (CSV)", f"/api/v1/timeclock/payroll?{period}"),
            ("GET /api/v1/timeclock/labour", f"/api/v1/timeclock/labour?{period}"),
        ):

            def get(url: str = url) -> None:
                response = client.get(url, headers=headers)
                assert response.status_code == 200, response.get_data(as_text=True)[:300]

            report(label, timed(get, args.requests), raw)


if __name__ == "__main__":
    main()
