"""Finding products: by barcode, SKU, name words; filters, pagination, delta sync."""

from __future__ import annotations

import datetime as dt

import pytest
import sqlalchemy as sa

from core.catalog.services import find_by_barcode, normalise_search, search_products

NUTELLA = "3017620422003"  # EAN-13
STABILO = "4006381333931"  # EAN-13


def test_normalise_search_removes_case_accents_and_punctuation():
    """Search compares lower-case words without accents; punctuation separates words."""
    assert normalise_search("Crème BRÛLÉE  Œuf") == "creme brulee oeuf"
    assert normalise_search("Coca-Cola 33cl") == "coca cola 33cl"
    assert normalise_search("Straße") == "strasse"
    assert normalise_search("Ёжик ЧАЙ") == "ежик чаи"  # ё is е, й loses its breve too
    assert normalise_search("  ") == ""


@pytest.fixture
def shelf(create):
    return {
        "choc": create(sku="EPI-010", name="Chocolat noir 70 %", barcodes=[NUTELLA]),
        "pain": create(sku="BOU-002", name="Pain au chocolat", barcodes=[STABILO]),
        "creme": create(sku="CAF-002", name="Café crème"),
        "old": create(sku="EPI-099", name="Chocolat blanc", active=False),
    }


def test_find_by_barcode(app, shelf):
    """find_by_barcode answers the product of a barcode, with its barcodes, or None."""
    with app.app_context():
        product = find_by_barcode(NUTELLA)
        assert product.id == shelf["choc"]["id"]
        assert [b.code for b in product.barcodes] == [NUTELLA]
        assert find_by_barcode("4006381333948") is None


def test_barcode_query_answers_a_list(manager_api, shelf):
    """?barcode= answers a list of the one product, or an empty list."""
    response = manager_api.get(f"/api/v1/products?barcode={STABILO}")
    assert [p["id"] for p in response.json] == [shelf["pain"]["id"]]
    assert response.headers["X-Total-Count"] == "1"
    assert manager_api.get("/api/v1/products?barcode=0000").json == []


def test_search_by_name_word_prefix_ignores_accents(manager_api, shelf):
    """Each word of q must start a word of the name, accents and case ignored; inactive
    products are left out."""
    names = [p["name"] for p in manager_api.get("/api/v1/products?q=choc").json]
    assert names == ["Chocolat noir 70 %", "Pain au chocolat"]
    assert [p["name"] for p in manager_api.get("/api/v1/products?q=CRÈ").json] == ["Café crème"]
    assert [p["name"] for p in manager_api.get("/api/v1/products?q=choc pa").json] == [
        "Pain au chocolat"
    ]
    assert manager_api.get("/api/v1/products?q=hocolat").json == []


def test_search_by_sku_exact_and_prefix_first(manager_api, shelf):
    """q matches SKUs exactly or by their start; an exact SKU comes first."""
    found = manager_api.get("/api/v1/products?q=EPI").json
    assert [p["sku"] for p in found] == ["EPI-010"]
    assert manager_api.get("/api/v1/products?q=BOU-002").json[0]["id"] == shelf["pain"]["id"]


def test_search_by_barcode_in_q(manager_api, shelf):
    """q also finds a product by its exact barcode."""
    assert [p["id"] for p in manager_api.get(f"/api/v1/products?q={NUTELLA}").json] == [
        shelf["choc"]["id"]
    ]


def test_search_service(app, shelf):
    """search_products answers active matches and their total."""
    with app.app_context():
        page = search_products("chocolat", limit=1, offset=0)
        assert page.total == 2
        assert [p.sku for p in page.items] == ["EPI-010"]


def test_active_filter(manager_api, shelf):
    """Lists show active products unless ?active=false (inactive) is given."""
    assert shelf["old"]["id"] not in [p["id"] for p in manager_api.get("/api/v1/products").json]
    inactive = manager_api.get("/api/v1/products?active=false").json
    assert [p["id"] for p in inactive] == [shelf["old"]["id"]]


def test_category_filter(manager_api, create):
    """?category_id= keeps the products of a category."""
    category = manager_api.post("/api/v1/categories", json={"name": "Frais"}).json
    fresh = create(name="Beurre", category_id=category["id"])
    create(name="Sel")
    found = manager_api.get(f"/api/v1/products?category_id={category['id']}").json
    assert [p["id"] for p in found] == [fresh["id"]]


def test_pagination_and_total(manager_api, create):
    """limit and offset page through the list; X-Total-Count gives the whole count."""
    for n in range(5):
        create(name=f"Item {n}")
    response = manager_api.get("/api/v1/products?limit=2&offset=2")
    assert [p["name"] for p in response.json] == ["Item 2", "Item 3"]
    assert response.headers["X-Total-Count"] == "5"


