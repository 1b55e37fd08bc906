"""The crm plugin's "Customer" till action in the real till."""

from __future__ import annotations

import pytest

from .till import SPREAD, open_till, pay_cash, scan

pytestmark = pytest.mark.browser


@pytest.fixture
def customer(till_server):
    status, body, _ = till_server.api("POST", "/plugins/crm/enable")
    assert status == 200, body
    status, created, _ = till_server.api(
        "POST", "/customers", {"name": "Jeanne Martin", "email": "jeanne@example.org"}
    )
    assert status == 201, created
    yield created
    till_server.api("POST", "/plugins/crm/disable")


def test_customer_action_attaches_a_customer_to_the_sale(page, till_server, customer):
    """Searching by e-mail at the till attaches the one customer found; the cart shows
    the name and the completed sale carries the customer."""
    open_till(page, till_server)
    scan(page, SPREAD[0])
    page.once("dialog", lambda dialog: dialog.accept("jeanne@example.org"))
    page.get_by_role("button", name="Customer").click()
    page.locator("#cart-extras").get_by_text("Jeanne Martin").wait_for()
    pay_cash(page, "5")
    status, sales, _ = till_server.api("GET", "/sales?limit=1")
    assert status == 200 and sales[0]["customer_id"] == customer["id"]
