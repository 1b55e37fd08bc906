"""Small helpers the purchasing services share."""

from __future__ import annotations

from decimal import Decimal

from flask_babel import gettext as _

from core.plugins import NotFound, current_user, get_location, list_locations


def user_id() -> int | None:
    user = current_user()
    return user.id if user is not None else None


def check_location(location_id: int, field: str = "location_id") -> None:
    if get_location(location_id) is None:
        raise NotFound(_("no stock location %(id)s", id=location_id), field=field)


def text(value: Decimal) -> str:
    """A quantity as the audit log and the documents write it (``"12"``, ``"2.5"``)."""
    return format(value.normalize(), "f")


def default_location_id() -> int:
    """The location the core sells from: where goods go when no location is named."""
    locations = list_locations()
    return next((loc.id for loc in locations if loc.is_default), locations[0].id)
