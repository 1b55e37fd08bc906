"""Pairing a hardware agent with a register: a short one-time code shown in the back
office, exchanged once by ``comptoir hardware serve --server URL --pair CODE`` for the
agent's token.

Codes and tokens are kept as their SHA-256 only. A code expires after
``CODE_LIFETIME``, works once, and wrong codes are throttled per client address
(``MAX_FAILURES`` per ``FAILURE_WINDOW``), so eight characters of a 31-letter alphabet
(about 10^12 codes) cannot be guessed in the code's ten minutes.

A code is made for a register and may name more (one shop PC driving several tills'
devices): the agent paired with it serves them all. A register has one agent: pairing
takes the code's registers from the agents serving them before, and an agent left with
no register is retired (its token stops working), as when a new shop PC replaces the old.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import secrets
import typing as t

import sqlalchemy as sa
from flask_babel import gettext as _

from ..db import db, separate_transaction, utcnow, write_transaction
from ..errors import Forbidden, TooManyAttempts
from ..plugins.scope import check_register
from ..registers.models import Register
from ..registers.services import get_register
from . import agents
from .models import AgentRegister, DeviceAgent, PairingCode, PairingFailure

#: No 0/O, 1/I/L: read aloud or typed from a screen without mistakes.
ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
CODE_LENGTH = 8
CODE_LIFETIME = dt.timedelta(minutes=10)
MAX_FAILURES = 5
FAILURE_WINDOW = dt.timedelta(minutes=15)


def digest(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def normalise(code: str) -> str:
    """What the person typed, as stored: upper case, without spaces or dashes."""
    return "".join(c for c in code.upper() if c.isalnum())


def new_code(
    register_id: int, user_id: int | None, more_registers: t.Iterable[int] = ()
) -> tuple[str, PairingCode]:
    """A new pairing code for the register (shown once, as ``ABCD-EFGH``); the agent
    paired with it serves ``more_registers`` too: each in the user's scope (403
    ``other_store`` for another store's, which pairing would take from its agent)."""
    get_register(register_id)
    more = sorted({int(other) for other in more_registers} - {register_id})
    for other in more:
        get_register(other)
        check_register(other)
    write_transaction()
    code = "".join(secrets.choice(ALPHABET) for _ in range(CODE_LENGTH))
    row = PairingCode(
        register_id=register_id,
        code_hash=digest(code),
        created_by=user_id,
        expires_at=utcnow() + CODE_LIFETIME,
        more_registers=more or None,
    )
    db.session.add(row)
    db.session.flush()
    return f"{code[:4]}-{code[4:]}", row


def pair(code: str, address: str, name: str = "") -> tuple[str, DeviceAgent]:
    """Exchange a pairing code for a new agent token.

    :raise TooManyAttempts: after ``MAX_FAILURES`` wrong codes from ``address``.
    :raise Forbidden: a wrong, expired or used code (recorded as a failure).
    """
    since = utcnow() - FAILURE_WINDOW
    failures = db.session.scalar(
        sa.select(sa.func.count(PairingFailure.id)).where(
            PairingFailure.address == address, PairingFailure.at >= since
        )
    )
    if failures >= MAX_FAILURES:
        raise TooManyAttempts(
            _("too many wrong pairing codes: wait a quarter of an hour"),
            retry_after=int(FAILURE_WINDOW.total_seconds()),
        )
    if not isinstance(code, str) or len(normalise(code)) != CODE_LENGTH:
        _fail(address)
        raise Forbidden(_("this pairing code is wrong"), code="bad_code")
    write_transaction()
    row = db.session.scalar(
        sa.select(PairingCode).where(PairingCode.code_hash == digest(normalise(code)))
    )
    if row is None or row.used_at is not None or row.expires_at <= utcnow():
        db.session.rollback()
        _fail(address)
        if row is None:
            raise Forbidden(_("this pairing code is wrong"), code="bad_code")
        if row.used_at is not None:
            raise Forbidden(_("this pairing code was used already"), code="code_used")
        raise Forbidden(_("this pairing code has expired: show a new one"), code="code_expired")
    # Guarded: of two agents sending the same code at once, one gets it.
    taken = db.session.execute(
        sa.update(PairingCode)
        .where(PairingCode.id == row.id, PairingCode.used_at.is_(None))
        .values(used_at=utcnow())
    ).rowcount
    if taken != 1:
        db.session.rollback()
        raise Forbidden(_("this pairing code was used already"), code="code_used")
    token = secrets.token_urlsafe(32)
    agent = DeviceAgent(
        register_id=row.register_id,
        name=(name or "")[:120],
        token_hash=digest(token),
        local_token=secrets.token_urlsafe(24),
        last_seen=utcnow(),
    )
    db.session.add(agent)
    db.session.flush()
    # One agent per register: two would both be handed its jobs and print them twice.
    replaced = set()
    for register_id in [row.register_id, *(row.more_registers or [])]:
        # A register named by a code may have been deleted since the code was shown.
        if db.session.get(Register, register_id) is not None:
            replaced.add(agents.serve(register_id, agent))
    for previous in replaced - {None}:
        left = db.session.scalar(
            sa.select(sa.func.count(AgentRegister.register_id)).where(
                AgentRegister.agent_id == previous
            )
        )
        if not left:
            agents.retire(db.session.get(DeviceAgent, previous))
    return token, agent


def _fail(address: str) -> None:
    # Kept whatever becomes of the request: that is what throttling counts.
    with separate_transaction() as connection:
        connection.execute(sa.insert(PairingFailure).values(address=address[:64], at=utcnow()))


def agent_for(token: str | None) -> DeviceAgent | None:
    """The paired, not revoked agent holding ``token``."""
    if not token:
        return None
    agent = db.session.scalar(sa.select(DeviceAgent).where(DeviceAgent.token_hash == digest(token)))
    if agent is None or agent.revoked or not hmac.compare_digest(agent.token_hash, digest(token)):
        return None
    return agent


def agents_of(register_id: int) -> list[DeviceAgent]:
    """The agent serving the register, as a list (empty or one)."""
    agent = agents.agent_of(register_id)
    return [] if agent is None else [agent]


def unpair(agent_id: int) -> None:
    """Retire the agent: its token stops working, its registers are served by none."""
    write_transaction()
    agent = db.session.get(DeviceAgent, agent_id)
    if agent is not None:
        agents.retire(agent)


summary = agents.summary
