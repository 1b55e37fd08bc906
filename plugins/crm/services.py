"""The customer file's rules: finding, creating, changing and erasing customers, groups,
purchase history and lifetime totals.

crm's own business: other plugins read customers through :mod:`plugins.crm.public`.
"""

from __future__ import annotations

import re
import typing as t
from decimal import Decimal

import sqlalchemy as sa
from flask_babel import gettext as _

from core.plugins import (
    Conflict,
    Forbidden,
    Invalid,
    NotFound,
    Page,
    begin_write,
    db,
    emit_event,
    find_sales,
    get_settings,
    has_permission,
    sales_totals,
    utcnow,
)

from .models import MAX_ID, ConsentEvent, Customer, CustomerGroup

__all__ = [
    "create_customer",
    "create_group",
    "erase_customer",
    "find_by_barcode",
    "get_customer",
    "get_customer_or_404",
    "lifetime_totals",
    "normalise_phone",
    "purchase_history",
    "search_customers",
    "update_customer",
    "update_group",
]

#: Personal fields a caller may set; ``group_id`` and consent are handled apart.
PROFILE_FIELDS = (
    "name",
    "email",
    "phone",
    "address",
    "tags",
    "notes",
    "card_barcode",
    "language",
)
#: A search term with at least this many digits is also looked up in phone numbers.
PHONE_SEARCH_MIN_DIGITS = 4
#: Phone numbers typed with or without a country prefix share their last digits.
PHONE_SUFFIX_DIGITS = 9


# -- reading -------------------------------------------------------------------------------


def get_customer(customer_id: int) -> Customer | None:
    """The customer with this id, erased or not; ``None`` when there is none."""
    if isinstance(customer_id, bool) or not isinstance(customer_id, int):
        return None
    if not 0 < customer_id <= MAX_ID:
        return None
    return db.session.get(Customer, customer_id)


def get_customer_or_404(customer_id: int) -> Customer:
    customer = get_customer(customer_id)
    if customer is None:
        raise NotFound(_("no customer %(id)s", id=customer_id))
    return customer


def find_by_barcode(code: str) -> Customer | None:
    """The (not erased) customer whose card carries ``code``."""
    return db.session.scalar(
        sa.select(Customer).where(
            Customer.card_barcode == code.strip(), Customer.erased_at.is_(None)
        )
    )


def normalise_phone(phone: str | None) -> str | None:
    """The digits of a phone number (``"+33 6 12-34"`` -> ``"3361234"``), or ``None``."""
    digits = re.sub(r"\D", "", phone or "")
    return digits or None


def _search_clause(q: str) -> sa.ColumnElement[bool]:
    """Name or e-mail containing ``q`` (any case), a phone number containing its digits,
    or the card barcode equal to it."""
    term = q.strip().lower()
    clauses: list[sa.ColumnElement[bool]] = [
        sa.func.lower(Customer.name).contains(term, autoescape=True),
        sa.func.lower(Customer.email).contains(term, autoescape=True),
        Customer.card_barcode == q.strip(),
    ]
    digits = normalise_phone(q) or ""
    # Only a term that looks like a phone number searches phones: "Anne 2" must not
    # match every number holding a 2.
    if len(digits) >= PHONE_SEARCH_MIN_DIGITS and not re.search(r"[^\d\s+().-]", q):
        clauses.append(Customer.phone_digits.contains(digits, autoescape=True))
        if len(digits) >= PHONE_SUFFIX_DIGITS:
            # "06 12 34 56 78" finds "+33 6 12 34 56 78".
            clauses.append(Customer.phone_digits.endswith(digits[-PHONE_SUFFIX_DIGITS:]))
    return sa.or_(*clauses)


def search_customers(
    q: str | None = None,
    barcode: str | None = None,
    *,
    group_id: int | None = None,
    include_erased: bool = False,
    limit: int = 50,
    offset: int = 0,
) -> tuple[list[Customer], int]:
    """Customers matching ``q`` (name, e-mail, phone, card) or ``barcode`` exactly, by
    name; returns ``(page, total count)``."""
    stmt = sa.select(Customer)
    if not include_erased:
        stmt = stmt.where(Customer.erased_at.is_(None))
    if barcode:
        stmt = stmt.where(Customer.card_barcode == barcode.strip())
    if q and q.strip():
        stmt = stmt.where(_search_clause(q))
    if group_id is not None:
        stmt = stmt.where(Customer.group_id == group_id)
    total = db.session.scalar(sa.select(sa.func.count()).select_from(stmt.subquery())) or 0
    rows = db.session.scalars(
        stmt.order_by(sa.func.lower(Customer.name), Customer.id).limit(limit).offset(offset)
    ).all()
    return list(rows), total


