"""The back office's product list and CSV import at 100,000 products.

    python bench/admin_products.py [--products 100000] [--requests 300] [--database-url URL]

Creates a scratch instance (SQLite by default; ``--database-url`` an EMPTY PostgreSQL
database), bulk-inserts the products (as bench/search.py does: an EAN-13 each, name
words, six categories, stock levels, a reorder level on one product in ten), then times
in-process, through Flask's test client (routing, auth by token, the query, the template
rendering; no network):

- ``GET /admin/catalog/products``: the first page, a page deep in the list (keyset), a
  category, the low-stock filter, a name word, a barcode;
- beside the raw SQL of the same first page (the rows and the count) with the database
  driver, as the baseline.

Then the CSV import of ``--products`` new rows: through the page (upload and check, then
the import) and through ``comptoir products import``, each into a fresh instance.

Prints median and p99 in milliseconds (goal: under 150 ms) and import times in seconds
(goal: under 60 s). Asserts nothing.
"""

from __future__ import annotations

import argparse
import io
import random
import re
import statistics
import sys
import tempfile
import time
import typing as t
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from search import WORDS, ean13, populate  # noqa: E402


def timed(function: t.Callable[[], t.Any], runs: int) -> list[float]:
    for _ in range(min(10, runs)):
        function()  # warm-up
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
    print(f"{label:<52} median {median:7.2f} ms   p99 {p99:7.2f} ms{ratio}", flush=True)


def make_app(tmp: str, database_url: str | None):
    from core.app import create_app
    from core.cli.init import initialise

    config: dict[str, t.Any] = {"PASSWORD_HASH_METHOD": "pbkdf2:sha256:1000"}
    if database_url:
        config["DATABASE_URL"] = database_url
    app = create_app(config, instance_path=tmp)
    with app.app_context():
        initialise(app, demo=False, admin_password="bench-password")
    return app


def shape_catalog(app, count: int) -> None:
    """Categories, stock levels and reorder levels on the bulk-inserted products."""
    import sqlalchemy as sa

    from core.catalog.models import Category, Product
    from core.db import db
    from core.stock.models import StockLevel
    from core.stock.services import default_location

    with app.app_context():
        ids = [
            db.session.execute(
                sa.insert(Category).values(name=name, color="#888888").returning(Category.id)
            ).scalar()
            for name in ("Café", "Boulangerie", "Épicerie", "Frais", "Boissons", "Fruits")
        ]
        for index, category_id in enumerate(ids):
            db.session.execute(
                sa.update(Product)
                .where(Product.id % len(ids) == index)
                .values(category_id=category_id)
            )
        db.session.execute(sa.update(Product).where(Product.id % 10 == 0).values(reorder_level=5))
        location = default_location().id
        rng = random.Random(3)
        for start in range(1, count + 1, 10_000):
            db.session.execute(
                sa.insert(StockLevel),
                [
                    {"product_id": n, "location_id": location, "quantity": rng.randint(0, 60)}
                    for n in range(start, min(start + 10_000, count + 1))
                ],
            )
        db.session.commit()
        db.session.execute(sa.text("ANALYZE"))
        db.session.commit()


def bench_list(app, count: int, runs: int, database_url: str | None) -> None:
    from core.testing.fixtures import token_for

    client = app.test_client()
    headers = {"Authorization": f"Bearer {token_for(app, 'admin')}"}
    rng = random.Random(11)

    def page(query: str) -> t.Callable[[], None]:
        def get() -> None:
            response = client.get(f"/admin/catalog/products{query}", headers=headers)
            assert response.status_code == 200, response.status_code

        return get

    deep = _deep_cursor(app, count)
    words = iter([rng.choice(WORDS)[: rng.randint(3, 5)] for _ in range(runs * 3)])
    codes = iter([ean13(rng.randint(1, count)) for _ in range(runs * 3)])
    rows = page("")
    first = client.get("/admin/catalog/products", headers=headers).get_data(as_text=True)
    shown = len(re.findall(r'<tr class="', first))
    print(f"the first page shows {shown} products of {count}", flush=True)

    baseline = timed(_raw_first_page(app, database_url), runs)
    report("raw SQL: first page of 50 + count (baseline)", baseline)
    report("GET /admin/catalog/products (first page)", timed(rows, runs), baseline)
    report("GET ... ?after= (page ~1,000 of 2,000)", timed(page(f"?after={deep}"), runs), baseline)
    report("GET ... ?category= (1 in 6)", timed(page("?category=3"), runs), baseline)
    report("GET ... ?low=1 (low stock)", timed(page("?low=1"), runs), baseline)
    report(
        "GET ... ?q=<name word prefix>",
        timed(lambda: page(f"?q={next(words)}")(), runs),
        baseline,
    )
    report("GET ... ?q=<barcode>", timed(lambda: page(f"?q={next(codes)}")(), runs), baseline)


