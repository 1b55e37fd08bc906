"""Steps a cashier takes, shared by the browser tests."""

from __future__ import annotations

import socket
import time
import typing as t

from .conftest import SCAN_TIMES

#: Demo barcodes (EAN-13) and prices.
SPREAD = ("3017620422003", 429)  # Pâte à tartiner noisettes 400 g
PENNE = ("3760045120312", 189)  # Penne rigate 500 g
RICE = ("3560070012749", 349)  # Riz basmati 1 kg


def sign_in(page: t.Any, name: str = "Cashier", pin: str = "1234") -> None:
    page.goto("/till/")
    page.get_by_role("button", name=name, exact=True).click()
    page.locator("#signin-pin").fill(pin)
    page.keyboard.press("Enter")


def open_till(page: t.Any, server: t.Any, name: str = "Cashier", pin: str = "1234") -> None:
    """Sign in on an open register and wait for the sale screen."""
    server.ensure_open()
    sign_in(page, name, pin)
    try:
        page.locator("#screen-sell").wait_for(state="visible")
    except Exception as error:  # Playwright's TimeoutError: say what the cashier sees
        seen = page.evaluate(
            "({screen: document.querySelector('.screen:not([hidden])')?.id,"
            " error: document.getElementById('signin-error').textContent,"
            " message: document.getElementById('message').textContent})"
        )
        raise AssertionError(f"{name} is not on the sale screen: {seen}") from error
    page.locator("#scan").wait_for(state="visible")


def scan(page: t.Any, barcode: str) -> None:
    """Type a barcode into the scan field as a keyboard-wedge scanner does, then Enter;
    record how long until the cart shows the new line."""
    rows = page.locator("#cart-lines tr")
    before = rows.count()
    page.locator("#scan").fill(barcode)
    measured = page.evaluate("window.tillMetrics.scans.length")
    started = time.perf_counter()
    page.keyboard.press("Enter")
    rows.nth(before).wait_for(state="visible")
    seen = (time.perf_counter() - started) * 1000
    page.wait_for_function(f"window.tillMetrics.scans.length > {measured}")
    in_page = page.evaluate("window.tillMetrics.scans.at(-1)")
    SCAN_TIMES.append((in_page, seen))


def pay_cash(page: t.Any, amount: str | None = None) -> None:
    page.keyboard.press("F9")
    page.locator("#screen-pay").wait_for(state="visible")
    if amount is not None:
        page.locator("#pay-amount").fill(amount)
    page.locator('#pay-methods button[data-method="cash"]').click()
    page.locator("#pay-complete").click()
    page.locator("#screen-receipt").wait_for(state="visible")


def new_sale(page: t.Any) -> None:
    page.locator("#btn-new-sale").click()
    page.locator("#screen-sell").wait_for(state="visible")


#: Generous: the machine may be shared; every wait ends as soon as its condition holds.
AGENT_DEADLINE = 60


def free_port() -> int:
    """A port nothing on this machine listens on, for an agent's local server."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def until_agent(condition: t.Callable[[], bool], process: t.Any, what: str) -> None:
    """Wait for ``condition`` while the agent subprocess runs: its stderr if it stops,
    a failure naming ``what`` after the deadline."""
    end = time.monotonic() + AGENT_DEADLINE
    while time.monotonic() < end:
        if condition():
            return
        if process.poll() is not None:
            raise AssertionError(f"the agent stopped: {process.stderr.read().decode()}")
        time.sleep(0.1)
    raise AssertionError(f"timed out waiting for {what}")


def set_register_devices(server: t.Any, register_id: int, **values: t.Any) -> None:
    status, body, _ = server.api("PATCH", f"/registers/{register_id}/devices", values)
    assert status == 200, body
