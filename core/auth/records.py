"""Read-only views of users for plugins."""

from __future__ import annotations

import typing as t
from dataclasses import dataclass

import sqlalchemy as sa
from flask_login import current_user as _signed_in

from ..db import db
from .models import ALL_PERMISSIONS, User


@dataclass(frozen=True, slots=True)
class UserView:
    """A user: who sold, who approved. ``permissions`` are the codes their roles grant.

    Example::

        @hookimpl
        def pos_sale_validate(cart, store, actor):
            if cart_has_alcohol(cart) and not actor.can("liquor.sell"):
                return [Problem("liquor", "ask a manager to sell alcohol")]
    """

    id: int
    username: str
    full_name: str
    active: bool
    roles: tuple[str, ...]
    permissions: frozenset[str]

    def can(self, permission: str) -> bool:
        """Whether the user holds ``permission`` (admins hold every one)."""
        return ALL_PERMISSIONS in self.permissions or permission in self.permissions


def user_view(user: User) -> UserView:
    return UserView(
        id=user.id,
        username=user.username,
        full_name=user.full_name or user.username,
        active=user.active,
        roles=tuple(user.role_names),
        permissions=user.permissions,
    )


def get_user(user_id: int) -> UserView | None:
    """The user with this id, or ``None``.

    Example::

        cashier = get_user(sale.user_id)
        name = cashier.full_name if cashier else "?"
    """
    user = db.session.get(User, user_id)
    return user_view(user) if user is not None else None


def get_users(user_ids: t.Iterable[int]) -> dict[int, UserView]:
    """The users with these ids, by id (unknown ids are left out).

    Example::

        users = get_users(tip.user_id for tip in tips)
        names = {user_id: user.full_name for user_id, user in users.items()}
    """
    ids = list(set(user_ids))
    if not ids:
        return {}
    rows = db.session.scalars(sa.select(User).where(User.id.in_(ids)))
    return {user.id: user_view(user) for user in rows}


def list_users(*, active: bool = True, with_pin: bool = False) -> list[UserView]:
    """The users, by full name: only the active ones unless ``active=False``, only those
    with a till PIN when ``with_pin``.

    Example, the staff a planning page shows::

        staff = list_users(with_pin=True)
        names = [user.full_name for user in staff if user.can("timeclock.clock")]
    """
    stmt = sa.select(User).order_by(User.full_name, User.id)
    if active:
        stmt = stmt.where(User.active)
    if with_pin:
        stmt = stmt.where(User.pin_hash.is_not(None))
    return [user_view(user) for user in db.session.scalars(stmt)]


def current_user() -> UserView | None:
    """The user the current request is made by (signed in to the till or the back office,
    or sending an API token), or ``None`` (anonymous, or outside a request: a command).

    Example, recording who did something::

        user = current_user()
        db.session.add(Tip(user_id=user.id, amount=amount))
    """
    user = _signed_in._get_current_object()
    if user is None or not user.is_authenticated:
        return None
    return user_view(user)
