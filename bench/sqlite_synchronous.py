"""What ``SQLITE_SYNCHRONOUS=FULL`` costs a commit: one small write transaction (``BEGIN
IMMEDIATE``, an insert, ``COMMIT``) timed in WAL mode with ``synchronous=NORMAL`` (the
default, the baseline) and ``FULL``, on a database in the given folder (the instance's
file system is what matters: pass a folder on it).

    python bench/sqlite_synchronous.py [--folder DIR] [--commits 300] [--rounds 2]

The commit holds SQLite's single write lock, so a shop's sales per second cannot exceed
one over the FULL median. Prints figures; asserts nothing.
"""

from __future__ import annotations

import argparse
import sqlite3
import statistics
import tempfile
import time
from pathlib import Path


def commit_times(path: Path, mode: str, commits: int) -> list[float]:
    for suffix in ("", "-wal", "-shm"):
        Path(str(path) + suffix).unlink(missing_ok=True)
    connection = sqlite3.connect(path, isolation_level=None)
    try:
        connection.execute("PRAGMA journal_mode=WAL")
        connection.execute(f"PRAGMA synchronous={mode}")
        connection.execute("CREATE TABLE sale (id INTEGER PRIMARY KEY, body TEXT)")
        times = []
        for _ in range(commits):
            started = time.perf_counter()
            connection.execute("BEGIN IMMEDIATE")
            connection.execute("INSERT INTO sale (body) VALUES (?)", ("x" * 200,))
            connection.execute("COMMIT")
            times.append(time.perf_counter() - started)
        return times
    finally:
        connection.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--folder", default=None)
    parser.add_argument("--commits", type=int, default=300)
    parser.add_argument("--rounds", type=int, default=2)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="comptoir-sync-", dir=args.folder) as tmp:
        for _ in range(args.rounds):
            for mode in ("NORMAL", "FULL"):  # alternated, to share the machine's noise
                times = sorted(commit_times(Path(tmp) / "bench.db", mode, args.commits))
                median = statistics.median(times) * 1e3
                p90 = times[int(len(times) * 0.9)] * 1e3
                print(
                    f"synchronous={mode:6} commit median {median:.3f} ms, p90 {p90:.3f} ms"
                    f" (at most {1000 / median:,.0f} commits/s)"
                )


if __name__ == "__main__":
    main()
