"""A plugin adding a table to the sales report, computed from the core's figures."""

from core.plugins import PluginInfo, ReportSection, hookimpl

plugin_info = PluginInfo(name="report_section", title="Report section")


@hookimpl
def pos_report_sections(report, params):
    return [
        ReportSection(
            "sales_per_row",
            f"Sales by {params['by']}",
            ("key", "sales"),
            rows=tuple((row["key"], row["sales_count"]) for row in report["rows"]),
        )
    ]
