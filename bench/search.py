"""Product lookup at 100,000 products: by barcode (the till's scan) and by name.

    python bench/search.py [--products 100000] [--lookups 2000]

Creates a scratch SQLite instance, bulk-inserts the products (with an EAN-13 each and
their name words, some accented or Cyrillic: "Crème", "Thé", "Мёд"), then times,
in-process:

- ``find_by_barcode`` and ``search_products`` (by a name word) through the services,
- ``GET /api/v1/products?barcode=`` and ``?q=`` through Flask's test client (routing,
  auth by token, schema dump included; no network),
- the same indexed barcode lookup and name-word lookup with the standard library's
  ``sqlite3`` module, as the baseline; the ratio says what the product adds to the bare
  database work;
- the search that ignores accents and case: words typed as a cashier types them
  ("creme", "CAFE", "мед" for "Мёд"), through the service and the API, beside two raw
  baselines in the same run: the bare indexed term lookup given the word already folded
  (what folding and the service add), and a plain ``LIKE '%word%'`` scan of the names
  (what a search without the folded word index would cost; it ignores ASCII case only,
  so it misses "Crème" for "creme"). It checks the folded search finds the accented
  names before timing it.

Prints median and p99 in milliseconds. Goal: barcode lookup p99 under 5 ms in-process.
Asserts nothing.
"""

from __future__ import annotations

import argparse
import itertools
import random
import sqlite3
import statistics
import sys
import tempfile
import time
import typing as t
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

WORDS = (
    "pain chocolat lait beurre fromage jambon confiture fraise abricot cacao tisane vert noir "
    "bio sucre farine riz semoule tomate huile olive vinaigre sel poivre eau gazeuse jus "
    "orange pomme limonade vin rouge blanc sec savon lessive yaourt nature vanille glace "
    "miel amande noisette citron menthe caramel biscuit galette madeleine cidre poire"
).split()
#: Accented and Cyrillic name words (WORDS has none of them without its accents), and how
#: a cashier types them (no accents, any case, "е" for "ё"): what the search that folds
#: accents and case must find.
ACCENTED = {
    "crème": "creme",
    "café": "CAFE",
    "thé": "The",
    "pâtes": "pates",
    "bière": "biere",
    "rosé": "ROSE",
    "brûlée": "brulee",
    "œuf": "oeuf",
    "épices": "Epices",
    "мёд": "мед",
    "сёмга": "СЕМГА",
    "чай": "Чай",
}
NAME_WORDS = WORDS + list(ACCENTED)


def ean13(n: int) -> str:
    from core.catalog.gtin import with_check_digit

    return with_check_digit(f"376{n:09d}")


def populate(app, count: int, first_id: int = 1) -> None:
    """Insert ``count`` products with one barcode each (``ean13(1)``...), in bulk
    statements; their ids start at ``first_id`` (above the demo's, in a demo shop)."""
    import sqlalchemy as sa

    from core.catalog.models import Barcode, Product, ProductSearchTerm
    from core.catalog.services import default_tax_rate, normalise_search, search_terms
    from core.db import db, utcnow

    rng = random.Random(7)
    with app.app_context():
        rate_id = default_tax_rate().id
        now = utcnow()
        batch = 10_000
        for start in range(0, count, batch):
            products, barcodes, terms = [], [], []
            for n in range(start + 1, min(start + batch, count) + 1):
                pid = first_id - 1 + n
                name = " ".join(rng.choice(NAME_WORDS) for _ in range(3))
                name += f" {rng.randint(1, 999)} g"
                products.append(
                    {
                        "id": pid,
                        "sku": f"SKU{n:07d}",
                        "name": name.capitalize(),
                        "search_name": normalise_search(name),
                        "price": rng.randint(50, 5000),
                        "tax_rate_id": rate_id,
                        "active": True,
                        "sold_by": "unit",
                        "created_at": now,
                        "updated_at": now,
                    }
                )
                barcodes.append({"product_id": pid, "code": ean13(n)})
                terms.extend({"term": w, "product_id": pid} for w in search_terms(name))
            db.session.execute(sa.insert(Product), products)
            db.session.execute(sa.insert(Barcode), barcodes)
            db.session.execute(sa.insert(ProductSearchTerm), terms)
        db.session.commit()
        db.session.execute(sa.text("ANALYZE"))
        db.session.commit()


def timed(function: t.Callable[[], t.Any], runs: int) -> list[float]:
    for _ in range(min(50, runs)):
        function()  # warm-up: caches, prepared statements
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        function()
        times.append((time.perf_counter() - start) * 1000)
    return times


