"""Finding products: by barcode (the till's hot path), by SKU, by words of the name.

Every lookup is an index range scan, so it stays fast with a large catalog (see
``bench/search.py``): barcodes by their unique index, SKUs by theirs, and name words
through :class:`~core.catalog.models.ProductSearchTerm`, one row per word of each name.
"""

from __future__ import annotations

import datetime as dt
import re
import typing as t
import unicodedata
from decimal import Decimal

import sqlalchemy as sa
from sqlalchemy.orm import joinedload

from ..db import db
from ..paging import Page
from ..stores.settings import current_store
from .gs1 import decode, label_quantity
from .models import Barcode, Product, ProductSearchTerm

MAX_TERM_LENGTH = 64
#: Beyond this many matches a list says "more than 10,000" (``Page.more``) instead of
#: counting them all: a word of three letters may match a tenth of a million products,
#: and counting them cost more than the page (see docs/performance.md).
COUNT_CAP = 10_000
#: Letters that Unicode does not decompose into a base letter and an accent.
_LIGATURES = str.maketrans({"œ": "oe", "æ": "ae", "ø": "o", "đ": "d", "ł": "l", "ħ": "h"})
_WORD = re.compile(r"[^\W_]+")


def normalise_search(text: str) -> str:
    """Text as search compares it: lower case, accents removed, punctuation turned into
    spaces (so "Coca-Cola" is the words "coca" and "cola"), one space between words.

    ``normalise_search("Crème brûlée  Œuf")`` is ``"creme brulee oeuf"``.
    """
    folded = unicodedata.normalize("NFKD", text.casefold())
    plain = "".join(c for c in folded if not unicodedata.combining(c)).translate(_LIGATURES)
    return " ".join(_WORD.findall(plain))


def search_terms(name: str) -> list[str]:
    """The distinct words of a name, as stored in ``product_search_term``."""
    words = normalise_search(name).split()
    return list(dict.fromkeys(word[:MAX_TERM_LENGTH] for word in words))


def _successor(prefix: str) -> str | None:
    """The smallest string greater than every string starting with ``prefix``, in code
    point order, or ``None`` when there is none."""
    last = ord(prefix[-1])
    if last >= 0x10FFFF:
        return None
    following = 0xE000 if last == 0xD7FF else last + 1  # skip the surrogates
    return prefix[:-1] + chr(following)


def starts_with(column: t.Any, prefix: str) -> t.Any:
    """``column`` starts with ``prefix``, case-sensitively, in a form the index serves.

    SQLite's LIKE is case-insensitive and skips the index on a default (binary) column,
    so there the condition is a range of the index; on PostgreSQL it is LIKE, which the
    planner turns into a range itself where the collation allows.
    """
    if db.session.get_bind().dialect.name == "sqlite":
        upper = _successor(prefix)
        condition = column >= prefix
        return condition if upper is None else sa.and_(condition, column < upper)
    return column.startswith(prefix, autoescape=True)


# Built once: the scan path runs it on every lookup, and building it costs more than
# running it.
_BY_BARCODE = (
    sa.select(Product)
    .join(Barcode, Barcode.product_id == Product.id)
    .where(Barcode.code == sa.bindparam("code"))
    .options(joinedload(Product.barcodes))
)


def find_by_barcode(code: str) -> Product | None:
    """The product with this barcode, active or not, with its tax rate, category and
    barcodes, in one indexed query."""
    return db.session.execute(_BY_BARCODE, {"code": code.strip()}).unique().scalar_one_or_none()


def find_by_label(code: str, layout: str) -> tuple[Product, Decimal] | None:
    """The product of a weighed or priced label (core/catalog/gs1.py) and the quantity the
    label sells, or None if ``code`` is no label of ``layout`` or names no product."""
    label = decode(code, layout)
    if label is None:
        return None
    for key in label.keys:
        product = find_by_barcode(key)
        if product is not None:
            quantity = label_quantity(label, product.sold_by, product.price)
            return (product, quantity) if quantity is not None else None
    return None


def _matching_ids(q: str) -> t.Any:
    """Ids of products whose barcode is ``q``, whose SKU starts with it, or whose name has
    words starting with each word of it, as one index-driven ``UNION``."""
    code = q.strip()
    selects = [sa.select(Barcode.product_id.label("id")).where(Barcode.code == code)]
    if code:
        selects.append(sa.select(Product.id).where(starts_with(Product.sku, code)))
    words = list(dict.fromkeys(normalise_search(q).split()))
    if words:
        per_word = [
            sa.select(ProductSearchTerm.product_id).where(
                starts_with(ProductSearchTerm.term, word[:MAX_TERM_LENGTH])
            )
            for word in words
        ]
        if len(per_word) == 1:
            selects.append(per_word[0])
        else:
            both = sa.intersect(*per_word).subquery()
            selects.append(sa.select(both.c.product_id))
    return sa.union(*selects)


