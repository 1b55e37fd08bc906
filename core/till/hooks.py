"""The till's registration with the core hooks: its pages."""

from __future__ import annotations

from ..plugins.markers import hookimpl


@hookimpl
def pos_register_blueprints():
    from .views import bp

    return [bp]
