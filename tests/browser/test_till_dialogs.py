"""The till's dialogs for plugin actions (till.dialog, till.confirm, till.choose), driven
through the actions of the sample plugin ``tillkit`` (tests/sample_plugins/tillkit)."""

from __future__ import annotations

import pytest

from .conftest import screenshot
from .dialogs import DIALOG, button, closed, dialog, field, touch
from .till import SPREAD, open_till, scan

pytestmark = pytest.mark.browser


@pytest.fixture
def tillkit(till_server):
    status, body, _ = till_server.api("POST", "/plugins/tillkit/enable")
    assert status == 200, body
    yield
    till_server.api("POST", "/plugins/tillkit/disable")


@pytest.fixture
def till(page, till_server, tillkit):
    open_till(page, till_server)
    return page


def act(page, title: str) -> None:
    page.locator("#actions").get_by_role("button", name=title, exact=True).click()
    dialog(page)


def answer(page, count: int = 1):
    """What the action's dialog answered (window.tillkit), once it has."""
    page.wait_for_function(f"(window.tillkit ?? []).length >= {count}")
    return page.evaluate("window.tillkit.at(-1).result")


def test_dialog_returns_the_values_typed(till):
    """Text and password as typed, numeric as a string of digits, money in minor units
    typed on the till's pad; the plugin's own labels are shown as given."""
    act(till, "Ask")
    assert dialog(till).get_by_role("heading").inner_text() == "Refill a card"
    assert field(till, "Amount").input_value() == "12.50"  # value 1250 in minor units
    field(till, "Holder").fill("Jeanne")
    field(till, "Card number").fill("0042")
    field(till, "PIN").fill(" 12 ")
    field(till, "Amount").fill("")
    pad = dialog(till).locator(".pad")
    for key in ("4", "5", ".", "5"):
        touch(pad.get_by_role("button", name=key, exact=True))
    assert field(till, "Amount").input_value() == "45.5"
    touch(button(till, "Refill"))
    closed(till)
    assert answer(till) == {"holder": "Jeanne", "card": "0042", "amount": 4550, "pin": " 12 "}


def test_dialog_is_answered_with_the_keyboard(till):
    """Focus starts in the first field, Tab moves on, Enter submits."""
    act(till, "Ask")
    till.keyboard.type("Paul")
    till.keyboard.press("Tab")
    till.keyboard.type("7")
    till.keyboard.press("Tab")
    till.keyboard.press("Control+a")
    till.keyboard.type("20,05")
    till.keyboard.press("Enter")
    closed(till)
    assert answer(till) == {"holder": "Paul", "card": "7", "amount": 2005, "pin": ""}


def test_validate_keeps_the_dialog_open_with_its_message(till):
    """An error from validate() is shown in the dialog, which stays open until the values
    pass; the till's own checks (required, digits, amount) come first."""
    act(till, "Ask")
    touch(button(till, "Refill"))
    error = dialog(till).locator(".error")
    assert error.inner_text() == "Holder: required"
    assert field(till, "Holder").get_attribute("aria-invalid") == "true"
    field(till, "Holder").fill("Jeanne")
    field(till, "Card number").fill("12a")
    till.keyboard.press("Enter")
    assert error.inner_text() == "Card number: digits only"
    field(till, "Card number").fill("")
    field(till, "Amount").fill("12.345")
    till.keyboard.press("Enter")
    assert error.inner_text() == "Amount: not an amount"
    field(till, "Amount").fill("150")
    till.keyboard.press("Enter")
    till.get_by_text("At most 100.00 per refill").wait_for()
    assert dialog(till).is_visible()
    assert till.evaluate("window.tillkit") is None
    screenshot(till, "dialog-validate-1280x860")
    field(till, "Amount").fill("100")
    touch(button(till, "Refill"))
    closed(till)
    assert answer(till)["amount"] == 10000


def test_cancel_and_escape_answer_null(till):
    """The cancel button (with the plugin's label) and Escape both answer null, and the
    scan field has the focus back."""
    act(till, "Ask")
    field(till, "Holder").fill("Jeanne")
    touch(button(till, "Not now"))
    closed(till)
    assert answer(till, 1) is None
    act(till, "Ask")
    till.keyboard.press("Escape")
    closed(till)
    assert answer(till, 2) is None
    till.wait_for_function("document.activeElement.id === 'scan'")


