"""Finding products: by barcode (the till's hot path), by SKU, by words of the name.

Every lookup is an index range scan, so it stays fast with a large catalog (see
``bench/search.py``): barcodes by their unique index, SKUs by theirs, and name words
through :class:`~core.catalog.models.ProductSearchTerm`, one row per word of each name.
"""

from __future__ import annotations

import datetime as dt
import math
import re
import typing as t
import unicodedata
from dataclasses import dataclass
from decimal import Decimal

import sqlalchemy as sa
import sqlalchemy.orm
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
        return _code_point_range(column, prefix)
    return column.startswith(prefix, autoescape=True)


def _code_point_range(column: t.Any, prefix: str) -> t.Any:
    upper = _successor(prefix)
    condition = column >= prefix
    return condition if upper is None else sa.and_(condition, column < upper)


def name_starts_with(prefix: str) -> t.Any:
    """``Product.search_name`` starts with ``prefix``, as a range of
    ``ix_product_search_name`` on both databases.

    PostgreSQL has no pattern index on the name (its plain index gives the list's name
    order), so LIKE alone scanned every product; the code-point range beside it is
    what the index serves, exactly under the "C" and "C.UTF-8" collations (under
    another, a name starting so that the collation puts outside the range is ranked
    with the names that do not, never lost: LIKE still decides)."""
    within = _code_point_range(Product.search_name, prefix)
    if db.session.get_bind().dialect.name == "sqlite":
        return within
    return sa.and_(within, Product.search_name.startswith(prefix, autoescape=True))


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


def _barcode_ids(code: str) -> t.Any:
    """The id of the product with the barcode ``code`` (none or one)."""
    return sa.select(Barcode.product_id.label("id")).where(Barcode.code == code)


def _words(q: str) -> list[str]:
    """The distinct words of ``q`` as the terms store them."""
    return list(dict.fromkeys(w[:MAX_TERM_LENGTH] for w in normalise_search(q).split()))


def _name_ids(words: list[str]) -> t.Any:
    """Ids of products with a name word starting with each of ``words``, from the terms'
    index ranges (an ``INTERSECT`` for several words)."""
    per_word = [
        sa.select(ProductSearchTerm.product_id).where(starts_with(ProductSearchTerm.term, word))
        for word in words
    ]
    if len(per_word) == 1:
        return per_word[0]
    both = sa.intersect(*per_word).subquery()
    return sa.select(both.c.product_id)


def _has_term(word: str) -> t.Any:
    """The product has a name word starting with ``word``: one seek on the terms'
    ``product_id`` index, for a product met while walking the name index."""
    # An alias: the count's query also reads the terms, and would correlate to them.
    term = sa.orm.aliased(ProductSearchTerm)
    return (
        sa.select(term.product_id)
        .where(term.product_id == Product.id, starts_with(term.term, word))
        .correlate(Product)
        .exists()
    )


def _pairs(word: str, up_to: int) -> int:
    """How many name words start with ``word``, counted up to ``up_to``: an
    index-only count of the terms' range (the products are not read; 0.5 ms for
    10,000)."""
    pairs = (
        # Index-only on both databases: SQLite's primary key (term, product) and
        # PostgreSQL's prefix index (the term, covering the product) hold it.
        sa.select(ProductSearchTerm.term)
        .where(starts_with(ProductSearchTerm.term, word))
        .limit(up_to)
        .subquery()
    )
    return int(db.session.scalar(sa.select(sa.func.count()).select_from(pairs)) or 0)


#: What probing one product's terms while walking the name index costs, in matches
#: collected from the terms' range and sorted (measured: 3.6 against 1.3 µs, SQLite).
PROBE_COST = 3


