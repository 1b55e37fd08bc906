"""The catalog as CSV: bulk import (upsert by SKU) and export.

Columns: ``sku,name,price,cost,tax_rate,category,barcodes,sold_by,active,stock``.

- ``sku``, ``name`` and ``price`` are required columns; the others may be left out, and a
  column left out leaves that field of existing products as it is.
- ``price`` and ``cost`` are decimals in the store's currency, as people type them:
  ``4.29`` or ``4,29`` (quote it in a comma-separated file, or use ``;`` separators);
  never minor units. The export writes ``4.29``, so that a round trip is exact.
- ``tax_rate`` is a percentage matching an existing rate (empty: the default rate);
  ``category`` a name (created if new; empty: none); ``barcodes`` separated by ``|``;
  ``sold_by`` ``unit`` or ``weight``; ``active`` true/false (empty: true).
- ``stock`` is the quantity at the default location: the import sets it, recording the
  difference as a stock movement (``initial`` for new products, ``adjustment`` else);
  empty leaves the stock as it is.

Every row is checked before anything is written; one bad row and nothing is imported,
unless the caller asks for the bad rows to be collected and skipped (``errors=[]``).
The writes are batched (bulk statements, not one product at a time), so a catalog of
100,000 products imports in seconds.
"""

from __future__ import annotations

import csv
import io
import typing as t
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

import sqlalchemy as sa
from flask_babel import gettext as _
from marshmallow import ValidationError

from ..db import db, insert_ignore, utcnow, write_transaction
from ..fields import decimal_text, money_from_text, money_text, percent_text
from ..stock.models import StockLevel, StockMovement
from ..stock.services import default_location
from .gtin import InvalidBarcode, check_barcode
from .models import Barcode, Category, Product, ProductSearchTerm, TaxRate
from .price_history import record_versions
from .search import normalise_search, search_terms

COLUMNS = (
    "sku",
    "name",
    "price",
    "cost",
    "tax_rate",
    "category",
    "barcodes",
    "sold_by",
    "active",
    "stock",
)
REQUIRED = ("sku", "name", "price")
BATCH = 1000
TRUE = {"true", "1", "yes", "y", "oui"}
FALSE = {"false", "0", "no", "n", "non"}

Progress = t.Callable[[int], None]


class CsvError(Exception):
    """A bad file or row; ``str()`` is one line naming the row and the column."""

    def __init__(self, message: str, row: int | None = None, column: str | None = None):
        where = ", ".join(
            part
            for part in (f"row {row}" if row else "", f"column {column}" if column else "")
            if part
        )
        super().__init__(f"{where}: {message}" if where else message)
        self.reason = message
        self.row = row
        self.column = column


@dataclass
class Row:
    """One parsed line: ``values`` holds the fields of the columns present."""

    number: int
    sku: str
    values: dict[str, t.Any] = field(default_factory=dict)


@dataclass
class ImportResult:
    created: int = 0
    updated: int = 0
    unchanged: int = 0


# -- reading --------------------------------------------------------------------------------


def open_rows(stream: t.TextIO) -> tuple[list[str], t.Iterator[list[str]]]:
    """The header and the rows of a CSV stream; ``;`` separators (spreadsheets set to
    French and other locales) are recognised."""
    first = stream.readline()
    delimiter = ";" if first.count(";") > first.count(",") else ","
    header = next(csv.reader([first], delimiter=delimiter), [])
    header = [name.strip().lower().lstrip("\ufeff") for name in header]
    return header, csv.reader(stream, delimiter=delimiter)


def _check_header(header: list[str]) -> None:
    unknown = [name for name in header if name not in COLUMNS]
    if unknown:
        raise CsvError(
            _(
                "unknown column '%(column)s' (columns: %(columns)s)",
                column=unknown[0],
                columns=",".join(COLUMNS),
            ),
            1,
        )
    for name in REQUIRED:
        if name not in header:
            raise CsvError(_("the column '%(name)s' is required", name=name), 1)
    if len(set(header)) != len(header):
        raise CsvError(_("a column is named twice"), 1)


def _money(text: str, column: str, number: int, *, allow_empty: bool, currency: str) -> int | None:
    if not text:
        if allow_empty:
            return None
        raise CsvError(_("a value is required"), number, column)
    try:
        return money_from_text(text, currency)
    except ValidationError as exc:
        raise CsvError(" ".join(exc.messages), number, column) from None


