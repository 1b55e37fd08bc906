"""The core's access scope (``pos_access_scope``) and per-register store settings
(``pos_store_of_register``), with a sample plugin fencing one user in to register 2 and
location 2: the core refuses the rest on its endpoints and pages and leaves it out of its
lists; register 2's receipts carry its own shop."""

from __future__ import annotations

import pytest

from core.testing import Item, make_shop, open_register, sale_body, sell
from core.testing.fixtures import TokenClient, token_for

pytestmark = [
    pytest.mark.comptoir_extra_plugins("fences=sample_plugins.fences"),
    pytest.mark.comptoir_plugins("fences"),
]


@pytest.fixture
def fenced(admin_api):
    """Register 2; ``fenced``, a manager kept to it; one sale at each register."""
    shop = make_shop(admin_api, [Item("TEA", 300)])
    register = admin_api.post("/api/v1/registers", json={"code": "R2", "name": "Second"})
    register = register.get_json()
    open_register(admin_api, register["id"])
    made = admin_api.post("/api/v1/users", json={"username": "fenced", "roles": ["manager"]})
    assert made.status_code == 201
    client = TokenClient(admin_api.app, token_for(admin_api.app, "fenced"), "fenced")
    at_one = sell(admin_api, shop.line("TEA"))
    at_two = sell(admin_api, shop.line("TEA"), register_id=register["id"])
    return client, shop, at_one, at_two, register["id"]


def test_a_record_outside_the_scope_is_403(fenced):
    client, _shop, at_one, at_two, register_two = fenced
    assert register_two == 2
    assert client.get(f"/api/v1/sales/{at_one['id']}").status_code == 403
    assert client.get(f"/api/v1/sales/{at_one['id']}").get_json()["error"]["code"] == (
        "other_store"
    )
    assert client.get(f"/api/v1/sales/{at_two['id']}").status_code == 200
    assert client.get("/api/v1/registers/1/x-report").status_code == 403
    assert client.get("/admin/registers/1").status_code == 403
    assert client.get("/api/v1/reports/sales?register_id=1").status_code == 403
    assert client.get("/api/v1/stock?location_id=1").status_code == 403
    assert client.get("/api/v1/stock/movements?location_id=1").status_code == 403


def test_a_sale_at_a_register_outside_the_scope_is_403_and_writes_nothing(fenced):
    client, shop, *_rest = fenced
    answer = client.post("/api/v1/sales", json=sale_body(shop.line("TEA"), register_id=1))
    assert answer.status_code == 403
    listed = client.get("/api/v1/sales").get_json()
    assert len(listed) == 1


def test_lists_and_reports_leave_the_rest_out(fenced, admin_api):
    client, _shop, _one, at_two, register_two = fenced
    assert [r["id"] for r in client.get("/api/v1/registers").get_json()] == [register_two]
    assert [s["id"] for s in client.get("/api/v1/sales").get_json()] == [at_two["id"]]
    assert client.get("/api/v1/reports/sales").get_json()["summary"]["sales_count"] == 1
    assert admin_api.get("/api/v1/reports/sales").get_json()["summary"]["sales_count"] == 2
    assert len(admin_api.get("/api/v1/sales").get_json()) == 2


def test_everyone_else_is_not_fenced(fenced, api_as):
    _client, _shop, at_one, *_rest = fenced
    assert api_as("manager").get(f"/api/v1/sales/{at_one['id']}").status_code == 200


def test_a_registers_receipt_carries_its_own_shop(fenced, admin_api):
    _client, _shop, at_one, at_two, _register = fenced
    two = admin_api.get(f"/api/v1/sales/{at_two['id']}/receipt?format=text").get_data(True)
    one = admin_api.get(f"/api/v1/sales/{at_one['id']}/receipt?format=text").get_data(True)
    assert "Fenced shop" in two and "2 Fence Road" in two and "NL0002" in two
    assert "Fenced shop" not in one


def test_register_groups_filter_the_reports_within_the_scope(fenced, admin_api):
    client, *_rest, register_two = fenced
    both = admin_api.get("/api/v1/reports/sales?register_ids=1,2").get_json()
    assert both["summary"]["sales_count"] == 2 and both["register_ids"] == [1, 2]
    second = admin_api.get(f"/api/v1/reports/sales?register_ids={register_two}").get_json()
    assert second["summary"]["sales_count"] == 1
    assert admin_api.get("/api/v1/reports/sales?register_ids=1,987654").status_code == 422
    assert admin_api.get("/api/v1/reports/sales?register_ids=1,x").status_code == 422
    assert client.get("/api/v1/reports/sales?register_ids=1,2").status_code == 403
    page = admin_api.get("/admin/reports/sales").get_data(as_text=True)
    assert 'value="1,2"' in page and "Both tills" in page
    fenced_page = client.get("/admin/reports/sales").get_data(as_text=True)
    assert "Second only" in fenced_page and "Both tills" not in fenced_page
    assert client.get("/admin/reports/sales?register=1,2").status_code == 403
    chosen = admin_api.get("/admin/reports/sales?register=1,2").get_data(as_text=True)
    assert 'value="1,2" selected' in chosen
