"""Tax rates and categories: CRUD, defaults, and refusals."""

from __future__ import annotations

import sqlalchemy as sa

from core.catalog.hooks import DEMO_PRODUCTS, seed_demo_catalog
from core.catalog.models import Product, TaxRate
from core.catalog.services import default_tax_rate
from core.db import db


def test_init_creates_a_default_standard_rate(app):
    """comptoir init always leaves a default tax rate: Standard, 20 %."""
    with app.app_context():
        rate = default_tax_rate()
        assert (rate.name, rate.rate, rate.is_default) == ("Standard", 20, True)


def test_tax_rates_list_and_create(manager_api, cashier_api):
    """Rates are listed highest first with percent strings; cashiers may read them."""
    manager_api.post("/api/v1/tax-rates", json={"name": "Reduced", "rate": "5.5"})
    rates = cashier_api.get("/api/v1/tax-rates").json
    assert [(r["name"], r["rate"], r["is_default"]) for r in rates] == [
        ("Standard", "20.0", True),
        ("Reduced", "5.5", False),
    ]


def test_making_a_rate_default_unsets_the_other(manager_api, create):
    """One default rate at a time; new products get it."""
    reduced = manager_api.post(
        "/api/v1/tax-rates", json={"name": "Reduced", "rate": "5.5", "is_default": True}
    ).json
    assert reduced["is_default"] is True
    defaults = [r for r in manager_api.get("/api/v1/tax-rates").json if r["is_default"]]
    assert [r["id"] for r in defaults] == [reduced["id"]]
    assert create()["tax_rate"] == "5.5"


def test_the_default_rate_cannot_be_unset(manager_api):
    """Unsetting the default would leave none: 422."""
    standard = manager_api.get("/api/v1/tax-rates").json[0]
    response = manager_api.patch(f"/api/v1/tax-rates/{standard['id']}", json={"is_default": False})
    assert response.status_code == 422


def test_bad_tax_rates_are_refused(manager_api):
    """Rates outside 0..100, without a name, or unknown ids are refused."""
    assert (
        manager_api.post("/api/v1/tax-rates", json={"name": "X", "rate": "101"}).status_code == 422
    )
    assert manager_api.post("/api/v1/tax-rates", json={"rate": "5"}).status_code == 422
    assert manager_api.patch("/api/v1/tax-rates/999", json={"name": "X"}).status_code == 404


def test_cashier_cannot_change_tax_rates(cashier_api):
    """Tax rates need catalog.edit."""
    assert cashier_api.post("/api/v1/tax-rates", json={"name": "X", "rate": "1"}).status_code == 403


def test_categories_crud(manager_api, create):
    """Categories are created, renamed and deleted; deleting leaves products without one."""
    category = manager_api.post("/api/v1/categories", json={"name": "Frais", "color": "#00f"})
    assert category.status_code == 201
    category = category.json
    product = create(category_id=category["id"])
    renamed = manager_api.patch(
        f"/api/v1/categories/{category['id']}", json={"name": "Produits frais"}
    )
    assert renamed.json["name"] == "Produits frais"
    assert manager_api.delete(f"/api/v1/categories/{category['id']}").status_code == 200
    assert manager_api.get("/api/v1/categories").json == []
    assert manager_api.get(f"/api/v1/products/{product['id']}").json["category_id"] is None


def test_duplicate_category_name_is_a_conflict(manager_api):
    """Category names are unique: 409."""
    manager_api.post("/api/v1/categories", json={"name": "Frais"})
    assert manager_api.post("/api/v1/categories", json={"name": "Frais"}).status_code == 409


def test_category_cannot_be_its_own_parent(manager_api):
    """A category inside itself (directly or not) is refused."""
    top = manager_api.post("/api/v1/categories", json={"name": "Top"}).json
    sub = manager_api.post("/api/v1/categories", json={"name": "Sub", "parent_id": top["id"]}).json
    response = manager_api.patch(f"/api/v1/categories/{top['id']}", json={"parent_id": sub["id"]})
    assert response.status_code == 422


def test_demo_catalog_is_idempotent_with_valid_barcodes(app):
    """The demo seed creates its shop once; running it again adds nothing. Its barcodes
    all pass the catalog's rule."""
    from core.catalog.gtin import check_barcode

    with app.app_context():
        seed_demo_catalog()
        db.session.commit()
        count = db.session.scalar(sa.select(sa.func.count(Product.id)))
        seed_demo_catalog()
        db.session.commit()
        assert (
            db.session.scalar(sa.select(sa.func.count(Product.id))) == count == len(DEMO_PRODUCTS)
        )
        rates = sorted(r.rate for r in db.session.scalars(sa.select(TaxRate)))
        assert [format(r.normalize(), "f") for r in rates] == ["0", "5.5", "10", "20"]
        products = db.session.scalars(sa.select(Product)).all()
        codes = [b.code for p in products for b in p.barcodes]
        assert len(codes) > 15 and all(check_barcode(c) == c for c in codes)
        assert {p.sold_by for p in products} == {"unit", "weight"}
