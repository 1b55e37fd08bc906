"""Queueing receipts, reading the message log, the consented customers and unsubscribing.

Services never commit: the API endpoint's declaration or the page does.
"""

from __future__ import annotations

import typing as t

import sqlalchemy as sa
from flask_babel import gettext as _

from core.plugins import (
    Invalid,
    NotFound,
    current_store,
    db,
    emit_event,
    get_sale,
    write_transaction,
)
from plugins.crm.public import consented_customers, get_customer, withdraw_consent

from . import unsubscribe
from .models import EmailMessage

#: The languages a receipt is written in (the catalogs Comptoir ships).
LANGUAGES = ("en", "fr", "nl", "ru")


def queue_receipt(
    sale_id: str,
    to: str | None,
    language: str | None,
    *,
    base_url: str,
    user_id: int | None,
) -> EmailMessage:
    """Queue a sale's receipt for ``to`` (else the sale's customer's address), in
    ``language`` (else the customer's, else the store's). Sent after commit by the outbox.

    :raises NotFound: no sale ``sale_id``.
    :raises Invalid: no address given and none known for the sale's customer.
    """
    sale = get_sale(sale_id)
    if sale is None:
        raise NotFound(_("no sale %(id)s", id=sale_id))
    customer = get_customer(sale.customer_id) if sale.customer_id is not None else None
    recipient = (to or "").strip() or (customer.email if customer and not customer.erased else None)
    if not recipient:
        raise Invalid(_("give the address to send the receipt to"), field="to")
    chosen = language or (customer.language if customer else None) or _store_language()
    write_transaction()
    message = EmailMessage(
        kind="receipt",
        sale_id=sale.id,
        customer_id=customer.id if customer else None,
        recipient=recipient.lower(),
        language=chosen if chosen in LANGUAGES else _store_language(),
        base_url=base_url,
        status="queued",
        user_id=user_id,
    )
    db.session.add(message)
    db.session.flush()
    emit_event("email_send", {"message_id": message.id})
    return message


def _store_language() -> str:
    locale = current_store().values.get("locale", "en")
    return locale if locale in LANGUAGES else "en"


def messages(
    *, status: str | None = None, sale_id: str | None = None, limit: int = 100, offset: int = 0
) -> tuple[list[EmailMessage], int]:
    """Messages, newest first, and how many match."""
    conditions = []
    if status:
        conditions.append(EmailMessage.status == status)
    if sale_id:
        conditions.append(EmailMessage.sale_id == sale_id)
    total = db.session.scalar(
        sa.select(sa.func.count()).select_from(EmailMessage).where(*conditions)
    )
    rows = db.session.scalars(
        sa.select(EmailMessage)
        .where(*conditions)
        .order_by(EmailMessage.id.desc())
        .limit(limit)
        .offset(offset)
    ).all()
    return list(rows), int(total or 0)


def contacts(base_url: str) -> list[dict[str, t.Any]]:
    """The customers who consented to marketing and have an address, each with their
    signed unsubscribe link."""
    return [
        {
            "customer_id": customer.id,
            "name": customer.name,
            "email": customer.email,
            "language": customer.language,
            "consent_changed_at": changed_at,
            "unsubscribe_url": unsubscribe.link(base_url, customer.id),
        }
        for customer, changed_at in consented_customers()
        if customer.email
    ]


def unsubscribe_customer(token: str) -> bool:
    """Withdraw the marketing consent of the customer the signed ``token`` names.

    :return: ``True`` when the token is genuine (consent withdrawn, or already was).
    """
    customer_id = unsubscribe.customer_of(token)
    if customer_id is None or get_customer(customer_id) is None:
        return False
    withdraw_consent(customer_id, source="unsubscribe")
    return True
