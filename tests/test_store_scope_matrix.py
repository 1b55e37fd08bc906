"""The permission matrix's "another store's user" row (issue 14): with ``multistore``
on, a user assigned to one store gets 403 on every endpoint and page that names a record
of another store, whatever their role, and lists and reports leave the other store out.

Every route of the runtime (the core's, every bundled and sample plugin's) is walked from
the url_map, as in ``test_permission_matrix.py``, with the ids of store A's register,
location, sale, refund, cash session, store and transfer wherever a URL names one, and
again with A's register and location in the query string. The callers are store B's
cashier and manager; A's own staff, walking the same URLs, are never refused as another
store's, so the 403s come from the scope and not from the ids.
"""

from __future__ import annotations

import uuid

import pytest
from test_permissions_everywhere import EVERY_PLUGIN, SAMPLES, _routes, _sample

from core.testing import refund, sell
from core.testing.fixtures import TokenClient
from plugins.multistore.tests.multistore_helpers import TwoShops, ok, two_shops

pytestmark = [
    pytest.mark.comptoir_extra_plugins(*SAMPLES),
    pytest.mark.comptoir_plugins(*EVERY_PLUGIN),
]

#: The URL variables naming a record that belongs to one store.
SCOPED = {
    "register_id",
    "sale_id",
    "refund_id",
    "session_id",
    "location_id",
    "store_id",
    "transfer_id",
}


@pytest.fixture
def store_a_ids(admin_api, api_as) -> tuple[TwoShops, dict[str, object]]:
    """Two shops, with a sale, a refund, a cash session and a transfer (A to a third
    store C, so that B is at neither end) of store A's."""
    shops = two_shops(admin_api, api_as)
    cashier_a = api_as("cashier")
    sale = sell(cashier_a, shops.shop.line("COFFEE", 2))
    returned = ok(
        refund(api_as("manager"), sale, [(0, 1)], [{"method": "cash", "amount": 250}]), 201
    )
    (register,) = [r for r in ok(admin_api.get("/api/v1/registers"), 200) if r["id"] == 1]
    store_c = ok(admin_api.post("/api/v1/stores", json={"code": "south", "name": "South"}), 201)
    transfer = ok(
        admin_api.post(
            "/api/v1/transfers",
            json={
                "from_store_id": shops.store_a["id"],
                "to_store_id": store_c["id"],
                "lines": [{"product_id": shops.shop["MUG"], "quantity": "1"}],
            },
        ),
        201,
    )
    ids = {
        "register_id": 1,
        "sale_id": uuid.UUID(sale["id"]),
        "refund_id": uuid.UUID(returned["id"]),
        "session_id": register["session"]["id"],
        "location_id": shops.location_a,
        "store_id": shops.store_a["id"],
        "transfer_id": transfer["id"],
    }
    return shops, ids


def scoped_urls(app, ids: dict[str, object]) -> list[tuple[str, str]]:
    """``(method, url)`` of every protected route naming a store's record, with A's."""
    urls = []
    for rule, method, _view in _routes(app, public=False):
        names = set(rule._converters)
        if names & SCOPED:
            values = {
                name: ids[name] if name in SCOPED else _sample(converter)
                for name, converter in rule._converters.items()
            }
            urls.append((method, rule.build(values)[1]))
    return sorted(set(urls))


def every_url(app) -> list[tuple[str, str]]:
    urls = []
    for rule, method, _view in _routes(app, public=False):
        values = {name: _sample(converter) for name, converter in rule._converters.items()}
        urls.append((method, rule.build(values)[1]))
    return sorted(set(urls), key=lambda route: ("logout" in route[1], route))


def _answer(client: TokenClient, method: str, url: str):
    return client.open(url, method, headers={"Accept": "application/json"})


def _not_refused(client: TokenClient, routes) -> list[tuple[str, str, int]]:
    wrong = []
    for method, url in routes:
        response = _answer(client, method, url)
        if response.status_code != 403:
            wrong.append((method, url, response.status_code))
    return wrong


def test_the_walk_sees_the_scoped_routes_of_core_and_plugin(app, store_a_ids):
    _shops, ids = store_a_ids
    urls = {url for _method, url in scoped_urls(app, ids)}
    for fragment in (
        "/api/v1/registers/1/open",
        "/api/v1/sales/",
        "/api/v1/refunds/",
        "/api/v1/cash-sessions/",
        "/admin/registers/1",
        "/admin/cash-sessions/",
        "/api/v1/stores/",
        "/api/v1/transfers/",
        "/multistore/stores/",
    ):
        assert any(fragment in url for url in urls), fragment


@pytest.mark.parametrize("who", ["cashier_b", "manager_b"])
def test_another_stores_user_gets_403_on_every_route_naming_its_records(app, store_a_ids, who):
    shops, ids = store_a_ids
    assert _not_refused(getattr(shops, who), scoped_urls(app, ids)) == []


@pytest.mark.parametrize("who", ["cashier_b", "manager_b"])
@pytest.mark.parametrize("argument", ["register_id", "location_id", "register"])
def test_another_stores_register_or_location_in_the_query_is_403_everywhere(
    app, store_a_ids, who, argument
):
    """The reports' ``register_id`` (API) and ``register`` (pages), the stock's
    ``location_id``: any route asked about store A's register or location refuses."""
    shops, ids = store_a_ids
    value = ids["location_id" if argument == "location_id" else "register_id"]
    routes = [(method, f"{url}?{argument}={value}") for method, url in every_url(app)]
    routes = [route for route in routes if "/logout" not in route[1]]
    assert _not_refused(getattr(shops, who), routes) == []


@pytest.mark.parametrize("role", ["cashier", "manager", "admin"])
def test_store_as_own_staff_are_never_refused_as_another_store(app, api_as, store_a_ids, role):
    """The control: store A's cashier and manager (assigned to no store: the first
    one's) and the admin walk the same URLs without a single ``other_store``, but where
    A is not the end that acts: receiving the transfer A sent to C is C's to do."""
    _shops, ids = store_a_ids
    client = api_as(role)
    refused = []
    for method, url in scoped_urls(app, ids):
        response = _answer(client, method, url)
        body = response.get_json(silent=True) or {}
        if body.get("error", {}).get("code") == "other_store":
            refused.append((method, url))
    receiving = {(m, u) for m, u in scoped_urls(app, ids) if u.endswith("/receive")}
    assert set(refused) == (receiving if role != "admin" else set())
