"""Device jobs: queued in the caller's transaction, handed to whoever drives the
register's devices, answered once.

Exactly once, in three parts: :func:`queue` is idempotent on ``key`` (a retried request
finds the job it queued the first time); a job is handed out again until it is answered
(:func:`claim`), so a lost answer never loses a job; and the runner keeps what it ran
(the agent's spool, or this table for the server's own devices) so a job handed out
twice runs once.
"""

from __future__ import annotations

import base64
import datetime as dt
import typing as t
import uuid

import sqlalchemy as sa
from flask_babel import gettext as _

from ..db import db, insert_ignore, utcnow, write_transaction
from ..errors import Conflict, Invalid, NotFound
from ..registers.models import Register
from .models import AgentRegister, DeviceJob, RegisterDevices

QUEUED, DELIVERED, DONE, FAILED = "queued", "delivered", "done", "failed"
KINDS = ("print", "drawer", "display", "scale")
#: Jobs shown per register in the back office.
RECENT = 20


def queue(
    register_id: int,
    *,
    key: str,
    kind: str,
    target: str,
    escpos: bytes = b"",
    title: str = "",
    payload: dict[str, t.Any] | None = None,
) -> DeviceJob:
    """Queue a job in the caller's transaction, or return the one queued under ``key``.

    :param target: ``printer``, ``drawer`` or ``printer:<name>``.
    :param escpos: the bytes to print (a print job).
    """
    if kind not in KINDS:
        raise ValueError(f"unknown device job kind {kind!r}")
    key = key[:200]
    write_transaction()
    # ON CONFLICT DO NOTHING: of two requests queueing the same key at once (a till's
    # retry racing its first try), one writes the job and both answer with it.
    insert_ignore(
        DeviceJob,
        {
            "id": str(uuid.uuid4()),
            "key": key,
            "register_id": register_id,
            "target": target,
            "kind": kind,
            "title": title[:200],
            "payload": payload
            if payload is not None
            else ({"escpos": base64.b64encode(escpos).decode("ascii")} if escpos else {}),
            "status": QUEUED,
            "attempts": 0,
            "created_at": utcnow(),
        },
        ["key"],
    )
    return db.session.scalar(sa.select(DeviceJob).where(DeviceJob.key == key))


def claim(register_ids: t.Collection[int], limit: int = 20) -> list[DeviceJob]:
    """The unanswered jobs of ``register_ids``, oldest first, marked delivered (one more
    attempt each). Committed by the caller."""
    if not register_ids:
        return []
    jobs = list(
        db.session.scalars(
            sa.select(DeviceJob)
            .where(
                DeviceJob.register_id.in_(register_ids),
                DeviceJob.status.in_((QUEUED, DELIVERED)),
            )
            .order_by(DeviceJob.created_at, DeviceJob.id)
            .limit(limit)
        )
    )
    if jobs:
        write_transaction()
        now = utcnow()
        for job in jobs:
            job.status = DELIVERED
            job.attempts += 1
            job.delivered_at = now
    return jobs


def claim_for_agent(agent_id: int, limit: int = 20) -> list[DeviceJob]:
    """The jobs an agent is to run, oldest first, marked delivered to it: those of the
    registers it serves not handed out yet, and those handed to it and not answered
    (it may have lost them). Never a job handed to another agent. Committed by the
    caller.

    The registers it serves are locked while their jobs are taken: a register moving to
    another agent meanwhile waits, then fails what this agent was handed
    (:func:`core.devices.agents.serve`).
    """
    # A register whose devices are attached to the server ("direct") has its jobs run by
    # ``comptoir hardware run-jobs``: an agent serving it too must not run them again.
    direct = sa.select(RegisterDevices.register_id).where(RegisterDevices.printer == "direct")
    mine = sa.select(AgentRegister.register_id).where(
        AgentRegister.agent_id == agent_id, AgentRegister.register_id.not_in(direct)
    )
    handed = sa.or_(
        DeviceJob.status == QUEUED,
        sa.and_(
            DeviceJob.status == DELIVERED,
            # NULL: handed out before jobs remembered their agent.
            sa.or_(DeviceJob.agent_id == agent_id, DeviceJob.agent_id.is_(None)),
        ),
    )
    ids = list(
        db.session.scalars(
            sa.select(DeviceJob.id)
            .where(DeviceJob.register_id.in_(mine), handed)
            .order_by(DeviceJob.created_at, DeviceJob.id)
            .limit(limit)
        )
    )
    if not ids:
        return []
    connection = write_transaction()
    if connection.dialect.name != "sqlite":
        # SQLite's write transaction excludes every other writer already.
        db.session.execute(mine.with_for_update())
    now = utcnow()
    # Guarded again under the lock: what was read above may have moved since.
    db.session.execute(
        sa.update(DeviceJob)
        .where(DeviceJob.id.in_(ids), DeviceJob.register_id.in_(mine), handed)
        .values(
            status=DELIVERED,
            agent_id=agent_id,
            attempts=DeviceJob.attempts + 1,
            delivered_at=now,
        )
        .execution_options(synchronize_session=False)
    )
    return list(
        db.session.scalars(
            sa.select(DeviceJob)
            .where(
                DeviceJob.id.in_(ids),
                DeviceJob.agent_id == agent_id,
                DeviceJob.status == DELIVERED,
            )
            .order_by(DeviceJob.created_at, DeviceJob.id)
            .execution_options(populate_existing=True)
        )
    )


