"""A device that was offline (or slower than a colleague) sends changes made from an old
version of a table's order: new items are merged and it is told what others did since;
what no longer means what it meant is refused with that list, in its reader's language."""

from __future__ import annotations

import uuid

import pytest
from restaurant_testing import add, make_floor, ok, pay, seat

from core.testing import at_once

pytestmark = pytest.mark.comptoir_plugins("restaurant")


def _order(api, order):
    return ok(api.get(f"/api/v1/restaurant/orders/{order['id']}"))


def _change_line(api, order, line, **values):
    return api.patch(
        f"/api/v1/restaurant/orders/{order['id']}/lines/{line['id']}",
        json={"version": order["version"], **values},
    )


def _line(order, name):
    (line,) = [line for line in order["lines"] if line["name"] == name]
    return line


def test_items_kept_offline_are_merged_with_what_others_did_meanwhile(
    shop, cashier_api, manager_api
):
    """The tablet kept two beers from version 2; meanwhile a colleague added a salad,
    moved the steak to seat 2 and sent course 1. The beers are added on top; the answer
    lists those three changes, who made them and when."""
    (table, *_rest) = make_floor(manager_api)
    order = ok(add(cashier_api, seat(cashier_api, table), {"product_id": shop["STEAK"]}))
    kept = order  # what the tablet holds when it goes offline
    now = ok(add(manager_api, order, {"product_id": shop["SALAD"]}))
    now = ok(_change_line(manager_api, now, _line(now, "Steak"), seat=2))
    ok(
        manager_api.post(
            f"/api/v1/restaurant/orders/{order['id']}/send",
            json={"version": now["version"], "course": 1},
        )
    )
    merged = ok(
        cashier_api.post(
            f"/api/v1/restaurant/orders/{order['id']}/lines",
            json={
                "version": kept["version"],
                "lines": [{"product_id": shop["BEER"], "quantity": "2"}],
                "request_id": str(uuid.uuid4()),
            },
        )
    )
    assert sorted((line["name"], line["quantity"]) for line in merged["lines"]) == [
        ("Beer", "2"),
        ("Salad", "1"),
        ("Steak", "1"),
    ]
    assert merged["version"] == 6
    assert [(c["kind"], c["version"], c["user_name"]) for c in merged["changes"]] == [
        ("line_added", 3, "Marie Manager"),
        ("line_changed", 4, "Marie Manager"),
        ("course_sent", 5, "Marie Manager"),
    ]
    texts = [c["text"] for c in merged["changes"]]
    assert texts == [
        "Marie Manager added 1 × Salad",
        "Marie Manager changed Steak: seat 0 → 2",
        "Marie Manager sent course 1",
    ]
    assert all(c["at"] and len(c["time"]) == 5 for c in merged["changes"])


def test_sending_the_kept_items_again_adds_nothing(shop, cashier_api, manager_api):
    """The answer to the tablet's send was lost (the network dropped again): it sends the
    same items with the same key, and they are on the order once."""
    (table, *_rest) = make_floor(manager_api)
    order = seat(cashier_api, table)
    body = {
        "version": order["version"],
        "lines": [{"product_id": shop["BEER"]}],
        "request_id": str(uuid.uuid4()),
    }
    path = f"/api/v1/restaurant/orders/{order['id']}/lines"
    first = ok(cashier_api.post(path, json=body))
    again = ok(cashier_api.post(path, json=body))
    assert [line["name"] for line in again["lines"]] == ["Beer"]
    assert again["version"] == first["version"] == 2
    assert again["changes"] == []


def test_a_change_to_a_line_changed_since_is_refused_with_what_changed(
    shop, cashier_api, manager_api
):
    """The tablet moves the steak from an old version, but a colleague cancelled it
    meanwhile: 409 naming who cancelled what, the order as it is, nothing changed."""
    (table, *_rest) = make_floor(manager_api)
    order = ok(
        add(
            cashier_api,
            seat(cashier_api, table),
            {"product_id": shop["STEAK"]},
            {"product_id": shop["SALAD"]},
        )
    )
    now = ok(_change_line(manager_api, order, _line(order, "Steak"), quantity="0"))
    refused = _change_line(cashier_api, order, _line(order, "Steak"), seat=3)
    assert refused.status_code == 409
    body = refused.get_json()
    assert body["error"]["code"] == "stale_version"
    assert "Marie Manager cancelled 1 × Steak" in body["error"]["message"]
    assert [(c["kind"], c["details"]["name"]) for c in body["changes"]] == [
        ("line_cancelled", "Steak")
    ]
    assert body["order"] == _order(cashier_api, order)
    assert body["order"]["version"] == now["version"]
    assert [line["name"] for line in body["order"]["lines"]] == ["Salad"]


