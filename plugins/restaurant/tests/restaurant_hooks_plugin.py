"""A plugin using the restaurant's hooks (for the tests): an allergy row on every
kitchen ticket, and a note of each order paid."""

from __future__ import annotations

from core.plugins import PluginInfo, hookimpl

plugin_info = PluginInfo(name="allergies", title="Allergies", depends=("restaurant",))

PAID: list[tuple[int, list[str]]] = []


@hookimpl
def restaurant_ticket_rows(order_id, station, rows):
    if station == "kitchen":
        return [("ALLERGY", f"nuts ({len(rows)} items)")]
    return None


@hookimpl
def restaurant_order_paid(order_id, sale_ids):
    PAID.append((order_id, list(sale_ids)))
