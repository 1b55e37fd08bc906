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
