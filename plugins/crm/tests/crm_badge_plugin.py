"""A plugin adding a field to customers through ``crm_customer_fields`` (for the tests)."""

from __future__ import annotations

from core.plugins import PluginInfo, hookimpl

plugin_info = PluginInfo(name="badge", title="Badge", depends=("crm",))


@hookimpl
def crm_customer_fields(customer):
    # "name" is crm's own field: a plugin cannot replace it.
    return {"badge": f"B-{customer.id}", "name": "hijacked"}
