"""A report of a period reads the period's sales and lines from their time indexes, on
PostgreSQL from the indexes alone (index-only scans: the indexes INCLUDE what the reports
sum), so that a month of a million-sale shop is not a read of its rows one by one."""

from __future__ import annotations

import datetime as dt
import re
import typing as t
import zoneinfo

import pytest
import sqlalchemy as sa
from report_shop import make_report_shop

from core.db import db
from core.reports.services import sales_report

PARIS = zoneinfo.ZoneInfo("Europe/Paris")
START = dt.datetime(2024, 3, 1, tzinfo=PARIS)
END = dt.datetime(2024, 4, 1, tzinfo=PARIS)


@pytest.fixture
def shop(app, cashier_api, manager_api):
    return make_report_shop(app, cashier_api, manager_api)


def _statements(by: str) -> list[tuple[str, dict]]:
    """The SELECTs the report ran on ``sale`` or ``sale_line``, with their parameters."""
    seen: list[tuple[str, dict]] = []

    def listen(_conn, _cursor, statement, parameters, _context, _many):
        if statement.lstrip().upper().startswith("SELECT"):
            seen.append((statement, parameters))

    engine = db.engine
    sa.event.listen(engine, "before_cursor_execute", listen)
    try:
        sales_report(START, END, by, timezone="Europe/Paris")
    finally:
        sa.event.remove(engine, "before_cursor_execute", listen)
    db.session.rollback()
    return [(s, p) for s, p in seen if _LINES.search(s) or _SALES.search(s)]


_LINES, _SALES = re.compile(r"FROM sale_line\s"), re.compile(r"FROM sale\s")


def _plan(statement: str, parameters: t.Any) -> str:
    with db.engine.connect() as connection:
        if connection.dialect.name == "postgresql":
            # A test shop has a few rows, which PostgreSQL would rather scan whole: price
            # the other ways out, so that the plan says what the indexes allow.
            connection.exec_driver_sql("SET enable_seqscan = off")
            connection.exec_driver_sql("SET enable_bitmapscan = off")
            rows = connection.exec_driver_sql(f"EXPLAIN {statement}", parameters).all()
            return "\n".join(row[0] for row in rows)
        rows = connection.exec_driver_sql(f"EXPLAIN QUERY PLAN {statement}", parameters).all()
        return "\n".join(row[-1] for row in rows)


@pytest.mark.parametrize("by", ["day", "product"])
def test_a_periods_sales_and_lines_come_from_their_time_indexes(app, shop, by):
    with app.app_context():
        statements = _statements(by)
        assert any(_LINES.search(s) for s, _ in statements)
        if by == "day":
            assert any(_SALES.search(s) for s, _ in statements)
        postgresql = db.engine.dialect.name == "postgresql"
        for statement, parameters in statements:
            plan = _plan(statement, parameters)
            lines = _LINES.search(statement)
            index = "ix_sale_line_completed_at" if lines else "ix_sale_completed_at"
            if postgresql:
                assert f"Index Only Scan using {index}" in plan, (statement, plan)
            else:
                assert f"USING INDEX {index}" in plan or f"USING COVERING INDEX {index}" in plan, (
                    statement,
                    plan,
                )
