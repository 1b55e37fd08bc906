"""Lines the server adds, lines that give money back, surcharges and carts below zero
(the bottles sample plugin: a deposit per bottle, bottles brought back, a delivery
charge)."""

from __future__ import annotations

import datetime as dt
import uuid
from decimal import Decimal

import pytest
from sale_helpers import counts, sale_body
from shop_seed import add_products

from core.db import db
from core.stock.models import StockLevel

pytestmark = [
    pytest.mark.comptoir_extra_plugins(
        "bottles=sample_plugins.bottles", "bad_lines=sample_plugins.bad_lines"
    ),
    pytest.mark.comptoir_plugins("bottles"),
]


@pytest.fixture
def beer(app, shop):
    """A bottled beer at 3.20 (20 %), 50 in stock."""
    with app.app_context():
        product = add_products([("BEER", "Lager 33cl", 320, "20", "5410228203582", "unit")])["BEER"]
        db.session.add(StockLevel(product_id=product.id, location_id=1, quantity=Decimal("50")))
        db.session.commit()
        return product.id


def _beer_sale(cashier_api, beer, quantity=6, **extra):
    response = cashier_api.post(
        "/api/v1/sales", json=sale_body({"product_id": beer, "quantity": quantity}, **extra)
    )
    assert response.status_code == 201, response.get_json()
    return response.get_json()


def _stock(app, product_id):
    with app.app_context():
        return db.session.get(StockLevel, (product_id, 1)).quantity


# -- lines the server adds ---------------------------------------------------------------------


def test_plugin_adds_a_deposit_line_for_each_bottled_line(app, beer, cashier_api):
    """pos_add_lines: the deposit follows the beer line, at its own rate, named after the
    plugin and linked to its line; it moves no stock."""
    sale = _beer_sale(cashier_api, beer, 6)
    beer_line, deposit = sale["lines"]
    assert (deposit["kind"], deposit["source"], deposit["for_line"]) == ("deposit", "bottles", 0)
    assert (deposit["quantity"], deposit["unit_price"], deposit["total"]) == ("6", 25, 150)
    assert (deposit["tax_rate"], deposit["tax"]) == ("0.0", 0)
    assert deposit["data"] == {"ticket": "D-1"}
    assert beer_line["source"] is None and beer_line["for_line"] is None
    assert sale["total"] == 6 * 320 + 150
    assert _stock(app, beer) == Decimal("44")


def test_quote_shows_added_lines_as_not_editable(beer, cashier_api):
    """The till shows the lines the server adds, and knows it cannot change them."""
    quote = cashier_api.post(
        "/api/v1/sales/quote",
        json={"register_id": 1, "lines": [{"product_id": beer, "quantity": 2}]},
    ).get_json()
    assert [(line["key"], line["editable"], line["source"]) for line in quote["lines"]] == [
        (0, True, None),
        (1, False, "bottles"),
    ]
    assert quote["total"] == 690 and quote["due_direction"] == "in"


def test_added_lines_are_recomputed_not_sent(beer, cashier_api):
    """A client cannot send a server line itself: `added` lines exist only offline."""
    body = sale_body(
        {"product_id": beer, "quantity": 1},
        {
            "added": {
                "source": "bottles",
                "kind": "deposit",
                "name": "Deposit",
                "unit_price": 1,
                "tax_rate": "0",
            },
            "quantity": 1,
        },
    )
    response = cashier_api.post("/api/v1/sales", json=body)
    assert response.status_code == 422


@pytest.mark.comptoir_plugins("bad_lines")
def test_a_bad_added_line_is_the_plugins_bug(app, shop, cashier_api):
    """An added line the core cannot take is a 500 naming the plugin; nothing written."""
    before = counts(app)
    response = cashier_api.post(
        "/api/v1/sales",
        json=sale_body(
            {"barcode": "3017620422003", "quantity": 1},
            plugin_data={"bad_lines": {"bad_line": True}},
        ),
    )
    assert response.status_code == 500
    assert response.get_json()["error"]["message"] == "the plugin 'bad_lines' failed"
    assert counts(app) == before


# -- credit lines and carts below zero ---------------------------------------------------------


