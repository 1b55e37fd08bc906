"""The outbox's side: sending one queued message (the ``email_send`` event).

At least once, exactly once in effect: a message already ``sent`` or ``bounced`` is left
alone, so a retried or duplicated event never mails twice. A failure is written down in a
transaction of its own (the outbox rolls the hook's back) and raised, so that the outbox
retries with backoff.
"""

from __future__ import annotations

import logging

import sqlalchemy as sa

from core.plugins import db, separate_transaction, utcnow, write_transaction
from plugins.crm.public import get_customer

from . import compose, transport
from .models import EmailMessage

log = logging.getLogger("comptoir.email")

DONE = ("sent", "bounced")


def send_message(message_id: int) -> None:
    message = db.session.get(EmailMessage, message_id)
    if message is None or message.status in DONE:
        return
    customer = get_customer(message.customer_id) if message.customer_id is not None else None
    consented = bool(customer and customer.marketing_consent and not customer.erased)
    mail = compose.receipt_mail(message, consented)
    try:
        transport.send(mail)
    except transport.Bounced as exc:
        log.warning("email %s to %s bounced: %s", message_id, message.recipient, exc)
        write_transaction()  # the outbox commits it with the delivery's status
        message.status = "bounced"
        message.attempts += 1
        message.last_error = str(exc)[:2000]
        return  # recorded and shown; retrying a refused address would not help
    except Exception as exc:
        _record_failure(message_id, f"{type(exc).__name__}: {exc}")
        raise
    write_transaction()  # the outbox commits it with the delivery's status
    message.status = "sent"
    message.attempts += 1
    message.sent_at = utcnow()
    message.last_error = None


def _record_failure(message_id: int, error: str) -> None:
    db.session.rollback()
    with separate_transaction() as connection:
        connection.execute(
            sa.update(EmailMessage.__table__)
            .where(EmailMessage.__table__.c.id == message_id)
            .values(
                status="retrying",
                attempts=EmailMessage.__table__.c.attempts + 1,
                last_error=error[:2000],
            )
        )
