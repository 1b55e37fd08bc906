"""Pricing a cart with the plugins: the lines they add, their adjustments and surcharges,
then the pure pricing function.

Order: ``pos_add_lines`` (appended to the cart), ``pos_line_tax_rate`` for every line,
``pos_price_line`` for every line,
``pos_adjust_cart``, then :func:`core.sales.pricing.price_cart`; surcharges come back as
lines of their own, appended to the cart too. Nothing here writes.
"""

from __future__ import annotations

import dataclasses
import typing as t
from decimal import Decimal

from ..errors import Invalid
from ..plugins.context import current_runtime
from ..plugins.errors import HookFailed
from ..stores.settings import StoreSettings
from .additions import AddedLine, Surcharge, check_added_line, check_surcharge
from .cart import Cart, CartLine, load_products
from .pricing import (
    Adjustment,
    LineInput,
    PricedCart,
    PricingPolicy,
    SurchargeInput,
    price_cart,
)


def add_plugin_lines(cart: Cart, store: StoreSettings) -> None:
    """Append the lines plugins add (``pos_add_lines``) after the client's, replacing any
    added by an earlier pricing of the same cart."""
    cart.lines = [line for line in cart.lines if not line.added_here]
    hooks = current_runtime().hooks
    if not hooks.has("pos_add_lines"):
        return
    client_keys = cart.client_keys()
    added: list[tuple[str, AddedLine]] = []
    for plugin, line in hooks.collect_by_plugin("pos_add_lines", cart=cart, store=store):
        try:
            check_added_line(line, client_keys)
        except ValueError as exc:
            raise HookFailed(plugin, "pos_add_lines", exc) from None
        added.append((plugin, line))
    products = load_products(line.product_id for _, line in added if line.product_id)
    for plugin, line in added:
        product = products.get(line.product_id) if line.product_id else None
        if line.product_id and product is None:
            raise HookFailed(plugin, "pos_add_lines", ValueError(f"no product {line.product_id}"))
        cart.lines.append(
            CartLine(
                key=len(cart.lines),
                product=product,
                quantity=Decimal(line.quantity),
                unit_price=line.unit_price,
                tax_rate=line.tax_rate,
                name=line.name,
                sku=line.sku or (product.sku if product else ""),
                kind=line.kind,
                data=dict(line.data),
                source=plugin,
                for_line=line.for_line,
                added_here=True,
            )
        )


def plugin_tax_rates(cart: Cart, store: StoreSettings) -> None:
    """Give each of the cart's goods the tax rate a plugin answers for it
    (``pos_line_tax_rate``: taken away rather than eaten in), before anything is priced."""
    hooks = current_runtime().hooks
    if not hooks.has("pos_line_tax_rate"):
        return
    for line in cart.lines:
        if line.surcharge:
            continue
        rate = hooks.call("pos_line_tax_rate", line=line, cart=cart, store=store)
        if rate is None:
            continue
        rate = Decimal(rate)
        if not rate.is_finite() or not 0 <= rate <= 100:
            raise Invalid(f"tax rate {rate} out of 0..100", code="cannot_price")
        line.tax_rate = rate


def plugin_adjustments(
    cart: Cart, store: StoreSettings
) -> tuple[list[Adjustment], list[tuple[str, Surcharge]]]:
    """What ``pos_price_line`` and ``pos_adjust_cart`` give: adjustments (line ones tied to
    their line) and surcharges with the plugin that returned each."""
    runtime = current_runtime()
    hooks = runtime.hooks
    adjustments: list[Adjustment] = []
    surcharges: list[tuple[str, Surcharge]] = []
    if hooks.has("pos_price_line"):
        for line in cart.lines:
            for adjustment in hooks.collect("pos_price_line", line=line, cart=cart, store=store):
                adjustments.append(dataclasses.replace(adjustment, line_key=line.key))
    if hooks.has("pos_adjust_cart"):
        client_keys = cart.client_keys()
        for plugin, item in hooks.collect_by_plugin("pos_adjust_cart", cart=cart, store=store):
            if isinstance(item, Surcharge):
                try:
                    check_surcharge(item, client_keys)
                    if plugin not in runtime.till_pricing:
                        raise ValueError(
                            "a plugin returning surcharges registers a TillPricing "
                            "(pos_register_till_pricing): the till must know it offline"
                        )
                except ValueError as exc:
                    raise HookFailed(plugin, "pos_adjust_cart", exc) from None
                surcharges.append((plugin, item))
            else:
                adjustments.append(item)
    return adjustments, surcharges


