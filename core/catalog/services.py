"""Catalog rules: products with their barcodes, tax rates and categories.

Functions take plain values, validate everything before writing (refusing with the
errors of :mod:`core.errors`), and never commit: the caller (an endpoint's declaration,
the CSV import command, the seed) commits or rolls back. ``updated_at`` of a
product moves on every change that the till shows, because the till syncs deltas on it.
"""

from __future__ import annotations

import typing as t
from decimal import Decimal

import sqlalchemy as sa
from flask_babel import gettext as _

from ..audit.services import changed
from ..audit.services import record as audit
from ..db import db, utcnow, write_transaction
from ..errors import Conflict, Invalid, NotFound
from ..fields import MAX_MONEY
from ..sales.models import SaleLine
from ..stock.services import default_location, move_stock, stock_levels
from .gtin import InvalidBarcode, check_barcode
from .models import Barcode, Category, Product, ProductSearchTerm, TaxRate
from .search import (
    Page,
    find_by_barcode,
    list_products,
    normalise_search,
    search_products,
    search_terms,
)

__all__ = [
    "Page",
    "SOLD_BY",
    "attach_stock",
    "create_category",
    "create_product",
    "create_tax_rate",
    "default_tax_rate",
    "delete_category",
    "delete_product",
    "find_by_barcode",
    "find_tax_rate",
    "list_categories",
    "list_products",
    "list_tax_rates",
    "normalise_search",
    "search_products",
    "update_category",
    "update_product",
    "update_tax_rate",
]

SOLD_BY = ("unit", "weight")
PRODUCT_FIELDS = frozenset(
    {
        "sku",
        "name",
        "price",
        "cost",
        "barcodes",
        "tax_rate",
        "tax_rate_id",
        "category_id",
        "active",
        "sold_by",
        "reorder_level",
    }
)


# -- tax rates ------------------------------------------------------------------------------


def default_tax_rate() -> TaxRate | None:
    """The rate products get when none is given: the one marked default, else the first."""
    return db.session.scalar(
        sa.select(TaxRate).order_by(TaxRate.is_default.desc(), TaxRate.id).limit(1)
    )


def find_tax_rate(percent: Decimal) -> TaxRate | None:
    """The rate of ``percent`` (``Decimal("20")``); the default one if several match."""
    return db.session.scalar(
        sa.select(TaxRate)
        .where(TaxRate.rate == Decimal(percent))
        .order_by(TaxRate.is_default.desc(), TaxRate.id)
        .limit(1)
    )


def list_tax_rates() -> list[TaxRate]:
    return list(db.session.scalars(sa.select(TaxRate).order_by(TaxRate.rate.desc(), TaxRate.id)))


def _check_percent(rate: t.Any) -> Decimal:
    percent = Decimal(rate)
    if not percent.is_finite() or not 0 <= percent <= 100:
        raise Invalid(_("a tax rate is between 0 and 100 percent"), field="rate")
    return percent


def _make_only_default(rate: TaxRate) -> None:
    db.session.execute(
        sa.update(TaxRate).where(TaxRate.id != rate.id).values(is_default=False),
        execution_options={"synchronize_session": "fetch"},
    )
    rate.is_default = True


def create_tax_rate(name: str, rate: Decimal, *, is_default: bool = False) -> TaxRate:
    """Add a tax rate; the first one, or one with ``is_default``, becomes the default."""
    name = name.strip()
    if not name:
        raise Invalid(_("a tax rate needs a name"), field="name")
    percent = _check_percent(rate)
    write_transaction()
    first = db.session.scalar(sa.select(TaxRate.id).limit(1)) is None
    tax_rate = TaxRate(name=name, rate=percent, is_default=False)
    db.session.add(tax_rate)
    db.session.flush()
    audit(
        "catalog.tax_rate",
        f"tax_rate:{tax_rate.id}",
        {"name": [None, name], "rate": [None, percent]},
    )
    if is_default or first:
        _make_only_default(tax_rate)
    db.session.flush()
    return tax_rate


