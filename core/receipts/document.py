"""The neutral receipt: everything printed on a receipt, before any layout.

A :class:`ReceiptDocument` is built from a stored :class:`~core.sales.models.Sale` or
:class:`~core.sales.models.Refund` and the store's settings; the renderers of
:mod:`core.receipts.render` lay it out as text, HTML or ESC/POS. It is plain data (it
round-trips through :meth:`ReceiptDocument.to_dict`), so that the hardware agent of a
shop PC can print a document the cloud built. Money stays in integer minor units.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import logging
import typing as t
import zoneinfo
from dataclasses import asdict, dataclass, field
from decimal import Decimal

import sqlalchemy as sa
from flask_babel import force_locale
from flask_babel import gettext as _

from ..auth.models import User
from ..catalog.models import Product
from ..db import db
from ..fields import decimal_text
from ..formatting import current_locale, format_rate
from ..plugins.context import current_runtime
from ..plugins.info import ReceiptRow, ReceiptSection
from ..sales.models import Refund, Sale
from ..sales.payment_methods import describe_fields
from ..sales.pricing import round_half_up
from ..sales.records import receipt_number, refund_view, sale_view
from ..stores.settings import StoreSettings, current_store

__all__ = [
    "ReceiptDocument",
    "ReceiptItem",
    "ReceiptPayment",
    "ReceiptTax",
    "refund_receipt",
    "sale_receipt",
    "sample_receipt",
]

log = logging.getLogger("comptoir.receipts")


@dataclass(frozen=True)
class ReceiptItem:
    """One line: ``quantity x unit_price = base``, then the money taken off it."""

    name: str
    quantity: str
    unit_price: int
    base: int
    total: int
    #: ``(label, amount)`` pairs, amounts positive (money off).
    discounts: tuple[tuple[str, int], ...] = ()
    sku: str = ""
    #: ``unit`` or ``weight`` (the quantity is then kilograms, printed with its unit).
    sold_by: str = "unit"


@dataclass(frozen=True)
class ReceiptTax:
    rate: str
    base: int
    tax: int
    total: int


@dataclass(frozen=True)
class ReceiptPayment:
    method: str
    label: str
    amount: int
    detail: str = ""


@dataclass(frozen=True)
class ReceiptDocument:
    """What a receipt says. ``kind`` is ``sale``, ``refund`` or ``void``."""

    kind: str
    currency: str
    locale: str
    shop_name: str
    number: int
    register: str
    issued_at: dt.datetime
    cashier: str
    total: int
    subtotal: int = 0
    discount_total: int = 0
    tax_total: int = 0
    prices_include_tax: bool = True
    header: tuple[str, ...] = ()
    address: tuple[str, ...] = ()
    tax_id: str = ""
    company_number: str = ""
    #: The store's receipt logo as a ``data:`` URL (HTML receipts), or empty.
    logo: str = ""
    items: tuple[ReceiptItem, ...] = ()
    #: Cart-level money off by label (promotions, manual cart discount).
    cart_discounts: tuple[tuple[str, int], ...] = ()
    taxes: tuple[ReceiptTax, ...] = ()
    payments: tuple[ReceiptPayment, ...] = ()
    change: int = 0
    rounding: int = 0
    footer: tuple[str, ...] = ()
    sections: tuple[ReceiptSection, ...] = field(default_factory=tuple)
    duplicate: bool = False
    #: For a refund: the receipt number of the sale it gives back (``R1-000041``).
    original_receipt: str | None = None
    reason: str = ""

    @property
    def receipt_number(self) -> str:
        """``R1-000042``: written as the till shows it and its find field takes it."""
        return receipt_number(self.register, self.number)

    def to_dict(self) -> dict[str, t.Any]:
        """JSON-ready: the timestamp as ISO 8601 with its offset."""
        data = asdict(self)
        data["issued_at"] = self.issued_at.isoformat(timespec="seconds")
        return data

    @classmethod
    def from_dict(cls, data: t.Mapping[str, t.Any]) -> ReceiptDocument:
        """The inverse of :meth:`to_dict`; raises ``KeyError``/``TypeError``/``ValueError``
        on a malformed document."""
        values = dict(data)
        values["issued_at"] = dt.datetime.fromisoformat(values["issued_at"])
        values["items"] = tuple(
            ReceiptItem(**{**item, "discounts": _pairs(item.get("discounts", ()))})
            for item in values.get("items", ())
        )
        values["taxes"] = tuple(ReceiptTax(**row) for row in values.get("taxes", ()))
        values["payments"] = tuple(ReceiptPayment(**row) for row in values.get("payments", ()))
        values["cart_discounts"] = _pairs(values.get("cart_discounts", ()))
        values["sections"] = tuple(
            ReceiptSection(
                **{**section, "rows": tuple(ReceiptRow(**row) for row in section.get("rows", ()))}
            )
            for section in values.get("sections", ())
        )
        for key in ("header", "address", "footer"):
            values[key] = tuple(str(line) for line in values.get(key, ()))
        for key, value in values.items():
            if key in _MONEY_FIELDS and (isinstance(value, bool) or not isinstance(value, int)):
                raise TypeError(f"{key}: an integer amount in minor units expected")
        return cls(**values)


_MONEY_FIELDS = {"total", "subtotal", "discount_total", "tax_total", "change", "rounding"}


def _pairs(items: t.Iterable[t.Sequence[t.Any]]) -> tuple[tuple[str, int], ...]:
    return tuple((str(label), int(amount)) for label, amount in items)


def sale_receipt(
    sale: Sale,
    *,
    duplicate: bool = False,
    locale: str | None = None,
    store: StoreSettings | None = None,
) -> ReceiptDocument:
    """The receipt of a completed sale, with the plugins' sections, written in the store's
    language whoever asks for it (the labels here and the plugins' sections alike), or in
    ``locale`` when given (a receipt e-mailed to a customer speaks the customer's).
    ``store`` is the register's store's settings when a plugin (multistore) gives them."""
    store = store or current_store()
    language = locale or store.values["locale"]
    with force_locale(language):
        document = _sale_receipt(sale, store, duplicate)
    return dataclasses.replace(document, locale=language) if locale else document


def refund_receipt(
    refund: Refund, *, duplicate: bool = False, store: StoreSettings | None = None
) -> ReceiptDocument:
    """The receipt of a refund or void: lines given back and money handed back, in the
    store's language."""
    store = store or current_store()
    with force_locale(store.values["locale"]):
        return _refund_receipt(refund, store, duplicate)


def _sale_receipt(sale: Sale, store: StoreSettings, duplicate: bool) -> ReceiptDocument:
    sold_by = _sold_by(line.product_id for line in sale.lines)
    items = tuple(_item(line, sold_by) for line in sale.lines)
    cart_adjustments = _cart_adjustments(sale)
    # What the lines' cart shares hold beyond the named cart adjustments is the manual
    # cart discount.
    manual_cart = sum(line.cart_discount for line in sale.lines) - sum(
        amount for _label, amount in cart_adjustments
    )
    if manual_cart > 0:
        cart_adjustments = (*cart_adjustments, (_("Cart discount"), manual_cart))
    return ReceiptDocument(
        kind="sale",
        number=sale.number,
        issued_at=_local(sale.completed_at, store),
        cashier=_cashier(sale.user_id),
        register=sale.register.code,
        currency=sale.currency,
        prices_include_tax=sale.prices_include_tax,
        items=items,
        cart_discounts=cart_adjustments,
        subtotal=sale.subtotal,
        discount_total=sale.discount_total,
        tax_total=sale.tax_total,
        total=sale.total,
        taxes=tuple(
            ReceiptTax(decimal_text(row.rate), row.base, row.tax, row.total) for row in sale.taxes
        ),
        payments=tuple(_payment(p.method, p.amount, p.fields, "fields") for p in sale.payments),
        change=sale.change,
        rounding=sale.rounding,
        sections=plugin_sections(sale, store),
        duplicate=duplicate,
        **_store_fields(store),
    )


def _refund_receipt(refund: Refund, store: StoreSettings, duplicate: bool) -> ReceiptDocument:
    sale_lines = {line.id: line for line in refund.sale.lines}
    sold_by = _sold_by(line.product_id for line in refund.sale.lines)
    items = []
    taxes: dict[Decimal, list[int]] = {}
    for line in refund.lines:
        sold = sale_lines[line.sale_line_id]
        # Shown as sold: shelf price times quantity, less the share of its discounts.
        base = round_half_up(sold.unit_price * Decimal(line.quantity))
        off = base - line.total
        items.append(
            ReceiptItem(
                name=sold.name,
                quantity=decimal_text(line.quantity),
                unit_price=sold.unit_price,
                base=base,
                total=line.total,
                discounts=((_("Discount"), off),) if off > 0 else (),
                sku=sold.sku,
                sold_by=sold_by.get(sold.product_id, "unit"),
            )
        )
        row = taxes.setdefault(Decimal(line.tax_rate), [0, 0, 0])
        row[0] += line.net
        row[1] += line.tax
        row[2] += line.total
    return ReceiptDocument(
        kind=refund.kind,
        number=refund.number,
        issued_at=_local(refund.created_at, store),
        cashier=_cashier(refund.user_id),
        register=refund.register.code,
        currency=refund.sale.currency,
        prices_include_tax=refund.sale.prices_include_tax,
        items=tuple(items),
        subtotal=refund.total,
        tax_total=refund.tax_total,
        total=refund.total,
        taxes=tuple(
            ReceiptTax(decimal_text(rate), *amounts) for rate, amounts in sorted(taxes.items())
        ),
        payments=tuple(
            _payment(p.method, p.amount, p.fields, "refund_fields") for p in refund.payments
        ),
        sections=_sections("pos_refund_receipt_sections", store, refund=refund_view(refund)),
        duplicate=duplicate,
        original_receipt=receipt_number(refund.sale.register.code, refund.sale.number),
        reason=refund.reason,
        **_store_fields(store),
    )


def plugin_sections(sale: Sale, store: StoreSettings) -> tuple[ReceiptSection, ...]:
    """The enabled plugins' sections of a sale's receipt, in their ``order``."""
    return _sections("pos_receipt_sections", store, sale=sale_view(sale))


def _sections(hook: str, store: StoreSettings, **record: t.Any) -> tuple[ReceiptSection, ...]:
    """The enabled plugins' sections, in their ``order``; a failing plugin is left out."""
    hooks = current_runtime().hooks
    if not hooks.has(hook):
        return ()
    found = hooks.present(hook, store=store, **record)
    sections = []
    for item in found:
        if isinstance(item, ReceiptSection):
            sections.append(item)
        else:
            log.error("a receipt section must be a ReceiptSection, got %r; left out", item)
    return tuple(sorted(sections, key=lambda s: (s.order, s.title)))


def _store_fields(store: StoreSettings) -> dict[str, t.Any]:
    values = store.values
    return {
        "shop_name": store.name,
        "locale": values["locale"],
        "header": _lines(values["receipt_header"]),
        "address": _lines(values["address"]),
        "tax_id": values["tax_id"],
        "company_number": values.get("company_number", ""),
        "logo": values.get("receipt_logo", ""),
        "footer": _lines(values["receipt_footer"]),
    }


def _lines(text: str) -> tuple[str, ...]:
    return tuple(line.rstrip() for line in text.strip().splitlines())


def _local(moment: dt.datetime, store: StoreSettings) -> dt.datetime:
    try:
        zone = zoneinfo.ZoneInfo(store.values["timezone"])
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        log.error("unknown store timezone %r; receipts show UTC", store.values["timezone"])
        zone = zoneinfo.ZoneInfo("UTC")
    return moment.astimezone(zone)


def _cashier(user_id: int) -> str:
    user = db.session.get(User, user_id)
    if user is None:
        return str(user_id)
    return user.full_name or user.username


def _sold_by(product_ids: t.Iterable[int | None]) -> dict[int, str]:
    """``unit`` or ``weight`` of the lines' products, in one query."""
    wanted = {product_id for product_id in product_ids if product_id is not None}
    if not wanted:
        return {}
    rows = db.session.execute(
        sa.select(Product.id, Product.sold_by).where(Product.id.in_(wanted))
    ).all()
    return {product_id: sold_by for product_id, sold_by in rows}


def _item(line: t.Any, sold_by: t.Mapping[int, str]) -> ReceiptItem:
    discounts = [(str(a.get("label", "")), int(a.get("amount", 0))) for a in line.adjustments]
    if line.line_discount:
        percent = (line.data or {}).get("discount_percent")
        label = (
            _("Discount %(rate)s", rate=format_rate(Decimal(str(percent)), current_locale()))
            if percent
            else _("Discount")
        )
        discounts.append((label, line.line_discount))
    return ReceiptItem(
        name=line.name,
        quantity=decimal_text(line.quantity),
        unit_price=line.unit_price,
        base=line.base,
        total=line.total,
        discounts=tuple((label, amount) for label, amount in discounts if amount),
        sku=line.sku,
        sold_by=sold_by.get(line.product_id, "unit"),
    )


def _cart_adjustments(sale: Sale) -> tuple[tuple[str, int], ...]:
    found = (sale.data or {}).get("cart_adjustments") or ()
    return tuple(
        (str(a.get("label", "")), int(a.get("amount", 0)))
        for a in found
        if isinstance(a, dict) and a.get("amount")
    )


def _payment(
    method: str, amount: int, kept: t.Mapping[str, t.Any] | None, which: str
) -> ReceiptPayment:
    """A payment with what its method keeps, each value after its field's label."""
    registered = current_runtime().payment_methods.get(method)
    label = str(getattr(registered, "title", "") or method.replace("_", " ").capitalize())
    kept = kept or {}
    labels = {
        field["name"]: field["label"] for field in describe_fields(getattr(registered, which, None))
    }
    details = [f"{labels.get(name, name)} {value}" for name, value in kept.items() if value]
    return ReceiptPayment(method=method, label=label, amount=amount, detail=", ".join(details))


def sample_receipt() -> ReceiptDocument:
    """A receipt of two made-up lines in the store's name, language and currency: what
    the preview shows before the first sale."""
    store = current_store()
    with force_locale(store.values["locale"]):
        items = (
            ReceiptItem(_("Coffee beans 250g"), "2", 250, 500, 500),
            ReceiptItem(_("Croissant"), "1", 120, 120, 120),
        )
        payments = (ReceiptPayment("cash", _("Cash"), 1000),)
    return ReceiptDocument(
        kind="sale",
        number=1,
        issued_at=_local(dt.datetime.now(dt.UTC), store),
        cashier="-",
        register="R1",
        currency=store.values.get("currency", "EUR"),
        items=items,
        subtotal=620,
        tax_total=89,
        total=620,
        taxes=(ReceiptTax("5.5", 114, 6, 120), ReceiptTax("20", 417, 83, 500)),
        payments=payments,
        change=380,
        **_store_fields(store),
    )
