"""Users, roles and API tokens."""

from __future__ import annotations

import datetime as dt

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..db import Model, UTCDateTime, utcnow

#: Grants every permission, present and future (the admin role).
ALL_PERMISSIONS = "*"

user_role = sa.Table(
    "user_role",
    Model.metadata,
    sa.Column("user_id", sa.ForeignKey("user.id", ondelete="CASCADE"), primary_key=True),
    sa.Column("role_id", sa.ForeignKey("role.id", ondelete="CASCADE"), primary_key=True),
)


class Role(Model):
    """A named set of permission codes. ``builtin`` roles (admin, manager, cashier) cannot
    be deleted and receive the default grants of newly enabled plugins."""

    __tablename__ = "role"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(sa.String(64), unique=True)
    title: Mapped[str] = mapped_column(sa.String(120))
    builtin: Mapped[bool] = mapped_column(default=False)
    permissions: Mapped[list[str]] = mapped_column(sa.JSON, default=list)


class User(Model):
    """Someone who signs in: by password (back office, API tokens) or PIN (till).

    Sign-in sessions are records of their own (:mod:`core.auth.sessions`), revoked when
    the password, the PIN or ``active`` changes; wrong passwords and PINs are rows of
    ``sign_in_failure`` (:mod:`core.auth.throttle`).
    """

    __tablename__ = "user"

    id: Mapped[int] = mapped_column(primary_key=True)
    username: Mapped[str] = mapped_column(sa.String(64), unique=True)
    full_name: Mapped[str] = mapped_column(sa.String(120), default="")
    password_hash: Mapped[str | None] = mapped_column(sa.String(256))
    pin_hash: Mapped[str | None] = mapped_column(sa.String(256))
    active: Mapped[bool] = mapped_column(default=True)
    #: The language of their pages (``fr``...); ``None``: the browser's, else the store's.
    language: Mapped[str | None] = mapped_column(sa.String(8))
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)

    roles: Mapped[list[Role]] = relationship(secondary=user_role, lazy="selectin")

    # Flask-Login's protocol.
    @property
    def is_authenticated(self) -> bool:
        return True

    @property
    def is_active(self) -> bool:
        return self.active

    @property
    def is_anonymous(self) -> bool:
        return False

    def get_id(self) -> str:
        # Replaced at once by the session record's key (core.auth.login.start_session).
        return str(self.id)

    @property
    def permissions(self) -> frozenset[str]:
        cached = self.__dict__.get("_permissions")
        if cached is None:
            cached = frozenset(p for role in self.roles for p in role.permissions)
            self.__dict__["_permissions"] = cached
        return cached

    def can(self, permission: str) -> bool:
        return ALL_PERMISSIONS in self.permissions or permission in self.permissions

    @property
    def role_names(self) -> list[str]:
        return sorted(role.name for role in self.roles)


class ApiToken(Model):
    """A bearer token for the API. Only its SHA-256 is stored; it is shown once."""

    __tablename__ = "api_token"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("user.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(sa.String(120), default="")
    token_hash: Mapped[str] = mapped_column(sa.String(64), unique=True)
    #: The first characters, to tell tokens apart in lists; not enough to use one.
    prefix: Mapped[str] = mapped_column(sa.String(12))
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    last_used_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    revoked_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)

    user: Mapped[User] = relationship(lazy="joined")


class AuthGeneration(Model):
    """One row, bumped in the transaction of every change that can refuse a credential a
    worker has cached: a token revoked or deleted, a user changed (disabled, password,
    PIN, roles) or deleted, a role's permissions changed or the role deleted.

    Each worker's token cache (:mod:`core.auth.token_cache`) compares it with the
    generation its entries were read at, at most every ``PLUGIN_CHECK_INTERVAL``.
    """

    __tablename__ = "auth_generation"

    id: Mapped[int] = mapped_column(primary_key=True)
    generation: Mapped[int] = mapped_column(default=0)
