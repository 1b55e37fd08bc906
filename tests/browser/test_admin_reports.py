"""A report in a real browser at the screen sizes shops use: its chart is drawn, its
CSV downloads with money as decimals; the dashboard shows the day."""

from __future__ import annotations

import csv
import io
import uuid

import pytest

from .backoffice import SIZES, back_office, no_horizontal_scroll
from .conftest import screenshot
from .till import SPREAD

pytestmark = pytest.mark.browser


def _sell(server, quantity: int) -> dict:
    register = server.ensure_open()
    status, sale, _ = server.api(
        "POST",
        "/sales",
        {
            "id": str(uuid.uuid4()),
            "register_id": register["id"],
            "lines": [{"barcode": SPREAD[0], "quantity": quantity}],
            "payments": [{"method": "cash", "amount": SPREAD[1] * quantity}],
        },
    )
    assert status == 201, sale
    return sale


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_a_report_with_its_chart_and_its_csv(browser, till_server, size):
    width = size[0]
    _sell(till_server, 3)
    manager = back_office(browser, till_server, size, "manager")
    manager.get_by_role("navigation", name="Back office").get_by_role(
        "link", name="Reports"
    ).click()
    chart = manager.locator("figure.chart svg")
    chart.wait_for(state="visible")
    box = chart.bounding_box()
    assert box["width"] > 300 and box["height"] > 100
    assert box["x"] + box["width"] <= width  # the chart fits the screen
    assert manager.locator("figure.chart rect.rect").count() >= 1  # bars drawn
    assert no_horizontal_scroll(manager)
    screenshot(manager, f"admin-report-sales-{width}")

    manager.locator(".report-tabs").get_by_role("link", name="Products").click()
    manager.get_by_role("heading", name="Best sellers").first.wait_for()
    screenshot(manager, f"admin-report-products-{width}")
    with manager.expect_download() as download:
        manager.get_by_role("link", name="Export CSV").click()
    path = download.value.path()
    rows = list(csv.reader(io.StringIO(open(path, encoding="utf-8").read())))
    assert rows[0][:4] == ["Product", "Sales", "Quantity", "Total"]
    spread = next(row for row in rows[1:] if row[0].startswith("Pâte à tartiner"))
    assert "." in spread[3] and int(spread[3].replace(".", "")) >= SPREAD[1] * 3
    assert download.value.suggested_filename.startswith("products-")
    manager.context.close()


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_the_dashboard_at_a_glance(browser, till_server, size):
    _sell(till_server, 1)
    manager = back_office(browser, till_server, size, "manager")
    manager.goto("/admin/")
    manager.locator("figure.chart svg").wait_for(state="visible")
    manager.get_by_role("heading", name="Registers open now").wait_for()
    assert manager.locator(".open-registers").get_by_text("R1").count() == 1
    assert no_horizontal_scroll(manager)
    screenshot(manager, f"admin-dashboard-{size[0]}")
    manager.context.close()
