"""The store checks of the plugin's own endpoints and pages (the core checks registers,
locations, sales and cash sessions; stores and transfers are the plugin's)."""

from __future__ import annotations

import typing as t

from flask_babel import gettext as _

from core.plugins import Forbidden, current_user, db

from .models import Store, Transfer
from .stores import visible_store_ids


def my_store_ids() -> frozenset[int] | None:
    """The signed-in user's stores, or ``None`` for every store."""
    user = current_user()
    return None if user is None else visible_store_ids(user)


def refuse() -> None:
    raise Forbidden(_("this belongs to another store"), code="other_store")


def check_store(store_id: int) -> None:
    """403 when the store is not one of the user's."""
    mine = my_store_ids()
    if mine is not None and store_id not in mine:
        refuse()


def check_transfer(transfer: Transfer, *, side: str | None = None) -> None:
    """403 unless the user works at one end of the transfer (at ``side``, ``from`` or
    ``to``, when given: the sender sends, the receiver receives)."""
    mine = my_store_ids()
    if mine is None:
        return
    ends = {"from": {transfer.from_store_id}, "to": {transfer.to_store_id}}
    allowed = ends[side] if side else ends["from"] | ends["to"]
    if not allowed & mine:
        refuse()


def check_url_scope(endpoint: str, values: dict[str, t.Any]) -> None:
    """Before a view of the plugin: the store or transfer its URL names must be the
    user's (the sender's end to send, the receiver's to receive). Anonymous requests go
    on to the permission guard (their 401); unknown ids to the view (its 404)."""
    if current_user() is None:
        return
    if "store_id" in values and db.session.get(Store, values["store_id"]) is not None:
        check_store(values["store_id"])
    if "transfer_id" in values:
        transfer = db.session.get(Transfer, values["transfer_id"])
        if transfer is not None:
            view = endpoint.rsplit(".", 1)[-1]  # send, send_transfer, receive...
            side = "from" if view.startswith("send") else None
            check_transfer(transfer, side="to" if view.startswith("receive") else side)
