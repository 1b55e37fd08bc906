"""Which registers each hardware agent serves.

One agent (one shop PC) may drive the devices of several registers; a register is served
by at most one agent (:class:`~core.devices.models.AgentRegister` is keyed by the
register), so two agents are never handed the same job. Moving a register to another
agent is audited, and fails the register's jobs handed to the first agent and not
answered yet: the first agent may have run them, the new one must not run them again;
the back office shows them and a person decides to retry.
"""

from __future__ import annotations

import typing as t

import sqlalchemy as sa
from flask_babel import gettext as _

from ..audit.services import record as audit
from ..db import db, utcnow
from ..errors import Conflict, NotFound
from ..plugins.scope import current_scope
from ..registers.models import Register
from ..registers.services import lock_register
from . import jobs
from .models import AgentRegister, DeviceAgent, DeviceJob

#: Why a job handed to an agent was failed when its register moved to another agent.
MOVED = "the register moved to another agent before this job was answered: check and retry"


def registers_of(agent_id: int) -> list[Register]:
    """The registers ``agent_id`` serves, by code."""
    return list(
        db.session.scalars(
            sa.select(Register)
            .join(AgentRegister, AgentRegister.register_id == Register.id)
            .where(AgentRegister.agent_id == agent_id)
            .order_by(Register.code)
        )
    )


def agent_of(register_id: int) -> DeviceAgent | None:
    """The live agent serving the register, if any."""
    return db.session.scalar(
        sa.select(DeviceAgent)
        .join(AgentRegister, AgentRegister.agent_id == DeviceAgent.id)
        .where(AgentRegister.register_id == register_id, DeviceAgent.revoked.is_(False))
    )


def live_agents() -> list[DeviceAgent]:
    """Every paired agent not revoked, newest first (the back office's choice of agent)."""
    return list(
        db.session.scalars(
            sa.select(DeviceAgent)
            .where(DeviceAgent.revoked.is_(False))
            .order_by(DeviceAgent.paired_at.desc(), DeviceAgent.id.desc())
        )
    )


def get_agent(agent_id: int) -> DeviceAgent:
    agent = db.session.get(DeviceAgent, agent_id) if isinstance(agent_id, int) else None
    if agent is None or agent.revoked:
        raise NotFound(_("no paired agent %(id)s", id=agent_id))
    return agent


def within_scope(agent: DeviceAgent) -> bool:
    """Whether every register ``agent`` serves is in the signed-in user's scope (always,
    for a user of every store: no scope)."""
    scope = current_scope()
    if scope is None:
        return True
    return all(scope.allows_register(register.id) for register in registers_of(agent.id))


def serves_within_scope(agent: DeviceAgent) -> bool:
    """Whether ``agent`` serves at least one register of the signed-in user's scope: the
    agents a user of one store is shown (another store's shop PCs stay out of sight)."""
    scope = current_scope()
    if scope is None:
        return True
    return any(scope.allows_register(register.id) for register in registers_of(agent.id))


def check_within_scope(agent: DeviceAgent) -> None:
    """409 ``agent_of_other_store`` when ``agent`` serves a register outside the signed-in
    user's scope (with ``multistore``: another store's till). Moving a register there
    would hand this store's receipts and drawer to a PC the user may not act on, and let
    them fail that store's unanswered jobs; a user of every store (no scope) may."""
    if not within_scope(agent):
        raise Conflict(
            _("this agent serves another store's registers: ask a user of every store"),
            code="agent_of_other_store",
        )


def serve(register_id: int, agent: DeviceAgent) -> int | None:
    """Make ``agent`` serve the register, taking it from the agent serving it before
    (audited). In the caller's transaction, which it makes a writer. Refused (409) when
    the agent serves registers outside the user's scope (:func:`check_within_scope`).

    :return: the id of the agent that served the register before, if another.
    """
    check_within_scope(agent)
    register = lock_register(register_id)  # moves of one register wait for each other
    row = db.session.scalars(
        sa.select(AgentRegister).where(AgentRegister.register_id == register_id).with_for_update()
    ).first()
    previous = row.agent_id if row is not None else None
    if previous == agent.id:
        return None
    if row is None:
        db.session.add(AgentRegister(register_id=register_id, agent_id=agent.id, since=utcnow()))
    else:
        row.agent_id = agent.id
        row.since = utcnow()
    # Handed out and not answered: the first agent may have run it already.
    db.session.execute(
        sa.update(DeviceJob)
        .where(DeviceJob.register_id == register_id, DeviceJob.status == jobs.DELIVERED)
        .values(status=jobs.FAILED, done_at=utcnow(), result={"error": MOVED})
    )
    db.session.flush()
    if previous is not None:
        audit(
            "devices.agent_register_moved",
            f"register:{register.code}",
            {"agent": [previous, agent.id]},
        )
    else:
        audit("devices.agent_register_added", f"register:{register.code}", {"agent": agent.id})
    return previous


def release(register_id: int) -> None:
    """No agent serves the register any more (its agent was unpaired)."""
    db.session.execute(sa.delete(AgentRegister).where(AgentRegister.register_id == register_id))


def retire(agent: DeviceAgent) -> None:
    """Revoke the agent (its token stops working) and free its registers."""
    agent.revoked = True
    db.session.execute(sa.delete(AgentRegister).where(AgentRegister.agent_id == agent.id))


def summary(agent: DeviceAgent) -> dict[str, t.Any]:
    return {
        "id": agent.id,
        "name": agent.name,
        "paired_at": agent.paired_at,
        "last_seen": agent.last_seen,
        "registers": [register.code for register in registers_of(agent.id)],
    }
