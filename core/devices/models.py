"""Devices of registers, paired agents and device jobs.

A device job is the one way the server makes a device act: it is written in the
transaction that asks for it (a sale's receipt, a "no sale"), keyed so that a retried
request never queues it twice, and run once by whoever drives the register's devices (its
paired agent, or the server itself for a register whose devices are attached to it).
"""

from __future__ import annotations

import datetime as dt
import typing as t

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from ..db import Model, UTCDateTime, utcnow

#: How a register's receipts are printed.
PRINTER_MODES = ("none", "browser", "agent", "direct")
PAPER_WIDTHS = (58, 80)
NUMBER_CODES = ("qr", "barcode", "none")
#: Who drives a register's devices: its paired agent, or the server's own machine.
DRIVERS = ("agent", "direct")


class RegisterDevices(Model):
    """The devices of one register (one row per register that has been set up).

    ``printer``: ``none``, ``browser`` (the browser's print window), ``agent`` or
    ``direct`` (ESC/POS through the paired agent, or from the server machine itself).
    """

    __tablename__ = "register_devices"

    register_id: Mapped[int] = mapped_column(sa.ForeignKey("register.id"), primary_key=True)
    printer: Mapped[str] = mapped_column(sa.String(16), default="browser")
    paper_mm: Mapped[int] = mapped_column(default=80)
    number_code: Mapped[str] = mapped_column(sa.String(16), default="qr")
    drawer: Mapped[bool] = mapped_column(default=False)
    display: Mapped[bool] = mapped_column(default=False)
    scale: Mapped[bool] = mapped_column(default=False)
    scanner: Mapped[bool] = mapped_column(default=False)
    #: The last status each device reported (``{"printer": {"online": true}, ...}``).
    status: Mapped[dict[str, t.Any]] = mapped_column(sa.JSON, default=dict)
    status_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)

    @property
    def driver(self) -> str:
        return "direct" if self.printer == "direct" else "agent"


class NamedPrinter(Model):
    """A printer plugins print to by name (``kitchen``, ``bar``), driven by the devices
    of ``register_id`` (its agent knows the printer's address)."""

    __tablename__ = "named_printer"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(sa.String(32), unique=True)
    register_id: Mapped[int] = mapped_column(sa.ForeignKey("register.id"))
    paper_mm: Mapped[int] = mapped_column(default=80)


class DeviceAgent(Model):
    """A hardware agent paired with the server. The token is kept as its SHA-256 only:
    the agent holds the token itself. The registers it serves are its
    :class:`AgentRegister` rows (one shop PC may drive several tills' devices)."""

    __tablename__ = "device_agent"

    id: Mapped[int] = mapped_column(primary_key=True)
    #: The register it was paired for (its ``[hardware]`` table's devices are that
    #: register's, and its scanner's codes go there unless they name another).
    register_id: Mapped[int] = mapped_column(sa.ForeignKey("register.id"), index=True)
    name: Mapped[str] = mapped_column(sa.String(120), default="")
    token_hash: Mapped[str] = mapped_column(sa.String(64), unique=True)
    #: The secret tills send to the agent's localhost answer (not the agent's token).
    local_token: Mapped[str] = mapped_column(sa.String(64))
    paired_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    last_seen: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    revoked: Mapped[bool] = mapped_column(default=False)


class AgentRegister(Model):
    """A register served by an agent: its device jobs go to that agent only.

    The register is the primary key: a register belongs to at most one agent, so two
    agents are never handed the same job. Moving it to another agent
    (:func:`core.devices.agents.serve`) rewrites this row, audited.
    """

    __tablename__ = "agent_register"

    register_id: Mapped[int] = mapped_column(sa.ForeignKey("register.id"), primary_key=True)
    agent_id: Mapped[int] = mapped_column(sa.ForeignKey("device_agent.id"), index=True)
    since: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)


