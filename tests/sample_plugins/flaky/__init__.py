"""A plugin whose after-commit hooks fail ``FAILURES`` times per event, then succeed."""

from __future__ import annotations

from core.plugins import PluginInfo, hookimpl

plugin_info = PluginInfo(name="flaky", title="Flaky", description="Fails twice, then works")

FAILURES = 2
#: Attempts per event id, and the events that finally went through.
ATTEMPTS: dict[str, int] = {}
DELIVERED: list[tuple[str, object]] = []


def reset() -> None:
    ATTEMPTS.clear()
    DELIVERED.clear()


def _deliver(event_id: str, value: object) -> None:
    ATTEMPTS[event_id] = ATTEMPTS.get(event_id, 0) + 1
    if ATTEMPTS[event_id] <= FAILURES:
        raise ConnectionError(f"remote side down (attempt {ATTEMPTS[event_id]})")
    DELIVERED.append((event_id, value))


@hookimpl
def pos_sale_completed(event_id, sale):
    _deliver(event_id, sale)


@hookimpl
def pos_refund_completed(event_id, refund):
    _deliver(event_id, refund)
