"""A plugin whose presentation hooks fail, to test that its part is left out."""

from core.plugins import PluginInfo, hookimpl

plugin_info = PluginInfo(name="failing_hooks", title="Failing hooks")


@hookimpl
def pos_receipt_sections(sale, store):
    raise RuntimeError("boom while rendering")


@hookimpl
def pos_report_sections(report, params):
    raise RuntimeError("boom while reporting")


@hookimpl
def pos_session_report_sections(session, report, store):
    raise RuntimeError("boom while closing the register")
