"""The till's search finds products whatever their accents and case, from its local
catalog, so it works offline too: a cashier who types "creme" finds "Café crème"."""

from __future__ import annotations

import uuid

import pytest

from .till import open_till

pytestmark = pytest.mark.browser


def _create(server, name: str) -> None:
    status, body, _ = server.api(
        "POST",
        "/products",
        {"sku": f"S-{uuid.uuid4().hex[:8]}", "name": name, "price": 240, "tax_rate_id": 1},
    )
    assert status == 201, body


def _finds(page, text: str, name: str) -> None:
    """Typing text lists the product called name."""
    page.locator("#search").fill(text)
    page.locator("#search-results li", has_text=name).wait_for(timeout=5000)


def _finds_nothing(page, text: str) -> None:
    page.locator("#search").fill(text)
    page.locator("#search-results li.muted").wait_for(timeout=5000)
    assert page.locator("#search-results li").count() == 1


@pytest.fixture
def named(till_server):
    suffix = uuid.uuid4().hex[:6]
    names = {
        "creme": f"Café crème {suffix}",
        "hedgehog": f"Ёжик в тумане {suffix}",
        "street": f"Straße Œuvre {suffix}",
    }
    for name in names.values():
        _create(till_server, name)
    return suffix, names


def test_search_ignores_accents_and_case_offline(page, context, till_server, named):
    suffix, names = named
    open_till(page, till_server)
    page.wait_for_function("document.body.dataset.synced")
    context.set_offline(True)
    try:
        _finds(page, f"CREME {suffix}", names["creme"])
        _finds(page, f"ежик {suffix}", names["hedgehog"])
        _finds(page, f"ЁЖИК {suffix}", names["hedgehog"])
        _finds(page, f"strasse oeuvre {suffix}", names["street"])
        # Every word must match: a word in none of the names finds nothing.
        _finds_nothing(page, f"crème brûlée {suffix}")
    finally:
        context.set_offline(False)
