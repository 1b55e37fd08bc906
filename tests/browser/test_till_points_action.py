"""The loyalty plugin's "Points" till action: the attached customer's balance."""

from __future__ import annotations

import pytest

from .dialogs import closed, dialog
from .till import open_till

pytestmark = pytest.mark.browser


@pytest.fixture
def member(till_server):
    status, body, _ = till_server.api("POST", "/plugins/loyalty/enable")  # crm comes first
    assert status == 200, body
    status, created, _ = till_server.api("POST", "/customers", {"name": "Paul Durand"})
    assert status == 201, created
    status, body, _ = till_server.api(
        "POST",
        f"/customers/{created['id']}/loyalty/adjustments",
        {"points": 120, "reason": "welcome"},
    )
    assert status in (200, 201), body
    yield created
    till_server.api("POST", "/plugins/loyalty/disable")
    till_server.api("POST", "/plugins/crm/disable")


def test_points_action_shows_the_attached_customers_balance(page, till_server, member):
    open_till(page, till_server)
    page.get_by_role("button", name="Points").click()
    page.get_by_text("no customer", exact=False).first.wait_for()
    page.get_by_role("button", name="Customer").click()
    dialog(page)
    page.keyboard.type("Paul Durand")
    page.keyboard.press("Enter")
    closed(page)
    page.locator("#cart-extras").get_by_text("Paul Durand").wait_for()
    page.get_by_role("button", name="Points").click()
    page.get_by_text("120", exact=False).first.wait_for()