def store_currency() -> str:
    """The store's currency, in which the prices of files are written."""
    from ..stores.settings import current_store

    return current_store().currency


def _parse(
    cells: list[str], header: list[str], number: int, rates: dict[Decimal, int], currency: str
) -> Row:
    if len(cells) != len(header):
        raise CsvError(
            _("%(values)s values for %(columns)s columns", values=len(cells), columns=len(header)),
            number,
        )
    raw = {name: cell.strip() for name, cell in zip(header, cells, strict=True)}
    sku = raw["sku"]
    if not sku or len(sku) > 64:
        raise CsvError(_("a SKU has 1 to 64 characters"), number, "sku")
    row = Row(number, sku)
    values = row.values
    if not raw["name"] or len(raw["name"]) > 200:
        raise CsvError(_("a name has 1 to 200 characters"), number, "name")
    values["name"] = raw["name"]
    values["price"] = _money(raw["price"], "price", number, allow_empty=False, currency=currency)
    if "cost" in raw:
        values["cost"] = _money(raw["cost"], "cost", number, allow_empty=True, currency=currency)
    if "tax_rate" in raw:
        if raw["tax_rate"]:
            try:
                percent = Decimal(raw["tax_rate"].rstrip("%").strip().replace(",", "."))
            except InvalidOperation:
                raise CsvError(
                    f"{raw['tax_rate']!r} is not a percentage", number, "tax_rate"
                ) from None
            if percent.normalize() not in rates:
                known = ", ".join(sorted(format(r, "f") for r in rates))
                raise CsvError(
                    f"no tax rate of {raw['tax_rate']} % (rates: {known})", number, "tax_rate"
                )
            values["tax_rate_id"] = rates[percent.normalize()]
        else:
            values["tax_rate_id"] = None  # the default rate
    if "category" in raw:
        if len(raw["category"]) > 120:
            raise CsvError(_("a category name has at most 120 characters"), number, "category")
        values["category"] = raw["category"] or None
    if "barcodes" in raw:
        codes = []
        for code in filter(None, (c.strip() for c in raw["barcodes"].split("|"))):
            try:
                codes.append(check_barcode(code))
            except InvalidBarcode as exc:
                raise CsvError(str(exc), number, "barcodes") from None
        values["barcodes"] = list(dict.fromkeys(codes))
    if "sold_by" in raw:
        sold_by = raw["sold_by"].lower() or "unit"
        if sold_by not in ("unit", "weight"):
            raise CsvError(_("sold_by is 'unit' or 'weight'"), number, "sold_by")
        values["sold_by"] = sold_by
    if "active" in raw:
        flag = raw["active"].lower()
        if flag and flag not in TRUE | FALSE:
            raise CsvError(_("active is true or false"), number, "active")
        values["active"] = flag not in FALSE
    if "stock" in raw and raw["stock"]:
        try:
            stock = Decimal(raw["stock"].replace(",", "."))
        except InvalidOperation:
            raise CsvError(
                _("'%(value)s' is not a quantity", value=raw["stock"]), number, "stock"
            ) from None
        if not stock.is_finite() or stock != stock.quantize(Decimal("0.001")):
            raise CsvError(_("a quantity has at most 3 decimals"), number, "stock")
        if abs(stock) >= Decimal("1e11"):
            raise CsvError(_("quantity out of range"), number, "stock")
        values["stock"] = stock
    return row


# -- import ---------------------------------------------------------------------------------


def _tax_rates() -> tuple[dict[Decimal, int], int | None]:
    rates: dict[Decimal, int] = {}
    default = None
    for rate in db.session.scalars(
        sa.select(TaxRate).order_by(TaxRate.is_default.desc(), TaxRate.id)
    ):
        rates.setdefault(Decimal(rate.rate).normalize(), rate.id)
        default = default or rate.id
    return rates, default