def lifetime_totals(customer_id: int) -> dict[str, t.Any]:
    """Sales count, money spent (sales less refunds) and last visit, aggregated in SQL."""
    totals = sales_totals(customer_id=customer_id)
    return {
        "sales_count": totals.count,
        "total_spent": totals.total - totals.refunded,
        "refunded": totals.refunded,
        "last_visit": totals.last_sale_at,
    }


def purchase_history(customer_id: int, limit: int = 50, offset: int = 0) -> Page:
    """The customer's sales, newest first: a page of :class:`core.plugins.SaleView`
    (``items``) and how many there are in all (``total``)."""
    return find_sales(customer_id=customer_id, limit=limit, offset=offset)


# -- groups --------------------------------------------------------------------------------


def list_groups() -> list[CustomerGroup]:
    return list(db.session.scalars(sa.select(CustomerGroup).order_by(CustomerGroup.name)))


def get_group_or_404(group_id: int) -> CustomerGroup:
    group = db.session.get(CustomerGroup, group_id) if 0 < group_id <= MAX_ID else None
    if group is None:
        raise NotFound(_("no customer group %(id)s", id=group_id))
    return group


def _check_group_name(name: str, group_id: int | None = None) -> None:
    clash = db.session.scalar(
        sa.select(CustomerGroup.id).where(sa.func.lower(CustomerGroup.name) == name.lower())
    )
    if clash is not None and clash != group_id:
        raise Conflict(
            _("a group named %(name)r exists", name=name),
            code="duplicate_group",
            fields={"name": [_("taken")]},
        )


def create_group(name: str, discount_percent: Decimal) -> CustomerGroup:
    begin_write()
    _check_group_name(name)
    group = CustomerGroup(name=name, discount_percent=discount_percent, created_at=utcnow())
    db.session.add(group)
    _flush_or_conflict(_("a group with this name exists"), "duplicate_group", "name")
    return group


def update_group(group: CustomerGroup, changes: dict[str, t.Any]) -> CustomerGroup:
    begin_write()
    if "name" in changes:
        _check_group_name(changes["name"], group.id)
    for key in ("name", "discount_percent"):
        if key in changes:
            setattr(group, key, changes[key])
    _flush_or_conflict(_("a group with this name exists"), "duplicate_group", "name")
    return group


# -- customers -----------------------------------------------------------------------------


def _flush_or_conflict(message: str, code: str, field: str) -> None:
    """Write the changes now (the caller commits): a unique constraint lost to a
    concurrent writer becomes a :class:`Conflict`."""
    try:
        db.session.flush()
    except sa.exc.IntegrityError:
        db.session.rollback()
        raise Conflict(message, code=code, fields={field: [_("taken")]}) from None


def _check_values(values: dict[str, t.Any], customer: Customer | None) -> None:
    """Rules the schema cannot see: unique card, existing group, contact if required."""
    problems: dict[str, list[str]] = {}
    code = values.get("card_barcode")
    if code:
        owner = db.session.scalar(sa.select(Customer.id).where(Customer.card_barcode == code))
        if owner is not None and (customer is None or owner != customer.id):
            raise Conflict(
                _("the card %(card)s belongs to another customer", card=code),
                code="duplicate_card",
                fields={"card_barcode": [_("already used")]},
            )
    if values.get("group_id") is not None:
        if db.session.get(CustomerGroup, values["group_id"]) is None:
            problems["group_id"] = [_("no customer group %(id)s", id=values["group_id"])]
    if get_settings("crm")["require_contact"]:
        email = values.get("email", customer.email if customer else None)
        phone = values.get("phone", customer.phone if customer else None)
        if not email and not phone:
            problems["email"] = [_("an e-mail or a phone number is required")]
    if problems:
        raise Invalid(_("some fields are not valid"), fields=problems)


