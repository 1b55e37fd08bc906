"""Transfers between stores: drafted, sent (the goods leave the sending store's location:
``transfer_out`` in the stock ledger), received (they arrive at the receiving store's:
``transfer_in``, with what was counted on arrival; a difference stays on the line).

Each step changes the transfer's status with one guarded ``UPDATE ... WHERE status =``
in the caller's transaction, so two people sending (or receiving) the same transfer at
once move the stock once: the second gets a 409.
"""

from __future__ import annotations

import typing as t
from decimal import Decimal

import sqlalchemy as sa
from flask_babel import gettext as _

from core.plugins import Conflict, Invalid, NotFound, db, get_products, move_stock, utcnow
from core.plugins import write_transaction as lock_for_writing

from .models import Transfer, TransferLine
from .stores import get_store


def reference(transfer: Transfer) -> str:
    """What the stock ledger shows for the transfer's moves."""
    return f"TR-{transfer.id}"


def get_transfer(transfer_id: int) -> Transfer:
    transfer = db.session.get(Transfer, transfer_id)
    if transfer is None:
        raise NotFound(_("no transfer %(id)s", id=transfer_id))
    return transfer


def lines_of(transfer_id: int) -> list[TransferLine]:
    return list(
        db.session.scalars(
            sa.select(TransferLine)
            .where(TransferLine.transfer_id == transfer_id)
            .order_by(TransferLine.id)
        )
    )


def find_transfers(
    store_ids: t.Collection[int] | None, status: str | None, limit: int, offset: int
) -> tuple[list[Transfer], int]:
    """Transfers newest first; of ``store_ids`` (sent or received by one of them) when
    given."""
    select = sa.select(Transfer)
    if store_ids is not None:
        ids = list(store_ids)
        select = select.where(
            sa.or_(Transfer.from_store_id.in_(ids), Transfer.to_store_id.in_(ids))
        )
    if status is not None:
        select = select.where(Transfer.status == status)
    total = db.session.scalar(sa.select(sa.func.count()).select_from(select.subquery())) or 0
    rows = db.session.scalars(select.order_by(Transfer.id.desc()).limit(limit).offset(offset)).all()
    return list(rows), total


def create_transfer(body: dict[str, t.Any], user_id: int) -> Transfer:
    """A draft: nothing moves until it is sent."""
    lock_for_writing()
    source, target = get_store(body["from_store_id"]), get_store(body["to_store_id"])
    if source.id == target.id:
        raise Invalid(
            _("a transfer goes to another store"),
            fields={"to_store_id": [_("the same store as the sender")]},
        )
    product_ids = [line["product_id"] for line in body["lines"]]
    if len(set(product_ids)) != len(product_ids):
        raise Invalid(
            _("each product once per transfer"), fields={"lines": [_("a product is repeated")]}
        )
    missing = sorted(set(product_ids) - set(get_products(product_ids)))
    if missing:
        raise Invalid(
            _("no product %(id)s", id=missing[0]), fields={"lines": [_("unknown product")]}
        )
    transfer = Transfer(
        from_store_id=source.id,
        to_store_id=target.id,
        status="draft",
        note=body.get("note", ""),
        created_by=user_id,
    )
    db.session.add(transfer)
    db.session.flush()
    for line in body["lines"]:
        db.session.add(
            TransferLine(
                transfer_id=transfer.id, product_id=line["product_id"], quantity=line["quantity"]
            )
        )
    db.session.flush()
    return transfer


def _advance(transfer: Transfer, before: str, after: str, **values: t.Any) -> None:
    """Move the status from ``before`` to ``after`` only if nobody did first."""
    changed = db.session.execute(
        sa.update(Transfer)
        .where(Transfer.id == transfer.id, Transfer.status == before)
        .values(status=after, **values)
        .execution_options(synchronize_session=False)
    ).rowcount
    if changed != 1:
        db.session.refresh(transfer)
        raise Conflict(
            _("the transfer is %(status)s, not %(before)s", status=transfer.status, before=before),
            code="transfer_" + transfer.status,
        )
    db.session.refresh(transfer)


def send_transfer(transfer_id: int, user_id: int, allow_negative: bool) -> Transfer:
    """The goods leave the sending store: one ``transfer_out`` move per line."""
    lock_for_writing()
    transfer = get_transfer(transfer_id)
    _advance(transfer, "draft", "sent", sent_by=user_id, sent_at=utcnow())
    source = get_store(transfer.from_store_id)
    for line in lines_of(transfer.id):
        move_stock(
            line.product_id,
            source.location_id,
            -Decimal(line.quantity),
            reason="transfer_out",
            reference=reference(transfer),
            user_id=user_id,
            allow_negative=allow_negative,
        )
    return transfer


def receive_transfer(
    transfer_id: int, counted: dict[int, Decimal] | None, user_id: int
) -> Transfer:
    """The goods arrive: one ``transfer_in`` move per line, of what was counted (by
    product id; what was sent when not given). The differences stay on the lines."""
    lock_for_writing()
    transfer = get_transfer(transfer_id)
    lines = lines_of(transfer.id)
    counted = counted or {}
    unknown = sorted(set(counted) - {line.product_id for line in lines})
    if unknown:
        raise Invalid(
            _("product %(id)s is not in this transfer", id=unknown[0]),
            fields={"lines": [_("not in the transfer")]},
        )
    _advance(transfer, "sent", "received", received_by=user_id, received_at=utcnow())
    target = get_store(transfer.to_store_id)
    for line in lines:
        arrived = counted.get(line.product_id, Decimal(line.quantity))
        line.received = arrived
        if arrived:
            move_stock(
                line.product_id,
                target.location_id,
                arrived,
                reason="transfer_in",
                reference=reference(transfer),
                user_id=user_id,
            )
    db.session.flush()
    return transfer


def describe(transfer: Transfer) -> dict[str, t.Any]:
    return {
        "id": transfer.id,
        "reference": reference(transfer),
        "from_store_id": transfer.from_store_id,
        "to_store_id": transfer.to_store_id,
        "status": transfer.status,
        "note": transfer.note,
        "created_by": transfer.created_by,
        "created_at": transfer.created_at,
        "sent_at": transfer.sent_at,
        "received_at": transfer.received_at,
        "lines": [
            {
                "id": line.id,
                "product_id": line.product_id,
                "quantity": line.quantity,
                "received": line.received,
                "difference": None if line.received is None else line.received - line.quantity,
            }
            for line in lines_of(transfer.id)
        ],
    }
