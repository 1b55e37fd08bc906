"""Hooks the email plugin offers to other plugins.

Declared as ``PluginInfo(hookspecs=...)``. ``email_send`` is the plugin's own after-commit
event (emitted with ``emit_event`` when a message is queued, delivered by the outbox);
``email_sync_contacts`` is for connectors to mailing services (Mailchimp, Brevo...).
"""

from __future__ import annotations

from core.plugins import hookspec


@hookspec
def email_send(event_id, message_id):
    """Send one queued message over SMTP (after commit, by the outbox).

    The email plugin implements it itself; other plugins do not. Retried with backoff
    while the SMTP server fails; a message already sent is not sent again.

    :param event_id: the outbox event's UUID string.
    :param message_id: the id of the queued message (``email_message``).
    """


@hookspec
def email_sync_contacts(contacts):
    """Push the customers who consented to marketing to a mailing service.

    Called when a manager asks for a sync (``POST /api/v1/email/sync`` or the back
    office's button), with every consented, not erased customer who has an e-mail
    address. A connector replaces the service's list with these contacts (a customer
    missing from it withdrew consent or was erased). A failing connector is left out and
    logged; the others still run.

    :param contacts: a list of dicts ``{"customer_id", "name", "email",
        "consent_changed_at", "unsubscribe_url"}``; put ``unsubscribe_url`` in the
        service's mails so an unsubscribe withdraws consent in Comptoir too.
    :return: the number of contacts the service took, or ``None``.
    """
