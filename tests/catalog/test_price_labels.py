"""Price labels on products sold by the unit (a cake priced at the counter, a bag of
cherries weighed in the back): the GS1 in-store code (prefixes 02, 20-29) holds the price,
and the item sells at that price, online and offline. The offline check accepts the
label's price for the label's product, and no other price."""

from __future__ import annotations

import datetime as dt

import pytest

from core.catalog.gs1 import decode, label_price
from core.catalog.gtin import with_check_digit
from core.settings import save_settings
from core.testing import Item, make_shop, sale_body

#: The cake's key (item 04321, layout item5_price5) and its label at 12.34.
CAKE_KEY = with_check_digit("220432100000")
CAKE_LABEL = with_check_digit("220432101234")
#: A loaf whose own EAN happens to start with 2: its own barcode, not a label.
LOAF_EAN = with_check_digit("250000000000")


@pytest.fixture
def bakery(app, manager_api):
    with app.app_context():
        save_settings("store", {"gs1_layout": "item5_price5"})
    return make_shop(
        manager_api,
        [
            Item("CAKE", 2500, "5.5", barcode=CAKE_KEY, name="Fraisier"),
            Item("LOAF", 300, "5.5", barcode=LOAF_EAN, name="Pain"),
        ],
    )


def _offline(line, unit_price, tax_rate="5.5"):
    return sale_body(
        dict(line, unit_price=unit_price, tax_rate=tax_rate),
        offline=True,
        completed_at=dt.datetime.now(dt.UTC).isoformat(),
    )


def test_the_label_price_of_a_product_sold_by_the_unit():
    label = decode(CAKE_LABEL, "item5_price5")
    assert label.price == 1234
    assert label_price(label, "unit") == 1234
    assert label_price(label, "weight") is None  # the price gives the weight instead
    assert label_price(decode(CAKE_KEY, "item5_price5"), "unit") is None  # 0.00: misprint


def test_a_price_label_sells_one_item_at_its_price(bakery, cashier_api):
    """Online: the label's price, once, the label kept on the line; the quote agrees."""
    line = {"barcode": CAKE_LABEL, "quantity": 1}
    quote = cashier_api.post("/api/v1/sales/quote", json={"register_id": 1, "lines": [line]})
    assert quote.get_json()["total"] == 1234
    response = cashier_api.post("/api/v1/sales", json=sale_body(line))
    assert response.status_code == 201, response.get_json()
    sold = response.get_json()["lines"][0]
    assert (sold["sku"], sold["quantity"], sold["unit_price"], sold["total"]) == (
        "CAKE",
        "1",
        1234,
        1234,
    )
    assert sold["barcode"] == CAKE_LABEL


def test_the_product_itself_still_sells_at_the_catalog_price(bakery, cashier_api):
    sale = cashier_api.post(
        "/api/v1/sales", json=sale_body({"barcode": CAKE_KEY, "quantity": 1})
    ).get_json()
    assert sale["lines"][0]["unit_price"] == 2500


def test_offline_the_label_price_is_accepted(bakery, cashier_api):
    """A till offline charged the label's price: recorded as charged."""
    response = cashier_api.post(
        "/api/v1/sales", json=_offline({"barcode": CAKE_LABEL, "quantity": 1}, 1234)
    )
    assert response.status_code == 201, response.get_json()
    assert response.get_json()["lines"][0]["total"] == 1234


@pytest.mark.parametrize(
    "line, unit_price, tax_rate",
    [
        ({"barcode": CAKE_LABEL, "quantity": 1}, 1, "5.5"),  # not the label's price
        ({"barcode": CAKE_LABEL, "quantity": 1}, 1234, "0.0"),  # a rate it never had
        ({"barcode": CAKE_KEY, "quantity": 1}, 1234, "5.5"),  # the key is no label
        ({"barcode": LOAF_EAN, "quantity": 1}, 1, "5.5"),  # an EAN starting with 2
    ],
    ids=["other-price", "other-rate", "key-without-price", "own-ean"],
)
def test_offline_no_other_price_is_accepted(bakery, cashier_api, line, unit_price, tax_rate):
    response = cashier_api.post("/api/v1/sales", json=_offline(line, unit_price, tax_rate))
    assert response.status_code == 422, response.get_json()
    assert response.get_json()["error"]["code"] == "offline_price_unknown"


def test_offline_a_label_of_another_layout_is_no_label(app, bakery, cashier_api):
    """The store's layout reads the code: under another one it names no product of the
    shop, and the sale is refused."""
    with app.app_context():
        save_settings("store", {"gs1_layout": "item4_check_price5"})
    response = cashier_api.post(
        "/api/v1/sales", json=_offline({"barcode": CAKE_LABEL, "quantity": 1}, 1234)
    )
    assert response.status_code == 422
