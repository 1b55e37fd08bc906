"""A connector as a further plugin would write one: a format of its own for the books'
export (here a tiny fixed-width file, as DATEV or Exact imports look)."""

from core.plugins import PluginInfo, hookimpl
from plugins.accounting.public import ExportFormat

plugin_info = PluginInfo(name="connector", title="Connector", depends=("accounting",))


def _render(entries, start, end, currency):
    return "".join(
        f"{entry.day:%Y%m%d}{line.account:>10}{line.debit - line.credit:>12}\n"
        for entry in entries
        for line in entry.lines
    )


@hookimpl
def accounting_register_exports():
    return [
        ExportFormat("fixed", "Fixed width", "text/plain", "books-{start}-{end}.txt", _render),
        ExportFormat("csv", "Not the CSV", "text/plain", "x.txt", _render),
    ]