def test_bottles_back_alone_hand_money_out(app, shop, cashier_api, manager_api):
    """A cart of credit lines totals below zero: cash is handed out, and the drawer's
    expected cash goes down by as much."""
    before = manager_api.get("/api/v1/registers/1/x-report").get_json()["expected_cash"]
    sale = cashier_api.post(
        "/api/v1/sales",
        json=sale_body(
            {"bottles_back": {"bottles": 6}}, payments=[{"method": "cash", "amount": -150}]
        ),
    )
    assert sale.status_code == 201, sale.get_json()
    body = sale.get_json()
    assert (body["total"], body["change"], body["payments"][0]["amount"]) == (-150, 0, -150)
    after = manager_api.get("/api/v1/registers/1/x-report").get_json()["expected_cash"]
    assert after == before - 150


@pytest.mark.parametrize(
    ("payments", "code"),
    [
        ([{"method": "cash", "amount": 150}], "payment_sign"),
        ([{"method": "card", "amount": -150}], "pays_out"),
        ([{"method": "cash", "amount": -100}], "short_payment"),
        ([{"method": "cash", "amount": -200}], "overpaid"),
        ([], "short_payment"),
    ],
)
def test_money_handed_out_follows_the_rules(app, shop, cashier_api, payments, code):
    """Below zero: negative amounts, on methods that pay out, adding up exactly."""
    before = counts(app)
    response = cashier_api.post(
        "/api/v1/sales", json=sale_body({"bottles_back": {"bottles": 6}}, payments=payments)
    )
    assert response.status_code == 422
    assert response.get_json()["error"]["code"] == code
    assert counts(app) == before


def test_handing_out_cash_is_cash_rounded(shop, cashier_api, admin_api):
    """With 10-cent rounding, 0.75 handed out in cash is 0.80: halves away from zero, as
    a sale's total rounds."""
    admin_api.patch("/api/v1/settings/store", json={"cash_rounding": 10})
    sale = cashier_api.post(
        "/api/v1/sales",
        json=sale_body(
            {"bottles_back": {"bottles": 3}}, payments=[{"method": "cash", "amount": -80}]
        ),
    ).get_json()
    assert (sale["total"], sale["rounding"], sale["paid_total"]) == (-75, -5, -80)


def test_a_zero_total_takes_no_payment(shop, cashier_api):
    """Bottles brought back against goods of the same value: nothing changes hands."""
    sale = cashier_api.post(
        "/api/v1/sales",
        json=sale_body(
            {"barcode": "3017620422003", "quantity": 1},  # spread 2.50
            {"bottles_back": {"bottles": 10}},
            payments=[],
        ),
    )
    assert sale.status_code == 201, sale.get_json()
    assert (sale.get_json()["total"], sale.get_json()["payments"]) == (0, [])


def test_cart_discount_never_lands_on_credit_lines(shop, cashier_api, manager_api):
    """A cart discount is spread over the goods; the bottles keep their full credit."""
    sale = manager_api.post(
        "/api/v1/sales",
        json=sale_body(
            {"barcode": "3017620422003", "quantity": 2},
            {"bottles_back": {"bottles": 4}},
            discount_percent="10",
        ),
    ).get_json()
    goods, credit = sale["lines"]
    assert (goods["cart_discount"], credit["cart_discount"], credit["total"]) == (50, 0, -100)
    assert sale["total"] == 500 - 50 - 100


# -- surcharges --------------------------------------------------------------------------------


def test_surcharge_is_a_line_after_the_discounts(shop, manager_api):
    """Delivery: 5.00 at 20 %, a line of its own added by the plugin, not discounted."""
    sale = manager_api.post(
        "/api/v1/sales",
        json=sale_body(
            {"barcode": "4006381333931", "quantity": 10},
            discount_percent="50",
            plugin_data={"bottles": {"delivery": True}},
        ),
    ).get_json()
    croissants, delivery = sale["lines"]
    assert (delivery["kind"], delivery["name"], delivery["source"]) == (
        "surcharge",
        "Delivery",
        "bottles",
    )
    assert (delivery["total"], delivery["tax"], delivery["discount"]) == (500, 83, 0)
    assert croissants["total"] == 600 and sale["total"] == 1100
    assert {row["rate"]: row["tax"] for row in sale["taxes"]} == {"5.5": 31, "20.0": 83}


