"""The core's API endpoints that belong to no domain: the OpenAPI document, ``/me``."""

from __future__ import annotations

from flask_login import current_user
from flask_wtf.csrf import generate_csrf
from marshmallow import Schema, fields

from ..auth.permissions import SIGNED_IN
from ..plugins.context import current_runtime
from ..plugins.markers import hookimpl
from .blueprint import ApiBlueprint
from .openapi import build_openapi

api = ApiBlueprint("core_api", __name__, tag="meta")


class MeSchema(Schema):
    id = fields.Integer()
    username = fields.String()
    full_name = fields.String()
    roles = fields.List(fields.String(), attribute="role_names")
    permissions = fields.Method("_permissions")
    #: Their own language, or null for the browser's (else the store's): the till switches
    #: to it when a cashier signs in on a page served in another.
    language = fields.String(allow_none=True)
    csrf_token = fields.Method("_csrf")

    def _permissions(self, user):
        runtime = current_runtime()
        return sorted(code for code in runtime.permissions if user.can(code))

    def _csrf(self, _user):
        return generate_csrf()


@api.endpoint("/openapi.json", permission=None)
def openapi_document():
    """The OpenAPI 3 document of every endpoint, plugins' included."""
    runtime = current_runtime()
    # A runtime never changes once built: build its document once (about 20 ms).
    document = getattr(runtime, "openapi", None)
    if document is None:
        document = runtime.openapi = build_openapi(bp for _plugin, bp in runtime.api_blueprints)
    return document


@api.endpoint("/me", permission=SIGNED_IN, response=MeSchema)
def me():
    """The signed-in user, their permissions and a CSRF token for cookie sessions."""
    return current_user._get_current_object()


@hookimpl
def pos_register_api():
    return [api]
