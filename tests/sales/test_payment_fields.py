"""Payment methods that ask for what they need: the API loads a tender's fields with the
method's schema, and the sale, its receipt and its journal entry keep only what the
method says may be kept (the bottles sample plugin's voucher: a number kept, a PIN
dropped)."""

from __future__ import annotations

import uuid

import pytest
from sale_helpers import counts, sale_body

from core.db import db

pytestmark = [
    pytest.mark.comptoir_extra_plugins("bottles=sample_plugins.bottles"),
    pytest.mark.comptoir_plugins("bottles"),
]

SPREAD = {"barcode": "3017620422003", "quantity": 2}  # 5.00
VOUCHER = {"method": "voucher", "amount": 500, "fields": {"number": "V-1234", "pin": "4321"}}


def test_methods_describe_their_fields(cashier_api):
    """What the till renders in the tender step comes from the methods."""
    methods = {m["code"]: m for m in cashier_api.get("/api/v1/payment-methods").get_json()}
    assert methods["voucher"]["fields"] == [
        {
            "name": "number",
            "label": "Voucher number",
            "required": True,
            "max_length": None,
            "input": "text",
            "keep": "keep",
        },
        {
            "name": "pin",
            "label": "PIN",
            "required": True,
            "max_length": 4,
            "input": "password",
            "keep": "drop",
        },
    ]
    assert [f["name"] for f in methods["card"]["fields"]] == ["reference", "last4"]
    assert methods["cash"]["fields"] == [] and methods["cash"]["pays_out"] is True
    assert methods["voucher"]["pays_out"] is False


def test_a_dropped_field_is_never_kept(app, shop, cashier_api, manager_api):
    """The PIN reaches the method's validate and apply, never the sale, the receipt or
    the journal; the number is kept and printed."""
    sale = cashier_api.post("/api/v1/sales", json=sale_body(SPREAD, payments=[VOUCHER]))
    assert sale.status_code == 201, sale.get_json()
    payment = sale.get_json()["payments"][0]
    assert payment == {
        "method": "voucher",
        "amount": 500,
        "fields": {"number": "V-1234"},
        "data": {"checked": "V-1234"},
    }
    receipt = manager_api.get(f"/api/v1/sales/{sale.get_json()['id']}/receipt?format=text")
    assert "Voucher number V-1234" in receipt.get_data(as_text=True)
    assert "4321" not in receipt.get_data(as_text=True)
    from core.journal.models import JournalEntry

    with app.app_context():
        entry = db.session.query(JournalEntry).filter_by(kind="sale").one()
        assert entry.payload["payments"] == [
            {"method": "voucher", "amount": 500, "fields": {"number": "V-1234"}}
        ]
        assert "4321" not in str(entry.payload)


@pytest.mark.parametrize(
    ("fields", "where"),
    [
        ({"pin": "4321"}, "number"),
        ({"number": "1234", "pin": "4321"}, "number"),
        ({"number": "V-1234", "pin": "4321", "extra": "x"}, "extra"),
        ({"number": "V-1234"}, "pin"),
    ],
)
def test_fields_are_loaded_by_the_methods_schema(app, shop, cashier_api, fields, where):
    before = counts(app)
    payment = {**VOUCHER, "fields": fields}
    response = cashier_api.post("/api/v1/sales", json=sale_body(SPREAD, payments=[payment]))
    assert response.status_code == 422
    assert where in response.get_json()["error"]["fields"]["payments"]["0"]["fields"]
    assert counts(app) == before


def test_the_methods_refusal_names_its_plugin_and_field(app, shop, cashier_api):
    before = counts(app)
    payment = {**VOUCHER, "fields": {"number": "V-1234", "pin": "0000"}}
    response = cashier_api.post("/api/v1/sales", json=sale_body(SPREAD, payments=[payment]))
    assert response.status_code == 422
    error = response.get_json()["error"]
    assert (error["code"], error["message"]) == (
        "voucher_pin",
        "bottles: wrong PIN for this voucher",
    )
    assert error["fields"] == {"payments.0.fields.pin": ["wrong PIN for this voucher"]}
    assert counts(app) == before


def test_a_method_without_fields_takes_none(app, shop, cashier_api):
    payment = {"method": "cash", "amount": 500, "fields": {"note": "x"}}
    response = cashier_api.post("/api/v1/sales", json=sale_body(SPREAD, payments=[payment]))
    assert response.status_code == 422


def test_money_given_back_asks_the_refund_fields(shop, cashier_api, manager_api):
    """A refund on the method takes its refund fields, kept the same way, and its reverse
    notes what it did."""
    sale = cashier_api.post("/api/v1/sales", json=sale_body(SPREAD, payments=[VOUCHER])).json
    refund = manager_api.post(
        f"/api/v1/sales/{sale['id']}/refund",
        json={
            "id": str(uuid.uuid4()),
            "lines": [{"line_id": sale["lines"][0]["id"], "quantity": 1}],
            "payments": [{"method": "voucher", "amount": 250, "fields": {"number": "V-9999"}}],
        },
    )
    assert refund.status_code == 201, refund.get_json()
    assert refund.json["payments"][0] == {
        "method": "voucher",
        "amount": 250,
        "fields": {"number": "V-9999"},
        "data": {"credited": "V-9999"},
    }
