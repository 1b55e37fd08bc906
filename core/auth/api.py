"""Auth endpoints: sign-in for browser clients (password, till PIN), tokens, users."""

from __future__ import annotations

import datetime as dt
import math

import sqlalchemy as sa
from flask_login import current_user

from ..api.blueprint import ApiBlueprint
from ..api.errors import ApiError
from ..api.hooks import MeSchema
from ..db import db, utcnow
from ..errors import Forbidden, NotFound, TooManyAttempts
from ..plugins.context import current_runtime
from ..stores.settings import current_store
from . import management
from .login import end_session, start_session
from .models import ApiToken, User
from .permissions import SIGNED_IN, PermissionDenied
from .records import user_view
from .schemas import (
    NewTokenSchema,
    PasswordLoginSchema,
    PermissionSchema,
    PinLoginSchema,
    RoleCreateSchema,
    RoleSchema,
    RoleUpdateSchema,
    TillUserSchema,
    TillUsersQuerySchema,
    TokenCreateSchema,
    TokenSchema,
    UserCreateSchema,
    UserSchema,
    UserUpdateSchema,
)
from .services import AuthError, LockedOut, authenticate_password, authenticate_pin, create_user
from .tokens import create_token, revoke_token

api = ApiBlueprint("auth_api", __name__, tag="auth")


def _auth_error(error: AuthError) -> Exception:
    """A refused sign-in: 401 (a wrong password or PIN), or 429 once throttled or locked
    out (``locked_out``, ``too_many_attempts``)."""
    if isinstance(error, LockedOut):
        until = error.until.isoformat(timespec="seconds")
        return TooManyAttempts(
            f"{error.message}: locked until {until}",
            code=error.code,
            retry_after=max(1, math.ceil((error.until - utcnow()).total_seconds())),
            fields={"locked_until": until},
        )
    return ApiError(error.message, code=error.code, status=401)


@api.endpoint(
    "/auth/login", methods=["POST"], permission=None, body=PasswordLoginSchema, response=MeSchema
)
def password_login(body):
    """Sign in with a user name and password (browser session)."""
    try:
        user = authenticate_password(body["username"], body["password"])
    except AuthError as error:
        raise _auth_error(error) from None
    start_session(user)
    return user


@api.endpoint(
    "/auth/pin", methods=["POST"], permission=None, body=PinLoginSchema, response=MeSchema
)
def pin_login(body):
    """Sign in at the till with a PIN; repeated wrong PINs lock the user out (429)."""
    settings = current_store().values
    try:
        user = authenticate_pin(
            body["user_id"],
            body["pin"],
            max_attempts=settings["pin_max_attempts"],
            lockout=dt.timedelta(minutes=settings["pin_lockout_minutes"]),
        )
    except AuthError as error:
        raise _auth_error(error) from None
    if not user.can("till.use"):
        raise Forbidden("this user may not use the till")
    start_session(user)
    return user


@api.endpoint("/auth/logout", methods=["POST"], permission=SIGNED_IN)
def logout():
    """End the browser session."""
    end_session()
    return {"signed_out": True}


@api.endpoint(
    "/auth/till-users",
    permission=None,
    query=TillUsersQuerySchema,
    response=TillUserSchema,
    many=True,
)
def till_users(query):
    """Who can sign in to the till by PIN (names only, for the sign-in screen); with
    ``register_id``, only those who may work at that register (a plugin splitting the
    shop into stores keeps the other stores' staff off this till's screen)."""
    users = db.session.scalars(
        sa.select(User).where(User.active, User.pin_hash.is_not(None)).order_by(User.full_name)
    )
    allowed = [u for u in users if u.can("till.use")]
    register_id = query.get("register_id")
    hooks = current_runtime().hooks
    if register_id is None or not hooks.has("pos_access_scope"):
        return allowed
    return [u for u in allowed if _may_use_register(hooks, u, register_id)]


def _may_use_register(hooks, user: User, register_id: int) -> bool:
    scope = hooks.call("pos_access_scope", user=user_view(user))
    return scope is None or scope.allows_register(register_id)


@api.endpoint("/tokens", permission=SIGNED_IN, response=TokenSchema, many=True)
def list_tokens():
    """The signed-in user's API tokens (never their secrets)."""
    return db.session.scalars(
        sa.select(ApiToken).where(ApiToken.user_id == current_user.id).order_by(ApiToken.id)
    ).all()


