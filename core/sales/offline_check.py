"""What a till may claim for a sale it completed offline.

An offline sale carries the price and tax rate the till charged and the time it was
completed; they used to be recorded as sent, so a cashier's token could sell anything at
any price, untaxed, dated 2019. Now:

- ``completed_at`` lies within the store's bounds around the server's clock: at most
  ``offline_max_age_hours`` back (how long a till may stay offline and queue), at most
  ``offline_max_ahead_minutes`` ahead (a till's clock running fast);
- each catalog line's ``unit_price`` and ``tax_rate`` are a version the product had in
  the catalog at some moment the till could have copied it: between
  ``offline_max_age_hours`` before the sale and the sale itself (plus the clock's
  ``offline_max_ahead_minutes``) (:mod:`core.catalog.price_history`); or the register's
  shop's own price now (``pos_shelf_prices``) at such a tax rate; or, for a line
  given by the barcode of a price label (GS1 prefixes 02, 20-29, the store's
  ``gs1_layout``) of a product sold by the unit, the label's price at such a tax rate:
  the price the shop printed on the item (:func:`core.catalog.gs1.label_price`). Only
  that price: another one on the same line is refused as any unknown price is. A rate
  a plugin's ``pos_line_tax_rate`` gives the line for one of those rates (taken away
  rather than eaten in, mirrored by its till pricing module) is accepted in its place.

Anything else is refused with a 422 naming the line (``offline_price_unknown``) or the
time (``completed_at_out_of_range``); nothing is recorded, and the till keeps the sale in
its queue for a manager to settle (see docs/till.md). Lines of a plugin's kind and lines a
till pricing module added are their plugin's to check (``pos_sale_validate``).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from decimal import Decimal

from ..catalog.gs1 import decode, label_price
from ..catalog.price_history import prices_known_between, versions
from ..catalog.search import find_by_barcode
from ..db import db, utcnow
from ..errors import Invalid
from ..plugins.context import current_runtime
from ..stores.settings import StoreSettings
from .cart import Cart, CartLine
from .shelf_prices import shelf_prices


def _label_price(line: CartLine, layout: str) -> int | None:
    """The price the line's scanned label charges: a price label of the line's product
    (the cart resolved the product from it), sold by the unit. A code that is a product's
    own barcode is no label, whatever its digits: its product sells at catalog prices."""
    if line.barcode is None or find_by_barcode(line.barcode) is not None:
        return None
    label = decode(line.barcode, layout)
    return label_price(label, line.product.sold_by) if label is not None else None


def _plugin_rates(
    line: CartLine, known: set[tuple[int, Decimal]], cart: Cart, store: StoreSettings
) -> set[tuple[int, Decimal]]:
    """``known`` with each rate replaced by the one ``pos_line_tax_rate`` gives the line
    at that rate, where a plugin gives one: the till's mirror of the hook charged it."""
    hooks = current_runtime().hooks
    if not hooks.has("pos_line_tax_rate"):
        return known
    changed = set(known)
    for price, rate in known:
        asked = dataclasses.replace(line, tax_rate=rate)
        answer = hooks.call("pos_line_tax_rate", line=asked, cart=cart, store=store)
        if answer is not None:
            changed.add((price, Decimal(answer)))
    return changed


def check_offline_sale(cart: Cart, completed_at: dt.datetime, store: StoreSettings) -> None:
    back = dt.timedelta(hours=store.values["offline_max_age_hours"])
    ahead = dt.timedelta(minutes=store.values["offline_max_ahead_minutes"])
    now = utcnow()
    if not now - back <= completed_at <= now + ahead:
        raise Invalid(
            f"an offline sale is completed within the last {back.total_seconds() / 3600:g} "
            f"hours (and at most {ahead.total_seconds() / 60:g} minutes ahead of the "
            "server's clock): check the till's clock, or have a manager record it",
            code="completed_at_out_of_range",
            fields={"completed_at": ["out of range"]},
        )
    catalog_lines = [
        line
        for line in cart.lines
        if line.product is not None and line.kind == "product" and line.source is None
    ]
    if not catalog_lines:
        return
    history = versions(db.session, (line.product.id for line in catalog_lines))
    layout = store.values["gs1_layout"]
    # The register's shop's own prices, as they are now (their past ones are not kept): a
    # price changed while the till was offline is refused, for a manager to settle.
    own = shelf_prices(cart.register_id, (line.product.id for line in catalog_lines))
    problems = {}
    for line in catalog_lines:
        product = line.product
        known = prices_known_between(
            history.get(product.id, []), completed_at - back, completed_at + ahead
        )
        if not history.get(product.id):
            known = {(product.price, Decimal(product.tax_rate))}
        if product.id in own:
            known |= {(own[product.id], rate) for _price, rate in known}
        printed = _label_price(line, layout)
        if printed is not None:
            # The price is the label's, the tax rate still one the product had.
            known = {(printed, rate) for _price, rate in known}
        known = _plugin_rates(line, known, cart, store)
        if (line.unit_price, Decimal(line.tax_rate)) not in known:
            problems[f"lines.{line.key}.unit_price"] = [
                f"{product.name} was never {line.unit_price} at {line.tax_rate} % in the "
                "catalog when this till could have copied it"
                + (f", nor is it the price of the label {line.barcode}" if printed else "")
            ]
    if problems:
        raise Invalid(
            "some offline prices are not prices the catalog had",
            code="offline_price_unknown",
            fields=problems,
        )
