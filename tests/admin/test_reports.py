"""The reports' pages: each report with its chart, filtered by dates and register, and
its CSV with money as decimals; bad filters say so."""

from __future__ import annotations

import csv
import io

import pytest
from reports.report_shop import make_report_shop

PERIOD = "from=2024-03-04&to=2024-03-05"
SLUGS = (
    "sales",
    "products",
    "categories",
    "payments",
    "employees",
    "taxes",
    "discounts",
    "refunds",
)


@pytest.fixture
def shop(app, cashier_api, manager_api):
    return make_report_shop(app, cashier_api, manager_api)


def _csv(response) -> list[list[str]]:
    assert response.status_code == 200, response.get_data(as_text=True)
    assert response.mimetype == "text/csv"
    return list(csv.reader(io.StringIO(response.get_data(as_text=True))))


@pytest.mark.parametrize("slug", SLUGS)
def test_every_report_has_its_chart_and_its_csv(shop, browse, slug):
    manager = browse("manager")
    page = manager.get(f"/admin/reports/{slug}?{PERIOD}")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert '<figure class="chart"' in html and "<svg" in html
    assert "<script" not in html.split('<figure class="chart"', 1)[1].split("</figure>", 1)[0]
    rows = _csv(manager.get(f"/admin/reports/{slug}.csv?{PERIOD}"))
    assert len(rows) >= 2  # a header and the period's rows


def test_the_sales_report_compares_with_the_period_before(shop, browse):
    """March 4-5 against March 2-3: S0 (March 1) is in neither."""
    rows = _csv(browse("manager").get(f"/admin/reports/sales.csv?{PERIOD}"))
    header, *days = rows
    assert header[:4] == ["Period", "Sales", "Items", "Total"]
    assert [(d[0], d[1], d[3], d[8], d[9]) for d in days] == [
        ("2024-03-04", "2", "10.85", "2024-03-02", "0.00"),
        ("2024-03-05", "1", "1.20", "2024-03-03", "0.00"),
    ]


def test_the_week_before_is_compared_when_it_sold(shop, browse):
    rows = _csv(browse("manager").get("/admin/reports/sales.csv?from=2024-03-03&to=2024-03-05"))
    # March 3-5 against February 29 - March 2: S0 (March 1, 2.50) is the period before.
    assert [(d[0], d[3], d[8], d[9], d[10]) for d in rows[1:]] == [
        ("2024-03-03", "0.00", "2024-02-29", "0.00", ""),
        ("2024-03-04", "10.85", "2024-03-01", "2.50", "334.0"),
        ("2024-03-05", "1.20", "2024-03-02", "0.00", ""),
    ]


def test_products_best_and_worst(shop, browse):
    html = browse("manager").get(f"/admin/reports/products?{PERIOD}").get_data(as_text=True)
    assert "Best sellers" in html and "Worst sellers" in html
    rows = _csv(browse("manager").get(f"/admin/reports/products.csv?{PERIOD}"))
    assert [(r[0], r[3]) for r in rows[1:]] == [("Coffee", "7.25"), ("Croissant", "4.80")]


def test_employees_with_items_per_sale_and_average(shop, browse):
    rows = _csv(browse("manager").get(f"/admin/reports/employees.csv?{PERIOD}"))
    assert rows[0][:6] == ["Employee", "Sales", "Items", "Items per sale", "Average sale", "Total"]
    cashier = next(r for r in rows[1:] if r[1] == "2")
    assert cashier[2:6] == ["6.000", "3.00", "5.43", "10.85"]


def test_refunds_are_listed_one_by_one(shop, browse):
    rows = _csv(browse("manager").get(f"/admin/reports/refunds.csv?{PERIOD}"))
    (refund,) = rows[1:]
    assert refund[1] == "Refund" and refund[-1] == "2.50"
    assert refund[0].startswith("2024-03-05T11:00:00+01:00")


def test_one_register_only(shop, browse):
    manager = browse("manager")
    everything = _csv(manager.get(f"/admin/reports/taxes.csv?{PERIOD}&register=1"))
    assert len(everything) == 3
    page = manager.get(f"/admin/reports/taxes?{PERIOD}&register=99")
    assert page.status_code == 422
    assert "No such register." in page.get_data(as_text=True)


@pytest.mark.parametrize(
    "query, message",
    [
        ("from=yesterday", "Not a date: yesterday"),
        ("from=2024-03-06&to=2024-03-05", "The first day comes after the last one."),
        ("from=2024-01-01&to=2024-03-05&by=hour", "Hour by hour covers at most 31 days."),
        ("by=fortnight", "Choose hour, day, week, month or year."),
    ],
)
def test_bad_filters_say_why(browse, query, message):
    manager = browse("manager")
    page = manager.get(f"/admin/reports/sales?{query}")
    assert page.status_code == 422
    assert message in page.get_data(as_text=True)
    assert manager.get(f"/admin/reports/sales.csv?{query}").status_code == 422


def test_an_unknown_report_is_404(browse):
    assert browse("manager").get("/admin/reports/horoscope").status_code == 404


def test_a_text_cell_is_never_a_spreadsheet_formula(app, shop, browse, manager_api):
    from core.testing import refund, sell

    sale = sell(
        manager_api,
        {"barcode": "3017620422003", "quantity": 1},
        payments=[{"method": "cash", "amount": 250}],
    )
    refund(manager_api, sale, [(0, 1)], [{"method": "cash", "amount": 250}], reason="=HYPERLINK(1)")
    rows = _csv(browse("manager").get("/admin/reports/refunds.csv"))
    assert "'=HYPERLINK(1)" in [r[5] for r in rows[1:]]
