"""The hook the flaky plugin offers (and implements itself)."""

from core.plugins import hookspec


@hookspec
def flaky_happened(event_id, value):
    """Something happened; delivered through the outbox after commit."""
