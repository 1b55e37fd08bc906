"""The coins and notes a cashier counts at closing, by currency, in minor units (largest
first). A currency not listed is counted as one total."""

from __future__ import annotations

DENOMINATIONS: dict[str, tuple[int, ...]] = {
    "EUR": (50000, 20000, 10000, 5000, 2000, 1000, 500, 200, 100, 50, 20, 10, 5, 2, 1),
    "USD": (10000, 5000, 2000, 1000, 500, 200, 100, 25, 10, 5, 1),
    "GBP": (5000, 2000, 1000, 500, 200, 100, 50, 20, 10, 5, 2, 1),
    "CHF": (100000, 20000, 10000, 5000, 2000, 1000, 500, 200, 100, 50, 20, 10, 5),
    "CAD": (10000, 5000, 2000, 1000, 500, 200, 100, 25, 10, 5),
}


def denominations(currency: str) -> list[int]:
    """What the till counts for ``currency``, largest first; empty when unknown."""
    return list(DENOMINATIONS.get(currency, ()))
