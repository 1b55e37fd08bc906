"""The email plugin's hook implementations."""

from __future__ import annotations

from pathlib import Path

from flask_babel import lazy_gettext as _l

from core.plugins import (
    AssetFolders,
    MenuItem,
    Permission,
    SettingsSchema,
    TillAction,
    hookimpl,
)

HERE = Path(__file__).resolve().parent


@hookimpl
def pos_register_permissions():
    return [
        Permission("email.send", _l("E-mail receipts to customers"), ("cashier", "manager")),
        Permission("email.view", _l("See the e-mails sent and their failures"), ("manager",)),
        Permission("email.manage", _l("Set the mail server and its password"), ()),
        Permission(
            "email.export", _l("Export and sync the customers who accept news"), ("manager",)
        ),
    ]


@hookimpl
def pos_register_settings():
    from .settings import EmailSettingsSchema

    return [SettingsSchema("email", EmailSettingsSchema, "E-mail")]


@hookimpl
def pos_register_api():
    from .api import api

    return [api]


@hookimpl
def pos_register_blueprints():
    from .views import bp, public_bp

    return [bp, public_bp]


@hookimpl
def pos_register_assets():
    return [
        AssetFolders(
            "email",
            templates=str(HERE / "templates"),
            static=str(HERE / "static"),
            translations=str(HERE / "translations"),
        )
    ]


@hookimpl
def pos_register_admin_menu():
    return [MenuItem(_l("E-mails"), "email.index", "email.view", order=230, section="customers")]


@hookimpl
def pos_register_till_actions():
    # A code ending in ".email": the till also shows it on the receipt screen, for the
    # sale just completed (till.lastSale).
    return [
        TillAction(
            code="email.email",
            title=_l("E-mail receipt"),
            permission="email.send",
            script="/static/plugins/email/receipt.js",
            order=80,
        )
    ]


@hookimpl
def pos_register_till_strings():
    """The words of the till's E-mail receipt action (static/receipt.js)."""
    return {
        "email_receipt": _l("E-mail receipt"),
        "address": _l("E-mail address"),
        "send": _l("Send"),
        "no_sale": _l("No sale to send yet"),
        "queued": _l("The receipt will be sent to %(to)s"),
    }


@hookimpl
def email_send(event_id, message_id):
    """Send a queued message (the outbox calls it after commit, retried while it fails)."""
    from .delivery import send_message

    send_message(int(message_id))
