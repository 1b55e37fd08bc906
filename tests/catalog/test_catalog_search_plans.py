"""Name search finds the same products in the same order whichever way it looks for them:
walking the name index and testing each product's words (a word that starts many names),
or collecting a rarer word's matches and sorting them (core.catalog.search.Match)."""

from __future__ import annotations

import pytest

from core.catalog.browse import ProductFilters, browse_products
from core.catalog.search import Match, normalise_search
from core.stock.services import default_location

NUTELLA = "3017620422003"  # EAN-13

#: Names starting with "thé", then names with a later word starting so, each group by
#: name; their first letters differ, so that the order is one under any collation.
STARTING = ["Thé", "Théière", "Thermos"]
LATER = [
    "Boîte à thé",
    "Grand thé",
    "Infusion thé",
    "Mug thé",
    "Pot à thé",
    "Sachet thé citron",
    "Tasse thé",
    "Verre à thé",
    "Zeste thé",
]


@pytest.fixture
def teas(create):
    """Twelve products with a word starting with "the" among fourteen: frequent enough
    for a page of three to walk the name index, not for a page of fifty."""
    for name in [*LATER, *STARTING, "Lait", "Sucre"]:
        create(name=name)


def _names(manager_api, query: str) -> list[str]:
    response = manager_api.get(f"/api/v1/products?{query}")
    assert response.status_code == 200, response.json
    return [p["name"] for p in response.json]


def test_a_frequent_word_pages_in_the_same_order_either_plan(app, manager_api, teas):
    """Names starting with the word come first, then the others, each by name; pages of
    three (a walk of the name index) follow each other as one page of fifty (the matches
    collected and sorted) lists them, and the total counts them all."""
    with app.app_context():
        assert Match.of("the", 3).walk
        assert not Match.of("the", 50).walk
    assert _names(manager_api, "q=the&limit=50") == STARTING + LATER
    pages = [_names(manager_api, f"q=the&limit=3&offset={start}") for start in range(0, 12, 3)]
    assert sum(pages, []) == STARTING + LATER
    response = manager_api.get("/api/v1/products?q=the&limit=3")
    assert response.headers["X-Total-Count"] == "12"


def test_a_rare_word_is_collected(app, manager_api, teas):
    """A word that starts one name finds it, by its matches collected."""
    with app.app_context():
        assert not Match.of("zes", 3).walk
    assert _names(manager_api, "q=zes&limit=3") == ["Zeste thé"]


@pytest.mark.parametrize("limit", [1, 50])
def test_every_word_must_start_a_word_of_the_name(manager_api, teas, limit):
    """Two words: each must start a word of the name, in any order, either plan."""
    assert _names(manager_api, f"q=citr the&limit={limit}") == ["Sachet thé citron"]
    assert _names(manager_api, f"q=thé pot&limit={limit}") == ["Pot à thé"]
    assert _names(manager_api, f"q=the lait&limit={limit}") == []


@pytest.mark.parametrize("q", ["THÉ", "thé", "The"])
def test_accents_and_case_are_ignored_on_the_walk(manager_api, teas, q):
    """The walk compares the folded words, as the collected plan does."""
    assert _names(manager_api, f"q={q}&limit=3") == STARTING
    assert _names(manager_api, "q=THEIÈRE&limit=1") == ["Théière"]


def test_the_back_office_pages_a_frequent_word_by_its_cursor(app, teas):
    """The back office lists a search by name, two at a time after the last row seen:
    the pages follow each other without a gap or a repeat, and so do they backwards."""
    with app.app_context():
        assert Match.of("the", 3).walk
        location = default_location().id
        names, after, pages = [], None, []
        while True:
            found = browse_products(ProductFilters(q="the"), location, after=after, limit=2)
            names += [p.name for p in found.items]
            pages.append(found)
            after = found.next_after
            if after is None:
                break
        assert names == sorted(STARTING + LATER, key=normalise_search)
        assert found.total == 12 and not found.more
        before = browse_products(
            ProductFilters(q="the"), location, before=pages[-1].prev_before, limit=2
        )
        assert [p.name for p in before.items] == [p.name for p in pages[-2].items]


def test_an_exact_sku_or_barcode_comes_before_the_names(manager_api, teas, create):
    """A product whose SKU is the query comes first, before names starting with it; a
    product whose barcode is the query comes before one with it in its name."""
    sku = create(name="Sucre roux", sku="the")
    assert _names(manager_api, "q=the&limit=3") == [sku["name"], *STARTING[:2]]
    labelled = create(name="Lot 3017620422003")
    scanned = create(name="Lait entier", barcodes=[NUTELLA])
    assert _names(manager_api, f"q={NUTELLA}&limit=3") == [scanned["name"], labelled["name"]]
