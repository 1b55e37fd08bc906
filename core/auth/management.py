"""Managing users, roles and their tokens from the back office and the API.

Each change goes to the audit log with what it changed; secrets only say that they
changed. Two rules keep a shop from locking itself out: nobody deactivates themselves,
and the last active administrator keeps the admin role.
"""

from __future__ import annotations

import re
import typing as t

import sqlalchemy as sa

from ..audit.services import changed
from ..audit.services import record as audit
from ..db import db
from ..errors import Conflict, Forbidden, Invalid, NotFound
from .models import ALL_PERMISSIONS, ApiToken, Role, User
from .passwords import hash_secret
from .services import validate_pin
from .throttle import forget_failures, password_key, pin_key
from .tokens import create_token, revoke_token

__all__ = [
    "LANGUAGES",
    "check_grantable",
    "roles_grantable",
    "create_role",
    "delete_role",
    "get_role",
    "get_user",
    "issue_token",
    "list_roles",
    "update_role",
    "update_user",
    "withdraw_token",
]

#: The languages of the pages (SPEC 10); ``None`` means the browser's.
LANGUAGES = ("en", "fr", "nl", "ru")
ROLE_NAME = re.compile(r"^[a-z][a-z0-9_-]{0,63}$")


def get_user(user_id: int) -> User:
    user = db.session.get(User, user_id)
    if user is None:
        raise NotFound(f"no user {user_id}")
    return user


def _roles_named(names: t.Iterable[str]) -> list[Role]:
    names = list(dict.fromkeys(names))
    rows = {r.name: r for r in db.session.scalars(sa.select(Role).where(Role.name.in_(names)))}
    unknown = [name for name in names if name not in rows]
    if unknown:
        raise Invalid(f"no role {unknown[0]!r}", code="unknown_role", field="roles")
    return [rows[name] for name in names]


def check_grantable(actor: t.Any, permissions: t.Iterable[str]) -> None:
    """Refuse to hand out what ``actor`` does not hold: someone allowed to manage users
    but not to change settings cannot make themselves, or anyone, a settings manager
    (nor an administrator). Administrators may grant anything.

    :raises Forbidden: naming the first permission the actor lacks.
    """
    held = getattr(actor, "permissions", frozenset())
    if ALL_PERMISSIONS in held:
        return
    for code in sorted(set(permissions)):
        if code not in held:
            raise Forbidden(
                f"you cannot grant {code!r}: you do not hold it yourself",
                code="not_grantable",
                field="permissions" if code != ALL_PERMISSIONS else "roles",
            )


def roles_grantable(actor: t.Any, names: t.Iterable[str]) -> None:
    """:func:`check_grantable` for the permissions of the roles ``names``."""
    check_grantable(actor, [code for role in _roles_named(names) for code in role.permissions])


def _other_active_admins(user: User) -> int:
    return db.session.scalar(
        sa.select(sa.func.count(sa.distinct(User.id)))
        .join(User.roles)
        .where(Role.name == "admin", User.active, User.id != user.id)
    )


def update_user(user: User, changes: dict[str, t.Any], actor: t.Any) -> User:
    """Change some of ``full_name``, ``roles`` (names), ``active``, ``language``,
    ``password`` and ``pin`` (``None`` removes the PIN). Deactivating a user, or setting
    their password or PIN, ends their sessions (:mod:`.sessions`); a deactivated user
    can sign in nowhere, by password, PIN or token. A new PIN or password also forgets the
    wrong ones typed before (:func:`.throttle.forget_failures`): a locked-out cashier
    whose PIN a manager resets signs in at once.

    :raises Invalid: a bad value; :raises Forbidden: deactivating oneself, or leaving the
        shop without an active administrator. Nothing is changed then.
    """
    before = _audited(user)
    roles = _roles_named(changes["roles"]) if "roles" in changes else None
    if roles is not None and not roles:
        raise Invalid("a user needs at least one role", field="roles")
    if roles is not None:
        # Only the roles added count: keeping someone's role is not granting it.
        added = [role for role in roles if role.name not in user.role_names]
        check_grantable(actor, [code for role in added for code in role.permissions])
    password, pin = changes.get("password"), changes.get("pin", ...)
    if password is not None and len(password) < 8:
        raise Invalid(
            "a password has at least 8 characters", code="weak_password", field="password"
        )
    if pin not in (..., None):
        validate_pin(pin)
    language = changes.get("language", user.language)
    if language not in (None, *LANGUAGES):
        raise Invalid(f"the languages are {', '.join(LANGUAGES)}", field="language")
    active = changes.get("active", user.active)
    if not active and getattr(actor, "id", None) == user.id:
        raise Forbidden("you cannot deactivate yourself", code="self_deactivation")
    keeps_admin = active and "admin" in (
        [r.name for r in roles] if roles is not None else user.role_names
    )
    if "admin" in user.role_names and not keeps_admin and not _other_active_admins(user):
        raise Forbidden("the shop needs at least one active administrator", code="last_admin")

    if "full_name" in changes:
        full_name = (changes["full_name"] or "").strip()
        user.full_name = full_name or user.username
    if roles is not None:
        user.roles = roles
        user.__dict__.pop("_permissions", None)
    user.language = language
    if password is not None:
        user.password_hash = hash_secret(password)
        forget_failures("password", password_key(user.username))
    if pin is not ...:
        user.pin_hash = hash_secret(pin) if pin else None
        forget_failures("pin", pin_key(user.id))
    user.active = active
    changes_made = changed(before, _audited(user))
    if password is not None:
        changes_made["password"] = ["***", "***"]
    if pin is not ...:
        changes_made["pin"] = ["***", "***" if pin else None]
    if changes_made:
        audit("users.change", f"user:{user.id}", {"username": user.username, **changes_made})
    db.session.flush()
    return user


