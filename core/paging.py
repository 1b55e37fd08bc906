"""One page of a list: what a service returns when the caller asked for a slice."""

from __future__ import annotations

import typing as t
from dataclasses import dataclass


@dataclass
class Page:
    """One page of a list and how many items match in all: an endpoint returns it, the
    items are dumped with the endpoint's response schema and ``total`` goes in the
    ``X-Total-Count`` header.

    Example::

        @api.endpoint(
            "/parcel/items",
            permission="parcel.view",
            query=PageQuery,
            response=ParcelSchema,
            many=True,
        )
        def list_parcels(query):
            items, total = services.parcels(query["limit"], query["offset"])
            return Page(items, total)  # total goes in X-Total-Count
    """

    items: t.Sequence[t.Any]
    total: int
    #: ``total`` is a floor: more items match than were counted (the header
    #: ``X-Total-Count-More: true`` says so beside ``X-Total-Count``).
    more: bool = False
