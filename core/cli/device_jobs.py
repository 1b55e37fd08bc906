"""The server's own devices as a job source: for registers whose devices are attached to
the machine the server runs on (printer ``direct``), ``comptoir hardware run-jobs`` takes
their jobs from the job table itself, with the spool and guarantees an agent has."""

from __future__ import annotations

import time
import typing as t

import sqlalchemy as sa

from ..db import db
from ..devices import jobs
from ..devices.models import RegisterDevices
from ..devices.services import note_status

#: How often a waiting fetch looks for new jobs.
STEP = 0.25


def direct_registers() -> list[int]:
    return list(
        db.session.scalars(
            sa.select(RegisterDevices.register_id).where(RegisterDevices.printer == "direct")
        )
    )


class DatabaseSource:
    """A :class:`hardware.jobs.JobSource` on the job table (inside an app context)."""

    def fetch(self, wait: float, status: dict[str, t.Any]) -> list[dict[str, t.Any]]:
        deadline = time.monotonic() + wait
        while True:
            registers = direct_registers()
            for register_id in registers:
                note_status(register_id, status)
            found = [jobs.describe(job) for job in jobs.claim(registers)]
            db.session.commit()
            if found or time.monotonic() >= deadline:
                return found
            time.sleep(STEP)

    def report(self, job_id: str, ok: bool, result: dict[str, t.Any]) -> None:
        job = jobs.get_job(job_id)
        jobs.answer(job_id, [job.register_id], ok, result)
        db.session.commit()