def test_a_change_to_a_line_nobody_touched_is_merged(shop, cashier_api, manager_api):
    (table, *_rest) = make_floor(manager_api)
    order = ok(
        add(
            cashier_api,
            seat(cashier_api, table),
            {"product_id": shop["STEAK"]},
            {"product_id": shop["SALAD"]},
        )
    )
    ok(_change_line(manager_api, order, _line(order, "Steak"), quantity="2"))
    moved = ok(_change_line(cashier_api, order, _line(order, "Salad"), course=2))
    assert (_line(moved, "Salad")["course"], _line(moved, "Steak")["quantity"]) == (2, "2")
    assert [c["text"] for c in moved["changes"]] == ["Marie Manager changed Steak: quantity 1 → 2"]


def test_items_are_refused_once_the_bill_was_asked_or_the_party_moved(
    shop, cashier_api, manager_api
):
    (table, other, _third) = make_floor(manager_api)
    order = seat(cashier_api, table)
    asked = ok(
        manager_api.post(
            f"/api/v1/restaurant/orders/{order['id']}/bill-request",
            json={"version": order["version"]},
        )
    )
    refused = add(cashier_api, order, {"product_id": shop["BEER"]})
    assert refused.status_code == 409
    assert [c["kind"] for c in refused.get_json()["changes"]] == ["bill_asked"]
    assert "Marie Manager asked for the bill" in refused.get_json()["error"]["message"]
    # From the version that knows it, the items go on.
    ok(add(cashier_api, asked, {"product_id": shop["BEER"]}))

    second = seat(cashier_api, other)
    ok(
        manager_api.post(
            f"/api/v1/restaurant/orders/{second['id']}/transfer",
            json={"version": second["version"], "table_id": _third},
        )
    )
    moved = add(cashier_api, second, {"product_id": shop["BEER"]})
    assert moved.status_code == 409
    (change,) = moved.get_json()["changes"]
    assert change["text"] == "Marie Manager moved the party from table 2 to table 3"
    assert _order(cashier_api, second)["lines"] == []


def test_items_for_a_paid_table_are_refused_with_the_payment(shop, cashier_api, manager_api):
    (table, *_rest) = make_floor(manager_api)
    order = ok(add(cashier_api, seat(cashier_api, table), {"product_id": shop["STEAK"]}))
    bill = ok(manager_api.post(f"/api/v1/restaurant/orders/{order['id']}/bill", json={}))
    ok(pay(manager_api, bill), 201)
    refused = add(cashier_api, order, {"product_id": shop["BEER"]})
    assert refused.status_code == 409
    body = refused.get_json()
    assert body["error"]["code"] == "order_closed"
    assert body["order"]["status"] == "paid"
    (paid,) = body["changes"]
    assert (paid["kind"], paid["user_name"], paid["details"]["amount"]) == (
        "paid",
        "Marie Manager",
        2200,
    )
    assert [line["name"] for line in _order(cashier_api, order)["lines"]] == ["Steak"]


@pytest.mark.parametrize(
    ("language", "said"),
    [
        ("fr", "Marie Manager a demandé l’addition"),
        ("nl", "Marie Manager heeft om de rekening gevraagd"),
        ("ru", "Marie Manager попросил(а) счёт"),
    ],
)
def test_the_changes_are_said_in_the_readers_language(
    shop, cashier_api, manager_api, language, said
):
    (table, *_rest) = make_floor(manager_api)
    order = seat(cashier_api, table)
    ok(
        manager_api.post(
            f"/api/v1/restaurant/orders/{order['id']}/bill-request",
            json={"version": order["version"]},
        )
    )
    refused = cashier_api.post(
        f"/api/v1/restaurant/orders/{order['id']}/lines",
        json={"version": order["version"], "lines": [{"product_id": shop["BEER"]}]},
        headers={"Accept-Language": language},
    )
    assert refused.status_code == 409
    assert said in refused.get_json()["error"]["message"]
    assert refused.get_json()["changes"][0]["text"] == said


