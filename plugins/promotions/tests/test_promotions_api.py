"""``/api/v1/promotions``: input checked as a whole, permissions, the admin page, the
receipt's "You saved" section, and switching the plugin off and on."""

from __future__ import annotations

import datetime as dt

import pytest
from promotions_helpers import NOW, create, iso, promotion, promotion_count, quote

from core.testing import sale_body

pytestmark = pytest.mark.comptoir_plugins("promotions")


def test_create_read_list(shop, manager_api):
    created = create(
        manager_api,
        name="Happy hour",
        coupon_code="happy",
        days=[5, 1, 5],
        hours={"start": "17:00", "end": "19:00"},
        max_uses=10,
    )
    assert created["coupon_code"] == "HAPPY" and created["days"] == [1, 5]
    assert created["value"] == "10.0" and created["uses"] == 0
    assert created["starts_at"].endswith("+00:00")
    got = manager_api.get(f"/api/v1/promotions/{created['id']}")
    assert got.status_code == 200 and got.get_json() == created
    listed = manager_api.get("/api/v1/promotions").get_json()
    assert [p["id"] for p in listed] == [created["id"]]


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"ends_at": iso(NOW - dt.timedelta(days=2))}, "ends_at"),
        ({"product_ids": [999999]}, "product_ids"),
        ({"category_ids": [424242]}, "category_ids"),
        ({"value": "101"}, "value"),
        ({"value": "0"}, "value"),
        ({"value": "ten"}, "value"),
        ({"kind": "amount", "value": 12.5}, "value"),
        ({"kind": "amount", "value": "150"}, "value"),
        ({"kind": "bogus"}, "kind"),
        ({"kind": "bundle", "value": 500, "product_ids": []}, "product_ids"),
        ({"kind": "buy_x_get_y", "value": "100"}, "buy_quantity"),
        ({"starts_at": "2030-01-01T10:00:00"}, "starts_at"),
        ({"days": [0]}, "days"),
        ({"hours": {"start": "19:00", "end": "17:00"}}, "hours"),
        ({"hours": {"start": "25:00", "end": "26:00"}}, "hours"),
        ({"coupon_code": "two words"}, "coupon_code"),
        ({"max_uses": 0}, "max_uses"),
        ({"surprise": 1}, "surprise"),
        ({"name": "   "}, "name"),
    ],
)
def test_bad_input_is_a_422_naming_the_field_and_writes_nothing(
    app, shop, manager_api, fields, field
):
    response = manager_api.post("/api/v1/promotions", json=promotion(**fields))
    assert response.status_code == 422, response.get_json()
    assert field in response.get_json()["error"]["fields"]
    assert promotion_count(app) == 0


def test_a_coupon_code_is_unique_whatever_its_case(app, shop, manager_api):
    create(manager_api, coupon_code="ONE")
    response = manager_api.post("/api/v1/promotions", json=promotion(coupon_code="one"))
    assert response.status_code == 422
    assert "coupon_code" in response.get_json()["error"]["fields"]
    assert promotion_count(app) == 1


def test_patch_changes_some_fields_and_checks_the_whole(shop, manager_api):
    created = create(manager_api)
    changed = manager_api.patch(f"/api/v1/promotions/{created['id']}", json={"value": "15"})
    assert changed.status_code == 200 and changed.get_json()["value"] == "15.0"
    bad = manager_api.patch(
        f"/api/v1/promotions/{created['id']}", json={"ends_at": iso(NOW - dt.timedelta(days=3))}
    )
    assert bad.status_code == 422 and "ends_at" in bad.get_json()["error"]["fields"]
    kind_only = manager_api.patch(f"/api/v1/promotions/{created['id']}", json={"kind": "amount"})
    assert kind_only.status_code == 422
    after = manager_api.get(f"/api/v1/promotions/{created['id']}").get_json()
    assert (after["value"], after["kind"], after["ends_at"]) == (
        "15.0",
        "percent",
        created["ends_at"],
    )


