"""Hooks the golf plugin offers to other plugins.

Declared as ``PluginInfo(hookspecs=...)``: the specification is known whenever golf is
installed, so a dependent plugin implements it with a plain ``@hookimpl``, any other
with ``@hookimpl(optionalhook=True)``.
"""

from __future__ import annotations

from core.plugins import hookspec


@hookspec
def golf_booking_fields(booking):
    """Extra fields for a tee-time booking as the golf API shows it.

    Called each time golf dumps a booking (``POST /api/v1/golf/bookings``,
    ``GET /api/v1/golf/bookings/<id>``, cancel, no-show, the starter's list), under the
    booking's ``extra`` key. Must not write anything. A failing plugin's fields are left
    out and logged; the booking still shows.

    :param booking: the booking (``id``, ``status``, ``slot.day``, ``slot.tee_time``,
        ``players`` with ``name``, ``customer_id``, ``sale_id``), read only.
    :return: a dict of JSON-serialisable fields, e.g. ``{"handicaps": [12, 18]}``, or
        ``None``.
    """