def update_tax_rate(rate_id: int, changes: dict[str, t.Any]) -> TaxRate:
    """Change a rate's ``name``, ``rate`` or ``is_default``. Changing the percentage
    touches the rate's products, so tills pick it up in their next delta."""
    tax_rate = db.session.get(TaxRate, rate_id)
    if tax_rate is None:
        raise NotFound(_("no tax rate %(id)s", id=rate_id))
    name = changes.get("name", tax_rate.name).strip()
    if not name:
        raise Invalid(_("a tax rate needs a name"), field="name")
    percent = _check_percent(changes.get("rate", tax_rate.rate))
    if changes.get("is_default") is False and tax_rate.is_default:
        raise Invalid(
            "make another rate the default instead of unsetting this one",
            field="is_default",
        )
    write_transaction()
    if changes := changed(_tax_fields(tax_rate), {"name": name, "rate": percent}):
        audit("catalog.tax_rate", f"tax_rate:{rate_id}", changes)
    tax_rate.name = name
    if percent != tax_rate.rate:
        tax_rate.rate = percent
        db.session.execute(
            sa.update(Product).where(Product.tax_rate_id == rate_id).values(updated_at=utcnow()),
            execution_options={"synchronize_session": False},
        )
    if changes.get("is_default"):
        _make_only_default(tax_rate)
    db.session.flush()
    return tax_rate


# -- categories -----------------------------------------------------------------------------


def list_categories() -> list[Category]:
    return list(db.session.scalars(sa.select(Category).order_by(Category.position, Category.name)))


def _category_values(data: dict[str, t.Any], category: Category | None) -> dict[str, t.Any]:
    values: dict[str, t.Any] = {}
    if "name" in data:
        name = (data["name"] or "").strip()
        if not name:
            raise Invalid(_("a category needs a name"), field="name")
        taken = db.session.scalar(
            sa.select(Category.id).where(
                Category.name == name, Category.id != (category.id if category else -1)
            )
        )
        if taken is not None:
            raise Conflict(_("a category named '%(name)s' already exists", name=name), field="name")
        values["name"] = name
    if "parent_id" in data:
        parent_id = data["parent_id"]
        if parent_id is not None:
            if db.session.get(Category, parent_id) is None:
                raise Invalid(_("no category %(id)s", id=parent_id), field="parent_id")
            if category is not None and _is_within(parent_id, category.id):
                raise Invalid(_("a category cannot be inside itself"), field="parent_id")
        values["parent_id"] = parent_id
    for key in ("color", "position"):
        if key in data:
            values[key] = data[key]
    return values


def _is_within(category_id: int, ancestor_id: int) -> bool:
    seen: set[int] = set()
    current: int | None = category_id
    while current is not None and current not in seen:
        if current == ancestor_id:
            return True
        seen.add(current)
        current = db.session.scalar(sa.select(Category.parent_id).where(Category.id == current))
    return False


def create_category(data: dict[str, t.Any]) -> Category:
    """Add a category: ``name`` (unique), optional ``parent_id``, ``color``, ``position``."""
    if "name" not in data:
        raise Invalid(_("a category needs a name"), field="name")
    values = _category_values(data, None)
    write_transaction()
    category = Category(**values)
    db.session.add(category)
    db.session.flush()
    return category


def update_category(category_id: int, data: dict[str, t.Any]) -> Category:
    category = db.session.get(Category, category_id)
    if category is None:
        raise NotFound(_("no category %(id)s", id=category_id))
    values = _category_values(data, category)
    write_transaction()
    for key, value in values.items():
        setattr(category, key, value)
    category.updated_at = utcnow()
    db.session.flush()
    return category


