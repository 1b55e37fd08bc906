"""The back office's stock pages: levels with filters, a product's ledger, adjustments
with a reason; bad input saves nothing."""

from __future__ import annotations

import re

import pytest


def text(response) -> str:
    return response.get_data(as_text=True)


@pytest.fixture
def product(create):
    return create(sku="S1", name="Sel de Guérande", stock="10")


def stock_of(api, product_id: int) -> str:
    return api.get(f"/api/v1/products/{product_id}").json["stock"]


def adjust(api, product_id: int, **form: str):
    return api.post(f"/admin/stock/products/{product_id}", data=form)


@pytest.mark.parametrize(
    ("kind", "quantity", "expected", "reason", "delta"),
    [
        ("receipt", "5", "15", "receipt", "5"),
        ("count", "7,5", "7.5", "adjustment", "-2.5"),
        ("damaged", "2", "8", "adjustment", "-2"),
        ("lost", "1", "9", "adjustment", "-1"),
        ("correction", "-3", "7", "adjustment", "-3"),
    ],
)
def test_adjustments_move_the_stock_with_their_reason(
    manager_api, product, kind, quantity, expected, reason, delta
):
    response = adjust(manager_api, product["id"], kind=kind, quantity=quantity, note="Bon 42")
    assert response.status_code == 302
    assert stock_of(manager_api, product["id"]) == expected
    (latest, _initial) = manager_api.get(f"/api/v1/stock/movements?product_id={product['id']}").json
    assert (latest["reason"], latest["delta"]) == (reason, delta)
    assert latest["note"].endswith(": Bon 42") and latest["user_id"]


def test_the_ledger_shows_every_movement_newest_first(manager_api, product):
    adjust(manager_api, product["id"], kind="receipt", quantity="5", note="Livraison")
    page = text(manager_api.get(f"/admin/stock/products/{product['id']}"))
    assert '<strong id="stock-quantity">15</strong>' in page
    rows = re.findall(r'<td class="num">([+-]?[\d.]+)</td>', page)
    assert rows == ["+5", "+10"]
    assert "Goods received: Livraison" in page and "manager" in page


@pytest.mark.parametrize(
    ("form", "message"),
    [
        ({"kind": "receipt", "quantity": ""}, "a quantity is required"),
        ({"kind": "receipt", "quantity": "beaucoup"}, "not a number"),
        ({"kind": "receipt", "quantity": "-2"}, "positive"),
        ({"kind": "damaged", "quantity": "-2"}, "without a sign"),
        ({"kind": "receipt", "quantity": "1.2345"}, "at most 3 decimals"),
        ({"kind": "stolen by aliens", "quantity": "1"}, "choose a reason"),
        ({"kind": "correction", "quantity": "0"}, "must not be 0"),
    ],
)
def test_bad_adjustment_shows_its_message_and_saves_nothing(
    manager_api, product, counts, form, message
):
    before = counts()
    response = adjust(manager_api, product["id"], **form)
    assert response.status_code == 422
    assert message in text(response)
    assert "Nothing was saved" in text(response)
    assert counts() == before and stock_of(manager_api, product["id"]) == "10"


def test_negative_stock_is_refused_when_the_store_refuses_it(
    admin_api, manager_api, product, counts
):
    response = admin_api.patch("/api/v1/settings/store", json={"allow_negative_stock": False})
    assert response.status_code == 200, response.json
    before = counts()
    response = adjust(manager_api, product["id"], kind="damaged", quantity="11")
    assert response.status_code == 422
    assert "only 10 in stock" in text(response)
    assert counts() == before


def test_levels_list_filters_low_stock(manager_api, create):
    create(sku="L1", name="Riz", stock="2", reorder_level="5")
    create(sku="L2", name="Pâtes", stock="50", reorder_level="5")
    create(sku="L3", name="Sucre", stock="0")
    page = text(manager_api.get("/admin/stock/"))
    assert all(name in page for name in ("Riz", "Pâtes", "Sucre"))
    low = text(manager_api.get("/admin/stock/?low=1"))
    assert "Riz" in low and "Pâtes" not in low and "Sucre" not in low
    assert "Riz" in text(manager_api.get("/admin/stock/?q=riz"))
    assert "Pâtes" not in text(manager_api.get("/admin/stock/?q=riz"))


def test_a_viewer_without_stock_adjust_sees_no_form(app, api_as, product):
    """A role with the back office and stock.view but not stock.adjust: the ledger without
    the form, and posting is refused."""
    from core.auth.models import Role
    from core.auth.services import create_user
    from core.db import db

    with app.app_context():
        db.session.add(
            Role(
                name="stockviewer",
                title="Stock viewer",
                permissions=["admin.access", "stock.view", "catalog.view"],
            )
        )
        db.session.flush()
        create_user("viewer", ["stockviewer"], password="viewer-password")
        db.session.commit()
    viewer = api_as("viewer")
    page = text(viewer.get(f"/admin/stock/products/{product['id']}"))
    assert "Movements" in page and 'name="quantity"' not in page
    assert adjust(viewer, product["id"], kind="receipt", quantity="1").status_code == 403
