"""Plugins' tickets on named printers (the kitchen's, the bar's), laid out here from the
neutral :class:`~core.plugins.info.ReceiptSection` model: plugins never emit printer
bytes."""

from __future__ import annotations

import typing as t

import sqlalchemy as sa
from flask_babel import gettext as _

from ..db import db
from ..errors import Invalid, NotFound
from ..plugins.info import ReceiptSection
from ..receipts.render import PAPERS
from . import jobs
from .models import NamedPrinter


def print_ticket(
    printer: str,
    sections: t.Sequence[ReceiptSection],
    *,
    title: str,
    key: str,
    register_id: int | None = None,
) -> str:
    """Queue a ticket on the named printer ``printer`` (``kitchen``, ``bar``), in the
    caller's transaction, once per ``key``: a retried request that passes the same key
    finds the job it queued and never prints twice.

    :param sections: the ticket's blocks, each a title and its rows (a barcode or QR
        code printed under it, if given).
    :param title: the ticket's heading, printed large (``"Table 12"``).
    :param key: what makes the ticket unique (``f"restaurant:order:{order.id}:kitchen"``).
    :param register_id: the register whose devices drive the printer; by default the
        one the printer was set up on.
    :return: the job's id (the register's Devices page shows its state).
    :raise NotFound: no printer has that name.

    Example::

        from core.plugins import ReceiptRow, ReceiptSection, print_ticket

        print_ticket(
            "kitchen",
            [ReceiptSection("Table 12", (ReceiptRow("2 x", "Steak frites"),))],
            title="Order 41",
            key=f"restaurant:{order.id}:kitchen",
        )
    """
    if not isinstance(key, str) or not key.strip():
        raise Invalid(_("a ticket needs a key"), field="key")
    named = db.session.scalar(sa.select(NamedPrinter).where(NamedPrinter.name == printer))
    if named is None:
        raise NotFound(_("no printer named %(name)s", name=printer))
    columns = PAPERS[named.paper_mm][0]
    # Imported here: python-escpos reads its printer database when imported, a third of
    # a second of every worker's start-up for the few that ever print.
    from ..receipts.escpos import EscposBuilder

    builder = EscposBuilder(columns)
    builder.text(title + "\n", bold=True, align="center", double=True)
    for section in sorted(sections, key=lambda s: s.order):
        builder.text("-" * columns + "\n")
        if section.title:
            builder.text(section.title + "\n", bold=True)
        for row in section.rows:
            builder.text(_row(row.label, row.value, columns) + "\n", bold=row.emphasis)
        if section.barcode:
            builder.barcode(section.barcode)
        if section.qr:
            builder.qr(section.qr)
    job = jobs.queue(
        register_id if register_id is not None else named.register_id,
        key=f"ticket:{key}",
        kind="print",
        target=f"printer:{named.name}",
        escpos=builder.cut().output(),
        title=title,
    )
    return job.id


def _row(label: str, value: str, columns: int) -> str:
    space = columns - len(label) - len(value)
    return f"{label}{' ' * max(space, 1)}{value}" if value else label
