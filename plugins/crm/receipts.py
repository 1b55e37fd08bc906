"""The crm section of a receipt: who bought, and what their group saved them."""

from __future__ import annotations

from flask_babel import gettext as _

from core.plugins import ReceiptRow, ReceiptSection, format_money, get_settings

from .services import get_customer


def customer_section(sale, store) -> list[ReceiptSection] | None:
    if sale.customer_id is None:
        return None
    rows: list[ReceiptRow] = []
    customer = get_customer(sale.customer_id)
    if customer is not None and get_settings("crm")["print_customer_on_receipt"]:
        rows.append(ReceiptRow(_("Customer"), customer.name))
    saved: dict[str, int] = {}
    for line in sale.lines:
        for adjustment in line.adjustments or []:
            if adjustment.get("source") == "crm":
                label = adjustment.get("label", "")
                saved[label] = saved.get(label, 0) + int(adjustment.get("amount", 0))
    locale = store.values.get("locale", "en") if store is not None else "en"
    for label, amount in saved.items():
        rows.append(
            ReceiptRow(
                _("You saved (%(discount)s)", discount=label),
                format_money(amount, sale.currency, locale),
            )
        )
    if not rows:
        return None
    # Written in the store's language: the core builds receipts under it.
    return [ReceiptSection(_("Customer"), tuple(rows), order=50)]
