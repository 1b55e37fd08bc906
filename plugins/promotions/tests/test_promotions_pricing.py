"""Exact figures of each kind of promotion, stacking, and what never gets a promotion."""

from __future__ import annotations

import pytest
from promotions_helpers import create, quote

from core.plugins import db
from core.testing import sale_body

pytestmark = pytest.mark.comptoir_plugins("promotions")


def _off(line):
    return sum(a["amount"] for a in line["adjustments"])


def test_percent_off_a_product(shop, manager_api):
    """10 % of a line's base, rounded half-up once per line."""
    create(manager_api, product_ids=[shop["TEA"]], value="12.5")
    result = quote(manager_api, shop.line("TEA", 3), shop.line("CAKE"))
    tea, cake = result["lines"]
    assert tea["adjustments"] == [{"amount": 150, "label": "Ten off", "source": f"promotions:{1}"}]
    assert _off(cake) == 0
    assert result["total"] == 1200 - 150 + 300


def test_percent_off_a_category(shop, manager_api):
    """A category promotion reaches every product of the category and nothing else."""
    create(manager_api, category_ids=[shop.categories["Drinks"]], value="25")
    tea, coffee, bread = quote(
        manager_api, shop.line("TEA"), shop.line("COFFEE"), shop.line("BREAD")
    )["lines"]
    assert (_off(tea), _off(coffee), _off(bread)) == (100, 250, 0)


def test_amount_off_each_unit_never_beyond_the_line(shop, manager_api):
    """``amount`` is taken off each unit; the core clips it to the line."""
    create(manager_api, kind="amount", value=50, product_ids=[shop["TEA"]])
    create(manager_api, name="Big", kind="amount", value=500, product_ids=[shop["BREAD"]])
    tea, bread = quote(manager_api, shop.line("TEA", 3), shop.line("BREAD", 2))["lines"]
    assert (_off(tea), tea["total"]) == (150, 1050)
    assert (_off(bread), bread["total"]) == (400, 0)


def test_buy_two_get_one_free_discounts_the_cheapest_units(shop, manager_api):
    """Among the listed products, each group of 3 units makes the cheapest unit free."""
    create(
        manager_api,
        name="3 for 2",
        kind="buy_x_get_y",
        value="100",
        buy_quantity=2,
        get_quantity=1,
        category_ids=[shop.categories["Drinks"]],
    )
    tea, coffee = quote(manager_api, shop.line("TEA"), shop.line("COFFEE", 2))["lines"]
    assert (_off(tea), _off(coffee)) == (400, 0)
    tea, coffee = quote(manager_api, shop.line("TEA", 3), shop.line("COFFEE", 4))["lines"]
    # 7 units: 2 groups, the two cheapest units are teas.
    assert (_off(tea), _off(coffee)) == (800, 0)
    tea, coffee = quote(manager_api, shop.line("TEA"), shop.line("COFFEE"))["lines"]
    assert (_off(tea), _off(coffee)) == (0, 0)


def test_buy_x_get_y_at_a_percent_off(shop, manager_api):
    """``value`` 50: the Y units are half price."""
    create(
        manager_api,
        kind="buy_x_get_y",
        value="50",
        buy_quantity=1,
        get_quantity=1,
        product_ids=[shop["COFFEE"]],
    )
    (coffee,) = quote(manager_api, shop.line("COFFEE", 5))["lines"]
    assert _off(coffee) == 1000  # 2 pairs: 2 coffees at half price


def test_bundle_price_shared_over_its_products(shop, manager_api):
    """TEA (4.00) + CAKE (3.00) for 6.00: 1.00 saved per set, shared 4:3."""
    create(
        manager_api,
        name="Tea time",
        kind="bundle",
        value=600,
        product_ids=[shop["TEA"], shop["CAKE"]],
    )
    result = quote(manager_api, shop.line("TEA"), shop.line("CAKE"), shop.line("BREAD"))
    tea, cake, bread = result["lines"]
    assert (_off(tea), _off(cake), _off(bread)) == (57, 43, 0)
    assert result["total"] == 600 + 200
    tea, cake = quote(manager_api, shop.line("TEA", 2), shop.line("CAKE", 3))["lines"]
    assert (_off(tea), _off(cake)) == (114, 86)  # two complete sets
    (tea,) = quote(manager_api, shop.line("TEA", 2))["lines"]
    assert _off(tea) == 0  # an incomplete set saves nothing


def test_best_single_promotion_wins_by_default(shop, manager_api):
    """Two promotions on one line: only the better one applies."""
    create(manager_api, name="Small", value="10")
    create(manager_api, name="Large", value="20", product_ids=[shop["TEA"]])
    (tea,) = quote(manager_api, shop.line("TEA"))["lines"]
    assert [(a["label"], a["amount"]) for a in tea["adjustments"]] == [("Large", 80)]


def test_stackable_promotions_add_up(shop, manager_api):
    """Stackable promotions add to the best single one."""
    create(manager_api, name="Small", value="10", stackable=True)
    create(manager_api, name="Large", value="20")
    (tea,) = quote(manager_api, shop.line("TEA"))["lines"]
    assert sorted((a["label"], a["amount"]) for a in tea["adjustments"]) == [
        ("Large", 80),
        ("Small", 40),
    ]
    assert tea["total"] == 280


def test_stacking_never_goes_beyond_the_line(shop, manager_api):
    """Stacked savings are clipped to the line: it costs 0, never less."""
    create(manager_api, name="A", value="60", stackable=True)
    create(manager_api, name="B", value="60", stackable=True)
    (bread,) = quote(manager_api, shop.line("BREAD"))["lines"]
    assert [a["amount"] for a in bread["adjustments"]] == [120, 80]
    assert bread["total"] == 0


def test_inactive_promotion_never_applies(shop, manager_api):
    create(manager_api, active=False)
    (tea,) = quote(manager_api, shop.line("TEA"))["lines"]
    assert tea["adjustments"] == []


def test_a_sale_records_what_the_quote_showed(shop, manager_api, cashier_api):
    """The completed sale carries the promotion's adjustment, label and total."""
    create(manager_api, name="Tea week", value="10", product_ids=[shop["TEA"]])
    response = cashier_api.post("/api/v1/sales", json=sale_body(shop.line("TEA", 2)))
    assert response.status_code == 201, response.get_json()
    body = response.get_json()
    assert body["lines"][0]["adjustments"][0]["label"] == "Tea week"
    assert body["total"] == 720


def test_pricing_reads_promotions_once_per_cart(app, shop, manager_api):
    """Forty lines, one query of the promotions table."""
    import sqlalchemy as sa

    create(manager_api, value="10")
    create(manager_api, name="Tea", value="20", product_ids=[shop["TEA"]])
    statements: list[str] = []
    with app.app_context():
        engine = db.engine

    def count(conn, cursor, statement, *args):
        if "promotions_promotion" in statement:
            statements.append(statement)

    sa.event.listen(engine, "before_cursor_execute", count)
    try:
        lines = [shop.line("TEA" if i % 2 else "CAKE") for i in range(40)]
        result = quote(manager_api, *lines)
    finally:
        sa.event.remove(engine, "before_cursor_execute", count)
    assert len(statements) == 1
    assert result["discount_total"] == 20 * 80 + 20 * 30
