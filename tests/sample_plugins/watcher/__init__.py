"""A plugin that follows the core's after-commit events of registers and stock
(``pos_cash_session_closed``, ``pos_stock_low``) and keeps what it was told."""

from __future__ import annotations

from core.plugins import PluginInfo, hookimpl

plugin_info = PluginInfo(name="watcher", title="Watcher", description="Keeps the events it gets")

#: (hook, event id, what it got), in the order delivered.
SEEN: list[tuple[str, str, dict]] = []


def reset() -> None:
    SEEN.clear()


@hookimpl
def pos_cash_session_closed(event_id, register_id, session_id, report):
    SEEN.append(
        (
            "pos_cash_session_closed",
            event_id,
            {"register_id": register_id, "session_id": session_id, "report": report},
        )
    )


@hookimpl
def pos_stock_low(event_id, product, location_id, quantity, level):
    SEEN.append(
        (
            "pos_stock_low",
            event_id,
            {"sku": product.sku, "location_id": location_id, "quantity": quantity, "level": level},
        )
    )
