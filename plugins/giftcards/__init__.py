"""Gift cards: Sell, redeem, reload and refund gift cards."""

from core.plugins import PluginInfo

plugin_info = PluginInfo(
    name="giftcards",
    title="Gift cards",
    description="Sell, redeem, reload and refund gift cards.",
    depends=(),
)
