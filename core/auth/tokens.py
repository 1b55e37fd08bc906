"""API tokens: created for a user, shown once, stored as a SHA-256, revocable."""

from __future__ import annotations

import datetime as dt
import secrets

import sqlalchemy as sa
from sqlalchemy.orm import joinedload
from sqlalchemy.orm.attributes import set_committed_value

from ..db import db, separate_transaction, utcnow
from .models import ApiToken, User
from .session import token_digest

TOKEN_PREFIX = "cpt_"
#: Writing last_used_at on every request would make every API read a write. It is written
#: in a transaction of its own: a token's use is noted whether or not the request commits.
LAST_USED_RESOLUTION = dt.timedelta(minutes=1)


def create_token(user: User, name: str = "") -> tuple[ApiToken, str]:
    """Create a token; returns the row and the secret, which is not kept anywhere."""
    secret = TOKEN_PREFIX + secrets.token_urlsafe(32)
    token = ApiToken(user=user, name=name, token_hash=token_digest(secret), prefix=secret[:10])
    db.session.add(token)
    db.session.flush()
    return token, secret


def revoke_token(token: ApiToken) -> None:
    if token.revoked_at is None:
        token.revoked_at = utcnow()


# One query for the token, its user and the user's roles, checked on every request:
# built once, since building it costs more than running it.
_TOKEN_WITH_USER = (
    sa.select(ApiToken)
    .where(ApiToken.token_hash == sa.bindparam("digest"))
    .options(joinedload(ApiToken.user).joinedload(User.roles))
)


def user_for_token(secret: str) -> User | None:
    token = (
        db.session.execute(_TOKEN_WITH_USER, {"digest": token_digest(secret)})
        .unique()
        .scalar_one_or_none()
    )
    if token is None or token.revoked_at is not None or not token.user.active:
        return None
    now = utcnow()
    if token.last_used_at is None or now - token.last_used_at > LAST_USED_RESOLUTION:
        with separate_transaction() as connection:
            connection.execute(
                sa.update(ApiToken).where(ApiToken.id == token.id).values(last_used_at=now)
            )
        set_committed_value(token, "last_used_at", now)
    return token.user
