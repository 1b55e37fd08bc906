"""A register's devices and what the till and the back office ask of them: print a
sale's receipt (and open the drawer for cash), a "no sale", a test print, a plugin's
ticket on a named printer."""

from __future__ import annotations

import datetime as dt
import typing as t

import sqlalchemy as sa
from flask_babel import gettext as _

from ..audit.services import record as audit
from ..db import db, utcnow, write_transaction
from ..errors import Conflict, Invalid, NotFound
from ..journal.services import append
from ..plugins.context import register_store
from ..receipts.document import sale_receipt
from ..receipts.render import PAPERS, render_escpos
from ..registers.services import get_register, lock_register
from ..sales.models import Sale
from . import jobs, pairing
from .models import (
    NUMBER_CODES,
    PAPER_WIDTHS,
    PRINTER_MODES,
    NamedPrinter,
    NoSale,
    RegisterDevices,
)
from .nosale import KIND as NO_SALE_KIND
from .nosale import no_sale_payload, no_sale_reference

#: An agent that has not polled for this long is shown offline.
ONLINE_WITHIN = dt.timedelta(seconds=60)
#: How often a steady heartbeat is written down.
HEARTBEAT_EVERY = dt.timedelta(seconds=10)
DEVICE_FLAGS = ("drawer", "display", "scale", "scanner")


def devices_of(register_id: int) -> RegisterDevices:
    """The register's devices; a register never set up prints with the browser."""
    found = db.session.get(RegisterDevices, register_id)
    return (
        found
        if found is not None
        else RegisterDevices(
            register_id=register_id,
            printer="browser",
            paper_mm=80,
            number_code="qr",
            drawer=False,
            display=False,
            scale=False,
            scanner=False,
            status={},
        )
    )


def set_devices(register_id: int, values: t.Mapping[str, t.Any]) -> RegisterDevices:
    """Change a register's devices (only the keys given)."""
    get_register(register_id)
    if "printer" in values and values["printer"] not in PRINTER_MODES:
        raise Invalid(
            _("printer: one of %(modes)s", modes=", ".join(PRINTER_MODES)), field="printer"
        )
    if "paper_mm" in values and values["paper_mm"] not in PAPER_WIDTHS:
        raise Invalid(_("paper width: 58 or 80 mm"), field="paper_mm")
    if "number_code" in values and values["number_code"] not in NUMBER_CODES:
        raise Invalid(_("receipt number: qr, barcode or none"), field="number_code")
    write_transaction()
    row = db.session.get(RegisterDevices, register_id)
    if row is None:
        row = devices_of(register_id)
        db.session.add(row)
    for name in ("printer", "paper_mm", "number_code", *DEVICE_FLAGS):
        if name in values:
            setattr(row, name, values[name])
    db.session.flush()
    return row


def note_status(register_id: int, status: t.Mapping[str, t.Any]) -> None:
    """Keep the devices' status as last reported; written only when it changed or is
    older than ``HEARTBEAT_EVERY`` (a poll every few seconds must not keep the
    database busy writing the same thing)."""
    row = db.session.get(RegisterDevices, register_id)
    now = utcnow()
    if row is not None and row.status == dict(status) and row.status_at is not None:
        if now - row.status_at < HEARTBEAT_EVERY:
            return
    write_transaction()
    row = db.session.get(RegisterDevices, register_id)
    if row is None:
        row = devices_of(register_id)
        db.session.add(row)
    row.status = dict(status)
    row.status_at = now


def heartbeat(agent: t.Any, status: t.Mapping[str, t.Any], served: t.Sequence[t.Any]) -> None:
    """An agent polled: note when (at most every ``HEARTBEAT_EVERY``) and the status of
    the devices of each register it serves (``status["registers"][code]``, or else the
    devices of its ``[hardware]`` table)."""
    now = utcnow()
    if agent.last_seen is None or now - agent.last_seen >= HEARTBEAT_EVERY:
        write_transaction()
        agent.last_seen = now
    if not status:
        return
    by_code = status.get("registers")
    by_code = by_code if isinstance(by_code, dict) else {}
    shared = {name: value for name, value in status.items() if name != "registers"}
    for register in served:
        own = by_code.get(register.code)
        note_status(register.id, own if isinstance(own, dict) else shared)


def prints_receipts(devices: RegisterDevices) -> bool:
    """Whether receipts go to an ESC/POS printer (agent or direct), not the browser."""
    return devices.printer in ("agent", "direct")


def print_sale_receipt(sale_id: str) -> dict[str, t.Any]:
    """Queue the receipt of a completed sale on its register's printer, with the drawer
    pulse when it was paid (partly) in cash. Once per sale, whatever the retries.

    :return: ``{"printer": mode, "job": job or None}``; for a register without an ESC/POS
        printer no job is queued and the till uses the browser's print window.
    """
    sale = db.session.get(Sale, sale_id) if isinstance(sale_id, str) else None
    if sale is None:
        raise NotFound(_("no sale %(id)s", id=sale_id))
    devices = devices_of(sale.register_id)
    cash = any(payment.method == "cash" and payment.amount > 0 for payment in sale.payments)
    if not prints_receipts(devices):
        job = None
        if cash and devices.drawer:
            job = jobs.queue(
                sale.register_id,
                key=f"drawer:{sale.id}",
                kind="drawer",
                target="drawer",
                title=_("Drawer"),
            )
        return {"printer": devices.printer, "job": job}
    # The register's shop on the paper (multistore gives each register its store's).
    document = sale_receipt(sale, store=register_store(sale.register_id))
    data = render_escpos(
        document,
        open_drawer=cash and devices.drawer,
        paper_mm=devices.paper_mm,
        number_code=devices.number_code,
    )
    job = jobs.queue(
        sale.register_id,
        key=f"receipt:{sale.id}",
        kind="print",
        target="printer",
        escpos=data,
        title=_("Receipt %(number)s", number=document.receipt_number),
    )
    return {"printer": devices.printer, "job": job}


