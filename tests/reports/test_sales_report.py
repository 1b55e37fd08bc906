"""The sales report: exact figures by day, hour, product, payment method and user."""

from __future__ import annotations

import pytest
from report_shop import make_report_shop

PERIOD = "from=2024-03-04&to=2024-03-05"


def _report(api, query: str):
    return api.get(f"/api/v1/reports/sales?{query}")


def _rows(api, by: str) -> list[dict]:
    response = _report(api, f"{PERIOD}&by={by}")
    assert response.status_code == 200, response.get_json()
    return response.get_json()["rows"]


def _row(key, label, count, items, total, net, tax, discounts, refunds=(0, 0)):
    return {
        "key": key,
        "label": label,
        "sales_count": count,
        "items": items,
        "total": total,
        "net": net,
        "tax": tax,
        "discounts": discounts,
        "refunds": {"count": refunds[0], "amount": refunds[1]},
    }


@pytest.fixture
def shop(app, cashier_api, manager_api):
    return make_report_shop(app, cashier_api, manager_api)


def test_by_day_in_the_store_time_zone(shop, manager_api):
    """Days are the store's (Paris): S3, at 23:30 UTC on March 4, is a sale of March 5;
    the refund counts on the day it was made; S0 is outside the period."""
    assert _rows(manager_api, "day") == [
        _row("2024-03-04", "2024-03-04", 2, "6.000", 1085, 945, 140, 25),
        _row("2024-03-05", "2024-03-05", 1, "1.000", 120, 114, 6, 0, refunds=(1, 250)),
    ]


def test_by_hour(shop, manager_api):
    """Hours are local, keyed with their offset; an hour with only a refund has a row."""
    assert _rows(manager_api, "hour") == [
        _row("2024-03-04T10:00+0100", "2024-03-04 10:00", 1, "2.000", 500, 417, 83, 0),
        _row("2024-03-04T23:00+0100", "2024-03-04 23:00", 1, "4.000", 585, 528, 57, 25),
        _row("2024-03-05T00:00+0100", "2024-03-05 00:00", 1, "1.000", 120, 114, 6, 0),
        _row("2024-03-05T11:00+0100", "2024-03-05 11:00", 0, "0.000", 0, 0, 0, 0, (1, 250)),
    ]


def test_by_product(shop, manager_api):
    """Per product: the sales it was in, quantity, line totals, and what was refunded."""
    assert _rows(manager_api, "product") == [
        _row(shop["COFFEE"], "Coffee", 2, "3.000", 725, 604, 121, 25, (1, 250)),
        _row(shop["CROISSANT"], "Croissant", 2, "4.000", 480, 455, 25, 0),
    ]


def test_by_payment_method(shop, manager_api):
    """Money taken per method: change comes off cash; figures that a split payment cannot
    divide are null."""
    assert _rows(manager_api, "payment_method") == [
        _row("card", "Card", 2, None, 685, None, None, None),
        _row("cash", "Cash", 2, None, 520, None, None, None, (1, 250)),
    ]


def test_by_user(app, shop, manager_api):
    """Per seller, keyed by user id and labelled with their name; refunds go to who made
    them."""
    import sqlalchemy as sa

    from core.auth.models import User
    from core.db import db

    with app.app_context():
        ids = dict(db.session.execute(sa.select(User.username, User.id)).all())
    assert _rows(manager_api, "user") == [
        _row(str(ids["cashier"]), "Camille Cashier", 2, "6.000", 1085, 945, 140, 25),
        _row(str(ids["manager"]), "Marie Manager", 1, "1.000", 120, 114, 6, 0, (1, 250)),
    ]


def test_summary(shop, manager_api):
    """The summary holds counts, totals, refunds, items per sale and the average sale."""
    body = _report(manager_api, PERIOD).get_json()
    assert body["by"] == "day"
    assert body["from"] == "2024-03-04T00:00:00+01:00"
    assert body["to"] == "2024-03-06T00:00:00+01:00"
    assert body["summary"] == {
        "sales_count": 3,
        "items": "7.000",
        "total": 1205,
        "net": 1059,
        "tax": 146,
        "discounts": 25,
        "cash_rounding": 0,
        "refunds": {"count": 1, "amount": 250, "tax": 42},
        "total_after_refunds": 955,
        "items_per_sale": "2.33",
        "average_sale": 402,
    }
    assert body["sections"] == []


def test_rows_add_up_to_the_summary(shop, manager_api):
    """Whatever the grouping, the rows' totals and counts sum to the summary's."""
    summary = _report(manager_api, PERIOD).get_json()["summary"]
    for by in ("day", "hour", "product", "payment_method", "user"):
        rows = _rows(manager_api, by)
        assert sum(row["total"] for row in rows) == summary["total"], by
        assert sum(row["refunds"]["amount"] for row in rows) == summary["refunds"]["amount"], by


def test_summary_is_the_same_whatever_the_grouping(shop, manager_api):
    """The summary is the period's, whatever the rows: by hour to year it is added up from
    the buckets, by product and category its items from the rows, otherwise it is read on
    its own; the figures, rows and refunds included, are the same every way."""
    expected = _report(manager_api, f"{PERIOD}&by=user").get_json()["summary"]
    assert expected["refunds"] == {"count": 1, "amount": 250, "tax": 42}
    for by in ("hour", "day", "week", "month", "year", "product", "category", "tax"):
        body = _report(manager_api, f"{PERIOD}&by={by}").get_json()
        assert body["summary"] == expected, by
        # What only the summary holds stays off the rows.
        assert all("cash_rounding" not in row for row in body["rows"]), by


