"""The sales report against the raw rows: each figure recomputed here from the sales,
their lines and the refunds, joined the plain way and put in the store's local days.

The report reads a period's lines by the sale's time and register copied onto each line
(no join to the sale); this checks that it still gives what the joined rows say, with a
refund, a void, and sales on both sides of a local midnight that is not UTC's."""

from __future__ import annotations

import datetime as dt
import uuid
import zoneinfo
from collections import defaultdict
from decimal import Decimal

import pytest
import sqlalchemy as sa
from report_shop import make_report_shop, sell

from core.db import db
from core.reports.services import sales_report
from core.sales.models import Refund, RefundLine, Sale, SaleLine

PARIS = zoneinfo.ZoneInfo("Europe/Paris")
#: March 4 and 5 in Paris, both boundaries at 23:00 UTC.
START = dt.datetime(2024, 3, 4, tzinfo=PARIS)
END = dt.datetime(2024, 3, 6, tzinfo=PARIS)


@pytest.fixture
def shop(app, cashier_api, manager_api):
    ids = make_report_shop(app, cashier_api, manager_api)
    # S4, 13:00 in Paris on March 4: the same coffee on two lines (one 10 % off), one
    # sale of coffee all the same.
    coffee = "3017620422003"
    s4 = sell(cashier_api, [(coffee, "1", None), (coffee, "1", "10")], [("cash", 1000)])
    # S2 (23:30 in Paris on March 4) voided at 00:10 on March 5, Paris time.
    void = manager_api.post(f"/api/v1/sales/{ids['S2']}/void", json={"id": str(uuid.uuid4())})
    assert void.status_code == 201, void.get_json()
    with app.app_context():
        noon = dt.datetime(2024, 3, 4, 12, tzinfo=dt.UTC)
        db.session.execute(sa.update(Sale).where(Sale.id == s4).values(completed_at=noon))
        db.session.execute(
            sa.update(SaleLine).where(SaleLine.sale_id == s4).values(completed_at=noon)
        )
        db.session.execute(
            sa.update(Refund)
            .where(Refund.id == void.get_json()["id"])
            .values(created_at=dt.datetime(2024, 3, 4, 23, 10, tzinfo=dt.UTC))
        )
        db.session.commit()
    return ids


def _day(moment: dt.datetime) -> str:
    return moment.astimezone(PARIS).date().isoformat()


def _in_period(column):
    return sa.and_(column >= START, column < END)


def _expected_by_day() -> dict[str, dict]:
    rows: dict[str, dict] = defaultdict(
        lambda: {"sales_count": 0, "items": Decimal(0), "total": 0, "refunds": [0, 0]}
    )
    for sale in db.session.scalars(sa.select(Sale).where(_in_period(Sale.completed_at))):
        row = rows[_day(sale.completed_at)]
        row["sales_count"] += 1
        row["total"] += sale.total
    lines = (
        sa.select(Sale.completed_at, SaleLine.quantity)
        .join(Sale, SaleLine.sale_id == Sale.id)
        .where(_in_period(Sale.completed_at))
    )
    for completed_at, quantity in db.session.execute(lines):
        rows[_day(completed_at)]["items"] += quantity
    for refund in db.session.scalars(sa.select(Refund).where(_in_period(Refund.created_at))):
        rows[_day(refund.created_at)]["refunds"][0] += 1
        rows[_day(refund.created_at)]["refunds"][1] += refund.total
    return dict(rows)


def _expected_by_product() -> dict[str, dict]:
    rows: dict[str, dict] = defaultdict(
        lambda: {"sales": set(), "items": Decimal(0), "total": 0, "refunds": [set(), 0]}
    )
    lines = (
        sa.select(SaleLine.product_id, SaleLine.sale_id, SaleLine.quantity, SaleLine.total)
        .join(Sale, SaleLine.sale_id == Sale.id)
        .where(_in_period(Sale.completed_at))
    )
    for product_id, sale_id, quantity, total in db.session.execute(lines):
        row = rows[str(product_id)]
        row["sales"].add(sale_id)
        row["items"] += quantity
        row["total"] += total
    refunded = (
        sa.select(SaleLine.product_id, RefundLine.refund_id, RefundLine.total)
        .join(Refund, RefundLine.refund_id == Refund.id)
        .join(SaleLine, RefundLine.sale_line_id == SaleLine.id)
        .where(_in_period(Refund.created_at))
    )
    for product_id, refund_id, total in db.session.execute(refunded):
        rows[str(product_id)]["refunds"][0].add(refund_id)
        rows[str(product_id)]["refunds"][1] += total
    return {
        key: {
            "sales_count": len(row["sales"]),
            "items": row["items"],
            "total": row["total"],
            "refunds": [len(row["refunds"][0]), row["refunds"][1]],
        }
        for key, row in rows.items()
    }


def _figures(report: dict) -> dict[str, dict]:
    return {
        row["key"]: {
            "sales_count": row["sales_count"],
            "items": Decimal(row["items"]),
            "total": row["total"],
            "refunds": [row["refunds"]["count"], row["refunds"]["amount"]],
        }
        for row in report["rows"]
    }


def test_by_day_is_the_raw_rows_in_local_days(app, shop):
    with app.app_context():
        expected = _expected_by_day()
        report = sales_report(START, END, "day", timezone="Europe/Paris")
    # S3 (23:30 UTC on March 4) and the void (23:10 UTC) fall on Paris's March 5.
    assert sorted(expected) == ["2024-03-04", "2024-03-05"]
    assert expected["2024-03-05"]["refunds"] == [2, 585 + 250]
    assert _figures(report) == expected
    assert report["summary"]["items"] == str(sum(r["items"] for r in expected.values()))


def test_by_product_is_the_raw_rows(app, shop):
    with app.app_context():
        expected = _expected_by_product()
        report = sales_report(START, END, "product", timezone="Europe/Paris")
    assert _figures(report) == expected
    assert report["summary"]["items"] == str(sum(r["items"] for r in expected.values()))


def test_one_day_ends_at_the_local_midnight(app, shop):
    """March 4 alone, in Paris: S3, sold at 23:30 UTC the same date, is not in it."""
    with app.app_context():
        day = sales_report(START, START + dt.timedelta(days=1), "product", timezone="Europe/Paris")
        s3 = db.session.get(Sale, shop["S3"])
        assert _day(s3.completed_at) == "2024-03-05"
    assert day["summary"]["sales_count"] == 3
    assert day["summary"]["items"] == "8.000"
    coffee = next(row for row in day["rows"] if row["key"] == str(shop["COFFEE"]))
    assert (coffee["sales_count"], coffee["items"]) == (3, "5.000")