def no_sale(register_id: int, user: t.Any, reason: str = "") -> NoSale:
    """Open the drawer without a sale: journaled as ``no_sale``, audited, and a drawer job
    for the register's drawer."""
    if not isinstance(reason, str) or len(reason) > 200:
        raise Invalid(_("reason: at most 200 characters"), field="reason")
    register = lock_register(register_id)
    devices = devices_of(register_id)
    if not devices.drawer:
        raise Conflict(
            _("register %(code)s has no cash drawer", code=register.code), code="no_drawer"
        )
    latest = db.session.scalar(
        sa.select(sa.func.max(NoSale.at)).where(NoSale.register_id == register_id)
    )
    now = utcnow()
    if latest is not None and now <= latest:
        # The time is the journal reference: unique per register, whatever the clock.
        now = latest + dt.timedelta(microseconds=1)
    row = NoSale(register_id=register_id, user_id=user.id, at=now, reason=reason)
    db.session.add(row)
    db.session.flush()
    append(
        register_id, NO_SALE_KIND, no_sale_reference(register, row), no_sale_payload(register, row)
    )
    audit("till.no_sale", f"register:{register.code}", {"reason": reason})
    jobs.queue(
        register_id,
        key=f"no_sale:{register.code}:{row.id}",
        kind="drawer",
        target="drawer",
        title=_("No sale"),
    )
    return row


def test_print(register_id: int, user: t.Any) -> t.Any:
    """A short page on the register's printer, to check paper and connection."""
    register = get_register(register_id)
    devices = devices_of(register_id)
    columns = PAPERS[devices.paper_mm][0]
    # Imported here: python-escpos reads its printer database when imported, a third of
    # a second of every worker's start-up for the few that ever print.
    from ..receipts.escpos import EscposBuilder

    builder = EscposBuilder(columns)
    builder.text(_("Test print") + "\n", bold=True, align="center", double=True)
    builder.text(f"{register.code} · {register.name}\n")
    builder.text("-" * columns + "\n")
    builder.text(f"{utcnow():%Y-%m-%d %H:%M} UTC\n")
    return jobs.queue(
        register_id,
        key=f"test:{register_id}:{utcnow().timestamp()}:{user.id}",
        kind="print",
        target="printer",
        escpos=builder.cut().output(),
        title=_("Test print"),
    )


def named_printers(register_id: int | None = None) -> list[NamedPrinter]:
    query = sa.select(NamedPrinter).order_by(NamedPrinter.name)
    if register_id is not None:
        query = query.where(NamedPrinter.register_id == register_id)
    return list(db.session.scalars(query))


def add_named_printer(register_id: int, name: str, paper_mm: int = 80) -> NamedPrinter:
    get_register(register_id)
    name = (name or "").strip().lower()
    if not name or len(name) > 32 or not name.replace("_", "").replace("-", "").isalnum():
        raise Invalid(_("a printer's name: letters, digits, - and _ (at most 32)"), field="name")
    if paper_mm not in PAPER_WIDTHS:
        raise Invalid(_("paper width: 58 or 80 mm"), field="paper_mm")
    write_transaction()
    if db.session.scalar(sa.select(NamedPrinter.id).where(NamedPrinter.name == name)) is not None:
        raise Conflict(_("there is a printer named %(name)s already", name=name), code="duplicate")
    printer = NamedPrinter(register_id=register_id, name=name, paper_mm=paper_mm)
    db.session.add(printer)
    db.session.flush()
    return printer


def remove_named_printer(printer_id: int) -> None:
    write_transaction()
    db.session.execute(sa.delete(NamedPrinter).where(NamedPrinter.id == printer_id))


def agent_online(agent: t.Any) -> bool:
    return agent.last_seen is not None and utcnow() - agent.last_seen < ONLINE_WITHIN


def describe_agent(agent: t.Any) -> dict[str, t.Any]:
    return {**pairing.summary(agent), "online": agent_online(agent)}


def describe_devices(register_id: int) -> dict[str, t.Any]:
    row = devices_of(register_id)
    agents = pairing.agents_of(register_id)
    online = row.printer == "direct" or any(agent_online(agent) for agent in agents)
    return {
        "register_id": register_id,
        "printer": row.printer,
        "paper_mm": row.paper_mm,
        "number_code": row.number_code,
        "drawer": row.drawer,
        "display": row.display,
        "scale": row.scale,
        "scanner": row.scanner,
        "status": row.status or {},
        "status_at": row.status_at,
        "online": online,
        "agents": [pairing.summary(agent) for agent in agents],
        "agent_local_token": agents[0].local_token if agents else None,
    }