def answer_from_agent(job_id: str, agent_id: int, ok: bool, result: dict) -> DeviceJob:
    """An agent's answer for a job it was handed (or, handed before jobs remembered
    their agent, of a register it serves)."""
    job = db.session.get(DeviceJob, job_id) if isinstance(job_id, str) else None
    if job is not None and job.agent_id is None:
        serves = db.session.scalar(
            sa.select(AgentRegister.agent_id).where(AgentRegister.register_id == job.register_id)
        )
        mine = serves == agent_id
    else:
        mine = job is not None and job.agent_id == agent_id
    if not mine:
        raise NotFound(_("no device job %(id)s", id=job_id))
    return answer(job_id, [job.register_id], ok, result)


def answer(job_id: str, register_ids: t.Collection[int], ok: bool, result: dict) -> DeviceJob:
    """Record a job's outcome. A second answer for a finished job changes nothing (the
    agent re-sends an answer it is not sure arrived)."""
    job = db.session.get(DeviceJob, job_id) if isinstance(job_id, str) else None
    if job is None or job.register_id not in register_ids:
        raise NotFound(_("no device job %(id)s", id=job_id))
    if job.status in (DONE, FAILED):
        return job
    write_transaction()
    job.status = DONE if ok else FAILED
    job.done_at = utcnow()
    job.result = result
    return job


def retry(job_id: str) -> DeviceJob:
    """Hand a failed job out again (the back office's "retry")."""
    job = db.session.get(DeviceJob, job_id) if isinstance(job_id, str) else None
    if job is None:
        raise NotFound(_("no device job %(id)s", id=job_id))
    if job.status != FAILED:
        raise Conflict(_("only a failed job can be retried"), code="job_not_failed")
    write_transaction()
    # A new id: the runner remembers the old one as run, and must run this one.
    again = DeviceJob(
        id=str(uuid.uuid4()),
        key=f"{job.key[:150]}:retry:{uuid.uuid4().hex[:12]}",
        register_id=job.register_id,
        target=job.target,
        kind=job.kind,
        title=job.title,
        payload=job.payload,
        status=QUEUED,
        attempts=0,
    )
    db.session.add(again)
    db.session.flush()
    return again


def recent(register_id: int, limit: int = RECENT) -> list[DeviceJob]:
    return list(
        db.session.scalars(
            sa.select(DeviceJob)
            .where(DeviceJob.register_id == register_id)
            .order_by(DeviceJob.created_at.desc(), DeviceJob.id)
            .limit(limit)
        )
    )


def get_job(job_id: str) -> DeviceJob:
    job = db.session.get(DeviceJob, job_id) if isinstance(job_id, str) else None
    if job is None:
        raise NotFound(_("no device job %(id)s", id=job_id))
    return job


def describe(job: DeviceJob) -> dict[str, t.Any]:
    """A job as the agent receives it: the register's code tells the agent which
    register's devices run it."""
    register = db.session.get(Register, job.register_id)
    return {
        "id": job.id,
        "register_id": job.register_id,
        "register_code": register.code if register is not None else "",
        "target": job.target,
        "kind": job.kind,
        "title": job.title,
        "payload": job.payload,
        "attempts": job.attempts,
    }


def check_result(body: t.Mapping[str, t.Any]) -> tuple[bool, dict[str, t.Any]]:
    status = body.get("status")
    if status not in (DONE, FAILED):
        raise Invalid(_("status: done or failed"), field="status")
    return status == DONE, dict(body.get("result") or {})


def since(moment: dt.datetime | None) -> float | None:
    return None if moment is None else (utcnow() - moment).total_seconds()
