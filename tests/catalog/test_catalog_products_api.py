"""The products API: create, read, change, delete, and every bad input refused with
nothing written."""

from __future__ import annotations

import datetime as dt

import pytest

from core.db import db

NUTELLA = "3017620422003"  # EAN-13
STABILO = "4006381333931"  # EAN-13


def test_create_product_answers_the_full_payload(manager_api, reduced_rate):
    """POST /products answers 201 with id, sku, name, price, cost, barcodes, tax_rate as a
    percent string, stock as a decimal string and updated_at with an offset."""
    response = manager_api.post(
        "/api/v1/products",
        json={
            "sku": "NUT-400",
            "name": "Pâte à tartiner 400 g",
            "price": 429,
            "cost": 260,
            "barcodes": [NUTELLA],
            "tax_rate": "5.5",
            "stock": "12",
        },
    )
    assert response.status_code == 201, response.json
    product = response.json
    assert product["sku"] == "NUT-400"
    assert product["price"] == 429 and product["cost"] == 260
    assert product["barcodes"] == [NUTELLA]
    assert product["tax_rate"] == "5.5"
    assert product["tax_rate_id"] == reduced_rate["id"]
    assert product["stock"] == "12"
    assert product["active"] is True and product["sold_by"] == "unit"
    assert dt.datetime.fromisoformat(product["updated_at"]).tzinfo is not None
    again = manager_api.get(f"/api/v1/products/{product['id']}").json
    assert again == product


def test_default_tax_rate_when_none_given(create):
    """Without tax_rate or tax_rate_id a product gets the default rate (20 %)."""
    assert create(name="Plain")["tax_rate"] == "20.0"


def test_tax_rate_by_id(create, reduced_rate):
    """tax_rate_id picks a rate by id."""
    assert create(tax_rate_id=reduced_rate["id"])["tax_rate"] == "5.5"


def test_sku_defaults_to_first_barcode_or_id(create):
    """A product without a SKU gets its first barcode, else P and its id."""
    assert create(barcodes=[STABILO])["sku"] == STABILO
    product = create()
    assert product["sku"] == f"P{product['id']:06d}"


def test_initial_stock_is_a_movement_by_the_user(create, manager_api):
    """The initial stock is recorded as a movement of reason 'initial' by its creator."""
    product = create(stock="3.5", sold_by="weight")
    movements = manager_api.get(f"/api/v1/stock/movements?product_id={product['id']}").json
    me = manager_api.get("/api/v1/me").json
    assert [(m["delta"], m["reason"], m["user_id"]) for m in movements] == [
        ("3.5", "initial", me["id"])
    ]


@pytest.mark.parametrize(
    "body, field",
    [
        ({"name": "X", "price": 12.5}, "price"),
        ({"name": "X", "price": -1}, "price"),
        ({"name": "X", "price": "100"}, "price"),
        ({"name": "X", "price": True}, "price"),
        ({"price": 100}, "name"),
        ({"name": "", "price": 100}, "name"),
        ({"name": "   ", "price": 100}, "name"),
        ({"name": "X", "price": 100, "barcodes": ["3017620422004"]}, "barcodes"),
        ({"name": "X", "price": 100, "barcodes": "3017620422003"}, "barcodes"),
        ({"name": "X", "price": 100, "tax_rate": "7.7"}, "tax_rate"),
        ({"name": "X", "price": 100, "tax_rate": "abc"}, "tax_rate"),
        ({"name": "X", "price": 100, "tax_rate_id": 999}, "tax_rate_id"),
        ({"name": "X", "price": 100, "tax_rate": "20", "tax_rate_id": 1}, "tax_rate"),
        ({"name": "X", "price": 100, "category_id": 999}, "category_id"),
        ({"name": "X", "price": 100, "sold_by": "litre"}, "sold_by"),
        ({"name": "X", "price": 100, "active": "yes"}, "active"),
        ({"name": "X", "price": 100, "stock": "1.2345"}, "stock"),
        ({"name": "X", "price": 100, "stock": -1}, "stock"),
        ({"name": "X", "price": 100, "colour": "red"}, "colour"),
        ({"name": "X", "price": 100, "cost": 1.5}, "cost"),
    ],
)
def test_bad_product_is_refused_with_nothing_written(manager_api, counts, body, field):
    """Each bad field gives a 422 naming it, in the error shape, and writes nothing."""
    before = counts()
    response = manager_api.post("/api/v1/products", json=body)
    assert response.status_code == 422, response.json
    assert field in response.json["error"]["fields"]
    assert counts() == before