def _audited(user: User) -> dict[str, t.Any]:
    return {
        "full_name": user.full_name,
        "roles": user.role_names,
        "active": user.active,
        "language": user.language,
    }


# -- roles -------------------------------------------------------------------------------------


def list_roles() -> list[Role]:
    return list(db.session.scalars(sa.select(Role).order_by(Role.builtin.desc(), Role.name)))


def get_role(role_id: int) -> Role:
    role = db.session.get(Role, role_id)
    if role is None:
        raise NotFound(f"no role {role_id}")
    return role


def _permissions(codes: t.Iterable[str], known: t.Collection[str]) -> list[str]:
    codes = sorted(set(codes))
    unknown = [code for code in codes if code not in known]
    if unknown:
        raise Invalid(
            f"no permission {unknown[0]!r}", code="unknown_permission", field="permissions"
        )
    return codes


def create_role(data: dict[str, t.Any], known: t.Collection[str], actor: t.Any) -> Role:
    """A new role: ``name`` (lower case, digits, ``-`` and ``_``), ``title`` and
    ``permissions``, each one the core or an enabled plugin registers (``known``) and
    the ``actor`` holds."""
    name = (data.get("name") or "").strip()
    if not ROLE_NAME.match(name):
        raise Invalid(
            "a role's name is lower-case letters, digits, - and _, starting with a letter",
            field="name",
        )
    if db.session.scalar(sa.select(Role.id).where(Role.name == name)) is not None:
        raise Conflict(f"a role named {name!r} already exists", code="duplicate", field="name")
    title = (data.get("title") or "").strip() or name
    check_grantable(actor, data.get("permissions", []))
    role = Role(
        name=name,
        title=title[:120],
        builtin=False,
        permissions=_permissions(data.get("permissions", []), known),
    )
    db.session.add(role)
    db.session.flush()
    audit(
        "roles.create",
        f"role:{role.id}",
        {"name": [None, name], "permissions": [None, role.permissions]},
    )
    return role


def update_role(
    role: Role, changes: dict[str, t.Any], known: t.Collection[str], actor: t.Any
) -> Role:
    """Change a role's ``title`` or ``permissions``. The admin role holds every
    permission, present and future: its permissions are not edited. Permissions added
    must be held by the ``actor``."""
    before = {"title": role.title, "permissions": list(role.permissions)}
    if "permissions" in changes:
        if ALL_PERMISSIONS in role.permissions:
            raise Forbidden("the administrator role holds every permission", code="admin_role")
        wanted = _permissions(changes["permissions"], known)
        check_grantable(actor, set(wanted) - set(role.permissions))
        role.permissions = wanted
    if "title" in changes:
        role.title = (changes["title"] or "").strip()[:120] or role.name
    if diff := changed(before, {"title": role.title, "permissions": role.permissions}):
        audit("roles.change", f"role:{role.id}", {"name": role.name, **diff})
    db.session.flush()
    return role


def delete_role(role: Role) -> None:
    """Delete a role of the shop's own; refused for the built-in ones and while users
    hold it (so that nobody loses access by surprise)."""
    if role.builtin:
        raise Forbidden("built-in roles cannot be deleted", code="builtin_role")
    holders = db.session.scalar(
        sa.select(sa.func.count(User.id)).join(User.roles).where(Role.id == role.id)
    )
    if holders:
        raise Conflict(f"{holders} user(s) hold this role: take it from them first", code="in_use")
    audit("roles.delete", f"role:{role.id}", {"name": [role.name, None]})
    db.session.delete(role)
    db.session.flush()


# -- tokens ------------------------------------------------------------------------------------


def issue_token(user: User, name: str) -> tuple[ApiToken, str]:
    """A new API token for ``user``; the secret is returned once, never stored."""
    token, secret = create_token(user, name.strip()[:120])
    audit("tokens.create", f"user:{user.id}", {"token": token.prefix, "name": token.name})
    return token, secret


def withdraw_token(token: ApiToken) -> None:
    if token.revoked_at is None:
        audit("tokens.revoke", f"user:{token.user_id}", {"token": token.prefix, "name": token.name})
    revoke_token(token)
