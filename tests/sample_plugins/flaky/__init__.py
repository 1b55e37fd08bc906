"""A plugin offering an after-commit hook of its own (``flaky_happened``, with its event
loader), whose implementation fails ``FAILURES`` times per event, then succeeds."""

from __future__ import annotations

from core.plugins import EventLoader, PluginInfo, hookimpl

from . import hookspecs

plugin_info = PluginInfo(
    name="flaky", title="Flaky", description="Fails twice, then works", hookspecs=hookspecs
)

FAILURES = 2
#: Attempts per event id, and the events that finally went through.
ATTEMPTS: dict[str, int] = {}
DELIVERED: list[tuple[str, object]] = []
HOOK = "flaky_happened"


def reset() -> None:
    ATTEMPTS.clear()
    DELIVERED.clear()


@hookimpl
def pos_register_event_loaders():
    return [EventLoader(HOOK, lambda payload: {"value": payload["value"]})]


@hookimpl
def flaky_happened(event_id, value):
    ATTEMPTS[event_id] = ATTEMPTS.get(event_id, 0) + 1
    if ATTEMPTS[event_id] <= FAILURES:
        raise ConnectionError(f"remote side down (attempt {ATTEMPTS[event_id]})")
    DELIVERED.append((event_id, value))
