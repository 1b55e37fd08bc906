"""Migration ``core_sale_line_period``: lines sold before it get their sale's register
and completion time, so that the reports, which read them from the lines, keep every
past sale where it was."""

from __future__ import annotations

import datetime as dt

import sqlalchemy as sa
from alembic import command

from core.migrate import alembic_config
from core.testing.fixtures import make_test_app

BEFORE, AFTER = "core_plugin_cache_generation", "core_sale_line_period"


def _migrate(app, step, target: str) -> None:
    with app.engine.begin() as connection:
        step(alembic_config(app, connection), target)


def _insert(connection, table: str, **values) -> None:
    columns = ", ".join(f'"{name}"' for name in values)
    marks = ", ".join(f":{name}" for name in values)
    connection.execute(sa.text(f'INSERT INTO "{table}" ({columns}) VALUES ({marks})'), values)


def test_existing_lines_take_their_sale_time_and_register(empty_database_url, tmp_path):
    app = make_test_app(empty_database_url, tmp_path / "instance", [])
    times = {"s1": "2024-03-04 09:15:00.000000", "s2": "2024-03-04 23:30:00.000000"}
    try:
        _migrate(app, command.upgrade, BEFORE)
        with app.engine.begin() as connection:
            _insert(connection, "location", id=1, code="L", name="L", is_default=True)
            for register_id in (1, 2):
                _insert(
                    connection,
                    "register",
                    id=register_id,
                    code=f"R{register_id}",
                    name="R",
                    location_id=1,
                    active=True,
                    last_receipt_number=0,
                    journal_sequence=0,
                    journal_head="0",
                )
            _insert(
                connection,
                "user",
                id=1,
                username="u",
                full_name="U",
                active=True,
                created_at="2024-01-01 00:00:00.000000",
            )
            for number, (sale_id, at) in enumerate(times.items(), start=1):
                _insert(
                    connection,
                    "sale",
                    id=sale_id,
                    register_id=number,
                    location_id=1,
                    number=number,
                    status="completed",
                    user_id=1,
                    currency="EUR",
                    prices_include_tax=True,
                    **dict.fromkeys(("subtotal", "discount_total", "net_total"), 0),
                    **dict.fromkeys(("tax_total", "total", "rounding", "paid_total"), 0),
                    change=0,
                    data="{}",
                    plugin_data="{}",
                    created_at=at,
                    completed_at=at,
                )
                for position in (0, 1):
                    _insert(
                        connection,
                        "sale_line",
                        sale_id=sale_id,
                        position=position,
                        kind="product",
                        sku="" if sale_id == "s1" else f"S{position}",
                        name="x",
                        quantity=1,
                        unit_price=0,
                        base=0,
                        adjustments="[]",
                        line_discount=0,
                        cart_discount=0,
                        discount=0,
                        total=0,
                        net=0,
                        tax=0,
                        tax_rate=20,
                        refunded_quantity=0,
                        data="{}",
                    )
        _migrate(app, command.upgrade, AFTER)
        line = sa.table(
            "sale_line",
            *(sa.column(name) for name in ("sale_id", "position", "register_id")),
            *(sa.column(name) for name in ("completed_at", "first_of_product")),
        )
        from core.db import UTCDateTime

        line.c.completed_at.type = UTCDateTime()
        with app.engine.begin() as connection:
            rows = connection.execute(
                sa.select(
                    line.c.sale_id, line.c.register_id, line.c.completed_at, line.c.first_of_product
                ).order_by(line.c.sale_id, line.c.position)
            ).all()
        utc = dt.UTC
        # s1 sold the same (no product, no SKU) twice: its first line counts the sale.
        s1, s2 = (
            dt.datetime(2024, 3, 4, 9, 15, tzinfo=utc),
            dt.datetime(2024, 3, 4, 23, 30, tzinfo=utc),
        )
        assert [tuple(row) for row in rows] == [
            ("s1", 1, s1, True),
            ("s1", 1, s1, False),
            ("s2", 2, s2, True),
            ("s2", 2, s2, True),
        ]
        _migrate(app, command.downgrade, BEFORE)
        columns = {c["name"] for c in sa.inspect(app.engine).get_columns("sale_line")}
        assert "completed_at" not in columns and "register_id" not in columns
    finally:
        app.close()
