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
from .token_cache import GENERATION_COLUMN, TokenCache

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


# One query for the token, its user, the user's roles and the auth generation they were
# read at (for the worker's cache): built once, since building it costs more than running it.
_TOKEN_WITH_USER = (
    sa.select(ApiToken, GENERATION_COLUMN)
    .where(ApiToken.token_hash == sa.bindparam("digest"))
    .options(joinedload(ApiToken.user).joinedload(User.roles))
)


def user_for_token(secret: str, cache: TokenCache | None = None) -> User | None:
    """The user of a live token, or ``None`` (unknown, revoked, user deactivated).

    With ``cache`` (the worker's, see :mod:`core.auth.token_cache`) a token seen lately
    costs no query: a revocation takes effect within the cache's check interval.
    """
    digest = token_digest(secret)
    entry = cache.get(digest) if cache is not None else None
    token = None
    if entry is not None:
        user = db.session.merge(entry.user, load=False)
        token_id, last_used_at = entry.token_id, entry.last_used_at
    else:
        began_here = not db.session().in_transaction()
        row = db.session.execute(_TOKEN_WITH_USER, {"digest": digest}).unique().one_or_none()
        if row is None:
            return None
        token, generation = row
        if token.revoked_at is not None or not token.user.active:
            return None
        if cache is not None:
            entry = cache.put(digest, token, generation)
        user, token_id, last_used_at = token.user, token.id, token.last_used_at
    now = utcnow()
    if last_used_at is None or now - last_used_at > LAST_USED_RESOLUTION:
        if token is not None and began_here:
            # The transaction this function began has only read the token: end it, so
            # that its connection is back in the pool before the separate one is taken.
            # Holding both, as many requests as the pool has connections, each waiting
            # for its second, would wait for each other until the pool's timeout.
            db.session.commit()
        with separate_transaction() as connection:
            connection.execute(
                sa.update(ApiToken).where(ApiToken.id == token_id).values(last_used_at=now)
            )
        if entry is not None:
            entry.last_used_at = now
        if token is not None:
            set_committed_value(token, "last_used_at", now)
    return user
