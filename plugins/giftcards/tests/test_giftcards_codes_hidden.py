"""Gift-card codes are bearer secrets: no cashier's token reads them back (issue 18, item
6). ``GET /sales/<id>`` and ``GET /sales?limit=500`` returned ``lines[].data.code`` to
every cashier, who could then spend any card. Now a code is given once, on the buyer's
receipt, and shown as ``****WXYZ`` everywhere else."""

from __future__ import annotations

import json

import pytest
import sqlalchemy as sa
from giftcards_helpers import cash, sell_card

from core.plugins import db
from core.testing import sell

pytestmark = pytest.mark.comptoir_plugins("giftcards")


def test_no_answer_or_listing_holds_the_code(app, shop, cashier_api, manager_api):
    sale = sell(cashier_api, {"gift_card": {"amount": 2500}}, payments=[cash(2500)])
    line = sale["lines"][0]
    assert "code" not in line["data"] and len(line["data"]["last4"]) == 4
    receipt = cashier_api.get(f"/api/v1/sales/{sale['id']}/receipt").get_data(as_text=True)
    code = receipt.split("Card ", 1)[1].split()[0]
    assert len(code) == 19 and code[-4:] == line["data"]["last4"]
    for api in (cashier_api, manager_api):
        answers = [
            api.get(f"/api/v1/sales/{sale['id']}").get_data(as_text=True),
            api.get("/api/v1/sales?limit=500").get_data(as_text=True),
            api.get(f"/api/v1/sales/{sale['id']}/receipt").get_data(as_text=True),
            api.get(f"/api/v1/sales/{sale['id']}/receipt?copy=duplicate").get_data(as_text=True),
        ]
        for answer in answers:
            assert code not in answer and code.replace("-", "") not in answer


def test_the_code_is_kept_nowhere_once_printed(app, shop, cashier_api):
    """After the receipt printed it, no table holds the code (the card keeps its hash)."""
    _sale, code = sell_card(cashier_api, 1000)
    with app.app_context():
        connection = db.session.connection()
        for table in ("sale_line", "giftcards_unprinted_code", "giftcards_card"):
            rows = connection.execute(sa.text(f"SELECT * FROM {table}")).all()
            dumped = json.dumps([[str(v) for v in row] for row in rows])
            assert code not in dumped and code.replace("-", "") not in dumped, table


def test_the_code_printed_once_still_pays(app, shop, cashier_api):
    from giftcards_helpers import pay_with

    _sale, code = sell_card(cashier_api, 1000)
    paid = pay_with(cashier_api, shop, "PEN", code, 250)
    assert paid.status_code == 201, paid.get_json()
