"""The till's catalog sync after a bulk import: 5,001 products imported at one instant (one
updated_at), fetched over pages on the cursor (updated_at, id), each exactly once; the
next sync, from the saved cursor, fetches none of them again."""

from __future__ import annotations

import collections
import subprocess
import sys
import typing as t

import pytest

from core.testing.browser import running_server

from .till import sign_in

pytestmark = pytest.mark.browser

BULK = 5_001  # more than the till's page of 5,000


@pytest.fixture(scope="module")
def bulk_server(tmp_path_factory: pytest.TempPathFactory) -> t.Iterator[t.Any]:
    """A shop of its own (the import would crowd the other tests' catalog), with 5,001
    products imported by one CSV import."""
    instance = tmp_path_factory.mktemp("sync-instance")
    with running_server(instance) as server:
        path = instance / "bulk.csv"
        rows = "".join(f"BULK-{n:04d},Bulk item {n},1.{n % 100:02d},20\n" for n in range(BULK))
        path.write_text("sku,name,price,tax_rate\n" + rows, encoding="utf-8")
        subprocess.run(
            [sys.executable, "-m", "core.cli", "products", "import", str(path)],
            env=server.env,
            check=True,
            capture_output=True,
        )
        server.open_register()
        yield server


def _listen(page) -> list[t.Any]:
    """The answers to the till's product pages, as they come."""
    answers: list[t.Any] = []
    page.on(
        "response",
        lambda response: (
            answers.append(response) if "/api/v1/products/sync?" in response.url else None
        ),
    )
    return answers


def _fetched(page, answers) -> tuple[list[int], list[str]]:
    """Wait for the sync: the product ids each page fetched, and the pages' URLs."""
    page.wait_for_function("document.body.dataset.synced")
    ids = [product["id"] for response in answers for product in response.json()]
    return ids, [response.url for response in answers]


def test_a_sync_after_a_bulk_import_fetches_each_product_once(chromium, bulk_server):
    _, products, headers = bulk_server.request("GET", "/products?limit=500&q=bulk")
    assert int(headers["X-Total-Count"]) == BULK
    assert len({p["updated_at"] for p in products}) == 1  # one instant for all
    context = chromium.new_context(base_url=bulk_server.url, bypass_csp=True)
    page = context.new_page()
    try:
        answers = _listen(page)
        sign_in(page)
        ids, urls = _fetched(page, answers)
        counts = collections.Counter(ids)
        _, everything, headers = bulk_server.request(
            "GET", "/products?updated_since=1970-01-01T00:00:00Z&limit=1"
        )
        assert len(counts) == int(headers["X-Total-Count"]) >= BULK
        assert set(counts.values()) == {1}, "a product was fetched twice"
        assert len(urls) >= 2 and all("after_id=" in url for url in urls)
        # The next start syncs from the saved cursor: nothing changed, nothing comes.
        answers.clear()
        page.reload()
        again, urls = _fetched(page, answers)
        assert again == [] and len(urls) == 1
    finally:
        context.close()
