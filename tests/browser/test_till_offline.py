"""Selling while the server cannot be reached, and catching up when it is back."""

from __future__ import annotations

import pytest

from .conftest import screenshot
from .till import PENNE, SPREAD, new_sale, open_till, pay_cash, scan

pytestmark = pytest.mark.browser

READ_OUTBOX = """() => new Promise((resolve, reject) => {
  const open = indexedDB.open("comptoir-till");
  open.onsuccess = () => {
    const request = open.result.transaction("outbox").objectStore("outbox").getAll();
    request.onsuccess = () => resolve(request.result.map((item) => item.body));
    request.onerror = () => reject(request.error);
  };
})"""


def _block_api(route):
    route.abort("internetdisconnected")


def _sale_count(server) -> int:
    _, _, headers = server.api("GET", "/sales?limit=1")
    return int(headers["X-Total-Count"])


def test_offline_sales_wait_survive_a_reload_and_reach_the_server_once(page, till_server):
    """With the API unreachable the till sells twice from its cached catalog, keeps both
    sales through a reload, refuses to sign out or close, and sends them when the server is
    back: each is on the server exactly once, with the till's numbers, and a resend is
    answered with the same sale."""
    open_till(page, till_server)
    page.wait_for_function("document.body.dataset.synced")
    before = _sale_count(till_server)
    page.route("**/api/**", _block_api)

    scan(page, SPREAD[0])
    pay_cash(page, "5")
    first = page.locator("#receipt-number").inner_text().strip()
    assert "offline" in page.locator("#receipt-note").inner_text().lower()
    new_sale(page)
    scan(page, PENNE[0])
    scan(page, SPREAD[0])
    pay_cash(page)
    second = page.locator("#receipt-number").inner_text().strip()
    assert int(second.split("-")[1]) == int(first.split("-")[1]) + 1
    new_sale(page)
    page.wait_for_function("document.getElementById('queue').dataset.count === '2'")
    assert "Offline" in page.locator("#net").inner_text()
    screenshot(page, "11-offline-queue")

    page.get_by_role("button", name="Sign out").click()
    page.wait_for_function("document.getElementById('message').textContent.includes('wait')")
    assert page.locator("#screen-sell").is_visible()
    page.get_by_role("button", name="Register").click()
    page.locator("#close-counted").fill("100")
    page.locator("#close-form button[type=submit]").click()
    page.wait_for_function("document.getElementById('message').textContent.includes('wait')")

    page.reload()
    page.wait_for_function("document.getElementById('queue').dataset.count === '2'")
    queued = page.evaluate(READ_OUTBOX)
    assert sorted(body["number"] for body in queued) == [
        int(first.split("-")[1]),
        int(second.split("-")[1]),
    ]
    assert all(body["offline"] and body["completed_at"] for body in queued)
    assert _sale_count(till_server) == before

    page.unroute("**/api/**", _block_api)
    page.wait_for_function("document.getElementById('queue').dataset.count === '0'", timeout=20000)
    assert _sale_count(till_server) == before + 2
    for number, total in ((first, 429), (second, 618)):
        _, sales, _ = till_server.api("GET", f"/sales?receipt={number}")
        assert len(sales) == 1 and sales[0]["total"] == total
    status, again, _ = till_server.api("POST", "/sales", queued[0])
    assert status == 200 and again["id"] == queued[0]["id"]
    assert _sale_count(till_server) == before + 2


def test_till_page_reloads_with_the_network_off(context, page, till_server):
    """Once loaded, the till (page, scripts, styles) comes back from the service worker's
    copy when the browser is offline, with the signed-in cashier and the cached catalog,
    and a scan still adds its line."""
    open_till(page, till_server)
    page.wait_for_function("document.body.dataset.synced")
    page.wait_for_function("navigator.serviceWorker && navigator.serviceWorker.controller")
    context.set_offline(True)
    try:
        page.reload()
        page.locator("#screen-sell").wait_for(state="visible")
        page.wait_for_function("document.getElementById('net').textContent === 'Offline'")
        scan(page, PENNE[0])
        assert "1.89" in page.locator("#cart-total").inner_text()
    finally:
        context.set_offline(False)
