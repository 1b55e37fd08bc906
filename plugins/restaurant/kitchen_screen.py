"""The words of the kitchen display's page (``static/kitchen.js`` writes none itself)."""

from __future__ import annotations

from flask_babel import gettext as _


def kitchen_strings() -> dict[str, str]:
    return {
        "title": _("Kitchen display"),
        "who": _("Who are you?"),
        "pin": _("PIN"),
        "sign_in": _("Sign in"),
        "back": _("Back"),
        "sign_out": _("Sign out"),
        "no_users": _("Nobody may see the kitchen display: give a PIN to a user with it."),
        "not_allowed": _("This user may not see the kitchen display."),
        "offline": _("The server cannot be reached: trying again."),
        "all": _("All"),
        "kitchen": _("Kitchen"),
        "bar": _("Bar"),
        "table_course": _("Table %(name)s · Course %(course)s"),
        "minutes_ago": _("%(minutes)s min ago"),
        "seat": _("seat %(seat)s"),
        "changed": _("CHANGED"),
        "cancelled": _("CANCELLED"),
        "done": _("Done"),
        "nothing": _("Nothing to prepare."),
    }
