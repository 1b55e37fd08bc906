"""The till's first catalog sync of 1,000,000 products, from a fresh browser.

    python bench/till_sync.py [--products 1000000] [--skip-raw] [--list-pages 20]
        [--catalog FILE]

Starts ``comptoir run`` (two workers) on a scratch demo instance, bulk-inserts the
products (bench/search.py's ``populate``: an EAN-13 each, all at one instant, as an
import leaves them), or copies them from ``--catalog``, the SQLite database that
``bench/search.py --cache DIR`` kept (``DIR/catalog-1000000-*.db``; ids and SKUs moved
above the demo's), then measures, in this order:

- the server's share: the whole download through ``GET /api/v1/products/sync`` (pages of
  5,000 on the cursor ``(updated_at, id)``, what the till asks for), read by this script
  over HTTP and thrown away: time, CPU of the server's processes, bytes;
- with ``--list-pages N``: N pages of 500 of ``GET /api/v1/products`` on the same cursor
  (what the till asked for before), the time per product beside the sync endpoint's;
- the till: signs in at the till in headless Chromium (Debian's ``/usr/bin/chromium``)
  with an empty IndexedDB and times sign-in to ``document.body.dataset.synced`` (the sync
  finished: products, categories and the register's prices stored), then counts the
  products in IndexedDB;
- the raw baseline, in the same page (unless ``--skip-raw``): the same pages fetched
  and stored with no processing, each page's rows put as they come into a bare object
  store (no indexes, no folded search text) in one transaction, the next page fetched
  only when the previous is stored; and the same pages fetched and parsed only.

Prints seconds and products per second. Goal: the till's sync under a minute. Asserts
nothing.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import time
import urllib.parse
import urllib.request
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from search import populate  # noqa: E402 - bench/search.py, beside this file

#: Above the demo shop's product ids.
FIRST_ID = 1_000_001
PAGE = 5000

# The same pages as the till's, fetched and stored as they come: the network, the JSON
# and IndexedDB's own cost, nothing of the till's.
RAW_SYNC = """async ({store, page}) => {
  const started = performance.now();
  const db = await new Promise((resolve, reject) => {
    const req = indexedDB.open("bench-raw", 1);
    req.onupgradeneeded = () => req.result.createObjectStore("products", { keyPath: "id" });
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error);
  });
  let at = "1970-01-01T00:00:00+00:00", id = 0, count = 0;
  for (;;) {
    const query = new URLSearchParams(
      { limit: String(page), updated_since: at, after_id: String(id) });
    const response = await fetch(
      `/api/v1/products/sync?${query}`, { headers: { Accept: "application/json" } });
    const data = await response.json();
    if (store && data.length) {
      await new Promise((resolve, reject) => {
        const tx = db.transaction("products", "readwrite");
        const objects = tx.objectStore("products");
        for (const product of data) objects.put(product);
        tx.oncomplete = resolve;
        tx.onerror = () => reject(tx.error);
      });
    }
    count += data.length;
    if (data.length) ({ updated_at: at, id } = data[data.length - 1]);
    if (data.length < page) break;
  }
  db.close();
  return { seconds: (performance.now() - started) / 1000, count };
}"""

COUNT_PRODUCTS = """() => new Promise((resolve, reject) => {
  const req = indexedDB.open("comptoir-till");
  req.onsuccess = () => {
    const count = req.result.transaction("products").objectStore("products").count();
    count.onsuccess = () => resolve(count.result);
    count.onerror = () => reject(count.error);
  };
  req.onerror = () => reject(req.error);
})"""


def server_cpu(pid: int) -> float:
    """CPU seconds used by ``pid`` and its children still running (gunicorn's workers)."""
    total = 0.0
    ticks = os.sysconf("SC_CLK_TCK")
    for task in [pid, *children(pid)]:
        try:
            fields = Path(f"/proc/{task}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        total += (int(fields[11]) + int(fields[12])) / ticks
    return total


def children(pid: int) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(stat[1]) == pid:
                found.append(int(entry.name))
    return found


def walk(server, path: str, page: int, pages: int | None = None) -> tuple[int, int]:
    """Page through ``path`` on the cursor as the till does: products and bytes read."""
    at, after, count, size, asked = "1970-01-01T00:00:00+00:00", 0, 0, 0, 0
    while pages is None or asked < pages:
        query = urllib.parse.urlencode({"limit": page, "updated_since": at, "after_id": after})
        request = urllib.request.Request(
            f"{server.url}/api/v1/{path}?{query}",
            headers={"Authorization": f"Bearer {server.token}"},
        )
        with urllib.request.urlopen(request, timeout=120) as response:
            body = response.read()
        data = json.loads(body)
        asked += 1
        count, size = count + len(data), size + len(body)
        if data:
            at, after = data[-1]["updated_at"], data[-1]["id"]
        if len(data) < page:
            break
    return count, size


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--products", type=int, default=1_000_000)
    parser.add_argument("--skip-raw", action="store_true")
    parser.add_argument("--list-pages", type=int, default=0)
    parser.add_argument("--catalog", type=Path, help="a catalog bench/search.py cached")
    args = parser.parse_args()

    from playwright.sync_api import sync_playwright

    from core.app import create_app
    from core.testing.browser import launch_chromium, running_server

    with tempfile.TemporaryDirectory() as tmp, running_server(Path(tmp)) as server:
        app = create_app(instance_path=tmp)
        started = time.perf_counter()
        if args.catalog:
            copy_catalog(Path(tmp) / "comptoir.db", args.catalog)
        else:
            populate(app, args.products, first_id=FIRST_ID)
        print(f"{args.products} products inserted in {time.perf_counter() - started:.1f} s")
        for attempt in range(30):
            # A worker may still be waiting on the database the bulk insert held.
            try:
                server.open_register()
                break
            except ValueError:
                if attempt == 29:
                    raise
                time.sleep(2)
        # The first download takes a while: the idle lock must not lock the till.
        status, answer = server.api("PATCH", "/settings/store", {"till_idle_lock_seconds": 0})
        assert status == 200, answer
        master = server_master(tmp)
        cpu = server_cpu(master) if master else 0.0
        started = time.perf_counter()
        count, size = walk(server, "products/sync", PAGE)
        seconds = time.perf_counter() - started
        cpu = (server_cpu(master) - cpu) if master else float("nan")
        print(
            f"server: GET /products/sync, {count} products in pages of {PAGE}: "
            f"{seconds:.1f} s ({count / seconds:,.0f}/s), server CPU {cpu:.1f} s, "
            f"{size / 1e6:.0f} MB",
            flush=True,
        )
        if args.list_pages:
            started = time.perf_counter()
            listed, _ = walk(server, "products", 500, args.list_pages)
            per = (time.perf_counter() - started) / listed
            print(
                f"server: GET /products (cursor, pages of 500), first {listed} products: "
                f"{per * 1e6:.0f} us a product against {seconds / count * 1e6:.0f} us "
                f"for /products/sync ({per * count:.0f} s for all)",
                flush=True,
            )

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
            cpu = server_cpu(master) if master else 0.0
            started = time.perf_counter()
            page.keyboard.press("Enter")
            page.wait_for_function("document.body.dataset.synced", polling=200, timeout=1_800_000)
            till = time.perf_counter() - started
            cpu = (server_cpu(master) - cpu) if master else float("nan")
            stored = page.evaluate(COUNT_PRODUCTS)
            print(
                f"till: sign-in to synced, {stored} products in IndexedDB: {till:.1f} s "
                f"({stored / till:,.0f}/s), server CPU {cpu:.1f} s",
                flush=True,
            )
            if not args.skip_raw:
                raw = page.evaluate(RAW_SYNC, {"store": True, "page": PAGE})
                print(
                    f"raw: the same pages fetched and put in a bare store: {raw['seconds']:.1f} s "
                    f"for {raw['count']} (x{till / raw['seconds']:.2f} for the till)",
                    flush=True,
                )
                fetched = page.evaluate(RAW_SYNC, {"store": False, "page": PAGE})
                print(
                    f"raw: the same pages fetched and parsed only: {fetched['seconds']:.1f} s",
                    flush=True,
                )
            browser.close()


def copy_catalog(database: Path, catalog: Path) -> None:
    """The products of a cached catalog, their ids moved above the demo's."""
    import sqlite3

    shift = FIRST_ID - 1
    connection = sqlite3.connect(database, timeout=60)
    connection.execute("ATTACH DATABASE ? AS cached", (str(catalog),))
    (rate,) = connection.execute("SELECT id FROM tax_rate WHERE is_default").fetchone()
    with connection:
        connection.execute(
            "INSERT INTO product (id, sku, name, search_name, price, tax_rate_id, active, "
            "sold_by, created_at, updated_at) SELECT id + ?, 'B' || sku, name, search_name, "
            "price, ?, active, sold_by, created_at, updated_at FROM cached.product",
            (shift, rate),
        )
        connection.execute(
            "INSERT INTO barcode (product_id, code) SELECT product_id + ?, code "
            "FROM cached.barcode",
            (shift,),
        )
        connection.execute(
            "INSERT INTO product_search_term (term, product_id) SELECT term, product_id + ? "
            "FROM cached.product_search_term",
            (shift,),
        )
    connection.execute("ANALYZE")
    connection.close()


def server_master(instance: str) -> int | None:
    """The pid of ``comptoir run`` serving ``instance`` (gunicorn's master)."""
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            environ = (entry / "environ").read_bytes()
            command = (entry / "cmdline").read_bytes()
        except OSError:
            continue
        if b"core.cli\x00run" in command and f"COMPTOIR_INSTANCE={instance}".encode() in environ:
            return int(entry.name)
    return None


if __name__ == "__main__":
    main()
