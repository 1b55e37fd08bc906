"""A small restaurant for the tests: STEAK 22.00 and SALAD 9.50 (food, 10 %), BEER 5.00
(drinks, 20 %), the drinks going to the bar; register 1 open."""

from __future__ import annotations

import pytest

from core.testing import Item, make_shop


@pytest.fixture
def shop(manager_api):
    made = make_shop(
        manager_api,
        [
            Item("STEAK", 2200, "10.0", category="Food"),
            Item("SALAD", 950, "10.0", category="Food"),
            Item("BEER", 500, "20.0", category="Drinks"),
        ],
    )
    answer = manager_api.patch(
        "/api/v1/settings/restaurant", json={"bar_categories": str(made.categories["Drinks"])}
    )
    assert answer.status_code == 200, answer.get_json()
    return made
