"""The plugin framework's own endpoints and permissions, through its own hooks."""

from .api import api
from .markers import hookimpl


@hookimpl
def pos_register_api():
    return [api]