def test_delete(app, shop, manager_api):
    created = create(manager_api)
    assert manager_api.delete(f"/api/v1/promotions/{created['id']}").status_code == 204
    assert manager_api.get(f"/api/v1/promotions/{created['id']}").status_code == 404
    assert promotion_count(app) == 0


def test_permissions(client, shop, cashier_api, manager_api):
    """No credentials: 401; a cashier may neither read nor change promotions."""
    assert client.get("/api/v1/promotions").status_code == 401
    assert client.post("/api/v1/promotions", json=promotion()).status_code == 401
    assert cashier_api.get("/api/v1/promotions").status_code == 403
    assert cashier_api.post("/api/v1/promotions", json=promotion()).status_code == 403
    created = create(manager_api)
    assert cashier_api.delete(f"/api/v1/promotions/{created['id']}").status_code == 403
    assert cashier_api.patch(f"/api/v1/promotions/{created['id']}", json={}).status_code == 403


def test_admin_page_lists_promotions(shop, manager_api, cashier_api):
    create(manager_api, name="Spring sale")
    page = manager_api.get("/promotions/")
    assert page.status_code == 200 and "Spring sale" in page.get_data(as_text=True)
    assert cashier_api.get("/promotions/").status_code == 403


def test_receipt_names_each_promotion_and_the_savings(shop, manager_api, cashier_api):
    create(manager_api, name="Tea week", value="10", product_ids=[shop["TEA"]])
    create(
        manager_api,
        name="Cake pair",
        kind="buy_x_get_y",
        value="100",
        buy_quantity=1,
        get_quantity=1,
        product_ids=[shop["CAKE"]],
    )
    made = cashier_api.post(
        "/api/v1/sales", json=sale_body(shop.line("TEA", 2), shop.line("CAKE", 2))
    )
    assert made.status_code == 201, made.get_json()
    text = cashier_api.get(f"/api/v1/sales/{made.get_json()['id']}/receipt?format=text")
    assert text.status_code == 200
    receipt = text.get_data(as_text=True)
    assert "YOU SAVED" in receipt.upper()
    saved = receipt[receipt.upper().index("YOU SAVED") :]
    assert "Tea week" in saved and "€0.80" in saved
    assert "Cake pair" in saved and "€3.00" in saved
    assert "Total saved" in saved and "€3.80" in saved


def test_the_till_gets_a_coupon_action(app, manager_api):
    codes = [action.code for action in app.runtimes.current().till_actions]
    assert "promotions.coupon" in codes
    script = manager_api.get("/static/plugins/promotions/coupon.js")
    assert script.status_code == 200 and b"export async function run(till)" in script.data


def test_openapi_lists_the_endpoints(client):
    paths = client.get("/api/v1/openapi.json").get_json()["paths"]
    assert {"/api/v1/promotions", "/api/v1/promotions/{promotion_id}"} <= set(paths)


def test_disable_and_enable_from_the_cli_keep_the_data(app, shop, manager_api, cli_runner):
    create(manager_api, name="Kept", value="10")
    result = cli_runner("plugins", "disable", "promotions")
    assert result.exit_code == 0, result.output
    assert manager_api.get("/api/v1/promotions").status_code == 404
    (tea,) = quote(manager_api, shop.line("TEA"))["lines"]
    assert tea["adjustments"] == []
    result = cli_runner("plugins", "enable", "promotions")
    assert result.exit_code == 0, result.output
    assert [p["name"] for p in manager_api.get("/api/v1/promotions").get_json()] == ["Kept"]
    (tea,) = quote(manager_api, shop.line("TEA"))["lines"]
    assert [a["label"] for a in tea["adjustments"]] == ["Kept"]


def test_disable_and_enable_from_the_api_keep_the_data(shop, admin_api, manager_api):
    create(manager_api, name="Kept")
    assert admin_api.post("/api/v1/plugins/promotions/disable").status_code == 200
    assert manager_api.get("/api/v1/promotions").status_code == 404
    assert admin_api.post("/api/v1/plugins/promotions/enable").status_code == 200
    assert [p["name"] for p in manager_api.get("/api/v1/promotions").get_json()] == ["Kept"]
