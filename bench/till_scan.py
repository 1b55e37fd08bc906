"""Scan to screen at the till with 100,000 products in its local catalog.

    python bench/till_scan.py [--products 100000] [--scans 300]

Starts ``comptoir run`` on a scratch demo instance, bulk-inserts the products (an EAN-13
each, bench/search.py's ``populate``), signs in at the till in headless Chromium (Debian's
``/usr/bin/chromium``, 1280 x 800) and waits for the catalog sync to fill IndexedDB, then
types random barcodes into the scan field as a keyboard-wedge scanner does, Enter after
each, starting a new cart every 20 lines. For each scan it records:

- in the page: Enter handled to the frame after the line is drawn (``tillMetrics``), the
  figure the till's goal is about (median under 30 ms);
- by the driver: Enter pressed to the line visible (adds Playwright's round trips);
- the raw baseline, in the same page: the bare IndexedDB barcode look-up, one table row
  appended, and the same frame wait, without the till's code.

Prints median and p95 in milliseconds, and how long the catalog sync took. Asserts nothing.
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from search import ean13, populate  # noqa: E402 - bench/search.py, beside this file

#: Above the demo shop's product ids.
FIRST_ID = 1_000_001

RAW_SCAN = """async (code) => {
  const started = performance.now();
  const db = await new Promise((resolve, reject) => {
    const req = indexedDB.open("comptoir-till");
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error);
  });
  const product = await new Promise((resolve) => {
    const req = db.transaction("products").objectStore("products").index("barcodes").get(code);
    req.onsuccess = () => resolve(req.result);
  });
  const row = document.createElement("tr");
  row.textContent = product.name;
  document.getElementById("bench-raw").append(row);
  await new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve, 0)));
  db.close();
  return performance.now() - started;
}"""


def summary(label: str, times: list[float], baseline: list[float] | None = None) -> None:
    ordered = sorted(times)
    median = statistics.median(ordered)
    p95 = ordered[min(len(ordered) - 1, int(len(ordered) * 0.95))]
    ratio = f"   x{median / statistics.median(baseline):.1f} baseline" if baseline else ""
    print(f"{label:<52} median {median:6.1f} ms   p95 {p95:6.1f} ms{ratio}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--products", type=int, default=100_000)
    parser.add_argument("--scans", type=int, default=300)
    args = parser.parse_args()

    import sqlalchemy as sa
    from playwright.sync_api import sync_playwright

    from core.app import create_app
    from core.catalog.models import Product
    from core.db import db, utcnow
    from core.testing.browser import launch_chromium, running_server

    with tempfile.TemporaryDirectory() as tmp, running_server(Path(tmp)) as server:
        app = create_app(instance_path=tmp)
        started = time.perf_counter()
        populate(app, args.products, first_id=FIRST_ID)
        with app.app_context():
            # The catalog's last change is one product, as in a shop at work (the till's
            # minute delta sync pages on the cursor (updated_at, id), so the 100,000
            # bulk-inserted at one instant are not fetched again either way).
            db.session.execute(
                sa.update(Product).where(Product.id == FIRST_ID).values(updated_at=utcnow())
            )
            db.session.commit()
        print(f"{args.products} products inserted in {time.perf_counter() - started:.1f} s")
        for attempt in range(30):
            # A worker may still be waiting on the database the bulk insert held.
            try:
                server.open_register()
                break
            except ValueError:
                if attempt == 29:
                    print((Path(tmp) / "server.log").read_text()[-3000:])
                    raise
                time.sleep(2)
        # The catalog's first download takes minutes: the idle lock must not lock the till.
        status, answer = server.api("PATCH", "/settings/store", {"till_idle_lock_seconds": 0})
        assert status == 200, answer
        rng = random.Random(5)
        codes = [ean13(rng.randint(1, args.products)) for _ in range(args.scans)]
        with sync_playwright() as playwright:
            browser = launch_chromium(playwright)
            # Playwright's string predicates run through eval, which the till's
            # Content-Security-Policy forbids (as the browser tests, it is bypassed).
            page = browser.new_context(
                base_url=server.url, viewport={"width": 1280, "height": 800}, bypass_csp=True
            ).new_page()
            page.set_default_timeout(60_000)
            page.goto("/till/")
            page.get_by_role("button", name="Cashier", exact=True).click()
            page.locator("#signin-pin").fill("1234")
            started = time.perf_counter()
            page.keyboard.press("Enter")
            page.wait_for_function("document.body.dataset.synced", polling=500, timeout=900_000)
            print(f"catalog synced into IndexedDB in {time.perf_counter() - started:.1f} s")
            in_page, seen = [], []
            rows = page.locator("#cart-lines tr")
            for index, code in enumerate(codes):
                if index % 50 == 0:
                    print(f"  {index} scans", flush=True)
                if index and index % 20 == 0:
                    page.locator("#btn-clear").click()
                    page.locator("#till-dialog-ok").click()
                    page.locator("#cart-empty").wait_for(state="visible")
                before = rows.count()
                page.locator("#scan").fill(code)
                count = page.evaluate("window.tillMetrics.scans.length")
                started = time.perf_counter()
                page.keyboard.press("Enter")
                rows.nth(before).wait_for(state="visible")
                seen.append((time.perf_counter() - started) * 1000)
                page.wait_for_function(f"window.tillMetrics.scans.length > {count}")
                in_page.append(page.evaluate("window.tillMetrics.scans.at(-1)"))
            page.evaluate(
                "document.body.append(Object.assign(document.createElement('table'),"
                " {id: 'bench-raw'}))"
            )
            raw = [page.evaluate(RAW_SCAN, code) for code in codes]
            browser.close()
    print()
    summary("raw: IndexedDB look-up + row + frame (baseline)", raw)
    summary("till, in the page: Enter handled -> line painted", in_page, raw)
    summary("till, by the driver: Enter pressed -> line visible", seen, raw)


if __name__ == "__main__":
    main()
