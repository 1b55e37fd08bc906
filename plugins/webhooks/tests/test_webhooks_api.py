"""Subscriptions through the API: secrets shown once, URLs and events checked, the
permission held by admins only."""

from __future__ import annotations

import pytest
from webhooks_testing import SECRET

pytestmark = pytest.mark.comptoir_plugins("webhooks")


def test_the_secret_is_shown_at_creation_only(admin_api):
    created = admin_api.post(
        "/api/v1/webhooks",
        json={"url": "https://example.org/in", "events": ["sale.completed"], "secret": SECRET},
    )
    assert created.status_code == 201
    assert created.get_json()["secret"] == SECRET
    (listed,) = admin_api.get("/api/v1/webhooks").get_json()
    assert "secret" not in listed and listed["secret_hint"] == SECRET[-4:]
    assert SECRET not in admin_api.get("/api/v1/webhooks").get_data(as_text=True)


def test_a_secret_is_made_when_none_is_given(admin_api):
    created = admin_api.post(
        "/api/v1/webhooks", json={"url": "http://example.org/in", "events": ["stock.low"]}
    ).get_json()
    assert created["secret"].startswith("whsec_") and len(created["secret"]) > 30


@pytest.mark.parametrize(
    "body, field",
    [
        ({"url": "ftp://example.org/in", "events": ["sale.completed"]}, "url"),
        ({"url": "file:///etc/passwd", "events": ["sale.completed"]}, "url"),
        ({"url": "javascript:alert(1)", "events": ["sale.completed"]}, "url"),
        ({"url": "https://", "events": ["sale.completed"]}, "url"),
        ({"url": "https://example.org", "events": []}, "events"),
        ({"url": "https://example.org", "events": ["sale.exploded"]}, "events"),
        ({"url": "https://example.org", "events": "sale.completed"}, "events"),
        ({"url": "https://example.org", "events": ["sale.completed"], "secret": "short"}, "secret"),
        ({"events": ["sale.completed"]}, "url"),
    ],
)
def test_bad_subscriptions_are_a_422_and_write_nothing(admin_api, body, field):
    response = admin_api.post("/api/v1/webhooks", json=body)
    assert response.status_code == 422, response.get_json()
    assert field in response.get_json()["error"]["fields"]
    assert admin_api.get("/api/v1/webhooks").get_json() == []


def test_the_events_list_the_shops(admin_api):
    names = {event["name"] for event in admin_api.get("/api/v1/webhooks/events").get_json()}
    assert {
        "sale.completed",
        "refund.completed",
        "stock.low",
        "customer.created",
        "register.closed",
    } <= names


def test_managers_and_cashiers_may_not_manage_webhooks(manager_api, cashier_api):
    for api in (manager_api, cashier_api):
        assert api.get("/api/v1/webhooks").status_code == 403


def test_an_unknown_webhook_is_a_404(admin_api):
    assert admin_api.get("/api/v1/webhooks/999/deliveries").status_code == 404
    assert admin_api.patch("/api/v1/webhooks/999", json={"active": False}).status_code == 404


def test_adding_and_pausing_a_webhook_is_audited_without_its_secret(admin_api):
    created = admin_api.post(
        "/api/v1/webhooks",
        json={"url": "https://example.org/in", "events": ["sale.completed"], "secret": SECRET},
    ).get_json()
    admin_api.patch(f"/api/v1/webhooks/{created['id']}", json={"active": False})
    log = admin_api.get("/admin/audit/?action=webhooks").get_data(as_text=True)
    assert "webhooks.create" in log and "webhooks.active" in log
    assert SECRET not in log