def test_duplicate_sku_is_a_conflict(create, manager_api, counts):
    """A SKU already used gives a 409 and writes nothing."""
    create(sku="A1")
    before = counts()
    response = manager_api.post("/api/v1/products", json={"sku": "A1", "name": "B", "price": 1})
    assert response.status_code == 409
    assert response.json["error"]["code"] == "conflict"
    assert "sku" in response.json["error"]["fields"]
    assert counts() == before


def test_duplicate_barcode_is_a_conflict(create, manager_api, counts):
    """A barcode already on another product gives a 409 and writes nothing."""
    create(sku="A1", barcodes=[NUTELLA])
    before = counts()
    response = manager_api.post(
        "/api/v1/products", json={"name": "B", "price": 1, "barcodes": [STABILO, NUTELLA]}
    )
    assert response.status_code == 409
    assert counts() == before


def test_malformed_json_is_a_400(manager_api, counts):
    """A body that is not JSON gives a 400 and writes nothing."""
    before = counts()
    response = manager_api.post(
        "/api/v1/products", data="{'name': 'X',", content_type="application/json"
    )
    assert response.status_code == 400
    assert response.json["error"]["code"] == "bad_json"
    assert counts() == before


@pytest.mark.parametrize("method", ["get", "patch", "delete"])
def test_unknown_product_is_a_404(manager_api, method):
    """GET, PATCH or DELETE of a product that does not exist answers 404."""
    kwargs = {"json": {"name": "X"}} if method == "patch" else {}
    response = getattr(manager_api, method)("/api/v1/products/999999", **kwargs)
    assert response.status_code == 404
    assert response.json["error"]["code"] == "not_found"


def test_non_numeric_id_is_a_404(manager_api):
    """/products/abc is no product."""
    assert manager_api.get("/api/v1/products/abc").status_code == 404


def test_patch_changes_only_given_fields_and_moves_updated_at(create, manager_api):
    """PATCH changes the given fields, keeps the others, and moves updated_at."""
    product = create(sku="A1", name="Old name", price=100, barcodes=[NUTELLA])
    response = manager_api.patch(
        f"/api/v1/products/{product['id']}", json={"name": "New name", "price": 150}
    )
    assert response.status_code == 200, response.json
    changed = response.json
    assert (changed["name"], changed["price"], changed["sku"]) == ("New name", 150, "A1")
    assert changed["barcodes"] == [NUTELLA]
    assert changed["updated_at"] > product["updated_at"]


def test_patch_replaces_barcodes_and_moves_updated_at(create, manager_api):
    """barcodes in a PATCH replace the list; a barcode-only change still moves updated_at
    (the till must learn it)."""
    product = create(barcodes=[NUTELLA])
    changed = manager_api.patch(
        f"/api/v1/products/{product['id']}", json={"barcodes": [STABILO, NUTELLA]}
    ).json
    assert changed["barcodes"] == [NUTELLA, STABILO]
    assert changed["updated_at"] > product["updated_at"]
    assert manager_api.get(f"/api/v1/products?barcode={STABILO}").json[0]["id"] == product["id"]
    changed = manager_api.patch(f"/api/v1/products/{product['id']}", json={"barcodes": []}).json
    assert changed["barcodes"] == []
    assert manager_api.get(f"/api/v1/products?barcode={NUTELLA}").json == []


