"""The core's permissions, sign-in pages and auth API, registered through the hooks."""

from ..plugins.markers import hookimpl
from .api import api
from .permissions import CORE_PERMISSIONS
from .views import bp


@hookimpl
def pos_register_permissions():
    return list(CORE_PERMISSIONS)


@hookimpl
def pos_register_blueprints():
    return [bp]


@hookimpl
def pos_register_api():
    return [api]
