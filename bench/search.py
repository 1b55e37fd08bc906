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
import hashlib
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


def catalog_rows(count: int, first_id: int, rate_id: int, now: t.Any) -> t.Iterator[tuple]:
    """Batches of 10,000 ``(products, barcodes, terms)`` rows, the same for the same
    arguments (a seeded generator). Each word is folded once, not once per name: a
    million names folded one by one took two minutes of CPU."""
    from core.catalog.gtin import with_check_digit
    from core.catalog.services import normalise_search

    folded = {word: normalise_search(word) for word in NAME_WORDS}
    rng = random.Random(7)
    batch = 10_000
    for start in range(0, count, batch):
        products, barcodes, terms = [], [], []
        for n in range(start + 1, min(start + batch, count) + 1):
            pid = first_id - 1 + n
            words = [rng.choice(NAME_WORDS) for _ in range(3)]
            weight = str(rng.randint(1, 999))
            name = f"{' '.join(words)} {weight} g"
            search = [folded[word] for word in words] + [weight, "g"]
            products.append(
                {
                    "id": pid,
                    "sku": f"SKU{n:07d}",
                    "name": name.capitalize(),
                    "search_name": " ".join(search),
                    "price": rng.randint(50, 5000),
                    "tax_rate_id": rate_id,
                    "active": True,
                    "sold_by": "unit",
                    "created_at": now,
                    "updated_at": now,
                }
            )
            barcodes.append({"product_id": pid, "code": with_check_digit(f"376{n:09d}")})
            terms.extend({"term": w, "product_id": pid} for w in dict.fromkeys(search))
        yield products, barcodes, terms


def _copy_rows(connection: t.Any, table: str, rows: list[dict]) -> None:
    """PostgreSQL's COPY of ``rows`` into ``table`` (ten times executemany's speed)."""
    columns = list(rows[0])
    with connection.cursor() as cursor:
        with cursor.copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN") as copy:
            for row in rows:
                copy.write_row([row[c] for c in columns])


def populate(app, count: int, first_id: int = 1) -> None:
    """Insert ``count`` products with one barcode each (``ean13(1)``...), in bulk
    statements (COPY on PostgreSQL); their ids start at ``first_id`` (above the demo's,
    in a demo shop)."""
    import sqlalchemy as sa

    from core.catalog.models import Barcode, Product, ProductSearchTerm
    from core.catalog.services import default_tax_rate
    from core.db import db, utcnow

    with app.app_context():
        rate_id = default_tax_rate().id
        # End the session's read: a transaction left open holds a snapshot older than the
        # rows copied below, and VACUUM then cannot mark their pages all-visible, so no
        # search could be an index-only scan (the state autovacuum leaves a real shop in).
        db.session.rollback()
        batches = catalog_rows(count, first_id, rate_id, utcnow())
        if db.engine.dialect.name == "postgresql":
            raw = db.engine.raw_connection()
            try:
                for products, barcodes, terms in batches:
                    _copy_rows(raw.driver_connection, "product", products)
                    _copy_rows(raw.driver_connection, "barcode", barcodes)
                    _copy_rows(raw.driver_connection, "product_search_term", terms)
                raw.commit()
                # The bulk ids were given: the sequences must start above them.
                for table in ("product", "barcode"):
                    raw.driver_connection.execute(
                        f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                        f"(SELECT max(id) FROM {table}))"
                    )
                raw.commit()
                raw.driver_connection.autocommit = True
                raw.driver_connection.execute("VACUUM ANALYZE")
                raw.driver_connection.autocommit = False
            finally:
                raw.close()
            return
        for products, barcodes, terms in batches:
            db.session.execute(sa.insert(Product), products)
            db.session.execute(sa.insert(Barcode), barcodes)
            db.session.execute(sa.insert(ProductSearchTerm), terms)
        db.session.commit()
        db.session.execute(sa.text("ANALYZE"))
        db.session.commit()


def cached_populate(app, count: int, folder: Path | None) -> None:
    """``populate`` a fresh SQLite instance, or copy the database a previous run left in
    ``folder`` for the same count and schema (a million products take minutes to insert)."""
    import shutil

    import sqlalchemy as sa

    from core.db import db

    with app.app_context():
        if folder is None or db.engine.dialect.name != "sqlite":
            populate(app, count)
            return
        versions = sorted(db.session.scalars(sa.text("SELECT version_num FROM alembic_version")))
        database = Path(db.engine.url.database)
    key = hashlib.sha256(" ".join([str(count), *versions]).encode()).hexdigest()[:16]
    cached = folder / f"catalog-{count}-{key}.db"
    with app.app_context():
        db.engine.dispose()
    if cached.exists():
        shutil.copyfile(cached, database)
        for suffix in ("-wal", "-shm"):
            Path(f"{database}{suffix}").unlink(missing_ok=True)
        return
    populate(app, count)
    with app.app_context():
        db.session.execute(sa.text("PRAGMA wal_checkpoint(TRUNCATE)"))
        db.session.commit()
        db.engine.dispose()
    folder.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(database, cached)


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