def read_products(
    stream: t.TextIO,
    progress: Progress | None = None,
    *,
    currency: str | None = None,
    errors: list[CsvError] | None = None,
) -> list[Row]:
    """Parse and check every row of ``stream`` against the catalog, writing nothing.

    :param currency: the prices' currency (default: the store's).
    :param errors: when given, a bad row is appended to it and left out instead of
        stopping the reading (a bad header still raises): the back office shows every
        bad row at once, and imports the good ones only if asked to.
    :raises CsvError: at the first bad row, unless ``errors`` is given.
    """
    if currency is None:
        currency = store_currency()
    rates, _default = _tax_rates()
    header, reader = open_rows(stream)
    _check_header(header)
    rows: list[Row] = []
    seen_skus: dict[str, int] = {}
    read = 0
    for number, cells in enumerate(reader, start=2):
        if not any(cell.strip() for cell in cells):
            continue
        read += 1
        if progress and read % BATCH == 0:
            progress(BATCH)
        try:
            row = _parse(cells, header, number, rates, currency)
            if row.sku in seen_skus:
                raise CsvError(
                    f"the SKU {row.sku!r} is already on row {seen_skus[row.sku]}", number, "sku"
                )
        except CsvError as exc:
            if errors is None:
                raise
            errors.append(exc)
            continue
        seen_skus[row.sku] = number
        rows.append(row)
    if progress:
        progress(read % BATCH)
    while True:
        # Leaving a row out may leave a barcode it was taking from another product in
        # place: check again until no row is left out.
        count = len(rows)
        rows = _check_barcodes(rows, errors)
        if errors is None or len(rows) == count:
            return rows


def _check_barcodes(rows: list[Row], errors: list[CsvError] | None = None) -> list[Row]:
    """A barcode may belong to one product only, once the import is done. The rows kept
    (all of them, or those without a conflict when ``errors`` collects the others)."""
    bad: set[int] = set()

    def refuse(error: CsvError) -> None:
        if errors is None:
            raise error
        errors.append(error)
        bad.add(t.cast(int, error.row))

    ids = dict(db.session.execute(sa.select(Product.sku, Product.id)).all())
    replaced = {ids.get(row.sku) for row in rows if "barcodes" in row.values}
    in_file: dict[str, Row] = {}
    for row in rows:
        for code in row.values.get("barcodes", []):
            if code in in_file:
                refuse(
                    CsvError(
                        f"the barcode {code} is also on row {in_file[code].number}",
                        row.number,
                        "barcodes",
                    )
                )
                continue
            in_file[code] = row
    codes = list(in_file)
    for start in range(0, len(codes), 500):
        owners = db.session.execute(
            sa.select(Barcode.code, Product.id, Product.sku)
            .join(Product, Product.id == Barcode.product_id)
            .where(Barcode.code.in_(codes[start : start + 500]))
        )
        for code, owner_id, owner_sku in owners:
            row = in_file[code]
            if owner_sku != row.sku and owner_id not in replaced:
                refuse(
                    CsvError(
                        f"the barcode {code} belongs to the product {owner_sku!r}",
                        row.number,
                        "barcodes",
                    )
                )
    if errors is not None:
        errors.sort(key=lambda error: error.row or 0)
    return [row for row in rows if row.number not in bad]


