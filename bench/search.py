"""Product lookup at 100,000 products: by barcode (the till's scan) and by name.

    python bench/search.py [--products 100000] [--lookups 2000]

Creates a scratch SQLite instance, bulk-inserts the products (with an EAN-13 each and
their name words), then times, in-process:

- ``find_by_barcode`` and ``search_products`` (by a name word) through the services,
- ``GET /api/v1/products?barcode=`` and ``?q=`` through Flask's test client (routing,
  auth by token, schema dump included; no network),
- the same indexed barcode lookup and name-word lookup with the standard library's
  ``sqlite3`` module, as the baseline; the ratio says what the product adds to the bare
  database work.

Prints median and p99 in milliseconds. Goal: barcode lookup p99 under 5 ms in-process.
Asserts nothing.
"""

from __future__ import annotations

import argparse
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
    "pain chocolat lait beurre fromage jambon confiture fraise abricot cafe the vert noir "
    "bio sucre farine riz pates tomate huile olive vinaigre sel poivre eau gazeuse jus "
    "orange pomme biere vin rouge blanc rose savon lessive yaourt nature vanille creme "
    "miel amande noisette citron menthe caramel biscuit galette sable cidre poire"
).split()


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
                name = " ".join(rng.choice(WORDS) for _ in range(3)) + f" {rng.randint(1, 999)} g"
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
    from core.catalog.services import find_by_barcode, search_products
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
        code_iter, word_iter = iter(codes * 2), iter(words * 2)

        with app.app_context():
            assert find_by_barcode(codes[0]) is not None
            service_barcode = timed(lambda: find_by_barcode(next(code_iter)), len(codes) - 50)
            service_name = timed(
                lambda: search_products(next(word_iter), limit=50), len(words) - 50
            )

        client = app.test_client()
        headers = {"Authorization": f"Bearer {token_for(app, 'admin')}"}
        code_iter, word_iter = iter(codes * 2), iter(words * 2)

        def api_barcode() -> None:
            response = client.get(f"/api/v1/products?barcode={next(code_iter)}", headers=headers)
            assert response.status_code == 200 and len(response.json) == 1

        def api_name() -> None:
            response = client.get(f"/api/v1/products?q={next(word_iter)}", headers=headers)
            assert response.status_code == 200

        http_barcode = timed(api_barcode, len(codes) - 50)
        http_name = timed(api_name, len(words) - 50)

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

        raw_barcode_times = timed(raw_barcode, len(codes) - 50)
        raw_name_times = timed(raw_name, len(words) - 50)
        raw.close()
        app.close()

    print()
    report("barcode: sqlite3 baseline", raw_barcode_times)
    report("barcode: find_by_barcode (service)", service_barcode, raw_barcode_times)
    report("barcode: GET /api/v1/products?barcode=", http_barcode, raw_barcode_times)
    report("name word: sqlite3 baseline (page of 50)", raw_name_times)
    report("name word: search_products (service)", service_name, raw_name_times)
    report("name word: GET /api/v1/products?q=", http_name, raw_name_times)


if __name__ == "__main__":
    main()
