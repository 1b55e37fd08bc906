"""The loyalty section of a receipt: points earned and spent, and the balance after."""

from __future__ import annotations

from flask_babel import gettext as _

from core.plugins import ReceiptRow, ReceiptSection

from . import services


def loyalty_section(sale) -> list[ReceiptSection] | None:
    if sale.customer_id is None:
        return None
    entries = services.entries_for_sale(sale.id)
    rows: list[ReceiptRow] = []
    earned = sum(e.points for e in entries if e.kind == services.EARN)
    spent = -sum(e.points for e in entries if e.kind == services.REDEEM)
    if spent:
        rows.append(ReceiptRow(_("Points redeemed"), str(spent)))
    rows.append(ReceiptRow(_("Points earned"), str(earned)))
    sale_entries = [e for e in entries if e.kind in (services.EARN, services.REDEEM)]
    if sale_entries:
        after = sale_entries[-1].balance_after
    else:
        account = services.get_account(sale.customer_id)
        if account is None:
            return None
        after = int(account.points)
    rows.append(ReceiptRow(_("Points balance"), str(after), emphasis=True))
    tier = next((e.data.get("tier") for e in entries if e.kind == services.EARN), None)
    if tier:
        rows.append(ReceiptRow(_("Tier"), tier))
    return [ReceiptSection(_("Loyalty"), tuple(rows), order=60)]
