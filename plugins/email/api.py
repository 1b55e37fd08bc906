"""``POST /api/v1/sales/<id>/email`` and ``/api/v1/email/...``: receipts by e-mail, the
message log, the SMTP password, the consented customers and their sync."""

from __future__ import annotations

from flask import request

from core.plugins import ApiBlueprint, Page, current_user, present_hook

from . import secrets, services
from .schemas import (
    ContactSchema,
    MessageQuerySchema,
    MessageSchema,
    PasswordSchema,
    PasswordStateSchema,
    SendReceiptSchema,
    SyncSchema,
)

api = ApiBlueprint("email_api", __name__, tag="email")


@api.endpoint(
    "/sales/<uuid:sale_id>/email",
    methods=["POST"],
    permission="email.send",
    body=SendReceiptSchema,
    response=MessageSchema,
    status=202,
)
def email_receipt(sale_id, body):
    """Send a sale's receipt by e-mail (text and HTML), in the customer's language.

    Answers 202 with the queued message: it is sent after the answer, through the outbox,
    and retried while the SMTP server is away; its ``status`` becomes ``sent`` (or
    ``bounced`` when the server refuses the address).
    """
    user = current_user()
    return services.queue_receipt(
        str(sale_id),
        body["to"],
        body["language"],
        base_url=request.host_url,
        user_id=user.id if user else None,
    )


@api.endpoint(
    "/email/messages",
    permission="email.view",
    query=MessageQuerySchema,
    response=MessageSchema,
    many=True,
)
def list_messages(query):
    """E-mails sent or waiting, newest first, with their status and last error; the total
    is in ``X-Total-Count``."""
    return Page(
        *services.messages(
            status=query.get("status"),
            sale_id=query.get("sale_id"),
            limit=query["limit"],
            offset=query["offset"],
        )
    )


@api.endpoint(
    "/email/smtp-password",
    methods=["PUT"],
    permission="email.manage",
    body=PasswordSchema,
    response=PasswordStateSchema,
)
def set_smtp_password(body):
    """Set the SMTP server's password (empty: none). Kept encrypted; never shown back."""
    secrets.set_password(body["password"])
    return {"password_set": bool(body["password"])}


@api.endpoint("/email/contacts", permission="email.export", response=ContactSchema, many=True)
def list_contacts():
    """The customers who consented to marketing and have an e-mail address, each with a
    signed unsubscribe link that withdraws the consent."""
    return services.contacts(request.host_url)


@api.endpoint("/email/sync", methods=["POST"], permission="email.export", response=SyncSchema)
def sync_contacts():
    """Send the consented customers to the mailing services' connectors
    (``email_sync_contacts``)."""
    contacts = services.contacts(request.host_url)
    answers = present_hook("email_sync_contacts", contacts=contacts)
    return {"contacts": len(contacts), "connectors": len(answers)}