@pytest.mark.comptoir_plugins("bad_lines")
def test_surcharge_without_till_pricing_is_refused(app, shop, cashier_api):
    """A plugin returning a surcharge must say how the till charges it offline."""
    response = cashier_api.post(
        "/api/v1/sales/quote",
        json={
            "register_id": 1,
            "lines": [{"barcode": "4006381333931", "quantity": 1}],
            "plugin_data": {"bad_lines": {"surcharge": True}},
        },
    )
    assert response.status_code == 500
    assert "bad_lines" in response.get_json()["error"]["message"]


# -- refunds -----------------------------------------------------------------------------------


def _refund(api, sale, lines, amount, **extra):
    return api.post(
        f"/api/v1/sales/{sale['id']}/refund",
        json={
            "id": str(uuid.uuid4()),
            "lines": lines,
            "payments": [{"method": "cash", "amount": amount}] if amount else [],
            **extra,
        },
    )


def test_deposit_is_refunded_with_its_bottles(app, beer, cashier_api, manager_api):
    """Refunding 2 of 6 beers gives back 2 deposits too; the last part takes the rest."""
    sale = _beer_sale(cashier_api, beer, 6)
    beer_line, deposit = sale["lines"]
    first = _refund(manager_api, sale, [{"line_id": beer_line["id"], "quantity": 2}], 690)
    assert first.status_code == 201, first.get_json()
    assert [
        (line["sale_line_id"], line["quantity"], line["total"]) for line in first.json["lines"]
    ] == [
        (beer_line["id"], "2", 640),
        (deposit["id"], "2", 50),
    ]
    rest = _refund(manager_api, sale, [{"line_id": beer_line["id"], "quantity": 4}], 1380)
    assert rest.status_code == 201, rest.get_json()
    assert sum(line["total"] for line in rest.json["lines"]) == 1380
    assert _stock(app, beer) == Decimal("50")
    # The plugin's section on the refund's receipt (pos_refund_receipt_sections).
    receipt = manager_api.get(f"/api/v1/refunds/{rest.json['id']}/receipt?format=text")
    assert receipt.status_code == 200
    assert "Deposit refunded" in receipt.get_data(as_text=True)


def test_refund_quote_says_what_would_be_given_back(app, beer, cashier_api, manager_api):
    """Before refunding, a till asks what it would give back: the deposit of the bottles
    included; nothing is written."""
    sale = _beer_sale(cashier_api, beer, 6)
    beer_line, deposit = sale["lines"]
    before = counts(app)
    quote = manager_api.post(
        f"/api/v1/sales/{sale['id']}/refund/quote",
        json={"lines": [{"line_id": beer_line["id"], "quantity": 2}]},
    )
    assert quote.status_code == 200, quote.get_json()
    assert quote.json["total"] == 690 and quote.json["cash_total"] == 690
    assert [(line["sale_line_id"], line["total"]) for line in quote.json["lines"]] == [
        (beer_line["id"], 640),
        (deposit["id"], 50),
    ]
    assert counts(app) == before
    refused = manager_api.post(
        f"/api/v1/sales/{sale['id']}/refund/quote",
        json={"lines": [{"line_id": deposit["id"], "quantity": 1}]},
    )
    assert refused.status_code == 422


def test_an_added_line_is_not_refunded_alone(beer, cashier_api, manager_api):
    sale = _beer_sale(cashier_api, beer, 2)
    response = _refund(manager_api, sale, [{"line_id": sale["lines"][1]["id"], "quantity": 1}], 25)
    assert response.status_code == 422
    assert "refunded with Lager 33cl" in str(response.get_json()["error"]["fields"])


def test_a_credit_line_is_not_refunded_but_voided(shop, cashier_api, manager_api):
    """Money a sale gave back is not refunded; a void reverses everything, the credit
    included, with the sale's own payments."""
    sale = cashier_api.post(
        "/api/v1/sales",
        json=sale_body(
            {"barcode": "3017620422003", "quantity": 1},
            {"bottles_back": {"bottles": 2}},
            payments=[{"method": "cash", "amount": 500}],
        ),
    ).get_json()
    credit = sale["lines"][1]
    refused = _refund(manager_api, sale, [{"line_id": credit["id"], "quantity": 1}], 50)
    assert refused.status_code == 422
    void = manager_api.post(f"/api/v1/sales/{sale['id']}/void", json={"id": str(uuid.uuid4())})
    assert void.status_code == 201, void.get_json()
    assert void.json["total"] == 200 and void.json["payments"][0]["amount"] == 200


