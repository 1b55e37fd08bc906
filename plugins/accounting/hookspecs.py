"""Hooks the accounting plugin offers to other plugins (connectors to accounting
software).

Declared as ``PluginInfo(hookspecs=...)``; a connector depends on ``accounting`` and
implements them with a plain ``@hookimpl``.
"""

from __future__ import annotations

from core.plugins import hookspec


@hookspec
def accounting_register_exports():
    """Add formats to the books' export (a DATEV batch, a QuickBooks IIF file, an Exact
    import...).

    Called each time the export endpoint or page runs. A format's ``code`` is what
    ``GET /api/v1/accounting/export?format=<code>`` names; its ``render`` gets the
    period's entries (:class:`plugins.accounting.public.EntryView`, balanced to the cent,
    oldest first) and returns the file's text. A code already taken (``csv``, ``fec``,
    ``ledger``, or another plugin's) is ignored.

    :return: a list of :class:`plugins.accounting.public.ExportFormat`.
    """
