"""The till's offline search (accents and case ignored) with 100,000 products in its
local catalog.

    python bench/till_search.py [--products 100000] [--searches 200]

Starts ``comptoir run`` on a scratch demo instance, bulk-inserts the products (bench/
search.py's ``populate``: names with "Crème", "Thé", "Мёд"...), signs in at the till in
headless Chromium and waits for the catalog sync to fill IndexedDB (as bench/till_scan.py
does), then times in the page, for words typed as a cashier types them ("creme", "CAFE",
"мед") and for a word no product has (the whole catalog is read):

- the till's search (``catalog.search``: every word folded, matched against each
  product's folded text, first 30 matches), the one the search field uses offline;
- the raw baseline in the same page: the same IndexedDB cursor walk testing
  ``name.toLowerCase().includes(word)``, without folding (it misses "Crème" for "creme").

Prints median and p95 in milliseconds, and how many products each search found. Asserts
nothing but that the till's search finds the accented names.
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

from search import ACCENTED, populate  # noqa: E402 - bench/search.py, beside this file
from till_scan import FIRST_ID, summary  # noqa: E402

TILL_SEARCH = """async (text) => {
  const catalog = await import("/static/till/js/catalog.js");
  const started = performance.now();
  const found = await catalog.search(text, 30);
  return [performance.now() - started, found.length, found.map((p) => p.name)];
}"""

RAW_SEARCH = """async (text) => {
  const word = text.toLowerCase();
  const started = performance.now();
  const db = await new Promise((resolve, reject) => {
    const req = indexedDB.open("comptoir-till");
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error);
  });
  const found = await new Promise((resolve) => {
    const hits = [];
    const cursor = db.transaction("products").objectStore("products").openCursor();
    cursor.onsuccess = () => {
      const at = cursor.result;
      if (!at || hits.length >= 30) return resolve(hits);
      if (at.value.name.toLowerCase().includes(word)) hits.push(at.value);
      at.continue();
    };
  });
  db.close();
  return [performance.now() - started, found.length];
}"""

#: A word no product name has: the search reads the whole catalog.
MISS = "introuvable"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--products", type=int, default=100_000)
    parser.add_argument("--searches", type=int, default=200)
    args = parser.parse_args()

    from playwright.sync_api import sync_playwright

    from core.app import create_app
    from core.testing.browser import launch_chromium, running_server

    with tempfile.TemporaryDirectory() as tmp, running_server(Path(tmp)) as server:
        app = create_app(instance_path=tmp)
        started = time.perf_counter()
        populate(app, args.products, first_id=FIRST_ID)
        print(f"{args.products} products inserted in {time.perf_counter() - started:.1f} s")
        for attempt in range(30):
            try:  # a worker may still be waiting on the database the bulk insert held
                server.open_register()
                break
            except ValueError:
                if attempt == 29:
                    raise
                time.sleep(2)
        status, answer = server.api("PATCH", "/settings/store", {"till_idle_lock_seconds": 0})
        assert status == 200, answer
        rng = random.Random(3)
        typed = [rng.choice(list(ACCENTED.values())) for _ in range(args.searches)]
        with sync_playwright() as playwright:
            browser = launch_chromium(playwright)
            # Playwright's evaluated predicates need eval, which the till's CSP forbids.
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
            for accented, word in ACCENTED.items():
                _ms, count, names = page.evaluate(TILL_SEARCH, word)
                # A substring search: "creme" also finds the demo's "demi-écrémé".
                assert any(accented in name.lower() for name in names), (word, names)
            till_hits = [page.evaluate(TILL_SEARCH, word) for word in typed]
            raw_hits = [page.evaluate(RAW_SEARCH, word) for word in typed]
            misses = max(5, args.searches // 20)
            till_miss = [page.evaluate(TILL_SEARCH, MISS) for _ in range(misses)]
            raw_miss = [page.evaluate(RAW_SEARCH, MISS) for _ in range(misses)]
            browser.close()

    def times(results: list) -> list[float]:
        return [result[0] for result in results]

    def found(results: list) -> str:
        return f"{statistics.mean(result[1] for result in results):.1f}"

    print()
    print("typed: " + ", ".join(ACCENTED.values()) + " (first 30 matches)")
    summary("raw: cursor + toLowerCase().includes (baseline)", times(raw_hits), None)
    summary("till: catalog.search, accents and case folded", times(till_hits), times(raw_hits))
    print(f"  found per search: till {found(till_hits)}, raw {found(raw_hits)}")
    print(f"a word no product has ({MISS!r}): the whole catalog read")
    summary("raw: cursor + toLowerCase().includes (baseline)", times(raw_miss), None)
    summary("till: catalog.search, accents and case folded", times(till_miss), times(raw_miss))


if __name__ == "__main__":
    main()
