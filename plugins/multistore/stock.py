"""Stock per store, and the shop-wide report per store."""

from __future__ import annotations

import datetime as dt
import typing as t
from decimal import Decimal

from core.plugins import get_location, sales_totals, stock_at

from .models import Store
from .reservations import reserved
from .stores import StoreMap, list_stores, store_map


def product_stock(product_id: int, stores: StoreMap | None = None) -> list[dict[str, t.Any]]:
    """A product's quantity in each store (on hand, reserved, available), with each of
    its locations."""
    stores = stores or store_map()
    held = reserved(product_id)
    answer = []
    for store in list_stores():
        locations = []
        for location_id in sorted(stores.locations_of({store.id})):
            quantity = stock_at([product_id], location_id).get(product_id, Decimal(0))
            location = get_location(location_id)
            locations.append(
                {
                    "id": location_id,
                    "name": location.name if location else "",
                    "quantity": quantity,
                }
            )
        quantity = sum((loc["quantity"] for loc in locations), Decimal(0))
        answer.append(
            {
                "store_id": store.id,
                "code": store.code,
                "name": store.name,
                "quantity": quantity,
                "reserved": held.get(store.id, Decimal(0)),
                "available": quantity - held.get(store.id, Decimal(0)),
                "locations": locations,
            }
        )
    return answer


def store_figures(
    start: dt.datetime, end: dt.datetime, store_ids: t.Collection[int] | None = None
) -> dict[str, t.Any]:
    """Sales in ``[start, end)`` per store and consolidated (the stores shown)."""
    stores = store_map()
    rows = []
    shown: list[Store] = [s for s in list_stores() if store_ids is None or s.id in store_ids]
    for store in shown:
        totals = sales_totals(register_ids=stores.registers_of({store.id}), start=start, end=end)
        rows.append(_row(store.id, store.code, store.name, totals))
    consolidated = {
        "count": sum(row["count"] for row in rows),
        "total": sum(row["total"] for row in rows),
        "refunded": sum(row["refunded"] for row in rows),
    }
    consolidated["net"] = consolidated["total"] - consolidated["refunded"]
    return {"stores": rows, "consolidated": consolidated}


def _row(store_id: int, code: str, name: str, totals: t.Any) -> dict[str, t.Any]:
    return {
        "store_id": store_id,
        "code": code,
        "name": name,
        "count": totals.count,
        "total": totals.total,
        "refunded": totals.refunded,
        "net": totals.total - totals.refunded,
    }
