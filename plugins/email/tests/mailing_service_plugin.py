"""A connector to a mailing service, as a third party writes one: it keeps the contacts
the email plugin syncs (``email_sync_contacts``)."""

from __future__ import annotations

from core.plugins import PluginInfo, hookimpl

plugin_info = PluginInfo(name="mailing_service", title="Mailing service", depends=("email",))

#: The list as the service holds it after the last sync.
LIST: list[dict] = []


@hookimpl
def email_sync_contacts(contacts):
    LIST[:] = [dict(contact) for contact in contacts]
    return len(LIST)