@pytest.mark.parametrize(
    "body, status",
    [
        ({"price": 1.5}, 422),
        ({"name": None}, 422),
        ({"sku": "TAKEN"}, 409),
        ({"barcodes": ["3017620422004"]}, 422),
        ({"stock": "5"}, 422),
        ({"tax_rate": "33"}, 422),
    ],
)
def test_bad_patch_changes_nothing(create, manager_api, body, status):
    """A refused PATCH leaves the product exactly as it was."""
    create(sku="TAKEN")
    product = create(sku="MINE", barcodes=[NUTELLA])
    response = manager_api.patch(f"/api/v1/products/{product['id']}", json=body)
    assert response.status_code == status, response.json
    assert manager_api.get(f"/api/v1/products/{product['id']}").json == product


def test_delete_unsold_product_deletes_it(create, manager_api, counts):
    """A product never sold is deleted, with its barcodes, stock and search terms."""
    before = counts()
    product = create(barcodes=[NUTELLA], stock="2")
    response = manager_api.delete(f"/api/v1/products/{product['id']}")
    assert response.json == {"id": product["id"], "outcome": "deleted"}
    assert manager_api.get(f"/api/v1/products/{product['id']}").status_code == 404
    assert counts() == before


def test_delete_sold_product_deactivates_it(app, create, manager_api):
    """A product that was ever sold is deactivated, not deleted: its sales refer to it."""
    product = create(sku="SOLD")
    _record_sale_line(app, product["id"])
    response = manager_api.delete(f"/api/v1/products/{product['id']}")
    assert response.json == {"id": product["id"], "outcome": "deactivated"}
    kept = manager_api.get(f"/api/v1/products/{product['id']}").json
    assert kept["active"] is False
    assert kept["updated_at"] > product["updated_at"]
    assert manager_api.get("/api/v1/products?q=SOLD").json == []


def _record_sale_line(app, product_id: int) -> None:
    """A minimal completed sale of the product, written directly."""
    import uuid
    from decimal import Decimal

    import sqlalchemy as sa

    from core.auth.models import User
    from core.registers.models import Register
    from core.sales.models import Sale, SaleLine

    with app.app_context():
        user = db.session.scalar(sa.select(User).where(User.username == "manager"))
        register = db.session.scalar(sa.select(Register))
        sale = Sale(
            id=str(uuid.uuid4()),
            register_id=register.id,
            location_id=register.location_id,
            number=1,
            user_id=user.id,
            currency="EUR",
            prices_include_tax=True,
            subtotal=100,
            discount_total=0,
            net_total=83,
            tax_total=17,
            total=100,
            paid_total=100,
        )
        db.session.add(sale)
        db.session.flush()
        db.session.add(
            SaleLine(
                sale_id=sale.id,
                register_id=sale.register_id,
                completed_at=sale.completed_at,
                first_of_product=True,
                position=1,
                product_id=product_id,
                name="x",
                quantity=Decimal("1"),
                unit_price=100,
                base=100,
                total=100,
                net=83,
                tax=17,
                tax_rate=Decimal("20"),
            )
        )
        db.session.commit()


def test_cashier_cannot_create_a_product(cashier_api, counts):
    """Creating needs catalog.edit, which cashiers lack: 403, nothing written."""
    before = counts()
    response = cashier_api.post("/api/v1/products", json={"name": "X", "price": 1})
    assert response.status_code == 403
    assert counts() == before


def test_cashier_can_read_the_catalog(cashier_api, create):
    """Cashiers hold catalog.view: the till looks products up."""
    create(barcodes=[NUTELLA])
    assert cashier_api.get(f"/api/v1/products?barcode={NUTELLA}").status_code == 200


@pytest.mark.parametrize(
    "method, path",
    [
        ("get", "/api/v1/products"),
        ("post", "/api/v1/products"),
        ("get", "/api/v1/categories"),
        ("get", "/api/v1/tax-rates"),
        ("get", "/api/v1/stock"),
    ],
)
def test_no_token_is_a_401(client, method, path):
    """Without credentials every catalog endpoint answers 401."""
    kwargs = {"json": {"name": "X", "price": 1}} if method == "post" else {}
    assert getattr(client, method)(path, **kwargs).status_code == 401
