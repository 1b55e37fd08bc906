"""The admin menu for the signed-in user, from every plugin's ``pos_register_admin_menu``."""

from __future__ import annotations

from flask import url_for
from flask_login import current_user

from ..plugins.context import current_runtime


def visible_menu() -> list[dict[str, str]]:
    if not current_user.is_authenticated:
        return []
    items = []
    for item in current_runtime().admin_menu:
        if not current_user.can(item.permission):
            continue
        try:
            href = url_for(item.endpoint)
        except Exception:  # an entry whose page is not registered: left out
            continue
        items.append({"title": item.title, "href": href, "icon": item.icon})
    return items
