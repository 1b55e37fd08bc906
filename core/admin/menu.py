"""The admin menu for the signed-in user, from every plugin's ``pos_register_admin_menu``,
grouped by section (``MenuItem.section``): the core's sections in their order, a plugin's
own sections after them, settings last."""

from __future__ import annotations

import typing as t

from flask import url_for
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from ..plugins.context import current_runtime
from ..plugins.info import MENU_SECTIONS

SECTION_TITLES = {
    "sales": _l("Sales"),
    "catalog": _l("Catalog"),
    "stock": _l("Stock"),
    "customers": _l("Customers"),
    "staff": _l("Staff"),
    "settings": _l("Settings"),
}


def visible_menu() -> list[dict[str, t.Any]]:
    """The sections the user can see, each ``{"title", "items"}`` (the first, untitled one
    holds the entries without a section); an entry the user may not open is left out, and
    so is a section left empty."""
    if not current_user.is_authenticated:
        return []
    sections: dict[str, list[dict[str, str]]] = {}
    for item in current_runtime().admin_menu:  # sorted by order
        if not current_user.can(item.permission):
            continue
        try:
            href = url_for(item.endpoint)
        except Exception:  # an entry whose page is not registered: left out
            continue
        entry = {"title": item.title, "href": href, "icon": item.icon}
        sections.setdefault(str(item.section), []).append(entry)
    return [
        {"title": SECTION_TITLES.get(key, key), "items": sections[key]}
        for key in sorted(sections, key=_section_rank)
    ]


def _section_rank(key: str) -> tuple[int, int]:
    """Untitled first, the core's sections in order, plugins' own sections, settings last
    (plugins' sections keep the order of their first entries: ``sorted`` is stable)."""
    if key == "":
        return (0, 0)
    if key == "settings":
        return (3, 0)
    if key in MENU_SECTIONS:
        return (1, MENU_SECTIONS.index(key))
    return (2, 0)