def delete_category(category_id: int) -> None:
    """Remove a category; its products and sub-categories are left without one."""
    category = db.session.get(Category, category_id)
    if category is None:
        raise NotFound(_("no category %(id)s", id=category_id))
    write_transaction()
    db.session.execute(
        sa.update(Product)
        .where(Product.category_id == category_id)
        .values(category_id=None, updated_at=utcnow()),
        execution_options={"synchronize_session": False},
    )
    db.session.execute(
        sa.update(Category).where(Category.parent_id == category_id).values(parent_id=None),
        execution_options={"synchronize_session": False},
    )
    db.session.delete(category)
    db.session.flush()
    db.session.expire_all()


# -- products -------------------------------------------------------------------------------


def _money(value: t.Any, field: str, *, allow_none: bool = False) -> int | None:
    if value is None and allow_none:
        return None
    if isinstance(value, bool) or not isinstance(value, int):
        raise Invalid(_("an integer amount in minor units (cents) is required"), field=field)
    if not 0 <= value <= MAX_MONEY:
        raise Invalid(_("must be between 0 and %(most)s", most=MAX_MONEY), field=field)
    return value


def _barcodes(codes: t.Iterable[str]) -> list[str]:
    checked: list[str] = []
    for code in codes:
        if not isinstance(code, str):
            raise Invalid(_("barcodes are strings"), field="barcodes")
        try:
            checked.append(check_barcode(code))
        except InvalidBarcode as exc:
            raise Invalid(str(exc), field="barcodes") from None
    return list(dict.fromkeys(checked))


def _tax_rate_id(data: dict[str, t.Any]) -> int:
    if data.get("tax_rate_id") is not None:
        rate_id = data["tax_rate_id"]
        if db.session.get(TaxRate, rate_id) is None:
            raise Invalid(_("no tax rate %(id)s", id=rate_id), field="tax_rate_id")
        return rate_id
    if data.get("tax_rate") is not None:
        rate = find_tax_rate(Decimal(data["tax_rate"]))
        if rate is None:
            raise Invalid(
                _("no tax rate of %(rate)s %%: create it first", rate=data["tax_rate"]),
                field="tax_rate",
            )
        return rate.id
    default = default_tax_rate()
    if default is None:
        raise Invalid(_("there is no tax rate yet: create one first"), field="tax_rate")
    return default.id


def _product_values(data: dict[str, t.Any], product: Product | None) -> dict[str, t.Any]:
    """Check ``data`` (all of a new product's fields, or the changed ones) and return the
    column values to write. Raises before anything is written."""
    unknown = set(data) - PRODUCT_FIELDS - {"stock"}
    if unknown:
        raise Invalid(
            _("unknown field '%(field)s'", field=sorted(unknown)[0]), field=sorted(unknown)[0]
        )
    values: dict[str, t.Any] = {}
    own_id = product.id if product is not None else -1
    if "name" in data or product is None:
        name = data.get("name")
        if not isinstance(name, str) or not name.strip():
            raise Invalid(_("a product needs a name"), field="name")
        if len(name.strip()) > 200:
            raise Invalid(_("a name has at most 200 characters"), field="name")
        values["name"] = name.strip()
        values["search_name"] = normalise_search(values["name"])[:200]
    if "sku" in data and data["sku"] is not None:
        sku = data["sku"]
        if not isinstance(sku, str) or not sku.strip() or len(sku.strip()) > 64:
            raise Invalid(_("a SKU has 1 to 64 characters"), field="sku")
        sku = sku.strip()
        taken = db.session.scalar(sa.select(Product.id).where(Product.sku == sku))
        if taken is not None and taken != own_id:
            raise Conflict(
                _("the SKU '%(sku)s' is already used by product %(taken)s", sku=sku, taken=taken),
                field="sku",
            )
        values["sku"] = sku
    if "price" in data or product is None:
        values["price"] = _money(data.get("price"), "price")
    if "cost" in data:
        values["cost"] = _money(data["cost"], "cost", allow_none=True)
    if "barcodes" in data:
        codes = _barcodes(data["barcodes"] or [])
        if codes:
            taken_by = db.session.execute(
                sa.select(Barcode.code, Barcode.product_id).where(
                    Barcode.code.in_(codes), Barcode.product_id != own_id
                )
            ).first()
            if taken_by is not None:
                raise Conflict(
                    f"the barcode {taken_by.code} is already used by product {taken_by.product_id}",
                    field="barcodes",
                )
        values["barcodes"] = codes
    if product is None or {"tax_rate", "tax_rate_id"} & set(data):
        values["tax_rate_id"] = _tax_rate_id(data)
    if "category_id" in data:
        category_id = data["category_id"]
        if category_id is not None and db.session.get(Category, category_id) is None:
            raise Invalid(_("no category %(id)s", id=category_id), field="category_id")
        values["category_id"] = category_id
    if "active" in data:
        if not isinstance(data["active"], bool):
            raise Invalid(_("active is true or false"), field="active")
        values["active"] = data["active"]
    if "reorder_level" in data:
        values["reorder_level"] = _check_reorder_level(data["reorder_level"])
    if "sold_by" in data:
        if data["sold_by"] not in SOLD_BY:
            raise Invalid(_("sold_by is 'unit' or 'weight'"), field="sold_by")
        values["sold_by"] = data["sold_by"]
    return values


