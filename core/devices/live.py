"""The devices the till uses while selling: the customer pole display and the scale.

Both go through device jobs like the printer, so a cloud-served till reaches them the
same way. A display job only matters until the next one: queueing one drops those of
the register not handed out yet. A scale reading is wanted now: the request waits for the
agent's answer (a few seconds at most), and only a stable, non-negative weight is taken.
"""

from __future__ import annotations

import time
import typing as t
import uuid
from decimal import Decimal, InvalidOperation

import sqlalchemy as sa
from flask_babel import gettext as _

from ..db import db, write_transaction
from ..errors import Conflict
from ..registers.services import get_register
from . import jobs
from .models import DeviceJob
from .services import devices_of

#: How long a till waits for the scale's answer.
SCALE_WAIT = 8.0
STEP = 0.1


def show_on_display(register_id: int, lines: t.Sequence[str]) -> DeviceJob:
    """Queue the two lines for the register's pole display (the latest wins)."""
    register = get_register(register_id)
    if not devices_of(register_id).display:
        raise Conflict(
            _("register %(code)s has no customer display", code=register.code),
            code="no_display",
        )
    write_transaction()
    db.session.execute(
        sa.delete(DeviceJob).where(
            DeviceJob.register_id == register_id,
            DeviceJob.kind == "display",
            DeviceJob.status == jobs.QUEUED,
        )
    )
    return jobs.queue(
        register_id,
        key=f"display:{uuid.uuid4()}",
        kind="display",
        target="display",
        title=_("Customer display"),
        payload={"lines": [str(line) for line in lines]},
    )


def read_scale(register_id: int) -> dict[str, t.Any]:
    """Ask the register's scale for the weight on it, and wait for the answer.

    :raise Conflict: no scale, no answer in time, a moving or negative weight.
    """
    register = get_register(register_id)
    if not devices_of(register_id).scale:
        raise Conflict(_("register %(code)s has no scale", code=register.code), code="no_scale")
    job = jobs.queue(
        register_id, key=f"scale:{uuid.uuid4()}", kind="scale", target="scale", title=_("Scale")
    )
    job_id = job.id
    db.session.commit()  # the agent must see it
    deadline = time.monotonic() + SCALE_WAIT
    while True:
        db.session.expire_all()
        job = db.session.get(DeviceJob, job_id)
        if job.status in (jobs.DONE, jobs.FAILED) or time.monotonic() >= deadline:
            break
        db.session.rollback()
        time.sleep(STEP)
    if job.status == jobs.FAILED:
        refused_reading = REFUSED_READINGS.get((job.result or {}).get("reason"))
        if refused_reading is not None:
            return checked_weight(refused_reading)
        raise Conflict(
            _("the scale did not answer: %(error)s", error=(job.result or {}).get("error", "")),
            code="scale_error",
        )
    if job.status != jobs.DONE:
        raise Conflict(_("the scale did not answer in time"), code="scale_no_answer")
    return checked_weight(job.result or {})


#: A scale refusing to weigh (hardware.scale.ScaleError's reason) as the reading it
#: stands for, so that the till gets the same answer as for that reading.
REFUSED_READINGS: dict[str, dict[str, t.Any]] = {
    "motion": {"weight": "0", "stable": False},
    "negative": {"weight": "-0.001", "stable": True},
}


def checked_weight(reading: t.Mapping[str, t.Any]) -> dict[str, t.Any]:
    """The reading, if the till may sell by it: stable and not below zero."""
    try:
        weight = Decimal(str(reading.get("weight")))
    except InvalidOperation:
        raise Conflict(_("the scale sent no weight"), code="scale_error") from None
    if not reading.get("stable"):
        raise Conflict(
            _("the weight is still moving: wait until the scale settles"), code="scale_unstable"
        )
    if weight < 0:
        raise Conflict(
            _("the scale shows a negative weight: empty it and set it to zero"),
            code="scale_negative",
        )
    if weight == 0:
        raise Conflict(_("nothing is on the scale"), code="scale_empty")
    return {"weight": str(weight.quantize(Decimal("0.001"))), "unit": "kg", "stable": True}
