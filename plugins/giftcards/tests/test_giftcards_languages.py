"""The gift cards speak the reader's language: their refusals, menu and receipt rows come
from the plugin's own catalog."""

from __future__ import annotations

import pytest
from giftcards_helpers import card, cash

from core.testing import sale_body, sell

pytestmark = pytest.mark.comptoir_plugins("giftcards")

UNKNOWN = "ZZZZ-ZZZZ-ZZZZ-ZZZZ"


@pytest.mark.parametrize(
    ("language", "said"),
    [
        ("en", "unknown gift card"),
        ("fr", "carte cadeau inconnue"),
        ("nl", "onbekende cadeaukaart"),
        ("ru", "неизвестная подарочная карта"),
    ],
)
def test_an_unknown_card_is_refused_in_the_readers_language(shop, cashier_api, language, said):
    body = sale_body(shop.line("PEN"), payments=[card(UNKNOWN, 250)])
    refused = cashier_api.post("/api/v1/sales", json=body, headers={"Accept-Language": language})
    assert refused.status_code == 422
    assert said in str(refused.get_json()["error"])


def test_the_receipt_row_is_in_the_stores_language(shop, cashier_api, admin_api):
    admin_api.patch("/api/v1/settings/store", json={"locale": "nl"})
    sale = sell(cashier_api, {"gift_card": {"amount": 1000}}, payments=[cash(1000)])
    receipt = cashier_api.get(f"/api/v1/sales/{sale['id']}/receipt").get_data(as_text=True)
    assert "Kaart " in receipt and "Geldig tot" in receipt
