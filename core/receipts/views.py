"""The back office's receipt preview: a sale's receipt as it will print, read back from
the ESC/POS bytes the printer is sent (:mod:`.escpos_preview`), on 58 or 80 mm paper, in
the store's language.

``/admin/receipts/preview?sale=<id>`` shows that sale; without it, the register's latest
sale (``register=<id>``) or the store's, or a sample receipt before the first sale.
``paper_mm`` (80 or 58), ``dpi`` (203, or 180 for 80 mm on an Epson TM-T88) and
``code`` (``qr``, ``barcode``, ``none``: how the receipt number prints) follow the
printer's settings; the Devices page links here with them.
"""

from __future__ import annotations

import uuid

import sqlalchemy as sa
from flask import Blueprint, abort, render_template, request
from flask_babel import gettext as _

from ..auth.permissions import require_back_office
from ..db import db
from ..sales.models import Sale
from .document import sale_receipt, sample_receipt
from .escpos_preview import decode, to_html
from .render import NUMBER_CODES, PAPERS, WIDTHS, render_escpos

pages = Blueprint("receipts_admin", __name__, url_prefix="/admin/receipts")


@pages.route("/preview")
@require_back_office("settings.manage")
def preview():
    paper_mm = _choice("paper_mm", {str(mm): mm for mm in PAPERS}, "80")
    code = _choice("code", {name: name for name in NUMBER_CODES}, "qr")
    dpi = _choice("dpi", {str(dpi): dpi for _mm, dpi in WIDTHS}, "203")
    if (paper_mm, dpi) not in WIDTHS:
        abort(400, _("%(name)s: one of %(allowed)s", name="dpi", allowed="203"))
    sale = _sale()
    document = sale_receipt(sale) if sale is not None else sample_receipt()
    data = render_escpos(document, paper_mm=paper_mm, number_code=code, dpi=dpi)
    labels = {
        "cut": _("cut"),
        "pulse": _("drawer opened (pin %(pin)s)"),
        "qr": _("QR code"),
        "barcode": _("Barcode"),
    }
    return render_template(
        "admin/receipts/preview.html",
        paper=to_html(decode(data), WIDTHS[(paper_mm, dpi)][0], labels),
        sale=sale,
        sample=sale is None,
        paper_mm=paper_mm,
        papers=sorted(PAPERS),
        code=code,
        codes=NUMBER_CODES,
        size=len(data),
        args=request.args.to_dict(),
    )


def _choice(name: str, allowed: dict, default: str):
    raw = request.args.get(name, default)
    if raw not in allowed:
        abort(400, _("%(name)s: one of %(allowed)s", name=name, allowed=", ".join(allowed)))
    return allowed[raw]


def _sale() -> Sale | None:
    """The sale asked for (404 if there is none such), else the latest one, of the
    register if one is named."""
    wanted = request.args.get("sale")
    if wanted:
        try:
            key = str(uuid.UUID(wanted))
        except ValueError:
            abort(404)
        sale = db.session.get(Sale, key)
        if sale is None:
            abort(404)
        return sale
    query = sa.select(Sale).where(Sale.status == "completed")
    register = request.args.get("register")
    if register:
        if not register.isdigit():
            abort(400, _("register: a register id"))
        query = query.where(Sale.register_id == int(register))
    return db.session.scalars(
        query.order_by(Sale.completed_at.desc(), Sale.id.desc()).limit(1)
    ).first()