def test_datetimes_with_offset_bound_the_period(shop, manager_api):
    """``from``/``to`` may be datetimes with an offset; ``to`` is excluded."""
    body = _report(
        manager_api, "from=2024-03-04T10:15:00%2B01:00&to=2024-03-04T23:30:00%2B01:00"
    ).get_json()
    assert body["summary"]["sales_count"] == 1
    assert body["summary"]["total"] == 500


def test_empty_period(shop, manager_api):
    """A period without sales gives no rows and a zero summary."""
    body = _report(manager_api, "from=2023-01-01&to=2023-01-31&by=product").get_json()
    assert body["rows"] == []
    assert body["summary"]["sales_count"] == 0
    assert body["summary"]["average_sale"] == 0
    assert body["summary"]["items_per_sale"] == "0.00"


@pytest.mark.parametrize(
    "query, field",
    [
        ("by=fortnight", "by"),
        ("from=yesterday", "from"),
        ("from=2024-02-30", "from"),
        ("to=2024-03-05T10:00:00", "to"),
        ("from=2024-03-06&to=2024-03-05", "from"),
        ("from=2024-03-05T12:00:00%2B00:00&to=2024-03-05T11:00:00%2B00:00", "from"),
    ],
)
def test_bad_input_is_422(app, manager_api, query, field):
    """Unknown grouping, unreadable dates, a datetime without offset, or ``from`` after
    ``to``: 422 naming the field."""
    response = _report(manager_api, query)
    assert response.status_code == 422
    assert field in response.get_json()["error"]["fields"]


def test_cashier_may_not_see_reports(app, cashier_api):
    """Reports need ``reports.view``, which cashiers lack: 403."""
    assert _report(cashier_api, PERIOD).status_code == 403


def test_reports_need_credentials(app, client):
    """Without credentials: 401."""
    assert client.get("/api/v1/reports/sales").status_code == 401


def test_report_defaults_to_today(app, manager_api):
    """Without dates the report covers today in the store's time zone, by day."""
    body = _report(manager_api, "").get_json()
    assert body["by"] == "day"
    assert body["rows"] == []
    assert body["summary"]["sales_count"] == 0


@pytest.mark.comptoir_extra_plugins("report_section=report_section_plugin")
@pytest.mark.comptoir_plugins("report_section")
def test_plugin_section_is_added(shop, manager_api):
    """An enabled plugin's table is added, computed from the core's rows."""
    sections = _report(manager_api, PERIOD).get_json()["sections"]
    assert sections == [
        {
            "key": "sales_per_row",
            "title": "Sales by day",
            "columns": ["key", "sales"],
            "rows": [["2024-03-04", 2], ["2024-03-05", 1]],
        }
    ]


@pytest.mark.comptoir_extra_plugins("failing_hooks=sample_plugins.failing_hooks")
@pytest.mark.comptoir_plugins("failing_hooks")
def test_bad_plugin_section_is_left_out(shop, manager_api):
    """A plugin returning something that is not a ReportSection is left out; the report
    still answers with the core's figures."""
    response = _report(manager_api, PERIOD)
    assert response.status_code == 200
    body = response.get_json()
    assert body["sections"] == []
    assert body["summary"]["total"] == 1205


def test_by_week_month_and_year(shop, manager_api):
    """The longer periods of the store's calendar: a week is keyed by its Monday."""
    whole = _row("", "", 3, "7.000", 1205, 1059, 146, 25, refunds=(1, 250))
    assert _rows(manager_api, "week") == [{**whole, "key": "2024-03-04", "label": "2024-W10"}]
    assert _rows(manager_api, "month") == [{**whole, "key": "2024-03", "label": "2024-03"}]
    assert _rows(manager_api, "year") == [{**whole, "key": "2024", "label": "2024"}]


def test_by_tax_rate(shop, manager_api):
    """Per rate: base, tax and total from the sales' tax rows; refunds at that rate."""
    rows = _rows(manager_api, "tax")
    assert [(r["key"], r["sales_count"], r["net"], r["tax"], r["total"]) for r in rows] == [
        ("5.50", 2, 455, 25, 480),
        ("20.00", 2, 604, 121, 725),
    ]
    assert rows[1]["refunds"] == {"count": 1, "amount": 250, "tax": 42}


def test_by_category_adds_up_to_the_sales(shop, manager_api):
    rows = _rows(manager_api, "category")
    assert sum(row["total"] for row in rows) == 1205
    assert sum(row["refunds"]["amount"] for row in rows) == 250


def test_one_register_only(shop, manager_api):
    assert _rows(manager_api, "day") == _rows_at(manager_api, 1)
    assert _rows_at(manager_api, 99) == []


def _rows_at(api, register_id: int) -> list[dict]:
    response = _report(api, f"{PERIOD}&by=day&register_id={register_id}")
    assert response.status_code == 200, response.get_json()
    return response.get_json()["rows"]
