"""How the restaurant changes a sale's price: the service charge of an order that has it
(a surcharge on each item, taxed at the item's rate), and the take-away tax rates of an
order, or a counter sale, taken away.

Both are decided on the server from the order (``plugin_data.restaurant.order_id``) and
the settings; the percent and label the bill puts in ``plugin_data.restaurant.service``
are for the till's offline mirror (``static/pricing.js``) only.
"""

from __future__ import annotations

import typing as t
from decimal import Decimal

from flask_babel import gettext as _

from core.plugins import Surcharge, db, get_settings, percent_text

from .models import Order
from .settings import service_percent, takeaway_rates

NAME = "restaurant"
#: The sale line kind of the service charge (a surcharge: reported apart from goods).
SERVICE_KIND = "restaurant_service"


def _order(cart: t.Any) -> Order | None:
    data = cart.plugin_data.get(NAME) or {}
    return db.session.get(Order, data["order_id"]) if "order_id" in data else None


def _taken_away(cart: t.Any) -> bool:
    data = cart.plugin_data.get(NAME) or {}
    order = _order(cart)
    return order.take_away if order is not None else bool(data.get("take_away"))


def service_label(percent: Decimal) -> str:
    # "10", "12.5": as the merchant wrote it, without trailing zeros.
    written = format(percent.normalize(), "f")
    return _("Service %(percent)s %%", percent=written)


def bill_data(order: Order, line_ids: list[int]) -> dict[str, t.Any]:
    """``plugin_data.restaurant`` of a bill: the order and lines it pays, and how it is
    priced (for the till's offline mirror)."""
    data: dict[str, t.Any] = {"order_id": order.id, "line_ids": line_ids}
    if order.take_away:
        data["take_away"] = True
        data["takeaway_rates"] = rate_pairs()
    percent = service_percent(get_settings(NAME))
    if order.service_charge and percent > 0:
        data["service"] = {"percent": percent_text(percent), "label": service_label(percent)}
    return data


def rate_pairs() -> list[list[str]]:
    """The ``takeaway_rates`` setting as ``[["10.0", "5.5"], ...]``, for the till's offline
    mirror of :func:`line_tax_rate` (``static/pricing.js``)."""
    rates = takeaway_rates(get_settings(NAME))
    return [[percent_text(eat_in), percent_text(away)] for eat_in, away in rates.items()]


def line_tax_rate(line: t.Any, cart: t.Any) -> Decimal | None:
    """The take-away rate of a line sold taken away, when the merchant set one for its
    eaten-in rate (the product's own, for a product)."""
    if not _taken_away(cart):
        return None
    own = line.product.tax_rate if line.product is not None else line.tax_rate
    return takeaway_rates(get_settings(NAME)).get(Decimal(own).normalize())


def service_surcharges(cart: t.Any) -> list[Surcharge]:
    """The service charge of an order that has it, taxed as what it is charged on: one
    charge on the bill when its items share one tax rate, else one on each item at the
    item's rate (modifiers included)."""
    order = _order(cart)
    percent = service_percent(get_settings(NAME))
    if order is None or not order.service_charge or percent <= 0:
        return []
    label = service_label(percent)
    items = [
        line
        for line in cart.lines
        # A tip is no revenue: no service charge on it.
        if not line.surcharge and not line.added_here and line.unit_price > 0 and line.revenue
    ]
    rates = {line.tax_rate for line in items}
    if len(rates) == 1:
        # One rate (the usual dinner): one line on the receipt, on the whole bill.
        return [Surcharge(label, NAME, rates.pop(), percent=percent, kind=SERVICE_KIND)]
    return [
        Surcharge(label, NAME, line.tax_rate, percent=percent, line_key=line.key, kind=SERVICE_KIND)
        for line in items
    ]
