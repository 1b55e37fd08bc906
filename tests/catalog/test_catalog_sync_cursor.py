"""The till's catalog sync cursor ``(updated_at, id)``: after a bulk import, where many
products share one ``updated_at``, a sync paging on it fetches each product exactly once;
``updated_since`` alone answers as it always did."""

from __future__ import annotations

import collections

HEADER = "sku,name,price,tax_rate\n"


def _import(cli_runner, tmp_path, count: int, start: int = 0) -> None:
    path = tmp_path / f"bulk{start}.csv"
    rows = "".join(
        f"B{n:04d},Bulk item {n},1.{n % 100:02d},20\n" for n in range(start, start + count)
    )
    path.write_text(HEADER + rows, encoding="utf-8")
    result = cli_runner("products", "import", str(path))
    assert result.exit_code == 0, result.output


def _sync(api, since: str, after_id: int, page: int) -> tuple[list[int], str, int, int]:
    """Page through the delta as the till does: ids fetched, the cursor, pages asked."""
    fetched, pages = [], 0
    while True:
        query = {"updated_since": since, "after_id": after_id, "limit": page}
        response = api.get("/api/v1/products", query_string=query)
        assert response.status_code == 200, response.json
        pages += 1
        fetched += [p["id"] for p in response.json]
        if response.json:
            since, after_id = response.json[-1]["updated_at"], response.json[-1]["id"]
        if len(response.json) < page:
            return fetched, since, after_id, pages


def test_sync_after_a_bulk_import_fetches_each_product_once(cli_runner, tmp_path, cashier_api):
    """Fifty products imported at one instant, synced seven at a time: each comes once,
    and the next sync from the saved cursor fetches nothing; a product changed later
    comes alone."""
    _import(cli_runner, tmp_path, 50)
    everything = cashier_api.get("/api/v1/products?limit=500").json
    assert len({p["updated_at"] for p in everything}) == 1  # the import's one instant
    fetched, since, after_id, pages = _sync(cashier_api, "1970-01-01T00:00:00+00:00", 0, 7)
    counts = collections.Counter(fetched)
    assert sorted(counts) == sorted(p["id"] for p in everything)
    assert set(counts.values()) == {1}
    assert pages == 8  # 7 full pages of 7, then one of 1
    again, *_ = _sync(cashier_api, since, after_id, 7)
    assert again == []
    _import(cli_runner, tmp_path, 1, start=50)
    newer, *_ = _sync(cashier_api, since, after_id, 7)
    assert len(newer) == 1
    assert cashier_api.get(f"/api/v1/products/{newer[0]}").json["sku"] == "B0050"


def test_updated_since_alone_still_includes_the_instant(cli_runner, tmp_path, cashier_api):
    """Without after_id the answer is as before: changed at or after the instant."""
    _import(cli_runner, tmp_path, 3)
    products = cashier_api.get("/api/v1/products").json
    since = products[0]["updated_at"]
    found = cashier_api.get("/api/v1/products", query_string={"updated_since": since}).json
    assert len(found) == 3


def test_after_id_without_updated_since_or_with_an_offset_is_refused(cashier_api):
    """Half a cursor, or a cursor and an offset, is a 422 naming the field."""
    response = cashier_api.get("/api/v1/products?after_id=3")
    assert response.status_code == 422
    assert "after_id" in response.json["error"]["fields"]
    response = cashier_api.get(
        "/api/v1/products",
        query_string={"updated_since": "2000-01-01T00:00:00Z", "after_id": 3, "offset": 10},
    )
    assert response.status_code == 422
    assert "offset" in response.json["error"]["fields"]


def test_the_cursor_honours_the_other_filters(cli_runner, tmp_path, cashier_api):
    """active=true with the cursor: the inactive products are left out of both parts."""
    _import(cli_runner, tmp_path, 4)
    products = cashier_api.get("/api/v1/products?updated_since=1970-01-01T00:00:00Z").json
    first = products[0]
    query = {"updated_since": first["updated_at"], "after_id": first["id"], "active": "false"}
    assert cashier_api.get("/api/v1/products", query_string=query).json == []


def _download(api, page: int) -> tuple[list[dict], int]:
    """The whole catalog through /products/sync, as the till reads it: products, pages."""
    fetched: list[dict] = []
    since, after_id, pages = "1970-01-01T00:00:00+00:00", 0, 0
    while True:
        query = {"updated_since": since, "after_id": after_id, "limit": page}
        response = api.get("/api/v1/products/sync", query_string=query)
        assert response.status_code == 200, response.json
        assert "X-Total-Count" not in response.headers
        pages += 1
        fetched += response.json
        if response.json:
            since, after_id = response.json[-1]["updated_at"], response.json[-1]["id"]
        if len(response.json) < page:
            return fetched, pages


def test_the_sync_download_pages_each_product_once_in_the_lists_fields(
    cli_runner, tmp_path, cashier_api, manager_api
):
    """/products/sync pages a bulk import on the same cursor, each product once, inactive
    ones included, each with the fields the till keeps, as GET /products gives them."""
    _import(cli_runner, tmp_path, 20)
    every = "/api/v1/products?updated_since=1970-01-01T00:00:00Z&limit=500"
    everything = manager_api.get(every).json
    gone = everything[0]["id"]
    assert manager_api.patch(f"/api/v1/products/{gone}", json={"active": False}).status_code == 200
    fetched, pages = _download(cashier_api, 7)
    assert pages == len(everything) // 7 + 1
    assert sorted(p["id"] for p in fetched) == sorted(p["id"] for p in everything)
    assert fetched[-1]["id"] == gone and fetched[-1]["active"] is False  # the latest change
    full = {p["id"]: p for p in manager_api.get(every).json}
    for product in fetched:
        assert product == {key: full[product["id"]][key] for key in product}
    assert set(fetched[0]) == {
        "id", "sku", "name", "price", "barcodes", "tax_rate", "tax_rate_id",
        "category_id", "active", "sold_by", "updated_at",
    }  # fmt: skip


def test_the_sync_download_refuses_a_bad_cursor_or_page(cashier_api):
    """No instant, a negative id or a page over 5,000: a 422 naming the field."""
    for query, field in (
        ({}, "updated_since"),
        ({"updated_since": "2000-01-01T00:00:00Z", "after_id": -1}, "after_id"),
        ({"updated_since": "2000-01-01T00:00:00Z", "limit": 5001}, "limit"),
        ({"updated_since": "yesterday"}, "updated_since"),
    ):
        response = cashier_api.get("/api/v1/products/sync", query_string=query)
        assert response.status_code == 422, query
        assert field in response.json["error"]["fields"], query