def _chunks(items: list[t.Any], size: int = BATCH) -> t.Iterator[list[t.Any]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def import_products(
    rows: list[Row], user_id: int | None, progress: Progress | None = None
) -> ImportResult:
    """Write checked rows (from :func:`read_products`): create new SKUs, update existing
    ones whose values changed, set stock. Never commits."""
    write_transaction()
    result = ImportResult()
    _rates, default_rate = _tax_rates()
    location_id = default_location().id
    categories = _ensure_categories(rows)
    existing = _current_products()
    codes = _current_barcodes()
    recoded = {
        row.sku
        for row in rows
        if "barcodes" in row.values
        and codes.get(existing[row.sku]["id"] if row.sku in existing else -1, [])
        != row.values["barcodes"]
    }
    # Barcodes being replaced are removed first, so that one moving from a product to
    # another in the same file never meets itself in the unique index.
    replaced_ids = [existing[sku]["id"] for sku in recoded if sku in existing]
    for chunk in _chunks(replaced_ids, 500):
        db.session.execute(sa.delete(Barcode).where(Barcode.product_id.in_(chunk)))
    now = utcnow()
    for batch in _chunks(rows):
        new_rows = [row for row in batch if row.sku not in existing]
        ids = _insert_new(new_rows, categories, default_rate, now)
        result.created += len(new_rows)
        renamed: list[tuple[int, str]] = [(ids[row.sku], row.values["name"]) for row in new_rows]
        updates = []
        for row in batch:
            if row.sku not in existing:
                continue
            current = existing[row.sku]
            ids[row.sku] = current["id"]
            changes = _changes(row, current, categories, default_rate)
            if changes or row.sku in recoded:
                updates.append({"id": current["id"], **changes, "updated_at": now})
                if "name" in changes:
                    renamed.append((current["id"], changes["name"]))
                result.updated += 1
            else:
                result.unchanged += 1
        for group in _group_by_keys(updates):
            db.session.execute(sa.update(Product), group)
        barcodes = [
            {"product_id": ids[row.sku], "code": code}
            for row in batch
            if row.sku in recoded
            for code in row.values["barcodes"]
        ]
        if barcodes:
            db.session.execute(sa.insert(Barcode.__table__), barcodes)
        _reindex(renamed)
        # The bulk statements bypass the ORM's flush, which records price versions.
        record_versions(db.session.connection(), ids.values())
        _set_stock(batch, ids, location_id, user_id, {row.sku for row in new_rows})
        if progress:
            progress(len(batch))
    db.session.flush()
    db.session.expire_all()
    return result


def _group_by_keys(updates: list[dict[str, t.Any]]) -> list[list[dict[str, t.Any]]]:
    """Updates with the same columns together: each group is one executemany."""
    groups: dict[tuple[str, ...], list[dict[str, t.Any]]] = {}
    for update in updates:
        groups.setdefault(tuple(sorted(update)), []).append(update)
    return list(groups.values())


def _current_barcodes() -> dict[int, list[str]]:
    codes: dict[int, list[str]] = {}
    for product_id, code in db.session.execute(
        sa.select(Barcode.product_id, Barcode.code).order_by(Barcode.id)
    ):
        codes.setdefault(product_id, []).append(code)
    return codes


def _ensure_categories(rows: list[Row]) -> dict[str, int]:
    categories = dict(db.session.execute(sa.select(Category.name, Category.id)).all())
    missing = sorted(
        {row.values["category"] for row in rows if row.values.get("category")} - set(categories)
    )
    for name in missing:
        category = Category(name=name)
        db.session.add(category)
        db.session.flush()
        categories[name] = category.id
    return categories


def _current_products() -> dict[str, dict[str, t.Any]]:
    products: dict[str, dict[str, t.Any]] = {}
    for row in db.session.execute(
        sa.select(
            Product.id,
            Product.sku,
            Product.name,
            Product.price,
            Product.cost,
            Product.tax_rate_id,
            Product.category_id,
            Product.sold_by,
            Product.active,
        )
    ).mappings():
        products[row["sku"]] = dict(row)
    return products


def _insert_new(
    rows: list[Row], categories: dict[str, int], default_rate: int | None, now: t.Any
) -> dict[str, int]:
    if not rows:
        return {}
    if default_rate is None:
        raise CsvError(_("there is no tax rate yet: create one first"))
    values = []
    for row in rows:
        v = row.values
        category = v.get("category")
        values.append(
            {
                "sku": row.sku,
                "name": v["name"],
                "search_name": normalise_search(v["name"])[:200],
                "price": v["price"],
                "cost": v.get("cost"),
                "tax_rate_id": v.get("tax_rate_id") or default_rate,
                "category_id": categories[category] if category else None,
                "active": v.get("active", True),
                "sold_by": v.get("sold_by", "unit"),
                "created_at": now,
                "updated_at": now,
            }
        )
    # A Core executemany on the table, then the new ids by SKU: the ORM's bulk insert
    # costs more per row than the database's work, and an ordered RETURNING falls back
    # to one statement per row on SQLite (bench/admin_products.py measured both).
    db.session.execute(sa.insert(Product.__table__), values)
    skus = [row.sku for row in rows]
    return dict(
        db.session.execute(sa.select(Product.sku, Product.id).where(Product.sku.in_(skus))).all()
    )


def _changes(
    row: Row, current: dict[str, t.Any], categories: dict[str, int], default_rate: int | None
) -> dict[str, t.Any]:
    v = row.values
    wanted: dict[str, t.Any] = {"name": v["name"], "price": v["price"]}
    for key in ("cost", "sold_by", "active"):
        if key in v:
            wanted[key] = v[key]
    if "tax_rate_id" in v:
        wanted["tax_rate_id"] = v["tax_rate_id"] or default_rate
    if "category" in v:
        wanted["category_id"] = categories[v["category"]] if v["category"] else None
    changes = {k: value for k, value in wanted.items() if current[k] != value}
    if "name" in changes:
        changes["search_name"] = normalise_search(v["name"])[:200]
    return changes


def _reindex(renamed: list[tuple[int, str]]) -> None:
    if not renamed:
        return
    ids = [product_id for product_id, _ in renamed]
    db.session.execute(sa.delete(ProductSearchTerm).where(ProductSearchTerm.product_id.in_(ids)))
    terms = [
        {"term": term, "product_id": product_id}
        for product_id, name in renamed
        for term in search_terms(name)
    ]
    if terms:
        db.session.execute(sa.insert(ProductSearchTerm.__table__), terms)


def _set_stock(
    batch: list[Row],
    ids: dict[str, int],
    location_id: int,
    user_id: int | None,
    created: set[str],
) -> None:
    wanted = {ids[row.sku]: (row, row.values["stock"]) for row in batch if "stock" in row.values}
    if not wanted:
        return
    insert_ignore(
        StockLevel,
        [{"product_id": pid, "location_id": location_id, "quantity": 0} for pid in wanted],
        ["product_id", "location_id"],
    )
    # Locked while the differences are computed, so that a concurrent sale is not lost.
    current = dict(
        db.session.execute(
            sa.select(StockLevel.product_id, StockLevel.quantity)
            .where(
                StockLevel.location_id == location_id,
                StockLevel.product_id.in_(list(wanted)),
            )
            .with_for_update()
        ).all()
    )
    new_ids = {ids[sku] for sku in created}
    moves = []
    for product_id, (_row, quantity) in wanted.items():
        delta = quantity - Decimal(current.get(product_id) or 0)
        if delta:
            moves.append((product_id, delta))
    if not moves:
        return
    # Core, not ORM, statement: an executemany of the ORM's update is a bulk update by
    # primary key, which cannot say "quantity + delta".
    level = StockLevel.__table__
    db.session.execute(
        sa.update(level)
        .where(level.c.product_id == sa.bindparam("pid"), level.c.location_id == location_id)
        .values(quantity=sa.func.round(level.c.quantity + sa.bindparam("delta"), 3)),
        [{"pid": product_id, "delta": delta} for product_id, delta in moves],
    )
    db.session.execute(
        sa.insert(StockMovement.__table__),
        [
            {
                "product_id": product_id,
                "location_id": location_id,
                "delta": delta,
                "reason": "initial" if product_id in new_ids else "adjustment",
                "note": "CSV import",
                "user_id": user_id,
                "created_at": utcnow(),
            }
            for product_id, delta in moves
        ],
    )


# -- export ---------------------------------------------------------------------------------


def export_products(
    stream: t.TextIO, progress: Progress | None = None, *, currency: str | None = None
) -> int:
    """Write every product, active or not, as CSV (prices as decimals of the store's
    currency, or of ``currency``); return how many."""
    if currency is None:
        currency = store_currency()
    writer = csv.writer(stream, lineterminator="\n")
    writer.writerow(COLUMNS)
    location_id = default_location().id
    count = 0
    query = (
        sa.select(Product, StockLevel.quantity)
        .outerjoin(
            StockLevel,
            sa.and_(StockLevel.product_id == Product.id, StockLevel.location_id == location_id),
        )
        .order_by(Product.sku)
        .execution_options(yield_per=BATCH)
    )
    for product, quantity in db.session.execute(query):
        writer.writerow(
            (
                product.sku,
                product.name,
                money_text(product.price, currency),
                money_text(product.cost, currency),
                percent_text(product.tax_rate.rate),
                product.category.name if product.category else "",
                "|".join(b.code for b in product.barcodes),
                product.sold_by,
                "true" if product.active else "false",
                decimal_text(quantity or 0),
            )
        )
        count += 1
        if progress and count % BATCH == 0:
            progress(BATCH)
    if progress:
        progress(count % BATCH)
    return count


def read_text(data: bytes) -> io.StringIO:
    """Bytes of a CSV file as text: UTF-8 (with or without a byte-order mark), else
    Windows-1252, which spreadsheets often save."""
    try:
        return io.StringIO(data.decode("utf-8-sig"), newline="")
    except UnicodeDecodeError:
        return io.StringIO(data.decode("cp1252"), newline="")