def _deep_cursor(app, count: int) -> int:
    import sqlalchemy as sa

    from core.catalog.models import Product
    from core.db import db

    with app.app_context():
        return db.session.scalar(
            sa.select(Product.id).order_by(Product.search_name, Product.id).offset(count // 2)
        )


def _raw_first_page(app, database_url: str | None) -> t.Callable[[], None]:
    first = (
        "SELECT p.*, t.rate, c.name FROM product p JOIN tax_rate t ON t.id = p.tax_rate_id "
        "LEFT JOIN category c ON c.id = p.category_id "
        "ORDER BY p.search_name, p.id LIMIT 51"
    )
    if database_url:
        import psycopg

        raw = psycopg.connect(database_url.replace("postgresql+psycopg", "postgresql"))
    else:
        import sqlite3

        raw = sqlite3.connect(Path(app.instance_path) / "comptoir.db")

    def run() -> None:
        raw.execute(first).fetchall()
        raw.execute("SELECT count(id) FROM product").fetchall()

    return run


def write_csv(count: int) -> bytes:
    rng = random.Random(5)
    out = io.StringIO()
    out.write("sku,name,price,cost,tax_rate,category,barcodes,sold_by,active,stock\n")
    for n in range(1, count + 1):
        name = " ".join(rng.choice(WORDS) for _ in range(3)) + f" {rng.randint(1, 999)} g"
        price = rng.randint(50, 5000)
        out.write(
            f"N{n:07d},{name.capitalize()},{price // 100}.{price % 100:02d},"
            f"{price // 300}.{price % 100:02d},20,Rayon {n % 12},{ean13(n + 5_000_000)},"
            f"unit,true,{rng.randint(0, 40)}\n"
        )
    return out.getvalue().encode()


def bench_import_page(app, data: bytes) -> None:
    from core.testing.fixtures import token_for

    client = app.test_client()
    headers = {"Authorization": f"Bearer {token_for(app, 'admin')}"}
    started = time.perf_counter()
    response = client.post(
        "/admin/catalog/import",
        data={"file": (io.BytesIO(data), "products.csv")},
        content_type="multipart/form-data",
        headers=headers,
    )
    checked = time.perf_counter()
    page = response.get_data(as_text=True)
    token = re.search(r'action="/admin/catalog/import/([0-9a-f]{32})"', page).group(1)
    response = client.post(f"/admin/catalog/import/{token}", headers=headers)
    while True:  # the progress page, as the browser reloads it (every second there)
        done = client.get(f"/admin/catalog/import/{token}", headers=headers).get_data(as_text=True)
        if 'id="import-result"' in done:
            break
        time.sleep(0.2)
    finished = time.perf_counter()
    summary = re.search(r'id="import-result">\s*([^<]*)', done).group(1).strip()
    print(
        f"CSV import from the page: upload and check {checked - started:5.1f} s, "
        f"import {finished - checked:5.1f} s, total {finished - started:5.1f} s  ({summary})",
        flush=True,
    )


def bench_import_cli(app, data: bytes, tmp: str) -> None:
    """``comptoir products import`` as a merchant runs it: a process of its own."""
    import os
    import subprocess

    path = Path(tmp) / "products.csv"
    path.write_bytes(data)
    env = {
        **os.environ,
        "COMPTOIR_INSTANCE": tmp,
        "COMPTOIR_DATABASE_URL": app.config["SQLALCHEMY_DATABASE_URI"],
    }
    started = time.perf_counter()
    result = subprocess.run(
        [sys.executable, "-m", "core.cli", "products", "import", str(path)],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    elapsed = time.perf_counter() - started
    last = (result.stdout.strip().splitlines() or [result.stderr.strip()[-200:]])[-1]
    print(f"CSV import from the CLI: {elapsed:5.1f} s  ({last})", flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--products", type=int, default=100_000)
    parser.add_argument("--requests", type=int, default=300)
    parser.add_argument("--database-url", help="an EMPTY PostgreSQL database (default SQLite)")
    parser.add_argument("--skip-import", action="store_true")
    args = parser.parse_args()

    # One scratch folder for the three instances, removed at the end: an instance's log
    # file must outlive its app (its handler stays on the shared "comptoir" logger).
    with tempfile.TemporaryDirectory() as scratch:
        listing = str(Path(scratch) / "list")
        app = make_app(listing, args.database_url)
        started = time.perf_counter()
        populate(app, args.products)
        shape_catalog(app, args.products)
        print(f"{args.products} products inserted in {time.perf_counter() - started:.1f} s")
        bench_list(app, args.products, args.requests, args.database_url)
        app.close()
        if args.skip_import or args.database_url:
            return  # the import needs an empty catalog: SQLite scratch instances only
        data = write_csv(args.products)
        print(f"CSV of {args.products} rows: {len(data) / 1e6:.1f} MB")
        page_instance = str(Path(scratch) / "page")
        app = make_app(page_instance, None)
        bench_import_page(app, data)
        app.close()
        cli_instance = str(Path(scratch) / "cli")
        app = make_app(cli_instance, None)
        bench_import_cli(app, data, cli_instance)
        app.close()


if __name__ == "__main__":
    main()
