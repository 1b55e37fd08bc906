"""Suppliers and what each sells of which product (reference, pack size, cost)."""

from __future__ import annotations

import typing as t

import sqlalchemy as sa
from flask_babel import gettext as _

from core.plugins import Conflict, NotFound, audit, db, get_product, write_transaction

from ..models import Supplier, SupplierProduct
from .common import text

SUPPLIER_FIELDS = ("name", "contact", "email", "phone", "address", "vat_number", "lead_time_days")


def list_suppliers(*, include_inactive: bool = False) -> list[Supplier]:
    stmt = sa.select(Supplier).order_by(Supplier.name)
    if not include_inactive:
        stmt = stmt.where(Supplier.active)
    return list(db.session.scalars(stmt))


def get_supplier(supplier_id: int) -> Supplier:
    supplier = db.session.get(Supplier, supplier_id)
    if supplier is None:
        raise NotFound(_("no supplier %(id)s", id=supplier_id), code="unknown_supplier")
    return supplier


def _name_free(name: str, supplier_id: int | None = None) -> None:
    stmt = sa.select(Supplier.id).where(sa.func.lower(Supplier.name) == name.lower())
    if supplier_id is not None:
        stmt = stmt.where(Supplier.id != supplier_id)
    if db.session.scalar(stmt) is not None:
        raise Conflict(
            _("there is already a supplier named %(name)s", name=name),
            code="supplier_name_taken",
            field="name",
        )


def create_supplier(values: dict[str, t.Any]) -> Supplier:
    _name_free(values["name"])
    write_transaction()
    supplier = Supplier(**{key: values[key] for key in SUPPLIER_FIELDS if key in values})
    db.session.add(supplier)
    db.session.flush()
    audit("purchasing.supplier", f"supplier:{supplier.id}", {"name": [None, supplier.name]})
    return supplier


def update_supplier(supplier_id: int, values: dict[str, t.Any]) -> Supplier:
    supplier = get_supplier(supplier_id)
    if "name" in values:
        _name_free(values["name"], supplier_id)
    write_transaction()
    changes = {}
    for key in (*SUPPLIER_FIELDS, "active"):
        if key in values and getattr(supplier, key) != values[key]:
            changes[key] = [getattr(supplier, key), values[key]]
            setattr(supplier, key, values[key])
    if changes:
        audit("purchasing.supplier", f"supplier:{supplier.id}", changes)
    db.session.flush()
    return supplier


def supplier_products(
    *, supplier_id: int | None = None, product_ids: t.Iterable[int] | None = None
) -> list[SupplierProduct]:
    stmt = sa.select(SupplierProduct).order_by(SupplierProduct.product_id, SupplierProduct.id)
    if supplier_id is not None:
        stmt = stmt.where(SupplierProduct.supplier_id == supplier_id)
    if product_ids is not None:
        stmt = stmt.where(SupplierProduct.product_id.in_(list(product_ids)))
    return list(db.session.scalars(stmt))


def set_supplier_product(supplier_id: int, values: dict[str, t.Any]) -> SupplierProduct:
    """Add or change what a supplier sells of a product. Making it ``preferred`` makes
    the product's other suppliers not preferred."""
    supplier = get_supplier(supplier_id)
    product_id = values["product_id"]
    if get_product(product_id) is None:
        raise NotFound(
            _("no product %(id)s", id=product_id), code="unknown_product", field="product_id"
        )
    write_transaction()
    row = db.session.scalar(
        sa.select(SupplierProduct).where(
            SupplierProduct.supplier_id == supplier.id, SupplierProduct.product_id == product_id
        )
    )
    if row is None:
        row = SupplierProduct(supplier_id=supplier.id, product_id=product_id)
        db.session.add(row)
    before = {key: getattr(row, key) for key in ("reference", "pack_size", "cost", "preferred")}
    for key in ("reference", "pack_size", "cost", "preferred"):
        if key in values:
            setattr(row, key, values[key])
    if row.preferred:
        db.session.execute(
            sa.update(SupplierProduct)
            .where(
                SupplierProduct.product_id == product_id,
                SupplierProduct.supplier_id != supplier.id,
            )
            .values(preferred=False)
        )
    db.session.flush()
    changes = {
        key: [_plain(before[key]), _plain(getattr(row, key))]
        for key in before
        if before[key] != getattr(row, key)
    }
    if changes:
        audit(
            "purchasing.supplier_product",
            f"product:{product_id}",
            {"supplier": supplier.id, **changes},
        )
    return row


def remove_supplier_product(supplier_id: int, product_id: int) -> None:
    row = db.session.scalar(
        sa.select(SupplierProduct).where(
            SupplierProduct.supplier_id == supplier_id, SupplierProduct.product_id == product_id
        )
    )
    if row is None:
        raise NotFound(_("this supplier does not sell product %(id)s", id=product_id))
    write_transaction()
    db.session.delete(row)
    audit("purchasing.supplier_product", f"product:{product_id}", {"supplier": [supplier_id, None]})


def _plain(value: t.Any) -> t.Any:
    return text(value) if hasattr(value, "normalize") else value


def best_offer(offers: list[SupplierProduct]) -> SupplierProduct | None:
    """The supplier to order a product from: the preferred one, else the cheapest known
    cost, else the first added."""
    active = [offer for offer in offers if offer.supplier.active]
    if not active:
        return None
    preferred = [offer for offer in active if offer.preferred]
    if preferred:
        return preferred[0]
    return min(active, key=lambda offer: (offer.cost is None, offer.cost or 0, offer.id))
