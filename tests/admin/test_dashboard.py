"""The dashboard: today's and this week's sales against before, sales by hour, top
products, open registers and by whom, low stock, the journal."""

from __future__ import annotations

from core.testing import sell


def test_the_dashboard_shows_the_days_sales_and_the_shop_now(shop, manager_api, browse):
    sell(manager_api, shop.line("TEA", 2), payments=[{"method": "cash", "amount": 800}])
    sell(manager_api, shop.line("COFFEE", 1), payments=[{"method": "cash", "amount": 250}])
    html = browse("manager").get("/admin/").get_data(as_text=True)
    today = html.split('<div class="figures">', 1)[1]
    assert "10.50" in today or "10,50" in today  # today's total
    assert '<figure class="chart"' in html  # sales by hour
    top = html.split("Top products this week", 1)[1]
    assert top.index("Tea") < top.index("Coffee")
    registers = html.split("Registers open now", 1)[1]
    assert "Marie Manager" in registers.split("</table>", 1)[0]  # who opened register 1


def test_low_stock_lists_what_is_at_its_reorder_level(shop, manager_api, browse):
    response = manager_api.patch(f"/api/v1/products/{shop['TEA']}", json={"reorder_level": "100"})
    assert response.status_code == 200, response.json
    html = browse("manager").get("/admin/").get_data(as_text=True)
    low = html.split("Low stock", 1)[1].split("</table>", 1)[0]
    assert "Tea" in low and "Coffee" not in low


def test_the_journal_is_verified_on_request(shop, manager_api, browse):
    sell(manager_api, shop.line("TEA", 1), payments=[{"method": "cash", "amount": 400}])
    manager = browse("manager")
    assert "Verify the journal" in manager.get("/admin/").get_data(as_text=True)
    checked = manager.get("/admin/?verify=1").get_data(as_text=True)
    assert "Intact" in checked


def test_a_cashier_gets_403(browse):
    assert browse("cashier").get("/admin/").status_code == 403