def _set_barcodes(product: Product, codes: list[str]) -> None:
    # Rows of kept codes stay: deleting and re-inserting the same code in one flush
    # would hit the unique index (inserts are flushed before deletes).
    keep = set(codes)
    for barcode in list(product.barcodes):
        if barcode.code not in keep:
            product.barcodes.remove(barcode)
    present = {b.code for b in product.barcodes}
    for code in codes:
        if code not in present:
            product.barcodes.append(Barcode(code=code))


def _index_terms(product_id: int, name: str) -> None:
    db.session.execute(
        sa.delete(ProductSearchTerm).where(ProductSearchTerm.product_id == product_id)
    )
    terms = search_terms(name)
    if terms:
        db.session.execute(
            sa.insert(ProductSearchTerm),
            [{"term": term, "product_id": product_id} for term in terms],
        )


def _flush_or_duplicate() -> None:
    """Flush in a savepoint: a SKU or barcode taken by a concurrent writer since the
    checks becomes a :class:`~core.errors.Conflict` and leaves the caller's transaction usable."""
    # The message is translated before the flush: choosing its language may load the
    # signed-in user, which a session whose flush just failed cannot do.
    duplicate = _("the SKU or a barcode is already used by another product")
    try:
        with db.session.begin_nested():
            db.session.flush()
    except sa.exc.IntegrityError:
        raise Conflict(duplicate) from None


def _check_stock(value: t.Any) -> Decimal | None:
    if value is None:
        return None
    try:
        quantity = Decimal(str(value))
    except ArithmeticError:
        raise Invalid(_("stock is a decimal number"), field="stock") from None
    if not quantity.is_finite() or quantity != quantity.quantize(Decimal("0.001")):
        raise Invalid(_("stock has at most 3 decimals"), field="stock")
    return quantity


def _check_reorder_level(value: t.Any) -> Decimal | None:
    if value is None:
        return None
    level = _check_stock(value)
    if level is not None and level < 0:
        raise Invalid(_("a reorder level is 0 or more"), field="reorder_level")
    return level


def create_product(data: dict[str, t.Any], user_id: int | None) -> Product:
    """Add a product.

    ``data``: ``name`` and ``price`` (required), ``sku`` (default: the first barcode, else
    ``P`` and the id), ``cost``, ``barcodes``, ``tax_rate`` (a percentage matched to an
    existing rate) or ``tax_rate_id`` (default: the default rate), ``category_id``,
    ``active``, ``sold_by``, and ``stock``: an initial quantity at the default location,
    recorded as a movement of reason ``initial`` by ``user_id``.

    :raises Invalid: (or :class:`~core.errors.Conflict` for a SKU or barcode taken) before
        anything is written.
    """
    stock = _check_stock(data.get("stock"))
    values = _product_values(data, None)
    codes = values.pop("barcodes", [])
    if "sku" not in values and codes:
        if db.session.scalar(sa.select(Product.id).where(Product.sku == codes[0])) is None:
            values["sku"] = codes[0]
    write_transaction()
    product = Product(**values)
    if "sku" not in values:
        # A placeholder unique to this insert until the id is known.
        product.sku = f"~{utcnow().timestamp()}-{id(product)}"
    product.barcodes = [Barcode(code=code) for code in codes]
    db.session.add(product)
    _flush_or_duplicate()
    if "sku" not in values:
        product.sku = _free_sku(f"P{product.id:06d}")
        _flush_or_duplicate()
    _index_terms(product.id, product.name)
    if stock:
        move_stock(product.id, default_location().id, stock, reason="initial", user_id=user_id)
    return product


