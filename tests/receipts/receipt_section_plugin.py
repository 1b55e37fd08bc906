"""A plugin adding a loyalty block with a barcode to every receipt (receipt tests)."""

from core.plugins import PluginInfo, ReceiptRow, ReceiptSection, hookimpl

plugin_info = PluginInfo(name="receipt_section", title="Receipt section")


@hookimpl
def pos_receipt_sections(sale, store):
    return [
        ReceiptSection(
            "Loyalty card",
            rows=(ReceiptRow("Points earned", str(sale.total // 100)),),
            order=10,
            barcode="LOY42",
        )
    ]
