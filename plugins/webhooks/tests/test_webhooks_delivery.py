"""Webhooks through a real HTTP receiver on localhost: signed deliveries of the shop's
events, after commit, retried until the receiver takes them, once."""

from __future__ import annotations

import json
import time

import pytest
from webhooks_testing import SECRET, Receiver, closed, free_port, subscribe, verify

from core.testing import outbox_deliveries, outbox_due, sale_body

pytestmark = pytest.mark.comptoir_plugins("webhooks")


def sell(api, shop, sku="COFFEE"):
    response = closed(api.post("/api/v1/sales", json=sale_body(shop.line(sku))))
    assert response.status_code == 201, response.get_json()
    return response.get_json()


def test_a_sale_arrives_signed(shop, admin_api, cashier_api, receiver):
    """The receiver gets the completed sale, signed with the subscription's secret, with
    the event's id and type; the signature verifies as the docs describe."""
    subscribe(admin_api, receiver.url, ["sale.completed"], SECRET)
    sale = sell(cashier_api, shop)

    (got,) = receiver.received
    assert got["signed"]
    assert got["json"]["type"] == "sale.completed"
    assert got["json"]["data"]["id"] == sale["id"]
    assert got["json"]["data"]["total"] == sale["total"]
    assert got["headers"]["Comptoir-Event"] == "sale.completed"
    assert got["headers"]["Comptoir-Event-Id"] == got["json"]["id"]


def test_a_signature_does_not_verify_with_another_secret_or_later(
    shop, admin_api, cashier_api, receiver
):
    """What the receiver checks can fail: another secret, a changed body, an old
    timestamp (a replay)."""
    subscribe(admin_api, receiver.url, ["sale.completed"], SECRET)
    sell(cashier_api, shop)
    (got,) = receiver.received
    header = got["headers"]["Comptoir-Signature"]
    assert verify(SECRET, got["body"], header)
    assert not verify("whsec_another_secret_value", got["body"], header)
    assert not verify(SECRET, got["body"].replace(b"COFFEE", b"TEA"), header)
    assert not verify(SECRET, got["body"], header, now=time.time() + 301)


def test_only_the_events_chosen_are_sent(shop, admin_api, cashier_api, manager_api, receiver):
    subscribe(admin_api, receiver.url, ["refund.completed"], SECRET)
    sale = sell(cashier_api, shop)
    assert receiver.received == []
    line = sale["lines"][0]
    refund = closed(
        manager_api.post(
            f"/api/v1/sales/{sale['id']}/refund",
            json={
                "id": "6a0f3c1e-1111-4222-8333-444455556666",
                "lines": [{"line_id": line["id"], "quantity": 1}],
                "payments": [{"method": "cash", "amount": line["total"]}],
            },
        )
    )
    assert refund.status_code == 201, refund.get_json()
    (got,) = receiver.received
    assert got["json"]["type"] == "refund.completed" and got["signed"]
    assert got["json"]["data"]["sale_id"] == sale["id"]


def test_an_unreachable_receiver_gets_the_event_later_once(
    app, shop, admin_api, cashier_api, cli_runner
):
    """The receiver is down at the sale: the sale is not held up, the failure is in the
    delivery log, and once the receiver is up the outbox delivers it, once, however often
    it runs."""
    receiver = Receiver(SECRET, port=free_port())  # not started: down
    hook = subscribe(admin_api, receiver.url, ["sale.completed"], SECRET)
    sale = sell(cashier_api, shop)
    assert cashier_api.get(f"/api/v1/sales/{sale['id']}").get_json()["status"] == "completed"
    (logged,) = admin_api.get(f"/api/v1/webhooks/{hook['id']}/deliveries").get_json()
    assert (logged["status"], logged["attempts"]) == ("failed", 1)
    assert "Connection refused" in logged["last_error"] or "refused" in logged["last_error"]

    receiver.start()
    try:
        for _ in range(2):
            outbox_due(app)
            assert cli_runner("outbox", "run").exit_code == 0
        (got,) = receiver.received
    finally:
        receiver.stop()
    assert got["signed"] and got["json"]["data"]["id"] == sale["id"]
    (logged,) = admin_api.get(f"/api/v1/webhooks/{hook['id']}/deliveries").get_json()
    assert (logged["status"], logged["attempts"], logged["response_status"]) == (
        "delivered",
        2,
        200,
    )


def test_a_receiver_answering_an_error_is_retried(
    app, shop, admin_api, cashier_api, receiver, cli_runner
):
    receiver.status = 500
    hook = subscribe(admin_api, receiver.url, ["sale.completed"], SECRET)
    sell(cashier_api, shop)
    (logged,) = admin_api.get(f"/api/v1/webhooks/{hook['id']}/deliveries").get_json()
    assert (logged["status"], logged["response_status"]) == ("failed", 500)
    receiver.status = 204
    outbox_due(app)
    cli_runner("outbox", "run")
    (logged,) = admin_api.get(f"/api/v1/webhooks/{hook['id']}/deliveries").get_json()
    assert (logged["status"], logged["response_status"]) == ("delivered", 204)
    assert len(receiver.received) == 2
    assert receiver.received[0]["body"] == receiver.received[1]["body"]


def test_send_again_sends_the_same_body_newly_signed(shop, admin_api, cashier_api, receiver):
    hook = subscribe(admin_api, receiver.url, ["sale.completed"], SECRET)
    sell(cashier_api, shop)
    (logged,) = admin_api.get(f"/api/v1/webhooks/{hook['id']}/deliveries").get_json()
    response = closed(
        admin_api.post(f"/api/v1/webhooks/{hook['id']}/deliveries/{logged['id']}/resend")
    )
    assert response.status_code == 202
    first, again = receiver.received
    assert again["signed"] and again["body"] == first["body"]
    (logged,) = admin_api.get(f"/api/v1/webhooks/{hook['id']}/deliveries").get_json()
    assert logged["attempts"] == 2 and json.loads(logged["body"])["type"] == "sale.completed"


def test_a_paused_subscription_gets_nothing(shop, admin_api, cashier_api, receiver):
    hook = subscribe(admin_api, receiver.url, ["sale.completed"], SECRET)
    assert (
        admin_api.patch(f"/api/v1/webhooks/{hook['id']}", json={"active": False}).status_code == 200
    )
    sell(cashier_api, shop)
    assert receiver.received == []


def test_a_sale_nobody_chose_costs_no_delivery(app, shop, admin_api, cashier_api, receiver):
    """The outbox holds a delivery to webhooks only for an event some active subscription
    chose (webhooks' EventFilter): none with no subscription, none for a subscription to
    refunds; once a subscription takes sales, the next sale is written and sent, and once
    it is paused, nothing again."""

    def written() -> int:
        return outbox_deliveries(app, "pos_sale_completed", "webhooks")

    sell(cashier_api, shop)
    subscribe(admin_api, receiver.url, ["refund.completed"], SECRET)
    sell(cashier_api, shop)
    assert written() == 0 and receiver.received == []

    hook = subscribe(admin_api, receiver.url, ["sale.completed"], SECRET)
    sale = sell(cashier_api, shop)
    assert written() == 1
    (got,) = receiver.received
    assert got["json"]["data"]["id"] == sale["id"]

    paused = {"active": False}
    assert admin_api.patch(f"/api/v1/webhooks/{hook['id']}", json=paused).status_code == 200
    sell(cashier_api, shop)
    assert written() == 1 and len(receiver.received) == 1
