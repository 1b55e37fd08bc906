"""Promotions: Timed promotions, bundles, buy X get Y and coupon codes."""

from core.plugins import PluginInfo

plugin_info = PluginInfo(
    name="promotions",
    title="Promotions",
    description="Timed promotions, bundles, buy X get Y and coupon codes.",
    depends=(),
)
