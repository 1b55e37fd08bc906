"""The agent's durable spool: every job is written here (and committed) before it runs,
with what became of it, so that a job handed out again (a lost answer, an agent
restarted between running a job and reporting it) is answered from here, not run twice.

States: ``received`` (waiting to run, or waiting for its device), ``running`` (written
just before the device is driven), ``done`` / ``failed`` (with the result), and
``reported`` once the server has the answer. A job found ``running`` at start-up was
interrupted mid-way (the agent was killed while the printer was being fed): it is failed,
not run again, because the paper may already carry it; the back office shows it and a
person decides to retry.
"""

from __future__ import annotations

import json
import sqlite3
import threading
import time
import typing as t
from pathlib import Path

RECEIVED, RUNNING, DONE, FAILED = "received", "running", "done", "failed"

_SCHEMA = """
CREATE TABLE IF NOT EXISTS job (
    id TEXT PRIMARY KEY,
    body TEXT NOT NULL,
    state TEXT NOT NULL,
    result TEXT,
    reported INTEGER NOT NULL DEFAULT 0,
    received_at REAL NOT NULL,
    finished_at REAL
)
"""


class Spool:
    """A SQLite file of jobs. Safe to share between threads of one process."""

    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self._lock = threading.Lock()
        self._db = sqlite3.connect(str(self.path), check_same_thread=False, isolation_level=None)
        # Full sync: "written before it runs" must survive a power cut, not just a kill.
        self._db.execute("PRAGMA journal_mode=WAL")
        self._db.execute("PRAGMA synchronous=FULL")
        self._db.execute(_SCHEMA)
        self._recover()

    def close(self) -> None:
        with self._lock:
            self._db.close()

    def _recover(self) -> None:
        with self._lock:
            self._db.execute(
                "UPDATE job SET state=?, result=?, finished_at=? WHERE state=?",
                (
                    FAILED,
                    json.dumps({"error": "interrupted while running: check and retry"}),
                    time.time(),
                    RUNNING,
                ),
            )

    def receive(self, job: dict[str, t.Any]) -> bool:
        """Keep a job handed out by the server; ``False`` when it was here already."""
        with self._lock:
            cursor = self._db.execute(
                "INSERT OR IGNORE INTO job (id, body, state, received_at) VALUES (?, ?, ?, ?)",
                (str(job["id"]), json.dumps(job), RECEIVED, time.time()),
            )
            return cursor.rowcount == 1

    def state(self, job_id: str) -> str | None:
        with self._lock:
            row = self._db.execute("SELECT state FROM job WHERE id=?", (job_id,)).fetchone()
        return row[0] if row else None

    def waiting(self) -> list[dict[str, t.Any]]:
        """Jobs received and not run yet, oldest first."""
        with self._lock:
            rows = self._db.execute(
                "SELECT body FROM job WHERE state=? ORDER BY received_at, id", (RECEIVED,)
            ).fetchall()
        return [json.loads(row[0]) for row in rows]

    def start(self, job_id: str) -> bool:
        """Mark a job running (committed before the device moves); ``False`` if it is
        not waiting any more (another thread took it)."""
        with self._lock:
            cursor = self._db.execute(
                "UPDATE job SET state=? WHERE id=? AND state=?", (RUNNING, job_id, RECEIVED)
            )
            return cursor.rowcount == 1

    def back(self, job_id: str) -> None:
        """The device was not reachable and nothing was sent: wait for it again."""
        with self._lock:
            self._db.execute(
                "UPDATE job SET state=? WHERE id=? AND state=?", (RECEIVED, job_id, RUNNING)
            )

    def finish(self, job_id: str, ok: bool, result: dict[str, t.Any]) -> None:
        with self._lock:
            self._db.execute(
                "UPDATE job SET state=?, result=?, finished_at=? WHERE id=?",
                (DONE if ok else FAILED, json.dumps(result), time.time(), job_id),
            )

    def unreported(self) -> list[tuple[str, bool, dict[str, t.Any]]]:
        """Finished jobs whose answer the server has not confirmed."""
        with self._lock:
            rows = self._db.execute(
                "SELECT id, state, result FROM job WHERE state IN (?, ?) AND reported=0 "
                "ORDER BY finished_at, id",
                (DONE, FAILED),
            ).fetchall()
        return [(row[0], row[1] == DONE, json.loads(row[2] or "{}")) for row in rows]

    def reported(self, job_id: str) -> None:
        with self._lock:
            self._db.execute("UPDATE job SET reported=1 WHERE id=?", (job_id,))

    def forget_before(self, moment: float) -> None:
        """Drop reported jobs finished before ``moment`` (kept a while, for redeliveries)."""
        with self._lock:
            self._db.execute("DELETE FROM job WHERE reported=1 AND finished_at < ?", (moment,))
