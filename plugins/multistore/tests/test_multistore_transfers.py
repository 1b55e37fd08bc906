"""Transfers between stores: a draft moves nothing; sending takes the goods out of the
sending store (``transfer_out``), receiving puts what arrived into the receiving one
(``transfer_in``), differences kept; each step happens once, under concurrency too."""

from __future__ import annotations

from decimal import Decimal

import pytest
from multistore_helpers import ok

from core.testing import at_once, sale_body

pytestmark = pytest.mark.comptoir_plugins("multistore")


def level(client, product_id: int, location_id: int) -> Decimal:
    rows = ok(client.get(f"/api/v1/stock?product_id={product_id}&location_id={location_id}"), 200)
    return Decimal(rows[0]["quantity"])


def draft(client, shops, quantity: str = "10", sku: str = "MUG"):
    body = {
        "from_store_id": shops.store_a["id"],
        "to_store_id": shops.store_b["id"],
        "lines": [{"product_id": shops.shop[sku], "quantity": quantity}],
    }
    return ok(client.post("/api/v1/transfers", json=body), 201)


def test_a_draft_moves_nothing(shops, admin_api):
    transfer = draft(admin_api, shops)
    assert transfer["status"] == "draft"
    assert level(admin_api, shops.shop["MUG"], shops.location_a) == 100
    assert level(admin_api, shops.shop["MUG"], shops.location_b) == 0


def test_sent_then_received_with_a_difference(shops, admin_api, api_as):
    mug = shops.shop["MUG"]
    transfer = draft(api_as("manager"), shops)
    sent = ok(api_as("manager").post(f"/api/v1/transfers/{transfer['id']}/send"), 200)
    assert sent["status"] == "sent"
    assert level(admin_api, mug, shops.location_a) == 90
    assert level(admin_api, mug, shops.location_b) == 0  # in the van
    counted = {"lines": [{"product_id": mug, "quantity": "9"}]}
    received = ok(
        shops.manager_b.post(f"/api/v1/transfers/{transfer['id']}/receive", json=counted), 200
    )
    assert received["status"] == "received"
    (line,) = received["lines"]
    assert (line["quantity"], line["received"], line["difference"]) == ("10", "9", "-1")
    assert level(admin_api, mug, shops.location_b) == 9
    ledger = ok(admin_api.get(f"/api/v1/stock/movements?product_id={mug}"), 200)
    moves = {(m["reason"], m["location_id"], Decimal(m["delta"])) for m in ledger}
    assert ("transfer_out", shops.location_a, Decimal(-10)) in moves
    assert ("transfer_in", shops.location_b, Decimal(9)) in moves
    assert {m["reference"] for m in ledger if m["reason"].startswith("transfer")} == {
        f"TR-{transfer['id']}"
    }


def test_each_step_once_and_in_order(shops, admin_api):
    transfer = draft(admin_api, shops)
    receive = f"/api/v1/transfers/{transfer['id']}/receive"
    assert admin_api.post(receive, json={}).status_code == 409  # not sent yet
    assert admin_api.post(f"/api/v1/transfers/{transfer['id']}/send").status_code == 200
    assert admin_api.post(f"/api/v1/transfers/{transfer['id']}/send").status_code == 409
    assert admin_api.post(receive, json={}).status_code == 200
    assert admin_api.post(receive, json={}).status_code == 409
    assert level(admin_api, shops.shop["MUG"], shops.location_a) == 90
    assert level(admin_api, shops.shop["MUG"], shops.location_b) == 10


def test_only_the_sending_store_sends_and_the_receiving_one_receives(shops, api_as):
    transfer = draft(api_as("manager"), shops)
    assert shops.manager_b.post(f"/api/v1/transfers/{transfer['id']}/send").status_code == 403
    assert api_as("manager").post(f"/api/v1/transfers/{transfer['id']}/send").status_code == 200
    receive = f"/api/v1/transfers/{transfer['id']}/receive"
    assert api_as("manager").post(receive, json={}).status_code == 403
    assert shops.manager_b.post(receive, json={}).status_code == 200


