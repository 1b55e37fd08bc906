"""Tills spending the same card at the same instant never spend more than it holds.
Real threads, each with its own database connection."""

from __future__ import annotations

import pytest
import sqlalchemy as sa
from giftcards_helpers import card, sell_card

from core.plugins import db, write_transaction
from core.testing import at_once, sale_body, sales_count
from plugins.giftcards import services
from plugins.giftcards.models import GiftCard, LedgerEntry

pytestmark = pytest.mark.comptoir_plugins("giftcards")

TILLS = 8


def _state(app) -> tuple[int, int]:
    """The card's balance and how many redemptions its ledger holds."""
    with app.app_context():
        balance = db.session.scalars(sa.select(GiftCard.balance)).one()
        redeemed = db.session.scalar(sa.select(sa.func.count()).where(LedgerEntry.kind == "redeem"))
    return balance, redeemed


def _spend_at_eight_tills(shop, api_as, cashier_api) -> list[int]:
    """Eight tills pay a BOOK (30.00) each with one 100.00 card at the same instant."""
    _body, code = sell_card(cashier_api, 10000)
    clients = [api_as("cashier") for _ in range(TILLS)]
    bodies = [sale_body(shop.line("BOOK"), payments=[card(code, 3000)]) for _ in range(TILLS)]
    answers = at_once(TILLS, lambda i: clients[i].post("/api/v1/sales", json=bodies[i]))
    return [answer.status_code for answer in answers]


@pytest.mark.postgresql
def test_eight_tills_spend_one_card_on_postgresql(app, shop, api_as, cashier_api):
    """A 100.00 card, eight payments of 30.00 at once: exactly three go through, 10.00
    remains, and the ledger agrees."""
    statuses = _spend_at_eight_tills(shop, api_as, cashier_api)
    assert sorted(statuses) == [201] * 3 + [422] * 5
    assert _state(app) == (1000, 3)
    assert sales_count(cashier_api) == 1 + 3  # the card's sale, and three paid with it


@pytest.mark.sqlite
def test_eight_tills_spend_one_card_on_sqlite(app, shop, api_as, cashier_api):
    """The same on SQLite, where writers queue on the write lock."""
    statuses = _spend_at_eight_tills(shop, api_as, cashier_api)
    assert sorted(statuses) == [201] * 3 + [422] * 5
    assert _state(app) == (1000, 3)
    assert sales_count(cashier_api) == 1 + 3


def test_the_guarded_update_alone_never_overspends(app, shop, cashier_api):
    """Eight transactions redeem 30.00 directly (no sale around them) at once: the
    database's guard lets exactly three through."""
    _body, code = sell_card(cashier_api, 10000)

    def redeem(_index: int) -> bool:
        with app.app_context():
            write_transaction()
            moved = services.redeem(code, 3000)
            db.session.commit()
            return moved is not None

    results = at_once(TILLS, redeem)
    assert sorted(results) == [False] * 5 + [True] * 3
    assert _state(app) == (1000, 3)
