"""Pricing a cart: plugin adjustments from the hooks, then the pure pricing function."""

from __future__ import annotations

import dataclasses
import typing as t
from decimal import Decimal

from ..errors import Invalid
from ..plugins.context import current_runtime
from ..stores.settings import StoreSettings
from .cart import Cart
from .pricing import Adjustment, LineInput, PricedCart, PricingPolicy, price_cart


def plugin_adjustments(cart: Cart, store: StoreSettings) -> list[Adjustment]:
    """What ``pos_price_line`` and ``pos_adjust_cart`` give, line adjustments tied to
    their line."""
    hooks = current_runtime().hooks
    adjustments: list[Adjustment] = []
    if hooks.has("pos_price_line"):
        for line in cart.lines:
            for adjustment in hooks.collect("pos_price_line", line=line, cart=cart, store=store):
                adjustments.append(dataclasses.replace(adjustment, line_key=line.key))
    adjustments.extend(hooks.collect("pos_adjust_cart", cart=cart, store=store))
    return adjustments


def price(cart: Cart, store: StoreSettings, *, with_plugins: bool = True) -> PricedCart:
    """Price ``cart``. ``with_plugins=False`` for a sale the till priced offline, where no
    promotion could run: it is recorded as the customer paid it."""
    try:
        return price_cart(
            [
                LineInput(
                    key=line.key,
                    unit_price=line.unit_price,
                    quantity=line.quantity,
                    tax_rate=line.tax_rate,
                    discount_percent=line.discount_percent,
                    discount_amount=line.discount_amount,
                )
                for line in cart.lines
            ],
            policy=PricingPolicy(store.prices_include_tax, store.tax_rounding),
            adjustments=plugin_adjustments(cart, store) if with_plugins else (),
            cart_discount_percent=cart.discount_percent,
            cart_discount_amount=cart.discount_amount,
        )
    except (ValueError, TypeError) as exc:
        raise Invalid(str(exc), code="cannot_price") from None


def manual_discount_percents(cart: Cart, priced: PricedCart) -> list[tuple[str, Decimal]]:
    """Each manual discount as a percent of what it applied to, to compare with the
    cashier's limit: ``[(field, percent)]``."""
    found: list[tuple[str, Decimal]] = []
    for line, priced_line in zip(cart.lines, priced.lines, strict=True):
        if priced_line.line_discount:
            before = priced_line.base - sum(a.amount for a in priced_line.adjustments)
            if before > 0:
                found.append(
                    (f"lines.{line.key}", Decimal(priced_line.line_discount) * 100 / before)
                )
    if priced.cart_discount:
        before = (
            priced.subtotal
            - sum(
                line.line_discount + sum(a.amount for a in line.adjustments)
                for line in priced.lines
            )
            - sum(a.amount for a in priced.cart_adjustments)
        )
        if before > 0:
            found.append(("discount", Decimal(priced.cart_discount) * 100 / before))
    return found


def quote_payload(cart: Cart, priced: PricedCart, store: StoreSettings) -> dict[str, t.Any]:
    """What ``POST /api/v1/sales/quote`` answers (and the till mirrors)."""
    cash_total, rounding = priced.cash_due(store.cash_rounding)
    return {
        "currency": store.currency,
        "prices_include_tax": store.prices_include_tax,
        "lines": [
            {
                "key": line.key,
                "kind": cart_line.kind,
                "product_id": cart_line.product.id if cart_line.product else None,
                "sku": cart_line.sku,
                "name": cart_line.name,
                "quantity": cart_line.quantity,
                "unit_price": line.unit_price,
                "base": line.base,
                "adjustments": [
                    {"amount": a.amount, "label": a.label, "source": a.source}
                    for a in line.adjustments
                ],
                "line_discount": line.line_discount,
                "cart_discount": line.cart_discount,
                "discount": line.discount,
                "total": line.total,
                "net": line.net,
                "tax": line.tax,
                "tax_rate": line.tax_rate,
            }
            for cart_line, line in zip(cart.lines, priced.lines, strict=True)
        ],
        "cart_adjustments": [
            {"amount": a.amount, "label": a.label, "source": a.source}
            for a in priced.cart_adjustments
        ],
        "subtotal": priced.subtotal,
        "discount_total": priced.discount_total,
        "net_total": priced.net_total,
        "tax_total": priced.tax_total,
        "total": priced.total,
        "cash_total": cash_total,
        "cash_rounding": rounding,
        "taxes": [
            {"rate": row.rate, "base": row.base, "tax": row.tax, "total": row.total}
            for row in priced.taxes
        ],
    }
