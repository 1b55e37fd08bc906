"""Hooks the restaurant plugin offers to other plugins.

Declared as ``PluginInfo(hookspecs=...)``: the specifications are known whenever the
restaurant plugin is installed; another plugin implements them with a plain
``@hookimpl``.
"""

from __future__ import annotations

from core.plugins import hookspec


@hookspec
def restaurant_ticket_rows(order_id, station, rows):
    """Extra rows for a kitchen or bar ticket (an allergy noted by a customer plugin,
    a table's booking name).

    Called each time a course is sent, once per station's ticket, inside the request
    that sends it; must not write anything. A failing plugin's rows are left out and
    logged; the ticket still prints.

    :param order_id: the order's id.
    :param station: ``kitchen`` or ``bar``.
    :param rows: the ticket's rows, read only: dicts with ``change`` (``new``,
        ``changed``, ``cancelled``), ``quantity``, ``name``, ``seat``, ``modifiers``
        and ``note``.
    :return: a list of ``(label, value)`` pairs printed under the items, or ``None``.
    """


@hookspec
def restaurant_order_paid(order_id, sale_ids):
    """An order was paid in full (its table is free again).

    Called inside the transaction of the sale that paid its last lines, after the lines
    are marked paid: raise :class:`core.plugins.Rejected` to refuse the sale (everything
    rolls back). Must not commit.

    :param order_id: the order's id.
    :param sale_ids: the ids of every sale that paid part of it, the current one last.
    """