@dataclass(frozen=True)
class Match:
    """What a search ``q`` matches (a barcode, SKUs starting with it, names with words
    starting with each of its words) and how to find it.

    Names are found one of two ways. From the terms' index range of the rarest word,
    the other words probed: the matches are collected, then sorted by name; the cost
    grows with the matches. Or, when there are many (a three-letter word may start 5 %
    of a million names), the other way round: the name index is walked in order and
    each product's terms are probed (``EXISTS``) until a page is full, about twenty
    probes a hit at 5 %, instead of collecting and sorting 50,000 matches before the
    first page; the cost grows with the page and shrinks with the matches. ``walk``
    says which is cheaper, from the terms counted up to the cap (see
    docs/performance.md).
    """

    code: str
    normalised: str
    #: The rarest word first.
    words: list[str]
    #: Walk the name index (many matches) rather than collect the matches and sort them.
    walk: bool
    #: Intersect the words' whole ranges (index-only) rather than probe the other words
    #: for each product of the rarest's: when every word starts few names, or every
    #: word many (two words of 50,000 each at a million products: 35 ms against 142 ms
    #: for 50,000 probes). A rare word beside a frequent one is probed.
    intersect: bool

    @classmethod
    def of(cls, q: str, wanted: int = 50) -> Match:
        """The match of ``q``, its plan chosen for the first ``wanted`` results."""
        catalog = db.session.scalar(sa.select(sa.func.max(Product.id))) or 1
        # Walking beats collecting past this many matches (its cost shrinks as they grow).
        threshold = math.isqrt(catalog * wanted * PROBE_COST)
        up_to = max(COUNT_CAP, threshold) + 1
        pairs = {word: _pairs(word, up_to) for word in _words(q)}
        words = sorted(pairs, key=pairs.__getitem__)
        walk = False
        if words:
            # The words' matches as if independent: each word keeps its share.
            matches = float(catalog)
            for word in words:
                matches *= pairs[word] / catalog
            walk = matches > threshold
        counts = pairs.values()
        intersect = bool(counts) and (max(counts) <= COUNT_CAP or min(counts) > COUNT_CAP)
        return cls(q.strip(), normalise_search(q), words, walk, intersect)

    def by_code(self) -> t.Any:
        """The product of the barcode ``q``, or the products whose SKU starts with it:
        ``IN`` a ``UNION`` of both indexes' answers (an ``OR`` of both was a sequential
        scan of the products on PostgreSQL)."""
        barcode = _barcode_ids(self.code)
        if not self.code:
            return Product.id.in_(barcode)
        sku = sa.orm.aliased(Product)
        return Product.id.in_(
            sa.union(barcode, sa.select(sku.id).where(starts_with(sku.sku, self.code)))
        )

    def by_name(self) -> t.Any:
        """Every word of ``q`` starts a word of the product's name, in the form the plan
        needs: probes for a walk, a set of ids to collect otherwise."""
        if not self.words:
            return sa.false()
        if self.walk:
            return sa.and_(*map(_has_term, self.words))
        return self._collected()

    def _collected(self) -> t.Any:
        if self.intersect:
            return Product.id.in_(_name_ids(self.words))
        rarest, *others = self.words
        ids = sa.select(ProductSearchTerm.product_id).where(
            starts_with(ProductSearchTerm.term, rarest)
        )
        return sa.and_(Product.id.in_(ids), *map(_has_term, others))

    def condition(self) -> t.Any:
        return sa.or_(self.by_code(), self.by_name())

    def count(self, conditions: list[t.Any], cap: int = COUNT_CAP) -> tuple[int, bool]:
        """How many products match and meet ``conditions``, up to ``cap``, as
        :func:`_count` answers: the name matches, then the code matches that are not
        name matches. Counting ``IN`` a ``UNION`` of both collected every match
        first, 50,000 at a million products: one word past the cap, or a rare word
        beside frequent ones, is counted from the rarest word's terms instead (each
        product read once by primary key, the other words probed), stopped past the
        cap."""
        if not self.words:
            return _count([*conditions, self.by_code()], cap)
        if self.intersect and (len(self.words) > 1 or not self.walk):
            found, more = _count([*conditions, self._collected()], cap)
        else:
            found, more = self._count_from_rarest(conditions, cap)
        if more:
            return found, True
        rest, more = _count([*conditions, self.by_code(), sa.not_(self.by_name())], cap - found)
        return found + rest, more

    def _count_from_rarest(self, conditions: list[t.Any], cap: int) -> tuple[int, bool]:
        """The name matches counted from the rarest word's terms, up to ``cap``.

        A product with two words starting so comes twice. SQLite counts the
        ``DISTINCT`` ids as it goes (12.5 ms for a frequent word at a million). On
        PostgreSQL a ``DISTINCT`` before the ``LIMIT`` made the planner join all
        216,000 products of a frequent word in id order (405 ms, against 125 ms for
        the plain join): there the ids are read and told apart here, and a page of
        rows that repeats products is followed by a longer one."""
        rarest, *others = self.words
        pairs = (
            sa.select(Product.id)
            .select_from(ProductSearchTerm)
            .join(Product, Product.id == ProductSearchTerm.product_id)
            .where(starts_with(ProductSearchTerm.term, rarest), *map(_has_term, others))
            .where(*conditions)
        )
        if db.session.get_bind().dialect.name == "sqlite":
            names = pairs.distinct().limit(cap + 1).subquery()
            found = int(db.session.scalar(sa.select(sa.func.count()).select_from(names)) or 0)
            return min(found, cap), found > cap
        wanted = cap + 1
        while True:
            rows = list(db.session.scalars(pairs.limit(wanted)))
            found = len(set(rows))
            if found > cap or len(rows) < wanted:
                return min(found, cap), found > cap
            wanted *= 2

    def ranked_ids(self, conditions: list[t.Any], limit: int, offset: int) -> list[int]:
        """Ids of one page of the matches in relevance order: the barcode, the exact
        SKU, SKU prefixes, names starting with ``q``, names with words starting so;
        by name then id within each.

        The code matches are their own query, the ``CASE`` that ranks them computed on
        them only. For a walk, names starting with ``q`` (a range of the name index)
        then the others are two more, each in name order with a ``LIMIT``, so that
        only the page's rows are read: a ``CASE`` on every match had to be computed
        on each of them before a sort. Collected matches are few: one query ranks
        and sorts them."""
        exact_first = sa.case(
            (Product.id.in_(_barcode_ids(self.code)), 0),
            (Product.sku == self.code, 1),
            else_=2,
        )
        by_name = [*conditions, sa.not_(self.by_code()), self.by_name()]
        name_start = name_starts_with(self.normalised) if self.normalised else sa.false()
        ranks = [sa.select(Product.id).where(*conditions, self.by_code()).order_by(exact_first)]
        if self.walk:
            # A name starting with q has its words: the range needs no probe.
            not_code = [*conditions, sa.not_(self.by_code())]
            ranks.append(sa.select(Product.id).where(*not_code, name_start))
            ranks.append(sa.select(Product.id).where(*by_name, sa.not_(name_start)))
        elif self.words:
            starting_first = sa.case((name_start, 0), else_=1)
            ranks.append(sa.select(Product.id).where(*by_name).order_by(starting_first))
        wanted = offset + limit
        ids: list[int] = []
        for rank in ranks:
            if len(ids) >= wanted:
                break
            page = rank.order_by(Product.search_name, Product.id).limit(wanted - len(ids))
            ids += db.session.scalars(page)
        return ids[offset:]


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
    match = Match.of(q, offset + limit) if q is not None and q.strip() else None
    if barcode is not None:
        conditions.append(
            Product.id.in_(sa.select(Barcode.product_id).where(Barcode.code == barcode.strip()))
        )
    if category_id is not None:
        conditions.append(Product.category_id == category_id)
    if active is not None:
        conditions.append(Product.active.is_(active))
    if match is not None and updated_since is None:
        return _ranked(match, conditions, limit, offset)
    if match is not None:
        conditions.append(match.condition())
    if updated_since is not None and after_id is not None:
        return _after_cursor(conditions, updated_since, after_id, limit)
    if updated_since is not None:
        conditions.append(Product.updated_at >= updated_since)
        order = [Product.updated_at, Product.id]
    else:
        order = [Product.search_name, Product.id]

    total, more = _count(conditions)
    items = db.session.scalars(
        sa.select(Product).where(*conditions).order_by(*order).limit(limit).offset(offset)
    ).all()
    return Page(list(items), total, more)


def _ranked(match: Match, conditions: list[t.Any], limit: int, offset: int) -> Page:
    """A page of search results, best matches first (:meth:`Match.ranked_ids`)."""
    total, more = match.count(conditions)
    ids = match.ranked_ids(conditions, limit, offset)
    loaded = {p.id: p for p in db.session.scalars(sa.select(Product).where(Product.id.in_(ids)))}
    return Page([loaded[i] for i in ids], total, more)


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