def report(label: str, times: list[float], baseline: list[float] | None = None) -> None:
    times = sorted(times)
    median = statistics.median(times)
    p99 = times[min(len(times) - 1, int(len(times) * 0.99))]
    ratio = f"  x{median / statistics.median(baseline):.1f} baseline" if baseline else ""
    print(f"{label:<44} median {median:7.3f} ms   p99 {p99:7.3f} ms{ratio}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--products", type=int, default=100_000)
    parser.add_argument("--lookups", type=int, default=2000)
    args = parser.parse_args()

    from core.app import create_app
    from core.catalog.services import find_by_barcode, normalise_search, search_products
    from core.cli.init import initialise
    from core.testing.fixtures import token_for

    with tempfile.TemporaryDirectory() as tmp:
        app = create_app({"PASSWORD_HASH_METHOD": "pbkdf2:sha256:1000"}, instance_path=tmp)
        with app.app_context():
            initialise(app, demo=False, admin_password="bench-password")
        started = time.perf_counter()
        populate(app, args.products)
        print(f"{args.products} products inserted in {time.perf_counter() - started:.1f} s")

        rng = random.Random(11)
        codes = [ean13(rng.randint(1, args.products)) for _ in range(args.lookups)]
        words = [rng.choice(WORDS)[: rng.randint(3, 5)] for _ in range(args.lookups // 4)]
        typed_words = [rng.choice(list(ACCENTED.values())) for _ in range(args.lookups // 4)]
        code_iter, word_iter = iter(codes * 2), iter(words * 2)
        typed_iter = itertools.cycle(typed_words)

        with app.app_context():
            assert find_by_barcode(codes[0]) is not None
            service_barcode = timed(lambda: find_by_barcode(next(code_iter)), len(codes) - 50)
            service_name = timed(
                lambda: search_products(next(word_iter), limit=50), len(words) - 50
            )
            # The folded search finds the accented names from the words as typed.
            for accented, typed in ACCENTED.items():
                found = search_products(typed, limit=5)
                assert found.total > 0, typed
                assert accented in found.items[0].name.lower(), (typed, found.items[0].name)
            service_folded = timed(
                lambda: search_products(next(typed_iter), limit=50), len(typed_words) - 50
            )
            normalise_times = timed(lambda: normalise_search(next(typed_iter)), len(typed_words))

        client = app.test_client()
        headers = {"Authorization": f"Bearer {token_for(app, 'admin')}"}
        code_iter, word_iter = iter(codes * 2), iter(words * 2)

        def api_barcode() -> None:
            response = client.get(f"/api/v1/products?barcode={next(code_iter)}", headers=headers)
            assert response.status_code == 200 and len(response.json) == 1

        def api_name() -> None:
            response = client.get(f"/api/v1/products?q={next(word_iter)}", headers=headers)
            assert response.status_code == 200

        def api_folded() -> None:
            response = client.get(f"/api/v1/products?q={next(typed_iter)}", headers=headers)
            assert response.status_code == 200 and response.json

        http_barcode = timed(api_barcode, len(codes) - 50)
        http_name = timed(api_name, len(words) - 50)
        http_folded = timed(api_folded, len(typed_words) - 50)

        raw = sqlite3.connect(Path(tmp) / "comptoir.db")
        code_iter, word_iter = iter(codes * 2), iter(words * 2)

        def raw_barcode() -> None:
            raw.execute(
                "SELECT p.* FROM barcode b JOIN product p ON p.id = b.product_id WHERE b.code = ?",
                (next(code_iter),),
            ).fetchall()

        def raw_name() -> None:
            word = next(word_iter)
            upper = word[:-1] + chr(ord(word[-1]) + 1)
            raw.execute(
                "SELECT p.* FROM product p WHERE p.active AND p.id IN (SELECT product_id "
                "FROM product_search_term WHERE term >= ? AND term < ?) "
                "ORDER BY p.search_name LIMIT 50",
                (word, upper),
            ).fetchall()

        folded_iter = itertools.cycle([normalise_search(word) for word in typed_words])

        def raw_folded() -> None:
            word = next(folded_iter)  # folded beforehand: the bare database work
            raw.execute(
                "SELECT p.* FROM product p WHERE p.active AND p.id IN (SELECT product_id "
                "FROM product_search_term WHERE term >= ? AND term < ?) "
                "ORDER BY p.search_name LIMIT 50",
                (word, word + "\uffff"),
            ).fetchall()

        def raw_like() -> None:
            raw.execute(
                "SELECT p.* FROM product p WHERE p.active AND p.name LIKE ? "
                "ORDER BY p.name LIMIT 50",
                (f"%{next(typed_iter)}%",),
            ).fetchall()

        raw_barcode_times = timed(raw_barcode, len(codes) - 50)
        raw_name_times = timed(raw_name, len(words) - 50)
        raw_folded_times = timed(raw_folded, len(typed_words) - 50)
        raw_like_times = timed(raw_like, min(200, len(typed_words)))
        raw.close()
        app.close()

    print()
    report("barcode: sqlite3 baseline", raw_barcode_times)
    report("barcode: find_by_barcode (service)", service_barcode, raw_barcode_times)
    report("barcode: GET /api/v1/products?barcode=", http_barcode, raw_barcode_times)
    report("name word: sqlite3 baseline (page of 50)", raw_name_times)
    report("name word: search_products (service)", service_name, raw_name_times)
    report("name word: GET /api/v1/products?q=", http_name, raw_name_times)
    print()
    print("accents and case ignored (typed: " + ", ".join(ACCENTED.values()) + "):")
    report("folded: sqlite3 baseline (word pre-folded)", raw_folded_times)
    report("folded: sqlite3 LIKE '%word%' scan", raw_like_times, raw_folded_times)
    report("folded: normalise_search alone", normalise_times)
    report("folded: search_products (service)", service_folded, raw_folded_times)
    report("folded: GET /api/v1/products?q=", http_folded, raw_folded_times)


if __name__ == "__main__":
    main()