class PairingCode(Model):
    """A short one-time code shown in the back office; kept as its SHA-256."""

    __tablename__ = "pairing_code"

    id: Mapped[int] = mapped_column(primary_key=True)
    register_id: Mapped[int] = mapped_column(sa.ForeignKey("register.id"))
    code_hash: Mapped[str] = mapped_column(sa.String(64), unique=True)
    created_by: Mapped[int | None] = mapped_column(sa.ForeignKey("user.id"))
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    expires_at: Mapped[dt.datetime] = mapped_column(UTCDateTime)
    used_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    #: The other registers the agent paired with this code will serve (ids), besides
    #: ``register_id``.
    more_registers: Mapped[list[int] | None] = mapped_column(sa.JSON)


class PairingFailure(Model):
    """A wrong pairing code, by client address: what throttling counts."""

    __tablename__ = "pairing_failure"

    id: Mapped[int] = mapped_column(primary_key=True)
    address: Mapped[str] = mapped_column(sa.String(64), index=True)
    at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)


class DeviceJob(Model):
    """One thing a device must do once: print bytes, open a drawer.

    ``target``: ``printer``, ``drawer`` or ``printer:<name>`` (a named printer).
    ``status``: ``queued`` (not handed out yet), ``delivered`` (handed to the agent, no
    answer yet; handed again until answered), ``done``, ``failed``. ``payload`` holds the
    ESC/POS bytes as base64 (``{"escpos": "..."}``), never anything a device must lay out.
    """

    __tablename__ = "device_job"
    __table_args__ = (sa.Index("ix_device_job_register_status", "register_id", "status"),)

    id: Mapped[str] = mapped_column(sa.String(36), primary_key=True)
    #: What makes a request idempotent (``receipt:<sale id>``, a plugin's key).
    key: Mapped[str] = mapped_column(sa.String(200), unique=True)
    register_id: Mapped[int] = mapped_column(sa.ForeignKey("register.id"))
    target: Mapped[str] = mapped_column(sa.String(64))
    kind: Mapped[str] = mapped_column(sa.String(16))
    title: Mapped[str] = mapped_column(sa.String(200), default="")
    payload: Mapped[dict[str, t.Any]] = mapped_column(sa.JSON)
    status: Mapped[str] = mapped_column(sa.String(16), default="queued")
    attempts: Mapped[int] = mapped_column(default=0)
    #: The agent it was handed to: handed again to that agent only, until answered.
    agent_id: Mapped[int | None] = mapped_column(sa.ForeignKey("device_agent.id"))
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    delivered_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    done_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    result: Mapped[dict[str, t.Any] | None] = mapped_column(sa.JSON)


class NoSale(Model):
    """The drawer opened without a sale ("no sale"): who, when, on which register.
    Journaled as ``no_sale`` and audited."""

    __tablename__ = "no_sale"

    id: Mapped[int] = mapped_column(primary_key=True)
    register_id: Mapped[int] = mapped_column(sa.ForeignKey("register.id"))
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("user.id"))
    at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    reason: Mapped[str] = mapped_column(sa.String(200), default="")


class ScannedCode(Model):
    """A code read by the serial scanner of a register's agent, kept a short while
    (:data:`core.devices.scans.KEEP_FOR`) for that register's till to take.

    ``client_id`` is the agent's id for the read, so that a retried upload keeps it once.
    """

    __tablename__ = "scanned_code"
    __table_args__ = (
        sa.UniqueConstraint("register_id", "client_id", name="uq_scanned_code_register_id"),
        # Ids never go back, even once every code has expired and been deleted: a till's
        # cursor (the last id it saw) must not miss the next codes.
        {"sqlite_autoincrement": True},
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    register_id: Mapped[int] = mapped_column(sa.ForeignKey("register.id"), index=True)
    client_id: Mapped[str] = mapped_column(sa.String(64))
    code: Mapped[str] = mapped_column(sa.String(128))
    scanned_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)
