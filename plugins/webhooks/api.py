"""``/api/v1/webhooks``: subscriptions, their delivery log, "send again", the events."""

from __future__ import annotations

from core.plugins import ApiBlueprint, Page

from . import events, services
from .schemas import (
    ActiveSchema,
    CreatedSubscriptionSchema,
    DeliverySchema,
    EventSchema,
    PageQuerySchema,
    SubscriptionInSchema,
    SubscriptionSchema,
)

api = ApiBlueprint("webhooks_api", __name__, tag="webhooks")


@api.endpoint("/webhooks", permission="webhooks.manage", response=SubscriptionSchema, many=True)
def list_subscriptions():
    """Every subscription, its secret shown by its last four characters only."""
    return services.subscriptions()


@api.endpoint(
    "/webhooks",
    methods=["POST"],
    permission="webhooks.manage",
    body=SubscriptionInSchema,
    response=CreatedSubscriptionSchema,
    status=201,
)
def create_subscription(body):
    """Subscribe a URL to events. The answer holds the signing secret (the one given, or
    a new one) this once: it is never shown again. A URL that is not http(s) is a 422."""
    subscription, secret = services.create(body["url"], body["events"], body["secret"])
    return {
        "id": subscription.id,
        "url": subscription.url,
        "events": subscription.events,
        "active": subscription.active,
        "secret_hint": subscription.secret_hint,
        "created_at": subscription.created_at,
        "secret": secret,
    }


@api.endpoint(
    "/webhooks/<int:subscription_id>",
    methods=["PATCH"],
    permission="webhooks.manage",
    body=ActiveSchema,
    response=SubscriptionSchema,
)
def change_subscription(subscription_id: int, body):
    """Pause (``active: false``) or resume a subscription; its log is kept."""
    return services.set_active(services.get(subscription_id), body["active"])


@api.endpoint(
    "/webhooks/<int:subscription_id>/deliveries",
    permission="webhooks.manage",
    query=PageQuerySchema,
    response=DeliverySchema,
    many=True,
)
def list_deliveries(subscription_id: int, query):
    """A subscription's deliveries, newest first, with their status, attempts, the
    receiver's last answer and the body sent; the total is in ``X-Total-Count``."""
    subscription = services.get(subscription_id)
    return Page(*services.deliveries(subscription, limit=query["limit"], offset=query["offset"]))


@api.endpoint(
    "/webhooks/<int:subscription_id>/deliveries/<int:delivery_id>/resend",
    methods=["POST"],
    permission="webhooks.manage",
    response=DeliverySchema,
    status=202,
)
def resend_delivery(subscription_id: int, delivery_id: int):
    """Send a delivery again, as it was (new timestamp and signature), after the answer."""
    subscription = services.get(subscription_id)
    return services.send_again(services.get_delivery(subscription, delivery_id))


@api.endpoint("/webhooks/events", permission="webhooks.manage", response=EventSchema, many=True)
def list_events():
    """The events a subscription may choose: the shop's and those plugins declare."""
    return [{"name": name, "title": title} for name, title in events.available().items()]
