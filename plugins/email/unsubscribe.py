"""Signed unsubscribe links, one per customer.

The token is the customer's id signed with the instance's secret key (itsdangerous, as
Flask signs its sessions): it cannot be forged for another customer, and needs no table.
"""

from __future__ import annotations

from flask import current_app
from itsdangerous import BadSignature, URLSafeSerializer

SALT = "comptoir.email.unsubscribe"


def _serializer() -> URLSafeSerializer:
    return URLSafeSerializer(current_app.config["SECRET_KEY"], salt=SALT)


def token_for(customer_id: int) -> str:
    return _serializer().dumps(customer_id)


def customer_of(token: str) -> int | None:
    """The customer id the token was made for, or ``None`` for a forged or broken one."""
    try:
        value = _serializer().loads(token)
    except BadSignature:
        return None
    return value if isinstance(value, int) else None


def link(base_url: str, customer_id: int) -> str:
    return f"{base_url.rstrip('/')}/email/unsubscribe/{token_for(customer_id)}"
