"""The webhooks plugin's hook implementations: registrations, and the after-commit events
it forwards to subscriptions (each through :func:`.delivery.publish`)."""

from __future__ import annotations

from pathlib import Path

from flask_babel import lazy_gettext as _l

from core.plugins import AssetFolders, MenuItem, Permission, SettingsSchema, hookimpl

from . import events

HERE = Path(__file__).resolve().parent


@hookimpl
def pos_register_permissions():
    # No default role: a webhook sends the shop's sales to another system, the admin's
    # decision.
    return [Permission("webhooks.manage", _l("Manage webhooks and see their deliveries"), ())]


@hookimpl
def pos_register_settings():
    from .settings import WebhookSettingsSchema

    return [SettingsSchema("webhooks", WebhookSettingsSchema, "Webhooks")]


@hookimpl
def pos_register_api():
    from .api import api

    return [api]


@hookimpl
def pos_register_blueprints():
    from .views import bp

    return [bp]


@hookimpl
def pos_register_assets():
    return [
        AssetFolders(
            "webhooks",
            templates=str(HERE / "templates"),
            translations=str(HERE / "translations"),
        )
    ]


@hookimpl
def pos_register_admin_menu():
    return [
        MenuItem(_l("Webhooks"), "webhooks.index", "webhooks.manage", order=870, section="settings")
    ]


@hookimpl
def pos_register_event_filters():
    from .interest import event_filters

    return event_filters()


def _publish(event_id: str, name: str, data: dict) -> None:
    from .delivery import publish

    publish(event_id, name, data)


@hookimpl
def pos_sale_completed(event_id, sale):
    if sale is not None:
        _publish(event_id, "sale.completed", events.sale_data(sale))


@hookimpl
def pos_refund_completed(event_id, refund):
    if refund is not None:
        _publish(event_id, "refund.completed", events.refund_data(refund))


@hookimpl
def pos_stock_low(event_id, product, location_id, quantity, level):
    _publish(event_id, "stock.low", events.stock_low_data(product, location_id, quantity, level))


@hookimpl
def pos_cash_session_closed(event_id, register_id, session_id, report):
    _publish(
        event_id,
        "register.closed",
        {"register_id": register_id, "session_id": session_id, "report": report},
    )


# crm's hook: known when crm is installed; webhooks does not depend on crm.
@hookimpl(optionalhook=True)
def crm_customer_created(event_id, customer):
    if customer is not None:
        _publish(event_id, "customer.created", events.customer_data(customer))


@hookimpl
def webhooks_event(event_id, name, data):
    """A plugin's own event (emitted as ``webhooks_event``)."""
    _publish(event_id, str(name), dict(data or {}))


@hookimpl
def webhooks_redeliver(event_id, delivery_id):
    from .delivery import resend

    resend(int(delivery_id), event_id)
