"""``/api/v1/gift-cards``: lookups (rate-limited), the ledger, manual credits and stops,
permissions, pages, and switching the plugin off and on."""

from __future__ import annotations

import pytest
import sqlalchemy as sa
from giftcards_helpers import balance, pay_with, sell_card

from core.plugins import db
from plugins.giftcards.models import GiftCard
from plugins.giftcards.ratelimit import SlidingWindow

pytestmark = pytest.mark.comptoir_plugins("giftcards")

WRONG = "ZZZZ-ZZZZ-ZZZZ-ZZZZ"


def test_ten_failed_lookups_a_minute_then_429(shop, cashier_api, manager_api):
    """After 10 unknown codes in the window, even a right code is refused (429); other
    users are not affected."""
    _body, code = sell_card(cashier_api, 1000)
    for _ in range(10):
        assert cashier_api.get(f"/api/v1/gift-cards/{WRONG}").status_code == 404
    blocked = cashier_api.get(f"/api/v1/gift-cards/{code}")
    assert blocked.status_code == 429
    assert blocked.get_json()["error"]["code"] == "too_many_lookups"
    assert pay_with(cashier_api, shop, "PEN", code, 250).status_code == 429
    assert manager_api.get(f"/api/v1/gift-cards/{code}").status_code == 200


def test_right_codes_do_not_count(shop, cashier_api):
    _body, code = sell_card(cashier_api, 1000)
    for _ in range(15):
        assert cashier_api.get(f"/api/v1/gift-cards/{code}").status_code == 200


def test_failed_payments_count_too(shop, cashier_api):
    """Guessing through payments is limited like lookups."""
    statuses = [pay_with(cashier_api, shop, "PEN", WRONG, 250).status_code for _ in range(11)]
    assert statuses == [422] * 10 + [429]


def test_the_window_slides():
    """Failures older than the window no longer count."""
    now = [0.0]
    window = SlidingWindow(clock=lambda: now[0])
    for second in range(3):
        now[0] = float(second)
        window.fail("k", 60)
    assert window.blocked("k", 3, 60)
    now[0] = 60.0  # the failure at 0 s leaves the window
    assert not window.blocked("k", 3, 60)
    window.fail("k", 60)
    assert window.blocked("k", 3, 60)
    assert window.retry_after("k", 60) == 2


def test_lookup_shows_balance_status_expiry_and_not_the_code(shop, cashier_api):
    _body, code = sell_card(cashier_api, 2500)
    card = cashier_api.get(f"/api/v1/gift-cards/{code}").get_json()
    assert set(card) >= {"balance", "status", "expires_at", "last4"}
    assert code not in str(card) and code.replace("-", "") not in str(card)


def test_permissions(client, shop, cashier_api, manager_api):
    """Cashiers look cards up; listing, crediting and stopping are for managers."""
    _body, code = sell_card(cashier_api, 1000)
    assert client.get(f"/api/v1/gift-cards/{code}").status_code == 401
    assert cashier_api.get(f"/api/v1/gift-cards/{code}/ledger").status_code == 200
    assert cashier_api.get("/api/v1/gift-cards").status_code == 403
    assert (
        cashier_api.post(f"/api/v1/gift-cards/{code}/reload", json={"amount": 100}).status_code
        == 403
    )
    assert cashier_api.post(f"/api/v1/gift-cards/{code}/disable").status_code == 403
    assert manager_api.get("/api/v1/gift-cards").status_code == 200
    assert balance(cashier_api, code) == 1000


def test_list(shop, cashier_api, manager_api):
    sell_card(cashier_api, 1000)
    sell_card(cashier_api, 2000)
    response = manager_api.get("/api/v1/gift-cards?status=active")
    assert response.headers["X-Total-Count"] == "2"
    assert [c["balance"] for c in response.get_json()] == [2000, 1000]


