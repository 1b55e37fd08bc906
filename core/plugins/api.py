"""``/api/v1/plugins``, ``/api/v1/settings`` and the outbox."""

from __future__ import annotations

import sqlalchemy as sa
from flask import current_app
from flask_babel import gettext as _
from marshmallow import ValidationError

from ..api.blueprint import ApiBlueprint, json_body
from ..db import db
from ..errors import Conflict, Invalid, NotFound
from ..migrate import MigrationError
from .context import current_runtime
from .errors import DependencyError, PluginError, UnknownPlugin
from .models import OutboxDelivery
from .schemas import OutboxDeliverySchema, PluginChangeSchema, PluginSchema
from .service import describe_plugins, disable_plugins, enable_plugins

api = ApiBlueprint("plugins_api", __name__, tag="plugins")


@api.endpoint("/plugins", permission="plugins.view", response=PluginSchema, many=True)
def list_plugins():
    """Every installed plugin, enabled or not, with its dependencies."""
    return describe_plugins(current_app)


def _change(name: str, enable: bool):
    try:
        if enable:
            changed = enable_plugins(current_app, [name])
        else:
            changed = disable_plugins(current_app, [name])
    except UnknownPlugin as exc:
        raise NotFound(str(exc)) from None
    except DependencyError as exc:
        raise Conflict(str(exc), code="dependency") from None
    except (PluginError, MigrationError) as exc:
        raise Invalid(str(exc), code="plugin_error") from None
    return {"changed": changed, "plugins": describe_plugins(current_app)}


@api.endpoint(
    "/plugins/<name>/enable",
    methods=["POST"],
    permission="plugins.manage",
    response=PluginChangeSchema,
)
def enable(name: str):
    """Enable a plugin and its dependencies; their migrations run first."""
    return _change(name, True)


@api.endpoint(
    "/plugins/<name>/disable",
    methods=["POST"],
    permission="plugins.manage",
    response=PluginChangeSchema,
)
def disable(name: str):
    """Disable a plugin (409 while an enabled plugin depends on it). Its data is kept."""
    return _change(name, False)


@api.endpoint("/settings/<namespace>", permission="settings.manage")
def read_settings(namespace: str):
    """The settings of a namespace (``store`` or a plugin's name)."""
    runtime = current_runtime()
    schema = runtime.settings_schemas.get(namespace)
    if schema is None:
        raise NotFound(_("no settings namespace %(name)r", name=namespace))
    return schema.schema().dump(runtime.settings[namespace])


@api.endpoint("/settings/<namespace>", methods=["PATCH"], permission="settings.manage")
def change_settings(namespace: str):
    """Change some settings of a namespace; the body is validated by its schema."""
    from ..settings import save_settings

    runtime = current_runtime()
    schema = runtime.settings_schemas.get(namespace)
    if schema is None:
        raise NotFound(_("no settings namespace %(name)r", name=namespace))
    try:
        values = save_settings(namespace, json_body())
    except ValidationError as exc:
        raise Invalid(_("some settings are not valid"), fields=exc.messages) from None
    return schema.schema().dump(values)


@api.endpoint("/outbox", permission="plugins.manage", response=OutboxDeliverySchema, many=True)
def outbox():
    """After-commit deliveries that are pending or failed, oldest first."""
    return db.session.scalars(
        sa.select(OutboxDelivery)
        .where(OutboxDelivery.status != "done")
        .order_by(OutboxDelivery.id)
        .limit(500)
    ).all()