@api.endpoint(
    "/tokens",
    methods=["POST"],
    permission=SIGNED_IN,
    body=TokenCreateSchema,
    response=NewTokenSchema,
    status=201,
)
def new_token(body):
    """Create an API token for the signed-in user; the answer holds the secret, once."""
    token, secret = create_token(current_user._get_current_object(), body["name"])
    token.token = secret
    return token


@api.endpoint("/tokens/<int:token_id>", methods=["DELETE"], permission=SIGNED_IN)
def delete_token(token_id: int):
    """Revoke a token: one's own, or anyone's with ``users.manage``."""
    token = db.session.get(ApiToken, token_id)
    if token is None:
        raise NotFound("no such token")
    if token.user_id != current_user.id and not current_user.can("users.manage"):
        raise PermissionDenied("users.manage")
    revoke_token(token)
    return {"revoked": True}


@api.endpoint("/users", permission="users.view", response=UserSchema, many=True)
def list_users():
    """Every user with their roles."""
    return db.session.scalars(sa.select(User).order_by(User.username)).all()


@api.endpoint(
    "/users",
    methods=["POST"],
    permission="users.manage",
    body=UserCreateSchema,
    response=UserSchema,
    status=201,
)
def add_user(body):
    """Create a user with roles, a password (back office) and/or a PIN (till). You may
    only give roles whose permissions you hold yourself."""
    management.roles_grantable(current_user._get_current_object(), body["roles"])
    return create_user(
        body["username"],
        body["roles"],
        password=body["password"],
        pin=body["pin"],
        full_name=body["full_name"],
    )


@api.endpoint("/users/<int:user_id>", permission="users.view", response=UserSchema)
def get_user(user_id: int):
    """One user with their roles, language and whether they have a password and a PIN."""
    return management.get_user(user_id)


@api.endpoint(
    "/users/<int:user_id>",
    methods=["PATCH"],
    permission="users.manage",
    body=UserUpdateSchema,
    response=UserSchema,
)
def update_user(user_id: int, body):
    """Change a user: name, roles, language, password, PIN (``null`` removes it), or
    ``active: false`` to deactivate them (they can then sign in nowhere). You cannot
    deactivate yourself, nor leave the shop without an active administrator."""
    user = management.get_user(user_id)
    return management.update_user(user, body, current_user._get_current_object())


@api.endpoint("/roles", permission="users.view", response=RoleSchema, many=True)
def list_roles():
    """Every role with its permission codes (``*`` for the administrator)."""
    return management.list_roles()


@api.endpoint("/roles/<int:role_id>", permission="users.view", response=RoleSchema)
def get_role(role_id: int):
    """One role with its permission codes."""
    return management.get_role(role_id)


@api.endpoint(
    "/roles",
    methods=["POST"],
    permission="users.manage",
    body=RoleCreateSchema,
    response=RoleSchema,
    status=201,
)
def add_role(body):
    """Create a role granting permissions registered by the core or an enabled plugin."""
    return management.create_role(body, _known_permissions(), current_user._get_current_object())


@api.endpoint(
    "/roles/<int:role_id>",
    methods=["PATCH"],
    permission="users.manage",
    body=RoleUpdateSchema,
    response=RoleSchema,
)
def update_role(role_id: int, body):
    """Change a role's title or permissions (``permissions`` replaces the whole list)."""
    role = management.get_role(role_id)
    actor = current_user._get_current_object()
    return management.update_role(role, body, _known_permissions(), actor)


@api.endpoint("/roles/<int:role_id>", methods=["DELETE"], permission="users.manage")
def delete_role(role_id: int):
    """Delete a role of the shop's own that nobody holds (built-in roles stay)."""
    management.delete_role(management.get_role(role_id))
    return {"deleted": True}


@api.endpoint("/permissions", permission="users.view", response=PermissionSchema, many=True)
def list_permissions():
    """The permissions a role may grant: the core's and the enabled plugins'."""
    return sorted(current_runtime().permissions.values(), key=lambda p: p.code)


def _known_permissions() -> set[str]:
    return set(current_runtime().permissions)