def test_voiding_money_handed_out_takes_it_back(shop, cashier_api, manager_api):
    """A void of a sale below zero takes the cash back: negative money handed back."""
    sale = cashier_api.post(
        "/api/v1/sales",
        json=sale_body(
            {"bottles_back": {"bottles": 4}}, payments=[{"method": "cash", "amount": -100}]
        ),
    ).get_json()
    void = manager_api.post(f"/api/v1/sales/{sale['id']}/void", json={"id": str(uuid.uuid4())})
    assert void.status_code == 201, void.get_json()
    assert (void.json["total"], void.json["payments"][0]["amount"]) == (-100, -100)


# -- offline ------------------------------------------------------------------------------------


def _offline(*lines, payments, **extra):
    return sale_body(
        *lines,
        payments=payments,
        offline=True,
        completed_at=dt.datetime.now(dt.UTC).isoformat(),
        **extra,
    )


def test_offline_sale_keeps_the_lines_the_till_added(app, beer, cashier_api):
    """The till's pricing module added the deposit offline: the sale records it as
    charged, and the credit line the till sold offline too."""
    body = _offline(
        {"product_id": beer, "quantity": 2, "unit_price": 320, "tax_rate": "20"},
        {
            "added": {
                "source": "bottles",
                "kind": "deposit",
                "name": "Deposit",
                "unit_price": 25,
                "tax_rate": "0",
                "for_line": 0,
            },
            "quantity": 2,
        },
        {"bottles_back": {"bottles": 3}, "unit_price": -75, "tax_rate": "0", "name": "Back x3"},
        payments=[{"method": "cash", "amount": 615}],
    )
    response = cashier_api.post("/api/v1/sales", json=body)
    assert response.status_code == 201, response.get_json()
    lines = response.get_json()["lines"]
    assert [(line["kind"], line["source"], line["total"]) for line in lines] == [
        ("product", None, 640),
        ("deposit", "bottles", 50),
        ("bottles_back", None, -75),
    ]
    assert response.get_json()["total"] == 615


def test_offline_surcharge_stays_out_of_the_cart_discount(shop, manager_api):
    """A surcharge the till charged offline is priced after the discounts, as online:
    2.50 with 5 % off, plus a 5.00 delivery, is 7.37 (not the discount spread over it)."""
    body = _offline(
        {"barcode": "3017620422003", "quantity": 1, "unit_price": 250, "tax_rate": "20"},
        {
            "added": {
                "source": "bottles",
                "kind": "surcharge",
                "name": "Delivery",
                "unit_price": 500,
                "tax_rate": "20",
                "surcharge": True,
            },
            "quantity": 1,
        },
        payments=[{"method": "card", "amount": 237 + 500}],
        discount_percent="5",
    )
    response = manager_api.post("/api/v1/sales", json=body)
    assert response.status_code == 201, response.get_json()
    goods, delivery = response.get_json()["lines"]
    assert (goods["total"], delivery["total"], delivery["cart_discount"]) == (237, 500, 0)
    misplaced = _offline(
        body["lines"][1], body["lines"][0], payments=body["payments"], discount_percent="5"
    )
    assert manager_api.post("/api/v1/sales", json=misplaced).status_code == 422


def test_offline_added_line_from_a_plugin_without_till_pricing_is_refused(app, shop, cashier_api):
    before = counts(app)
    body = _offline(
        {
            "added": {
                "source": "nobody",
                "kind": "x",
                "name": "X",
                "unit_price": 25,
                "tax_rate": "0",
            },
            "quantity": 1,
        },
        payments=[{"method": "cash", "amount": 25}],
    )
    response = cashier_api.post("/api/v1/sales", json=body)
    assert response.status_code == 422
    assert "lines.0.added.source" in response.get_json()["error"]["fields"]
    assert counts(app) == before


def test_a_product_cannot_give_money_back_offline(app, shop, cashier_api):
    """Only a plugin's line may carry a negative price, offline as online."""
    body = _offline(
        {"barcode": "3017620422003", "quantity": 1, "unit_price": -250, "tax_rate": "20"},
        payments=[{"method": "cash", "amount": -250}],
    )
    assert cashier_api.post("/api/v1/sales", json=body).status_code == 422
