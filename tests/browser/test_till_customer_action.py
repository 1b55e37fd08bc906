"""The crm plugin's "Customer" till action in the real till, asked in the till's dialogs."""

from __future__ import annotations

import pytest

from .conftest import screenshot
from .dialogs import button, closed, dialog, field, touch
from .till import SPREAD, open_till, pay_cash, scan

pytestmark = pytest.mark.browser


@pytest.fixture
def crm(till_server):
    status, body, _ = till_server.api("POST", "/plugins/crm/enable")
    assert status == 200, body
    yield
    till_server.api("POST", "/plugins/crm/disable")


def _customer(till_server, name: str, email: str) -> dict:
    status, created, _ = till_server.api("POST", "/customers", {"name": name, "email": email})
    assert status == 201, created
    return created


def test_customer_action_attaches_a_customer_to_the_sale(page, till_server, crm):
    """Searching by e-mail at the till (typed, then Enter) attaches the one customer found;
    the cart shows the name and the completed sale carries the customer."""
    customer = _customer(till_server, "Jeanne Martin", "jeanne@example.org")
    open_till(page, till_server)
    scan(page, SPREAD[0])
    page.keyboard.press("F6")  # the action's hotkey
    dialog(page)
    page.keyboard.type("jeanne@example.org")
    page.keyboard.press("Enter")
    closed(page)
    page.locator("#cart-extras").get_by_text("Jeanne Martin").wait_for()
    pay_cash(page, "5")
    status, sales, _ = till_server.api("GET", "/sales?limit=1")
    assert status == 200 and sales[0]["customer_id"] == customer["id"]


def test_customer_is_chosen_among_several_then_removed(page, till_server, crm):
    """Several customers match: the till lists them to choose by touch; the action on a
    sale that has a customer asks to confirm removing them."""
    _customer(till_server, "Anne Lefort", "anne.lefort@example.org")
    second = _customer(till_server, "Anne Lemaire", "anne.lemaire@example.org")
    open_till(page, till_server)
    page.get_by_role("button", name="Customer", exact=True).click()
    field(page, "Name, e-mail, phone, or scan the card").fill("Anne Le")
    touch(button(page, "Search"))
    choices = dialog(page).locator(".till-dialog-items button")
    choices.nth(1).wait_for()
    screenshot(page, "customer-choose")
    touch(choices.filter(has_text="Anne Lemaire"))
    closed(page)
    page.locator("#cart-extras").get_by_text("Anne Lemaire").wait_for()
    assert (
        page.evaluate("JSON.parse(localStorage['comptoir-till-cart']).customer_id")
        == (second["id"])
    )

    page.get_by_role("button", name="Customer", exact=True).click()
    dialog(page).get_by_text("Remove Anne Lemaire from this sale?").wait_for()
    touch(button(page, "Remove"))
    closed(page)
    page.locator("#cart-extras").get_by_text("Anne Lemaire").wait_for(state="detached")


def test_unknown_customer_is_created_at_the_till(page, till_server, crm):
    """Nobody matches: the till offers to create the customer, with the name typed, and
    attaches them."""
    open_till(page, till_server)
    page.get_by_role("button", name="Customer", exact=True).click()
    dialog(page)
    page.keyboard.type("Zoé Nouvelle")
    page.keyboard.press("Enter")
    dialog(page).get_by_text('No customer "Zoé Nouvelle". Create one?').wait_for()
    page.keyboard.press("Enter")  # OK: create
    field(page, "E-mail (optional)").wait_for()
    assert field(page, "Customer name").input_value() == "Zoé Nouvelle"
    field(page, "E-mail (optional)").fill("zoe@example.org")
    touch(button(page, "Create"))
    closed(page)
    page.locator("#cart-extras").get_by_text("Zoé Nouvelle").wait_for()
    status, found, _ = till_server.api("GET", "/customers?q=zoe%40example.org")
    assert status == 200 and [c["name"] for c in found] == ["Zoé Nouvelle"]
