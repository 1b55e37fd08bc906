"""The one permission check used by every view and endpoint.

Decorate each view with :func:`require` (or :func:`public` for the sign-in page and static
files). A view with neither is refused with a 403 by a guard in the app, so forgetting the
decorator fails closed; ``tests/test_permissions_everywhere.py`` lists such views.
"""

from __future__ import annotations

import functools
import typing as t

from flask import request
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from ..plugins.info import Permission

#: Needs a signed-in user and nothing more (sign out, one's own profile).
SIGNED_IN = "signed_in"

PERMISSION_ATTR = "comptoir_permission"
PUBLIC_ATTR = "comptoir_public"


class NotAuthenticated(Exception):
    """No valid credentials: 401 for the API, the sign-in page for pages."""


class PermissionDenied(Exception):
    """Signed in, but without the permission: 403."""

    def __init__(self, permission: str):
        super().__init__(f"you need the permission {permission!r}")
        self.permission = permission


def has_permission(permission: str) -> bool:
    """Whether the signed-in user (session or token) holds ``permission``.

    Example::

        if has_permission("parcel.edit"):
            ...  # show the edit buttons
    """
    user = current_user
    if not user or not user.is_authenticated:
        return False
    return permission == SIGNED_IN or user.can(permission)


def check_permission(permission: str) -> None:
    """Raise unless the current user holds ``permission``."""
    if not current_user or not current_user.is_authenticated:
        raise NotAuthenticated()
    if permission != SIGNED_IN and not current_user.can(permission):
        raise PermissionDenied(permission)


def require(permission: str) -> t.Callable:
    """Protect a view: 401 without credentials, 403 without ``permission``.

    Example::

        @pages.route("/")
        @require("parcel.view")
        def index():
            return render_template("parcel/index.html")
    """

    def decorate(view: t.Callable) -> t.Callable:
        @functools.wraps(view)
        def wrapper(*args: t.Any, **kwargs: t.Any) -> t.Any:
            check_permission(permission)
            return view(*args, **kwargs)

        setattr(wrapper, PERMISSION_ATTR, permission)
        return wrapper

    return decorate


def require_back_office(permission: str) -> t.Callable:
    """Protect a back-office page: ``permission`` as :func:`require` does, and
    ``admin.access`` too, so that a cashier holding ``registers.view`` for the till still
    gets a 403 in the back office.

    Example::

        @bp.route("/registers/")
        @require_back_office("registers.view")
        def index():
            ...
    """

    def decorate(view: t.Callable) -> t.Callable:
        @functools.wraps(view)
        def in_back_office(*args: t.Any, **kwargs: t.Any) -> t.Any:
            check_permission("admin.access")
            return view(*args, **kwargs)

        # Declared as a stacked require() would be, so that the permission matrix test
        # reads both permissions off the view (its __wrapped__ chain).
        setattr(in_back_office, PERMISSION_ATTR, "admin.access")
        return require(permission)(in_back_office)

    return decorate


def public(view: t.Callable) -> t.Callable:
    """Mark a view as open to anyone (sign-in pages, static files, the API document).

    Example::

        @pages.route("/track/<code>")
        @public
        def track(code):
            ...
    """
    setattr(view, PUBLIC_ATTR, True)
    return view


def guard_unprotected_views(app: t.Any) -> None:
    """Refuse any view that declares neither a permission nor ``public``."""

    @app.before_request
    def _guard() -> None:
        view = app.view_functions.get(request.endpoint or "")
        if view is None:
            return  # 404 / 405 are answered by Flask
        if getattr(view, PUBLIC_ATTR, False) or hasattr(view, PERMISSION_ATTR):
            return
        app.logger.error("view %s declares no permission; refused", request.endpoint)
        raise PermissionDenied("undeclared")


CORE_PERMISSIONS: tuple[Permission, ...] = (
    Permission("till.use", _l("Sign in to the till and sell"), ("cashier", "manager")),
    Permission("admin.access", _l("Open the back office"), ("manager",)),
    Permission("catalog.view", _l("See products, categories and taxes"), ("cashier", "manager")),
    Permission(
        "catalog.edit", _l("Create and change products, categories and taxes"), ("manager",)
    ),
    Permission("stock.view", _l("See stock levels and movements"), ("cashier", "manager")),
    Permission("stock.adjust", _l("Adjust stock and receive goods"), ("manager",)),
    Permission("sales.view", _l("See sales and receipts"), ("cashier", "manager")),
    Permission("sales.sell", _l("Complete sales"), ("cashier", "manager")),
    Permission(
        "sales.discount", _l("Give discounts up to the cashier's limit"), ("cashier", "manager")
    ),
    Permission("sales.discount_override", _l("Approve discounts beyond the limit"), ("manager",)),
    Permission("sales.refund", _l("Refund sales"), ("manager",)),
    Permission("sales.void", _l("Void sales"), ("manager",)),
    Permission("registers.view", _l("See registers and cash sessions"), ("cashier", "manager")),
    Permission("registers.open", _l("Open a register with a float"), ("cashier", "manager")),
    Permission("registers.cash_movement", _l("Put cash in or take it out"), ("cashier", "manager")),
    Permission("registers.close", _l("Close a register (Z report)"), ("manager",)),
    Permission(
        "registers.manage", _l("Create registers, rename and deactivate them"), ("manager",)
    ),
    Permission("reports.view", _l("See sales reports"), ("manager",)),
    Permission("journal.view", _l("See and verify the journal"), ("manager",)),
    Permission("users.view", _l("See users and roles"), ("manager",)),
    Permission("users.manage", _l("Create and change users, roles and tokens"), ()),
    Permission("plugins.view", _l("See installed plugins"), ("manager",)),
    Permission("plugins.manage", _l("Enable and disable plugins"), ()),
    # Managers run the shop (SPEC 6): its name, receipts, rounding and the plugins'
    # settings are theirs to change; switching plugins on and off stays the admin's.
    Permission("settings.manage", _l("Change the store's and the plugins' settings"), ("manager",)),
)