def _free_sku(wanted: str) -> str:
    sku, n = wanted, 1
    while db.session.scalar(sa.select(Product.id).where(Product.sku == sku)) is not None:
        n += 1
        sku = f"{wanted}-{n}"
    return sku


def get_product(product_id: int) -> Product:
    product = db.session.get(Product, product_id)
    if product is None:
        raise NotFound(_("no product %(id)s", id=product_id))
    return product


def update_product(product_id: int, changes: dict[str, t.Any], user_id: int | None) -> Product:
    """Change some fields of a product (``barcodes`` replaces the whole list). Stock is
    not changed here: see :func:`core.stock.services.move_stock`.

    :raises NotFound: no such product.
    :raises Invalid: (or :class:`~core.errors.Conflict` for a SKU or barcode taken) before
        anything is written.
    """
    product = get_product(product_id)
    if "stock" in changes:
        raise Invalid(_("stock changes are stock adjustments (/api/v1/stock)"), field="stock")
    values = _product_values(changes, product)
    write_transaction()
    codes = values.pop("barcodes", None)
    _audit_product(product, values)
    for key, value in values.items():
        setattr(product, key, value)
    if codes is not None:
        _set_barcodes(product, codes)
    product.updated_at = utcnow()
    _flush_or_duplicate()
    if "name" in values:
        _index_terms(product.id, product.name)
    return product


#: A product's fields whose changes go to the audit log: what it sells for and its tax.
_AUDITED_PRODUCT_FIELDS = ("price", "cost", "tax_rate_id")


def _audit_product(product: Product, values: dict[str, t.Any]) -> None:
    before = {name: getattr(product, name) for name in _AUDITED_PRODUCT_FIELDS}
    after = {name: values[name] for name in _AUDITED_PRODUCT_FIELDS if name in values}
    if changes := changed(before, after):
        audit("catalog.price", f"product:{product.id}", {"sku": product.sku, **changes})


def _tax_fields(tax_rate: TaxRate) -> dict[str, t.Any]:
    return {"name": tax_rate.name, "rate": tax_rate.rate}


def delete_product(product_id: int) -> str:
    """Delete a product, or deactivate it when it was ever sold (its sales keep pointing
    at it) or another record refers to it.

    :return: ``"deleted"`` or ``"deactivated"``.
    """
    product = get_product(product_id)
    write_transaction()
    sold = db.session.scalar(
        sa.select(SaleLine.id).where(SaleLine.product_id == product_id).limit(1)
    )
    if sold is None:
        try:
            with db.session.begin_nested():
                db.session.delete(product)
                db.session.flush()
            return "deleted"
        except sa.exc.IntegrityError:
            product = get_product(product_id)  # a plugin's record refers to it
    product.active = False
    product.updated_at = utcnow()
    db.session.flush()
    return "deactivated"


def attach_stock(products: t.Sequence[Product], location_id: int | None = None) -> None:
    """Set ``product.stock`` (the quantity at ``location_id``, default location by
    default) on each product, in one query, for the API's payloads."""
    if location_id is None:
        location_id = default_location().id
    levels = stock_levels([p.id for p in products], location_id)
    for product in products:
        product.stock = levels[product.id]  # type: ignore[attr-defined]
