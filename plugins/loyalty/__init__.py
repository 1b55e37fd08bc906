"""Loyalty: Points earned on sales and redeemed as a payment."""

from core.plugins import PluginInfo

plugin_info = PluginInfo(
    name="loyalty",
    title="Loyalty",
    description="Points earned on sales and redeemed as a payment.",
    depends=("crm",),
)
