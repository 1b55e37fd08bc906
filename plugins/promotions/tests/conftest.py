"""A small shop for the promotions tests: a category, four products and register 1 open."""

from __future__ import annotations

import pytest

from core.testing import Item, make_shop


@pytest.fixture
def shop(manager_api):
    """Products (prices tax included, 20 %): TEA 4.00 and COFFEE 10.00 in "Drinks",
    CAKE 3.00 and BREAD 2.00 without a category."""
    return make_shop(
        manager_api,
        [
            Item("TEA", 400, category="Drinks"),
            Item("COFFEE", 1000, category="Drinks"),
            Item("CAKE", 300),
            Item("BREAD", 200),
        ],
    )
