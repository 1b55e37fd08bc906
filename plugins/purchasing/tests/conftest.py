"""A small shop for the purchasing tests: TEA, SOAP and RICE, register 1 open."""

from __future__ import annotations

import pytest

from core.testing import Item, make_shop


@pytest.fixture
def shop(manager_api):
    return make_shop(
        manager_api,
        [Item("TEA", 400, stock="2"), Item("SOAP", 250, stock="5"), Item("RICE", 300, stock="0")],
    )
