"""Hooks the crm plugin offers to other plugins.

Declared as ``PluginInfo(hookspecs=...)``: the specification is known whenever crm is
installed, so a dependent plugin implements it with a plain ``@hookimpl``.
"""

from __future__ import annotations

from core.plugins import hookspec


@hookspec
def crm_customer_fields(customer):
    """Extra fields for a customer as the API and the GDPR export show it.

    Called each time crm dumps a customer (``GET /api/v1/customers``,
    ``GET /api/v1/customers/<id>``, the answers of ``POST`` and ``PATCH``, the export).
    Must not write anything. A failing plugin's fields are left out and logged; the
    customer still shows. Keys already used by crm (``id``, ``name``...) are ignored.

    :param customer: the :class:`plugins.crm.public.CustomerView` (possibly erased).
    :return: a dict of JSON-serialisable fields, e.g. ``{"loyalty_points": 120}``, or
        ``None``.
    """


@hookspec
def crm_customer_created(event_id, customer):
    """React to a new customer (added at the till, in the back office or by the API):
    welcome them, push them to another system, call a webhook.

    Delivered through the outbox after the customer is committed, retried with backoff
    while it raises; a failure never touches the customer. At least once: use
    ``event_id`` to be idempotent. A plugin that does not depend on crm implements it
    with ``@hookimpl(optionalhook=True)``.

    :param event_id: the outbox event's UUID string.
    :param customer: the committed :class:`plugins.crm.public.CustomerView`, freshly
        loaded (``None`` if it is gone).
    """
