"""``X-Total-Count`` is counted up to 10,000: past it the header says 10000 and
``X-Total-Count-More: true``, so that a short word in a big catalog does not cost a count
of tens of thousands of matches on every page."""

from __future__ import annotations

import sqlalchemy as sa

from core.catalog.models import Product, ProductSearchTerm
from core.catalog.search import COUNT_CAP
from core.catalog.services import default_tax_rate
from core.db import db, utcnow

MANY = COUNT_CAP + 5


def _bulk(app, count: int) -> None:
    """``count`` active products named "Widget n", in two bulk statements."""
    with app.app_context():
        rate, now = default_tax_rate().id, utcnow()
        first = (db.session.scalar(sa.select(sa.func.max(Product.id))) or 0) + 1
        ids = range(first, first + count)
        db.session.execute(
            sa.insert(Product),
            [
                {
                    "id": n,
                    "sku": f"W{n:06d}",
                    "name": f"Widget {n}",
                    "search_name": f"widget {n}",
                    "price": 100,
                    "tax_rate_id": rate,
                    "created_at": now,
                    "updated_at": now,
                }
                for n in ids
            ],
        )
        db.session.execute(
            sa.insert(ProductSearchTerm), [{"term": "widget", "product_id": n} for n in ids]
        )
        db.session.commit()


def test_a_search_past_the_cap_says_more_match(app, manager_api):
    """10,005 matches: the page is full, the header says 10000 and that more match."""
    _bulk(app, MANY)
    response = manager_api.get("/api/v1/products?q=widg&limit=20")
    assert response.status_code == 200
    assert len(response.json) == 20
    assert response.headers["X-Total-Count"] == str(COUNT_CAP)
    assert response.headers["X-Total-Count-More"] == "true"
    listed = manager_api.get("/api/v1/products?limit=1")
    assert listed.headers["X-Total-Count-More"] == "true"


def test_a_count_under_the_cap_is_exact(app, manager_api):
    """Up to the cap the count is exact and no header says more."""
    _bulk(app, 30)
    response = manager_api.get("/api/v1/products?q=widget&limit=5")
    assert response.headers["X-Total-Count"] == "30"
    assert "X-Total-Count-More" not in response.headers


def test_the_sync_cursor_counts_both_parts_up_to_the_cap(app, manager_api):
    """The cursor's count adds the rest of the instant and what came later, capped."""
    _bulk(app, MANY)
    first = manager_api.get("/api/v1/products?updated_since=1970-01-01T00:00:00Z&limit=1").json
    query = {"updated_since": first[0]["updated_at"], "after_id": first[0]["id"], "limit": 3}
    response = manager_api.get("/api/v1/products", query_string=query)
    assert len(response.json) == 3
    assert response.headers["X-Total-Count"] == str(COUNT_CAP)
    assert response.headers["X-Total-Count-More"] == "true"