def price(cart: Cart, store: StoreSettings, *, with_plugins: bool = True) -> PricedCart:
    """Price ``cart``: the plugins' lines and surcharges are appended to ``cart.lines``
    (so that ``zip(cart.lines, priced.lines)`` pairs them). ``with_plugins=False`` for a
    sale the till priced offline: it is recorded as the customer paid it.

    :raises Invalid: ``cannot_price`` when the cart cannot be priced (a discount on a
        credit line...).
    """
    surcharges: list[tuple[str, Surcharge]] = []
    adjustments: list[Adjustment] = []
    if with_plugins:
        add_plugin_lines(cart, store)
        plugin_tax_rates(cart, store)
        adjustments, surcharges = plugin_adjustments(cart, store)
    # Surcharges a till charged offline come last in its body (checked): priced after the
    # discounts at the amount it charged, as the server prices its own.
    goods = [line for line in cart.lines if not line.surcharge]
    charged_offline = [
        SurchargeInput(key=line.key, tax_rate=line.tax_rate, amount=line.unit_price)
        for line in cart.lines
        if line.surcharge
    ]
    first_key = len(cart.lines)
    try:
        priced = price_cart(
            [
                LineInput(
                    key=line.key,
                    unit_price=line.unit_price,
                    quantity=line.quantity,
                    tax_rate=line.tax_rate,
                    discount_percent=line.discount_percent,
                    discount_amount=line.discount_amount,
                    revenue=line.revenue,
                )
                for line in goods
            ],
            policy=PricingPolicy(store.prices_include_tax, store.tax_rounding),
            adjustments=adjustments,
            cart_discount_percent=cart.discount_percent,
            cart_discount_amount=cart.discount_amount,
            surcharges=charged_offline
            + [
                SurchargeInput(
                    key=first_key + offset,
                    tax_rate=surcharge.tax_rate,
                    amount=surcharge.amount,
                    percent=surcharge.percent,
                    line_key=surcharge.line_key,
                )
                for offset, (_plugin, surcharge) in enumerate(surcharges)
            ],
        )
    except (ValueError, TypeError) as exc:
        raise Invalid(str(exc), code="cannot_price") from None
    for offset, (plugin, surcharge) in enumerate(surcharges):
        charged = priced.lines[first_key + offset]
        cart.lines.append(
            CartLine(
                key=first_key + offset,
                product=None,
                quantity=Decimal(1),
                unit_price=charged.unit_price,
                tax_rate=surcharge.tax_rate,
                name=surcharge.label,
                kind=surcharge.kind,
                data={"percent": str(surcharge.percent)} if surcharge.percent is not None else {},
                source=plugin,
                for_line=surcharge.line_key,
                added_here=True,
                surcharge=True,
            )
        )
    return priced