class RawConnection:
    """The database driver alone (``sqlite3`` or ``psycopg``), for the baselines."""

    def __init__(self, app) -> None:
        from core.db import db

        with app.app_context():
            url = db.engine.url
        self.postgres = url.get_backend_name() == "postgresql"
        if self.postgres:
            import psycopg

            self.name = "psycopg"
            self.connection = psycopg.connect(
                url.set(drivername="postgresql").render_as_string(hide_password=False),
                autocommit=True,
                prepare_threshold=0,
            )
        else:
            self.name = "sqlite3"
            self.connection = sqlite3.connect(url.database)

    def execute(self, sql: str, parameters: tuple) -> list[t.Any]:
        if self.postgres:
            sql = sql.replace("?", "%s")
        return self.connection.execute(sql, parameters).fetchall()

    def name_page(self, word: str) -> list[t.Any]:
        """The first 50 active products with a name word starting with ``word``, by
        name: the index range scan of the terms, the products, a sort."""
        terms = "term LIKE ?" if self.postgres else "term >= ? AND term < ?"
        return self.execute(
            "SELECT p.* FROM product p WHERE p.active AND p.id IN (SELECT product_id "
            f"FROM product_search_term WHERE {terms}) ORDER BY p.search_name LIMIT 50",
            (word + "%",) if self.postgres else (word, word + "\U0010ffff"),
        )

    def close(self) -> None:
        self.connection.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--products", type=int, default=100_000)
    parser.add_argument("--lookups", type=int, default=2000)
    parser.add_argument("--database-url", help="an EMPTY PostgreSQL database (default: SQLite)")
    parser.add_argument(
        "--cache", type=Path, help="SQLite: keep the generated catalog here between runs"
    )
    args = parser.parse_args()

    from core.app import create_app
    from core.catalog.services import find_by_barcode, normalise_search, search_products
    from core.cli.init import initialise
    from core.testing.fixtures import token_for

    with tempfile.TemporaryDirectory() as tmp:
        config: dict[str, t.Any] = {"PASSWORD_HASH_METHOD": "pbkdf2:sha256:1000"}
        if args.database_url:
            config["DATABASE_URL"] = args.database_url
        app = create_app(config, instance_path=tmp)
        with app.app_context():
            initialise(app, demo=False, admin_password="bench-password")
        started = time.perf_counter()
        cached_populate(app, args.products, args.cache)
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

        raw = RawConnection(app)
        code_iter, word_iter = iter(codes * 2), iter(words * 2)

        def raw_barcode() -> None:
            raw.execute(
                "SELECT p.* FROM barcode b JOIN product p ON p.id = b.product_id WHERE b.code = ?",
                (next(code_iter),),
            )

        def raw_name() -> None:
            raw.name_page(next(word_iter))

        folded_iter = itertools.cycle([normalise_search(word) for word in typed_words])

        def raw_folded() -> None:
            raw.name_page(next(folded_iter))  # folded beforehand: the bare database work

        def raw_like() -> None:
            raw.execute(
                "SELECT p.* FROM product p WHERE p.active AND p.name LIKE ? "
                "ORDER BY p.name LIMIT 50",
                (f"%{next(typed_iter)}%",),
            )

        raw_barcode_times = timed(raw_barcode, len(codes) - 50)
        raw_name_times = timed(raw_name, len(words) - 50)
        raw_folded_times = timed(raw_folded, len(typed_words) - 50)
        raw_like_times = timed(raw_like, min(200, len(typed_words)))
        raw.close()
        app.close()

    print()
    report(f"barcode: {raw.name} baseline", raw_barcode_times)
    report("barcode: find_by_barcode (service)", service_barcode, raw_barcode_times)
    report("barcode: GET /api/v1/products?barcode=", http_barcode, raw_barcode_times)
    report(f"name word: {raw.name} baseline (page of 50)", raw_name_times)
    report("name word: search_products (service)", service_name, raw_name_times)
    report("name word: GET /api/v1/products?q=", http_name, raw_name_times)
    print()
    print("accents and case ignored (typed: " + ", ".join(ACCENTED.values()) + "):")
    report(f"folded: {raw.name} baseline (word pre-folded)", raw_folded_times)
    report(f"folded: {raw.name} LIKE '%word%' scan", raw_like_times, raw_folded_times)
    report("folded: normalise_search alone", normalise_times)
    report("folded: search_products (service)", service_folded, raw_folded_times)
    report("folded: GET /api/v1/products?q=", http_folded, raw_folded_times)


if __name__ == "__main__":
    main()