def test_the_changes_endpoint_lists_what_changed_since_a_version(
    shop, cashier_api, manager_api, client
):
    (table, other, _third) = make_floor(manager_api)
    order = seat(cashier_api, table)
    now = ok(add(cashier_api, order, {"product_id": shop["STEAK"], "quantity": "2"}))
    now = ok(_change_line(manager_api, now, now["lines"][0], quantity="0"))
    target = seat(manager_api, other)
    ok(
        manager_api.post(
            f"/api/v1/restaurant/orders/{order['id']}/options",
            json={"version": now["version"], "service_charge": True},
        )
    )
    now = _order(cashier_api, order)
    ok(
        manager_api.post(
            f"/api/v1/restaurant/orders/{order['id']}/merge",
            json={"version": now["version"], "into": target["id"], "into_version": 1},
        )
    )
    path = f"/api/v1/restaurant/orders/{order['id']}/changes"
    every = ok(cashier_api.get(path, query_string={"since": 0}))
    assert [c["text"] for c in every] == [
        "Camille Cashier added 2 × Steak",
        "Marie Manager cancelled 2 × Steak",
        "Marie Manager added the service charge",
        "Marie Manager merged this table into table 2",
    ]
    assert [c["version"] for c in every] == [2, 3, 4, 5]
    assert [c["kind"] for c in ok(cashier_api.get(path, query_string={"since": 3}))] == [
        "options",
        "merged",
    ]
    into = f"/api/v1/restaurant/orders/{target['id']}/changes"
    assert [c["text"] for c in ok(cashier_api.get(into, query_string={"since": 1}))] == [
        "Marie Manager merged table 1 into this one"
    ]
    # Bad input: a clear 4xx.
    assert cashier_api.get(path).status_code == 422
    assert cashier_api.get(path, query_string={"since": -1}).status_code == 422
    assert cashier_api.get(path, query_string={"since": "two"}).status_code == 422
    assert (
        cashier_api.get("/api/v1/restaurant/orders/99999/changes", query_string={"since": 0})
    ).status_code == 404
    # Permissions: signed in, with restaurant.serve.
    assert client.get(path, query_string={"since": 0}).status_code == 401


def test_bad_request_ids_change_nothing(shop, cashier_api, manager_api, roleless_api):
    (table, *_rest) = make_floor(manager_api)
    order = seat(cashier_api, table)
    path = f"/api/v1/restaurant/orders/{order['id']}/lines"
    for bad in ("", "short", "x" * 37, 12345):
        answer = cashier_api.post(
            path,
            json={"version": 1, "lines": [{"product_id": shop["BEER"]}], "request_id": bad},
        )
        assert answer.status_code == 422, bad
    denied = roleless_api.post(path, json={"version": 1, "lines": [{"product_id": shop["BEER"]}]})
    assert denied.status_code == 403
    assert (
        roleless_api.get(
            f"/api/v1/restaurant/orders/{order['id']}/changes", query_string={"since": 0}
        ).status_code
        == 403
    )
    assert _order(cashier_api, order)["version"] == 1


def _offline_and_online_at_once(shop, api_as, manager_api):
    """Two tablets send, from the same old version, one new items and the other a change
    of a line a third waiter cancelled: the items go on, the change is refused; and two
    devices cancelling the same line from one version: exactly one wins."""
    (table, *_rest) = make_floor(manager_api)
    waiter = api_as("cashier")
    order = ok(
        add(
            waiter,
            seat(waiter, table),
            {"product_id": shop["STEAK"]},
            {"product_id": shop["SALAD"]},
        )
    )
    salad = _line(order, "Salad")
    clients = [api_as("cashier" if i % 2 else "manager") for i in range(4)]

    def device(index: int):
        if index < 2:
            return add(clients[index], order, {"product_id": shop["BEER"], "seat": index + 1})
        return _change_line(clients[index], order, salad, quantity="0", note=str(index))

    answers = at_once(4, device)
    final = ok(waiter.get(f"/api/v1/restaurant/orders/{order['id']}"))
    return answers, final


def _check_merged_and_one_winner(answers, final):
    adds, cancels = answers[:2], answers[2:]
    assert [a.status_code for a in adds] == [200, 200]
    assert sorted(a.status_code for a in cancels) == [200, 409]
    (loser,) = [a.get_json() for a in cancels if a.status_code == 409]
    assert [c["kind"] for c in loser["changes"] if c["kind"] == "line_cancelled"] == [
        "line_cancelled"
    ]
    assert sorted((line["name"], line["seat"]) for line in final["lines"]) == [
        ("Beer", 1),
        ("Beer", 2),
        ("Steak", 0),
    ]
    # Seated (1), two items (2), then the two additions and the one cancellation.
    assert final["version"] == 2 + 3


@pytest.mark.postgresql
def test_merges_and_refusals_at_the_same_instant_on_postgresql(shop, api_as, manager_api):
    _check_merged_and_one_winner(*_offline_and_online_at_once(shop, api_as, manager_api))


@pytest.mark.sqlite
def test_merges_and_refusals_at_the_same_instant_on_sqlite(shop, api_as, manager_api):
    _check_merged_and_one_winner(*_offline_and_online_at_once(shop, api_as, manager_api))
