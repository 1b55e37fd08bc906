"""Weighed and priced labels (GS1 prefixes 02 and 20-29) read as the store's scales write
them, by the catalog's barcode look-up and by a sale's barcode lines."""

from __future__ import annotations

from decimal import Decimal

import pytest

from core.catalog.gs1 import LAYOUT_CHOICES, LAYOUTS, decode, label_quantity
from core.catalog.gtin import with_check_digit
from core.settings import save_settings
from core.stores.settings import StoreSettingsSchema
from core.testing import Item, make_shop, sale_body

#: The cheese's label: item 01234, 452 g (layout item5_weight5).
CHEESE_LABEL = with_check_digit("210123400452")
CHEESE_KEY = "210123400000" + "0"


def test_weight_label_gives_the_item_keys_and_the_grams():
    label = decode(CHEESE_LABEL, "item5_weight5")
    assert label is not None
    assert label.weight_grams == 452 and label.price is None
    assert label.keys == (with_check_digit("210123400000"), "2101234000000")


def test_price_labels_with_and_without_their_price_check_digit():
    assert decode(with_check_digit("250123401250"), "item5_price5").price == 1250
    label = decode(with_check_digit("250123701250"), "item4_check_price5")
    assert label.price == 1250
    assert label.keys[1] == "2501230000000"


@pytest.mark.parametrize(
    "code",
    [
        "3017620422003",  # a manufacturer's EAN-13
        "2101234004520",  # a wrong check digit
        "21012340045",  # too short
        "0101234004526",  # prefix 01
    ],
)
def test_what_is_not_a_label(code):
    assert decode(code, "item5_weight5") is None


def test_the_layout_none_reads_no_label():
    assert decode(CHEESE_LABEL, "none") is None


def test_quantity_of_a_label():
    weight = decode(CHEESE_LABEL, "item5_weight5")
    assert label_quantity(weight, "weight", 1890) == Decimal("0.452")
    price = decode(with_check_digit("250123400945"), "item5_price5")  # 9.45 at 18.90/kg
    assert label_quantity(price, "weight", 1890) == Decimal("0.500")
    assert label_quantity(price, "unit", 300) == Decimal(1)
    empty = decode(with_check_digit("210123400000"), "item5_weight5")
    assert label_quantity(empty, "weight", 1890) is None


def test_the_store_setting_offers_every_layout():
    choices = StoreSettingsSchema().fields["gs1_layout"].validate.choices
    assert tuple(choices) == LAYOUT_CHOICES and set(LAYOUTS) < set(choices)


@pytest.fixture
def cheese_shop(app, manager_api):
    return make_shop(
        manager_api,
        [Item("COMTE", 1890, "5.5", barcode=CHEESE_KEY, sold_by="weight", name="Comté")],
    )


def test_the_barcode_lookup_finds_the_product_of_a_label(cheese_shop, cashier_api):
    found = cashier_api.get(f"/api/v1/products?barcode={CHEESE_LABEL}").get_json()
    assert [p["sku"] for p in found] == ["COMTE"]


def test_a_sale_line_by_label_sells_its_weight(cheese_shop, cashier_api):
    response = cashier_api.post(
        "/api/v1/sales", json=sale_body({"barcode": CHEESE_LABEL, "quantity": 1})
    )
    assert response.status_code == 201, response.get_json()
    line = response.get_json()["lines"][0]
    assert Decimal(line["quantity"]) == Decimal("0.452")
    assert line["total"] == 854  # 0.452 kg at 18.90


def test_another_layout_reads_the_same_code_otherwise(app, cheese_shop, cashier_api):
    with app.app_context():
        save_settings("store", {"gs1_layout": "none"})
    found = cashier_api.get(f"/api/v1/products?barcode={CHEESE_LABEL}").get_json()
    assert found == []


def test_the_receipt_writes_the_weight_with_its_unit(cheese_shop, cashier_api):
    """The weighed line's quantity is in kg on the receipt, as on the till's screen."""
    sale = cashier_api.post(
        "/api/v1/sales", json=sale_body({"barcode": CHEESE_LABEL, "quantity": 1})
    ).get_json()
    text = cashier_api.get(f"/api/v1/sales/{sale['id']}/receipt").get_data(as_text=True)
    assert "0.452 kg" in text