def check_group_assignment(values: dict[str, t.Any], customer: Customer | None = None) -> None:
    """Putting a customer in a group (or moving them) is a manager's permission
    (``crm.assign_group``): a group's discount comes off every sale to its members, so a
    cashier who could pick the group could give themselves 90 % off (issue 18). Called by
    the API and the back office before :func:`create_customer` / :func:`update_customer`.

    :raises Forbidden: without the permission, when the group would change.
    """
    if "group_id" not in values:
        return
    current = customer.group_id if customer is not None else None
    if values["group_id"] != current and not has_permission("crm.assign_group"):
        raise Forbidden(
            "only a manager may put a customer in a discount group",
            code="assign_group_forbidden",
            fields={"group_id": ["needs the permission crm.assign_group"]},
        )


def _record_consent(customer: Customer, given: bool, source: str) -> None:
    now = utcnow()
    customer.marketing_consent = given
    customer.consent_changed_at = now
    db.session.add(ConsentEvent(customer_id=customer.id, given=given, source=source, at=now))


def _apply(customer: Customer, values: dict[str, t.Any]) -> None:
    for key in PROFILE_FIELDS:
        if key in values:
            value = values[key]
            if isinstance(value, str) and key != "notes":
                value = value.strip()
            if key in ("email", "phone", "card_barcode", "language") and not value:
                value = None
            setattr(customer, key, value)
    if "email" in values and customer.email:
        customer.email = customer.email.lower()
    if "phone" in values:
        customer.phone_digits = normalise_phone(customer.phone)
    if "group_id" in values:
        # The relationship, not the column: a customer read earlier keeps a fresh group.
        group_id = values["group_id"]
        customer.group = None if group_id is None else db.session.get(CustomerGroup, group_id)


def create_customer(values: dict[str, t.Any], source: str = "api") -> Customer:
    """Add a customer; ``marketing_consent: true`` records the consent with today's date.

    :raises Conflict: for a card already used.
    :raises Invalid: for an unknown group (or no contact when one is required).
    """
    begin_write()
    _check_values(values, None)
    now = utcnow()
    customer = Customer(created_at=now, updated_at=now, tags=[], address="", notes="")
    _apply(customer, values)
    db.session.add(customer)
    db.session.flush()
    if values.get("marketing_consent"):
        _record_consent(customer, True, source)
    _flush_or_conflict(_("this card belongs to another customer"), "duplicate_card", "card_barcode")
    # After commit, to the plugins that follow new customers (rolled back with it).
    emit_event("crm_customer_created", {"customer_id": customer.id})
    return customer


def update_customer(customer: Customer, changes: dict[str, t.Any], source: str = "api") -> Customer:
    """Change a customer; a change of consent is recorded with its date.

    :raises Conflict: for an erased customer or a card already used.
    """
    if customer.erased:
        raise Conflict(_("this customer was erased"), code="customer_erased")
    begin_write()
    _check_values(changes, customer)
    _apply(customer, changes)
    consent = changes.get("marketing_consent")
    if consent is not None and consent != customer.marketing_consent:
        _record_consent(customer, consent, source)
    customer.updated_at = utcnow()
    _flush_or_conflict(_("this card belongs to another customer"), "duplicate_card", "card_barcode")
    return customer


def withdraw_consent(customer: Customer, source: str) -> bool:
    """Withdraw a customer's marketing consent (an unsubscribe link), recorded with its
    date and ``source``."""
    begin_write()
    _record_consent(customer, False, source)
    customer.updated_at = utcnow()
    return True


def erase_customer(customer: Customer) -> Customer:
    """Erase a customer's personal data (GDPR "right to be forgotten").

    The row and its id stay, so sales keep their ``customer_id``; the name becomes
    "Erased customer #id", contact details, notes, tags and card are emptied, consent is
    withdrawn. Erasing twice changes nothing.
    """
    if customer.erased:
        return customer
    begin_write()
    now = utcnow()
    customer.name = f"Erased customer #{customer.id}"
    customer.email = None
    customer.phone = None
    customer.phone_digits = None
    customer.address = ""
    customer.notes = ""
    customer.tags = []
    customer.card_barcode = None
    customer.group = None
    if customer.marketing_consent or customer.consent_changed_at is None:
        _record_consent(customer, False, "erasure")
    customer.updated_at = now
    customer.erased_at = now
    return customer