@pytest.mark.parametrize(
    "query",
    [
        "limit=0",
        "limit=501",
        "offset=-1",
        "limit=x",
        "updated_since=yesterday",
        "updated_since=2024-01-01T00:00:00",
        "category_id=abc",
        "active=maybe",
    ],
)
def test_bad_query_is_a_422(manager_api, query):
    """Out-of-range paging, naive or malformed timestamps and bad filters: 422."""
    assert manager_api.get(f"/api/v1/products?{query}").status_code == 422


def test_delta_sync_gives_changes_since_including_inactive(manager_api, create):
    """?updated_since= answers the products changed at or after that instant, inactive
    ones included so that the till can drop them, oldest change first."""
    first = create(name="Before")
    second = create(name="Kept")
    since = second["updated_at"]
    gone = manager_api.patch(f"/api/v1/products/{first['id']}", json={"active": False}).json
    found = manager_api.get("/api/v1/products", query_string={"updated_since": since}).json
    assert [p["id"] for p in found] == [second["id"], gone["id"]]
    assert found[-1]["active"] is False
    later = dt.datetime.fromisoformat(gone["updated_at"]) + dt.timedelta(seconds=1)
    assert (
        manager_api.get("/api/v1/products", query_string={"updated_since": later.isoformat()}).json
        == []
    )


def test_delta_sync_accepts_an_unencoded_plus(manager_api, create):
    """A '+' offset sent unencoded (read as a space) is still understood."""
    create(name="X")
    response = manager_api.get("/api/v1/products?updated_since=2000-01-01T00:00:00+00:00")
    assert response.status_code == 200
    assert len(response.json) == 1


def test_tax_rate_change_reaches_the_delta(manager_api, create, reduced_rate):
    """Changing a rate's percentage moves updated_at of its products."""
    product = create(tax_rate="5.5")
    manager_api.patch(f"/api/v1/tax-rates/{reduced_rate['id']}", json={"rate": "7"})
    found = manager_api.get(
        "/api/v1/products", query_string={"updated_since": product["updated_at"]}
    ).json
    assert found[0]["tax_rate"] == "7.0"
    assert found[0]["updated_at"] > product["updated_at"]


def _plan(statement) -> str:
    """The database's plan for ``statement``, with its sequential scans priced out on
    PostgreSQL: a plan that still scans a table has no index that serves the query."""
    from core.db import db

    bind = db.session.get_bind()
    compiled = statement.compile(bind, compile_kwargs={"literal_binds": True})
    if bind.dialect.name == "postgresql":
        db.session.execute(sa.text("SET LOCAL enable_seqscan = off"))
        rows = db.session.execute(sa.text(f"EXPLAIN {compiled}"))
        return "\n".join(row[0] for row in rows)
    rows = db.session.execute(sa.text(f"EXPLAIN QUERY PLAN {compiled}"))
    return "\n".join(row[-1] for row in rows)


def test_a_words_products_are_read_from_the_terms_index_alone(app, shelf):
    """Counting a word's terms and collecting its products read the terms' index only
    (no visit of the table per term): SQLite's primary key (term, product) covers both
    columns, PostgreSQL's prefix index INCLUDEs the product (core_pg_term_covering); it
    held the term only, and a frequent word's 200,000 terms were read from the table,
    125 ms at a million products."""
    from core.catalog.search import _name_ids
    from core.db import db

    with app.app_context():
        if db.session.get_bind().dialect.name == "postgresql":
            db.session.execute(sa.text("SET LOCAL enable_bitmapscan = off"))
        plan = _plan(_name_ids(["choc"]))
    assert (
        "Index Only Scan using ix_product_search_term_prefix" in plan
        or "USING COVERING INDEX" in plan
    ), plan


@pytest.mark.parametrize("q", ["choc", "EPI-0", "choc noir"])
def test_search_by_name_word_and_sku_prefix_is_served_by_indexes(app, shelf, q):
    """Prefix search walks an index on both databases: on PostgreSQL, LIKE 'choc%' cannot
    use a plain b-tree unless the database's collation is "C", and it scanned all
    100,000 products (300 ms a search) until the pattern-ops indexes."""
    from core.catalog.models import Product
    from core.catalog.search import Match

    with app.app_context():
        plan = _plan(sa.select(Product.id).where(Match.of(q).condition()))
    assert "product_search_term" in plan or "ix_product" in plan, plan
    for table in ("product_search_term", "product"):
        assert f"Seq Scan on {table} " not in plan + " ", plan  # PostgreSQL
        assert f"SCAN {table}\n" not in plan + "\n", plan  # SQLite (SEARCH uses an index)