def chosen_discount_percents(
    cart: Cart, priced: PricedCart, *, least: bool = True
) -> list[tuple[str, Decimal, bool]]:
    """Every discount the cashier chose, as a percent of what it came off, to compare with
    the cashier's limit: ``[(field, percent, has_manual)]``. ``least``: the least percent
    that takes that amount off (see :func:`_percent_off`), for the limit; otherwise the
    amount's own share, for people to read (the audit log).

    Chosen are the manual discounts and the plugins' adjustments marked ``chosen`` (a
    customer's group discount: a 90 % group is as much the cashier's choice as a 90 %
    manual discount, since they attach the customer); they are added up on each line and
    on the cart. The store's own rules (promotions) are not chosen: what they took off
    first is left out of the base.
    """
    measure = _percent_off if least else _share
    found: list[tuple[str, Decimal, bool]] = []
    goods = 0
    for line, priced_line in zip(cart.lines, priced.lines, strict=True):
        adjusted = sum(a.amount for a in priced_line.adjustments)
        chosen = sum(a.amount for a in priced_line.adjustments if a.chosen)
        base = priced_line.base - adjusted + chosen
        off = chosen + priced_line.line_discount
        if off and base > 0:
            percent = measure(off, base)
            found.append((f"lines.{line.key}", percent, bool(priced_line.line_discount)))
        if not line.surcharge:
            goods += max(priced_line.base - adjusted - priced_line.line_discount, 0)
    chosen = sum(a.amount for a in priced.cart_adjustments if a.chosen)
    off = priced.cart_discount + chosen
    base = goods - sum(a.amount for a in priced.cart_adjustments) + chosen
    if off and base > 0:
        found.append(("discount", measure(off, base), bool(priced.cart_discount)))
    return found


def _percent_off(off: int, base: int) -> Decimal:
    """The least percent of ``base`` that takes ``off`` off it. Discounts are rounded
    half-up to the minor unit, so 10 % of 9.49 takes 0.95 off (10.01 %): measured on the
    amount, a cashier's 10 % would need a manager at a 10 % limit. The till measures the
    same way (``discountsBeyond`` in pricing.js)."""
    return Decimal(2 * off - 1) * 100 / (2 * base)


def _share(off: int, base: int) -> Decimal:
    return Decimal(off) * 100 / base


def _adjustments(items: t.Iterable[Adjustment]) -> list[dict[str, t.Any]]:
    return [{"amount": a.amount, "label": a.label, "source": a.source} for a in items]


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
                "adjustments": _adjustments(line.adjustments),
                "line_discount": line.line_discount,
                "cart_discount": line.cart_discount,
                "discount": line.discount,
                "total": line.total,
                "net": line.net,
                "tax": line.tax,
                "tax_rate": line.tax_rate,
                "source": cart_line.source,
                "for_line": cart_line.for_line,
                "editable": not cart_line.added_here,
                "data": cart_line.data if cart_line.added_here else {},
            }
            for cart_line, line in zip(cart.lines, priced.lines, strict=True)
        ],
        "cart_adjustments": _adjustments(priced.cart_adjustments),
        "subtotal": priced.subtotal,
        "discount_total": priced.discount_total,
        "net_total": priced.net_total,
        "tax_total": priced.tax_total,
        "total": priced.total,
        "cash_total": cash_total,
        "cash_rounding": rounding,
        "due_direction": "out" if priced.total < 0 else "in",
        "taxes": [
            {"rate": row.rate, "base": row.base, "tax": row.tax, "total": row.total}
            for row in priced.taxes
        ],
    }


def quote_sale(body: dict[str, t.Any]) -> dict[str, t.Any]:
    """Price a sale body (``POST /api/v1/sales`` without its payments) as the sale would
    be priced, the plugins' promotions, surcharges and taxes included; what
    ``POST /api/v1/sales/quote`` answers (``total``, ``cash_total``, ``lines``...). Writes
    nothing. For a plugin that builds sale bodies and must say what they will charge (a
    table's bill split in equal parts).

    :raises marshmallow.ValidationError: the body is not a sale body.
    :raises Invalid: the cart cannot be priced.

    Example::

        quoted = quote_sale({"lines": [{"product_id": 7, "quantity": "2"}]})
        parts = [quoted["total"] // 2, quoted["total"] - quoted["total"] // 2]
    """
    from ..plugins.context import register_store
    from .cart import build_cart
    from .schemas import QuoteInSchema

    loaded = QuoteInSchema().load(body)
    # The register's shop's settings, as the quote endpoint and the sale itself use.
    store = register_store(loaded["register_id"])
    cart = build_cart(loaded)
    return quote_payload(cart, price(cart, store), store)