def test_choose_by_touch_and_by_keyboard(till):
    """A choice answers its value (any value: a string, an object); arrows move through
    the choices, Enter picks, Escape answers null."""
    act(till, "Pick")
    items = dialog(till).locator(".till-dialog-items button")
    assert items.nth(0).inner_text().split("\n") == ["Apples", "3 left"]
    touch(items.nth(0))
    closed(till)
    assert answer(till, 1) == "apples"
    act(till, "Pick")
    assert till.evaluate("document.activeElement.innerText").startswith("Apples")
    till.keyboard.press("ArrowDown")
    till.keyboard.press("Enter")
    closed(till)
    assert answer(till, 2) == {"id": 2, "name": "Pears"}
    act(till, "Pick")
    till.keyboard.press("Escape")
    closed(till)
    assert answer(till, 3) is None


def test_confirm_answers_true_or_false(till):
    """OK (the plugin's label) or Enter is true; Cancel or Escape is false."""
    act(till, "Sure?")
    assert dialog(till).locator(".till-dialog-message").inner_text() == "Every fruit goes back."
    assert till.evaluate("document.activeElement.innerText") == "Empty"  # Enter answers OK
    screenshot(till, "dialog-confirm-1280x860")
    touch(button(till, "Empty"))
    closed(till)
    assert answer(till, 1) is True
    act(till, "Sure?")
    till.keyboard.press("Enter")
    closed(till)
    assert answer(till, 2) is True
    act(till, "Sure?")
    touch(button(till, "Cancel"))
    closed(till)
    assert answer(till, 3) is False
    act(till, "Sure?")
    till.keyboard.press("Escape")
    closed(till)
    assert answer(till, 4) is False


def test_till_keys_wait_while_a_dialog_is_open(till):
    """F9 (pay) does nothing behind a dialog: the dialog answers its own keys."""
    act(till, "Sure?")
    till.keyboard.press("F9")
    assert till.locator("#screen-sell").is_visible()
    till.keyboard.press("Escape")
    closed(till)


def test_locking_the_till_cancels_the_dialog(till):
    """Nothing stays open over the sign-in screen: locking answers the dialog null."""
    act(till, "Ask")
    till.evaluate("document.getElementById('btn-lock').click()")
    closed(till)
    assert answer(till) is None
    assert till.locator("#screen-signin").is_visible()


@pytest.mark.parametrize("size", [(1024, 768), (1280, 800), (1920, 1080)])
def test_buttons_stay_on_screen_and_long_forms_scroll(till, size):
    """At each till screen size the OK and Cancel buttons of a long form are on screen,
    every button of the dialog is a touch target, and the fields scroll."""
    width, height = size
    till.set_viewport_size({"width": width, "height": height})
    act(till, "Ask")
    for each in dialog(till).locator("button").all():
        box = each.bounding_box()
        assert box["width"] >= 48 and box["height"] >= 48, box
    screenshot(till, f"dialog-ask-{width}x{height}")
    touch(button(till, "Not now"))
    act(till, "Pick")
    screenshot(till, f"dialog-choose-{width}x{height}")
    till.keyboard.press("Escape")
    act(till, "Long form")
    body = dialog(till).locator(".till-dialog-body")
    if height < 1000:
        assert body.evaluate("b => b.scrollHeight > b.clientHeight")
    field(till, "Field 12").fill("7.25")  # scrolled into view to be typed into
    screenshot(till, f"dialog-long-{width}x{height}")
    touch(button(till, "OK"))  # on screen, or touch() fails
    closed(till)
    assert answer(till, 1)["f11"] == 725
    assert till.locator(f"{DIALOG}[open]").count() == 0


def test_discount_dialog_keeps_its_buttons_on_screen_at_1024x768(page, till_server):
    """The till's own dialog shares the layout: with the manager's approval asked for
    below the pad, its error and buttons are still on a 1024 x 768 screen."""
    page.set_viewport_size({"width": 1024, "height": 768})
    open_till(page, till_server)
    scan(page, SPREAD[0])
    page.locator("#btn-cart-discount").click()
    page.locator("#dialog-input").fill("50")
    page.keyboard.press("Enter")  # beyond the cashier's limit: a manager must approve
    page.locator("#dialog-approval").wait_for()
    screenshot(page, "dialog-discount-approval-1024x768")
    assert page.locator("#dialog-error").inner_text()
    for each in (page.locator("#dialog-error"), page.locator("#dialog-ok")):
        box = each.bounding_box()
        assert box["y"] + box["height"] <= 768, box
    touch(page.locator("#dialog-cancel"))
    page.locator("#dialog[open]").wait_for(state="detached")
