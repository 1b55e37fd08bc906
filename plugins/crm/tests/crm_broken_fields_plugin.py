"""A plugin whose ``crm_customer_fields`` fails (for the tests)."""

from __future__ import annotations

from core.plugins import PluginInfo, hookimpl

plugin_info = PluginInfo(name="brokenfields", title="Broken fields", depends=("crm",))


@hookimpl
def crm_customer_fields(customer):
    raise RuntimeError("the badge printer is on fire")
