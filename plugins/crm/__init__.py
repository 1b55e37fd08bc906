"""Customers: Customers, groups and group discounts, purchase history, GDPR export and erasure."""

from core.plugins import PluginInfo

plugin_info = PluginInfo(
    name="crm",
    title="Customers",
    description="Customers, groups and group discounts, purchase history, GDPR export and erasure.",
    depends=(),
)
