"""A plugin that follows the core's after-commit events of registers, stock and sales
(``pos_cash_session_closed``, ``pos_stock_low``, ``pos_sale_completed``) and keeps what
it was told. It wants sales only while ``WANT_SALES`` says so (its ``EventFilter``)."""

from __future__ import annotations

from core.plugins import EventFilter, PluginInfo, hookimpl

plugin_info = PluginInfo(name="watcher", title="Watcher", description="Keeps the events it gets")

#: (hook, event id, what it got), in the order delivered.
SEEN: list[tuple[str, str, dict]] = []


#: The sales filter's answer: True, False, or an exception it raises.
WANT_SALES: list[bool | Exception] = [True]
#: The payloads the filter was asked about.
ASKED: list[dict] = []


def reset() -> None:
    SEEN.clear()
    ASKED.clear()
    WANT_SALES[:] = [True]


def _wants_sale(payload: dict) -> bool:
    ASKED.append(payload)
    answer = WANT_SALES[0]
    if isinstance(answer, Exception):
        raise answer
    return answer


@hookimpl
def pos_register_event_filters():
    return [EventFilter("pos_sale_completed", _wants_sale)]


@hookimpl
def pos_sale_completed(event_id, sale):
    SEEN.append(("pos_sale_completed", event_id, {"id": sale.id if sale else None}))


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