def _rank(q: str) -> t.Any:
    """Best matches first: the barcode, the exact SKU, SKU prefixes, names starting with
    the query, then names with words starting so."""
    code = q.strip()
    normalised = normalise_search(q)
    whens: list[tuple[t.Any, int]] = [
        (Product.id.in_(sa.select(Barcode.product_id).where(Barcode.code == code)), 0),
        (Product.sku == code, 1),
    ]
    if code:
        whens.append((starts_with(Product.sku, code), 2))
    if normalised:
        whens.append((starts_with(Product.search_name, normalised), 3))
    return sa.case(*whens, else_=4)


def list_products(
    *,
    q: str | None = None,
    barcode: str | None = None,
    category_id: int | None = None,
    active: bool | None = True,
    updated_since: dt.datetime | None = None,
    after_id: int | None = None,
    limit: int = 50,
    offset: int = 0,
) -> Page:
    """Products matching every given filter, one page of them.

    Ordered by relevance for ``q``, by ``updated_at`` for ``updated_since`` (the till's
    delta sync: products changed at or after that instant, inactive ones included unless
    ``active`` says otherwise), by name otherwise.

    :param active: ``True`` active products only, ``False`` inactive only, ``None`` both.
    :param after_id: with ``updated_since``, the sync cursor ``(updated_at, id)``: only
        products changed after ``updated_since``, or at it with a greater id.
    """
    if barcode is not None and q is None and category_id is None and updated_since is None:
        # The till's scan: one indexed query, no count.
        product = find_by_barcode(barcode)
        if product is None:
            # A scale's label: the product its item code names.
            labelled = find_by_label(barcode.strip(), current_store().values["gs1_layout"])
            product = labelled[0] if labelled else None
        found = [product] if product and active in (None, product.active) else []
        return Page(found[offset : offset + limit], len(found))
    conditions: list[t.Any] = []
    if q is not None and q.strip():
        conditions.append(Product.id.in_(_matching_ids(q)))
    if barcode is not None:
        conditions.append(
            Product.id.in_(sa.select(Barcode.product_id).where(Barcode.code == barcode.strip()))
        )
    if category_id is not None:
        conditions.append(Product.category_id == category_id)
    if active is not None:
        conditions.append(Product.active.is_(active))
    if updated_since is not None and after_id is not None:
        return _after_cursor(conditions, updated_since, after_id, limit)
    if updated_since is not None:
        conditions.append(Product.updated_at >= updated_since)

    if updated_since is not None:
        order = [Product.updated_at, Product.id]
    elif q is not None and q.strip():
        order = [_rank(q), Product.search_name, Product.id]
    else:
        order = [Product.search_name, Product.id]

    total, more = _count(conditions)
    items = db.session.scalars(
        sa.select(Product).where(*conditions).order_by(*order).limit(limit).offset(offset)
    ).all()
    return Page(list(items), total, more)


def _count(conditions: list[t.Any], cap: int = COUNT_CAP) -> tuple[int, bool]:
    """How many products match, up to ``cap``: ``(count, more)``, ``more`` when
    more than ``cap`` match (the count is then ``cap``)."""
    matching = sa.select(Product.id).where(*conditions).limit(cap + 1).subquery()
    found = int(db.session.scalar(sa.select(sa.func.count()).select_from(matching)) or 0)
    return min(found, cap), found > cap


def _after_cursor(
    conditions: list[t.Any], updated_at: dt.datetime, after_id: int, limit: int
) -> Page:
    """The page after the sync cursor ``(updated_at, id)``, in that order: the rest of
    that instant's products by id, then the later ones. Two index seeks on
    ``ix_product_updated_at_id``: one ``OR`` of both (or a row-value comparison) scanned
    the index from the instant on, 0.1 s a page with 100,000 products of one import."""
    same = [*conditions, Product.updated_at == updated_at, Product.id > after_id]
    later = [*conditions, Product.updated_at > updated_at]
    items = list(
        db.session.scalars(sa.select(Product).where(*same).order_by(Product.id).limit(limit))
    )
    if len(items) < limit:
        items += db.session.scalars(
            sa.select(Product)
            .where(*later)
            .order_by(Product.updated_at, Product.id)
            .limit(limit - len(items))
        )
    total, more = _count(same)
    if not more:
        rest, more = _count(later, COUNT_CAP - total)
        total += rest
    return Page(items, total, more)


def search_products(q: str, limit: int = 50, offset: int = 0) -> Page:
    """Active products matching ``q`` by barcode, SKU (exact or prefix) or name words
    (each word of ``q`` starts a word of the name), best matches first."""
    return list_products(q=q, limit=limit, offset=offset)
