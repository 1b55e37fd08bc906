"""The gift cards page: look a card up, list the cards, credit a card by hand (typed as a
decimal) and stop a lost one, each refused to cashiers and checked like the API."""

from __future__ import annotations

import pytest
from giftcards_helpers import balance, sell_card

pytestmark = pytest.mark.comptoir_plugins("giftcards")


def _card_id(manager_api, code: str) -> int:
    return manager_api.get(f"/api/v1/gift-cards/{code}").get_json()["id"]


def test_lookup_shows_balance_as_money(shop, manager_api, cashier_api):
    _sale, code = sell_card(cashier_api, 2500)
    page = manager_api.get(f"/giftcards/?code={code}").get_data(as_text=True)
    assert "€25.00" in page and "Credit the card" in page and "Stop the card" in page


def test_a_clerk_looks_up_but_cannot_act(shop, manager_api, cashier_api, admin_api, api_as):
    """A back-office clerk holding ``giftcards.view`` looks a card up on the page but cannot
    credit or stop it; a cashier never sees the back office and looks balances up at the
    till (the API)."""
    _sale, code = sell_card(cashier_api, 2500)
    card_id = _card_id(manager_api, code)
    role = {"name": "clerk", "permissions": ["admin.access", "giftcards.view"]}
    assert admin_api.post("/api/v1/roles", json=role).status_code == 201
    assert (
        admin_api.post("/api/v1/users", json={"username": "clerk", "roles": ["clerk"]}).status_code
        == 201
    )
    clerk = api_as("clerk")
    page = clerk.get(f"/giftcards/?code={code}").get_data(as_text=True)
    assert "€25.00" in page and "Credit the card" not in page and "All cards" not in page
    assert clerk.get(f"/giftcards/cards/{card_id}").status_code == 403
    assert clerk.post(f"/giftcards/cards/{card_id}/reload", data={"amount": "5"}).status_code == 403
    assert clerk.post(f"/giftcards/cards/{card_id}/stop").status_code == 403
    assert cashier_api.get(f"/giftcards/?code={code}").status_code == 403
    assert balance(cashier_api, code) == 2500


def test_a_manager_credits_a_card_in_decimals(shop, manager_api, cashier_api):
    _sale, code = sell_card(cashier_api, 2500)
    card_id = _card_id(manager_api, code)
    response = manager_api.post(
        f"/giftcards/cards/{card_id}/reload", data={"amount": "10,50", "note": "Goodwill"}
    )
    assert response.status_code == 302, response.get_data(as_text=True)
    assert balance(manager_api, code) == 3550
    ledger = manager_api.get(f"/api/v1/gift-cards/{code}/ledger").get_json()
    assert (ledger[-1]["kind"], ledger[-1]["amount"], ledger[-1]["note"]) == (
        "adjust",
        1050,
        "Goodwill",
    )


@pytest.mark.parametrize(
    ("amount", "message"),
    [
        ("0", "must be between"),
        ("ten", "an amount such as 12.50"),
        ("1.234", "at most 2 decimals"),
        ("5000", "at most"),
    ],
)
def test_a_bad_credit_says_why_and_changes_nothing(shop, manager_api, cashier_api, amount, message):
    _sale, code = sell_card(cashier_api, 2500)
    card_id = _card_id(manager_api, code)
    response = manager_api.post(f"/giftcards/cards/{card_id}/reload", data={"amount": amount})
    assert response.status_code in (400, 409)
    text = response.get_data(as_text=True)
    assert message in text and f'value="{amount}"' in text
    assert balance(manager_api, code) == 2500


def test_a_stopped_card_can_no_longer_pay_or_be_credited(shop, manager_api, cashier_api):
    _sale, code = sell_card(cashier_api, 2500)
    card_id = _card_id(manager_api, code)
    assert manager_api.post(f"/giftcards/cards/{card_id}/stop").status_code == 302
    card = manager_api.get(f"/api/v1/gift-cards/{code}").get_json()
    assert card["status"] == "disabled" and card["balance"] == 2500
    refused = manager_api.post(f"/giftcards/cards/{card_id}/reload", data={"amount": "5"})
    assert refused.status_code == 409 and balance(manager_api, code) == 2500
    page = manager_api.get(f"/giftcards/cards/{card_id}").get_data(as_text=True)
    assert "Stop the card" not in page and "disabled" in page
    again = manager_api.post(f"/giftcards/cards/{card_id}/stop")
    assert again.status_code == 302  # says why on the card's page, changes nothing


def test_the_list_filters_by_status(shop, manager_api, cashier_api):
    _sale, code = sell_card(cashier_api, 2500)
    sell_card(cashier_api, 1000)
    manager_api.post(f"/giftcards/cards/{_card_id(manager_api, code)}/stop")
    stopped = manager_api.get("/giftcards/?status=disabled").get_data(as_text=True)
    assert "€25.00" in stopped and "€10.00" not in stopped
