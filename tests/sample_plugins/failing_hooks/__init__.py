"""A plugin whose receipt section fails, to test the presentation policy."""

from core.plugins import PluginInfo, ReceiptSection, hookimpl

plugin_info = PluginInfo(name="failing_hooks", title="Failing hooks")


@hookimpl
def pos_receipt_sections(sale, store):
    raise RuntimeError("boom while rendering")


@hookimpl
def pos_report_sections(report, params):
    return [ReceiptSection("never")]