def test_a_store_drafts_only_from_itself(shops):
    body = {
        "from_store_id": shops.store_a["id"],
        "to_store_id": shops.store_b["id"],
        "lines": [{"product_id": shops.shop["MUG"], "quantity": "1"}],
    }
    assert shops.manager_b.post("/api/v1/transfers", json=body).status_code == 403


@pytest.mark.parametrize(
    "change",
    [
        {"to_store_id": None},  # filled with A's id below: the same store
        {"lines": []},
        {"lines": [{"product_id": 987654, "quantity": "1"}]},
        {"lines": [{"product_id": 0, "quantity": "1"}]},
        {"lines": [{"product_id": 1, "quantity": "0"}]},
        {"lines": [{"product_id": 1, "quantity": "1.0001"}]},
        {"lines": [{"product_id": 1, "quantity": "1"}, {"product_id": 1, "quantity": "2"}]},
        {"from_store_id": 987654},
    ],
)
def test_bad_transfers_are_4xx_and_write_nothing(shops, admin_api, change):
    body = {
        "from_store_id": shops.store_a["id"],
        "to_store_id": shops.store_b["id"],
        "lines": [{"product_id": shops.shop["MUG"], "quantity": "1"}],
        **change,
    }
    if body["to_store_id"] is None:
        body["to_store_id"] = shops.store_a["id"]
    answer = admin_api.post("/api/v1/transfers", json=body)
    assert answer.status_code in (404, 422), answer.get_json()
    assert ok(admin_api.get("/api/v1/transfers"), 200) == []


def test_sending_without_the_goods_is_refused_when_the_setting_says_so(shops, admin_api):
    ok(admin_api.patch("/api/v1/settings/multistore", json={"transfers_need_stock": True}), 200)
    transfer = draft(admin_api, shops, quantity="101")
    answer = admin_api.post(f"/api/v1/transfers/{transfer['id']}/send")
    assert answer.status_code == 409
    assert answer.get_json()["error"]["code"] == "insufficient_stock"
    assert ok(admin_api.get(f"/api/v1/transfers/{transfer['id']}"), 200)["status"] == "draft"
    assert level(admin_api, shops.shop["MUG"], shops.location_a) == 100


def _sell_at_both_while_a_transfer_moves(shops, api_as, admin_api) -> None:
    """Eight sales of one mug at A and eight at B, at the same instant as the transfer
    of 10 mugs from A to B is sent, then again as it is received."""
    transfer = draft(admin_api, shops)
    for step in ("send", "receive"):
        answers = _race(shops, api_as, f"/api/v1/transfers/{transfer['id']}/{step}")
        assert [a.status_code for a in answers] == [201] * 16 + [200]


def _race(shops, api_as, transfer_path: str) -> list:
    """Sixteen sales (eight per store) and one transfer step, released together."""
    mug = shops.shop.line("MUG")
    clients = [api_as("cashier") for _ in range(8)] + [api_as("bea") for _ in range(8)]
    bodies = [sale_body(mug) for _ in range(8)]
    bodies += [sale_body(mug, register_id=shops.register_b) for _ in range(8)]
    mover = api_as("admin")

    def task(index: int):
        if index == 16:
            return mover.post(transfer_path, json={})
        return clients[index].post("/api/v1/sales", json=bodies[index])

    return at_once(17, task)


def _assert_exact(shops, admin_api) -> None:
    # 100 at A - 16 sold - 10 sent; B: - 16 sold + 10 received.
    assert level(admin_api, shops.shop["MUG"], shops.location_a) == 100 - 16 - 10
    assert level(admin_api, shops.shop["MUG"], shops.location_b) == -16 + 10


@pytest.mark.postgresql
def test_stock_exact_after_concurrent_sales_in_two_stores_with_a_transfer_in_flight(
    shops, api_as, admin_api
):
    _sell_at_both_while_a_transfer_moves(shops, api_as, admin_api)
    _assert_exact(shops, admin_api)


@pytest.mark.sqlite
def test_stock_exact_after_concurrent_sales_and_a_transfer_on_sqlite(shops, api_as, admin_api):
    _sell_at_both_while_a_transfer_moves(shops, api_as, admin_api)
    _assert_exact(shops, admin_api)
