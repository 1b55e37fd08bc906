"""A small shop for the gift card tests: BOOK 30.00 and PEN 2.50, register 1 open."""

from __future__ import annotations

import pytest

from core.testing import Item, make_shop


@pytest.fixture
def shop(manager_api):
    return make_shop(manager_api, [Item("BOOK", 3000), Item("PEN", 250)])