def test_manual_credit_is_in_the_ledger(shop, cashier_api, manager_api):
    _body, code = sell_card(cashier_api, 1000)
    credited = manager_api.post(
        f"/api/v1/gift-cards/{code}/reload", json={"amount": 500, "note": "sorry for the wait"}
    )
    assert credited.status_code == 200, credited.get_json()
    assert credited.get_json()["balance"] == 1500
    last = manager_api.get(f"/api/v1/gift-cards/{code}/ledger").get_json()[-1]
    assert (last["kind"], last["amount"], last["note"]) == ("adjust", 500, "sorry for the wait")


@pytest.mark.parametrize("body", [{"amount": 12.5}, {"amount": 0}, {}, {"amount": "5"}])
def test_bad_credit_is_a_422_and_changes_nothing(shop, cashier_api, manager_api, body):
    _body, code = sell_card(cashier_api, 1000)
    response = manager_api.post(f"/api/v1/gift-cards/{code}/reload", json=body)
    assert response.status_code == 422
    assert balance(cashier_api, code) == 1000


def test_a_stopped_card_cannot_pay(shop, cashier_api, manager_api):
    _body, code = sell_card(cashier_api, 1000)
    stopped = manager_api.post(f"/api/v1/gift-cards/{code}/disable")
    assert stopped.status_code == 200 and stopped.get_json()["status"] == "disabled"
    paid = pay_with(cashier_api, shop, "PEN", code, 250)
    assert paid.status_code == 422 and paid.get_json()["error"]["code"] == "gift_card_inactive"
    assert manager_api.post(f"/api/v1/gift-cards/{code}/disable").status_code == 409


def test_admin_page_looks_cards_up_and_lists_them(shop, cashier_api, manager_api):
    _body, code = sell_card(cashier_api, 4200)
    page = manager_api.get(f"/giftcards/?code={code}")
    assert page.status_code == 200
    text = page.get_data(as_text=True)
    assert f"****{code[-4:]}" in text and "4200" in text and "All cards" in text
    # Cashiers never see the back office: they look balances up at the till (the API).
    assert cashier_api.get(f"/giftcards/?code={code}").status_code == 403


def test_openapi_lists_the_endpoints(client):
    paths = set(client.get("/api/v1/openapi.json").get_json()["paths"])
    assert {
        "/api/v1/gift-cards",
        "/api/v1/gift-cards/{code}",
        "/api/v1/gift-cards/{code}/ledger",
        "/api/v1/gift-cards/{code}/reload",
    } <= paths


def test_payment_method_is_offered_but_not_offline(manager_api):
    methods = {m["code"]: m for m in manager_api.get("/api/v1/payment-methods").get_json()}
    assert methods["gift_card"]["works_offline"] is False


def test_disable_and_enable_from_the_cli_keep_the_cards(app, shop, cashier_api, cli_runner):
    _body, code = sell_card(cashier_api, 1000)
    result = cli_runner("plugins", "disable", "giftcards")
    assert result.exit_code == 0, result.output
    assert cashier_api.get(f"/api/v1/gift-cards/{code}").status_code == 404
    assert pay_with(cashier_api, shop, "PEN", code, 250).status_code == 422
    with app.app_context():
        assert db.session.scalars(sa.select(GiftCard.balance)).one() == 1000
    result = cli_runner("plugins", "enable", "giftcards")
    assert result.exit_code == 0, result.output
    assert balance(cashier_api, code) == 1000


def test_disable_and_enable_from_the_api_keep_the_cards(shop, admin_api, cashier_api):
    _body, code = sell_card(cashier_api, 1000)
    assert admin_api.post("/api/v1/plugins/giftcards/disable").status_code == 200
    assert cashier_api.get(f"/api/v1/gift-cards/{code}").status_code == 404
    assert admin_api.post("/api/v1/plugins/giftcards/enable").status_code == 200
    assert balance(cashier_api, code) == 1000


def test_crediting_an_unknown_code_is_a_404(manager_api):
    """The code in the URL names the card: an unknown one is a 404 like every lookup by
    code, not a 422 (schemathesis' stateful run, issue 18: a valid request refused)."""
    response = manager_api.post("/api/v1/gift-cards/NOSUCHCARD/reload", json={"amount": 500})
    assert response.status_code == 404
    assert response.get_json()["error"]["code"] == "unknown_gift_card"
