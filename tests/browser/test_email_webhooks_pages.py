"""The email and webhooks plugins in a browser: e-mailing a receipt from the till's
receipt screen, the E-mails page, and adding a webhook (its secret shown once) and reading
its delivery log, at the back office's three sizes."""

from __future__ import annotations

import pytest

from .backoffice import VIEWPORTS, admin_page, no_horizontal_scroll, shot, sign_in
from .conftest import screenshot
from .dialogs import button, closed, field
from .till import PENNE, open_till, pay_cash, scan

pytestmark = pytest.mark.browser


@pytest.fixture
def email(till_server):
    status, body, _ = till_server.api("POST", "/plugins/email/enable")
    assert status == 200, body
    yield
    till_server.api("POST", "/plugins/email/disable")


def test_emailing_the_receipt_from_the_receipt_screen(page, till_server, email):
    """After a sale the receipt screen offers "E-mail receipt"; the address typed is
    queued at once (the mail server is not even reachable: the till does not wait)."""
    till_server.api(
        "PATCH", "/settings/email", {"host": "127.0.0.1", "port": 9, "security": "none"}
    )
    open_till(page, till_server)
    scan(page, PENNE[0])
    pay_cash(page)
    page.locator("#receipt-actions").get_by_role("button", name="E-mail receipt").click()
    field(page, "E-mail address").fill("anne@example.org")
    screenshot(page, "email-receipt-dialog")
    button(page, "Send").click()
    closed(page)
    page.locator("#message").get_by_text("anne@example.org").wait_for()
    status, messages, _ = till_server.api("GET", "/email/messages?limit=1")
    assert status == 200 and messages[0]["recipient"] == "anne@example.org"


@pytest.mark.parametrize("viewport", VIEWPORTS, ids=lambda v: f"{v[0]}x{v[1]}")
def test_the_emails_page(chromium, comptoir_server, viewport):
    comptoir_server.enable("email")
    page = admin_page(chromium, comptoir_server, viewport)
    try:
        sign_in(page, "admin")
        page.goto("/email/")
        page.get_by_role("heading", name="Messages").wait_for()
        page.get_by_label("Mail server password").fill("app-password")
        page.get_by_role("button", name="Save the password").click()
        page.get_by_text("A password is saved; it is never shown.").wait_for()
        assert "app-password" not in page.content()
        assert no_horizontal_scroll(page)
        shot(page, "email-index", viewport)
    finally:
        page.context.close()


@pytest.mark.parametrize("viewport", VIEWPORTS, ids=lambda v: f"{v[0]}x{v[1]}")
def test_adding_a_webhook_shows_its_secret_once(chromium, comptoir_server, viewport):
    comptoir_server.enable("webhooks")
    page = admin_page(chromium, comptoir_server, viewport)
    url = f"https://example.org/in/{viewport[0]}"
    try:
        sign_in(page, "admin")
        page.goto("/webhooks/")
        page.get_by_label("Receiver URL").fill(url)
        page.get_by_label("Sale completed").check()
        page.get_by_label("Register closed").check()
        page.get_by_role("button", name="Add", exact=True).click()
        secret = page.locator("#new-secret code").inner_text()
        assert secret.startswith("whsec_")
        shot(page, "webhooks-added", viewport)
        assert no_horizontal_scroll(page)

        page.goto("/webhooks/")
        assert secret not in page.content()
        assert f"****{secret[-4:]}" in page.content()
        page.get_by_role("link", name=url).click()
        page.get_by_text("Nothing sent yet.").wait_for()
        shot(page, "webhooks-deliveries", viewport)
    finally:
        page.context.close()
