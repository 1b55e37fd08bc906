"""A plugin taxing some lines at another rate (``pos_line_tax_rate``), for the tests:
products whose SKU starts with ``EXPORT-`` are sold at 0 %, and ``BROKEN-`` ones get a
rate out of range (the sale cannot be priced)."""

from __future__ import annotations

from decimal import Decimal

from core.plugins import PluginInfo, hookimpl

plugin_info = PluginInfo(name="taxaway", title="Tax away")


@hookimpl
def pos_line_tax_rate(line, cart, store):
    sku = line.product.sku if line.product is not None else ""
    if sku.startswith("EXPORT-"):
        return Decimal("0")
    if sku.startswith("BROKEN-"):
        return Decimal("150")
    return None
