"""A plugin that watches the register's transactional hooks: it records what it was
given, and refuses a cash movement whose reason is "refuse" and a closing 13 cents out."""

from core.plugins import PluginInfo, Rejected, hookimpl

plugin_info = PluginInfo(name="drawer", title="Drawer")

SEEN: list[tuple] = []


@hookimpl
def pos_cash_session_opening(session, store):
    SEEN.append(("opening", session.register_code, session.opening_float, store.currency))


@hookimpl
def pos_cash_movement_completing(movement, session, store):
    if movement.reason == "refuse":
        raise Rejected("no movement today", code="drawer_refused")
    SEEN.append(
        ("movement", movement.kind, movement.amount, session.id == movement.cash_session_id)
    )


@hookimpl
def pos_cash_session_closing(session, store):
    if session.over_short == -13:
        raise Rejected("count again", code="drawer_recount")
    SEEN.append(("closing", session.status, session.counted_cash, session.over_short))
