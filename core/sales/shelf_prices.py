"""A product's shelf price at a register: the catalog's, unless a plugin with several
shops gives the register's shop its own (``pos_shelf_prices``). The line is then priced
at it, as a real price (higher or lower): no adjustment, refunds and receipts follow."""

from __future__ import annotations

import typing as t

from ..plugins.context import current_runtime
from ..plugins.errors import HookFailed


def shelf_prices(register_id: int | None, product_ids: t.Iterable[int] | None) -> dict[int, int]:
    """``{product_id: price}`` of the products priced otherwise than in the catalog at
    ``register_id`` (all of them when ``product_ids`` is None)."""
    hooks = current_runtime().hooks
    if register_id is None or not hooks.has("pos_shelf_prices"):
        return {}
    wanted = None if product_ids is None else sorted(set(product_ids))
    if wanted == []:
        return {}
    answer = hooks.call("pos_shelf_prices", register_id=register_id, product_ids=wanted)
    if answer is None:
        return {}
    for product_id, price in answer.items():
        # A wrong price would be charged to the customer: refuse it loudly, naming the hook.
        if isinstance(price, bool) or not isinstance(price, int) or price < 0:
            raise HookFailed(
                ", ".join(hooks.implemented_by("pos_shelf_prices")),
                "pos_shelf_prices",
                ValueError(f"product {product_id}: price {price!r}"),
            )
    return dict(answer)
