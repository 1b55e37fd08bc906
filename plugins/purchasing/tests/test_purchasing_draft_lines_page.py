"""A draft order's lines changed on its back-office page: a product added by SKU, a
line's quantity and cost changed, a line removed; bad input and refusals (the order sent,
its last line, a product already on it) answered on the page, nothing changed."""

from __future__ import annotations

import pytest
from purchasing_testing import add_supplier, draft, offer, ok

pytestmark = pytest.mark.comptoir_plugins("purchasing")


@pytest.fixture
def order(manager_api, shop):
    supplier = add_supplier(manager_api)
    offer(manager_api, supplier, shop["RICE"], cost=180)
    return draft(manager_api, supplier, (shop["TEA"], "4", 200))


def _lines(api, order_id: int) -> list[tuple[str, str, int]]:
    found = ok(api.get(f"/api/v1/purchase-orders/{order_id}"))
    return [(line["sku"], line["quantity"], line["unit_cost"]) for line in found["lines"]]


def test_lines_are_added_changed_and_removed_on_the_page(manager_api, order):
    base = f"/purchasing/orders/{order['id']}"
    page = manager_api.get(base).get_data(as_text=True)
    assert 'id="add-line"' in page and f'name="quantity-{order["lines"][0]["id"]}"' in page

    # Added without a cost: the supplier's (1.80).
    answer = manager_api.post(f"{base}/lines", data={"product": "RICE", "quantity": "6"})
    assert answer.status_code == 302
    assert _lines(manager_api, order["id"]) == [("TEA", "4", 200), ("RICE", "6", 180)]

    tea = order["lines"][0]["id"]
    answer = manager_api.post(
        f"{base}/lines/{tea}", data={f"quantity-{tea}": "10", f"unit_cost-{tea}": "2,15"}
    )
    assert answer.status_code == 302
    assert _lines(manager_api, order["id"])[0] == ("TEA", "10", 215)
    assert ok(manager_api.get(f"/api/v1/purchase-orders/{order['id']}"))["total"] == 2150 + 1080

    assert manager_api.post(f"{base}/lines/{tea}/remove").status_code == 302
    assert _lines(manager_api, order["id"]) == [("RICE", "6", 180)]
    page = manager_api.get(base).get_data(as_text=True)
    assert "Line removed from" in page


@pytest.mark.parametrize(
    "path, data",
    [
        ("lines", {"product": "NOPE", "quantity": "1"}),
        ("lines", {"product": "RICE", "quantity": "-2"}),
        ("lines", {"product": "RICE", "quantity": ""}),
        ("lines", {"product": "RICE", "quantity": "1", "unit_cost": "1.234"}),
        ("line", {"quantity-LINE": "abc"}),
        ("line", {"quantity-LINE": "0"}),
        ("line", {"quantity-LINE": "3", "unit_cost-LINE": "-1"}),
    ],
)
def test_bad_input_is_a_400_on_the_page_and_changes_nothing(manager_api, order, path, data):
    line = order["lines"][0]["id"]
    url = f"/purchasing/orders/{order['id']}/" + ("lines" if path == "lines" else f"lines/{line}")
    data = {key.replace("LINE", str(line)): value for key, value in data.items()}
    answer = manager_api.post(url, data=data)
    assert answer.status_code == 400
    assert 'role="alert"' in answer.get_data(as_text=True)
    assert _lines(manager_api, order["id"]) == [("TEA", "4", 200)]


def test_refusals_are_shown_on_the_page(manager_api, order):
    base = f"/purchasing/orders/{order['id']}"
    line = order["lines"][0]["id"]
    duplicate = manager_api.post(f"{base}/lines", data={"product": "TEA", "quantity": "1"})
    assert duplicate.status_code == 409
    assert "is on the order already" in duplicate.get_data(as_text=True)
    last = manager_api.post(f"{base}/lines/{line}/remove")
    assert last.status_code == 409
    assert "cancel the order instead" in last.get_data(as_text=True)
    assert manager_api.post(f"{base}/lines/999999/remove").status_code == 404

    ok(manager_api.post(f"/api/v1/purchase-orders/{order['id']}/send"))
    sent = manager_api.post(f"{base}/lines/{line}", data={f"quantity-{line}": "9"})
    assert sent.status_code == 409 and 'role="alert"' in sent.get_data(as_text=True)
    page = manager_api.get(base).get_data(as_text=True)
    assert 'id="add-line"' not in page and f'name="quantity-{line}"' not in page
    assert _lines(manager_api, order["id"]) == [("TEA", "4", 200)]


def test_only_managers_change_lines(cashier_api, manager_api, order):
    line = order["lines"][0]["id"]
    base = f"/purchasing/orders/{order['id']}"
    assert (
        cashier_api.post(f"{base}/lines", data={"product": "RICE", "quantity": "1"}).status_code
        == 403
    )
    assert cashier_api.post(f"{base}/lines/{line}/remove").status_code == 403
    assert (
        manager_api.post(
            "/purchasing/orders/999999/lines", data={"product": "RICE", "quantity": "1"}
        ).status_code
        == 404
    )
    assert _lines(manager_api, order["id"]) == [("TEA", "4", 200)]
