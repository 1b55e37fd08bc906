"""The store's logo at the top of printed (ESC/POS) receipts: a ``GS v 0`` raster image
as wide as the paper, the logo scaled into it, centred and dithered to black and white;
converted once, not for every receipt."""

from __future__ import annotations

import base64
import io

from PIL import Image
from receipt_shop import make_shop, sell_known_sale

from core.db import db
from core.receipts.document import sale_receipt
from core.receipts.escpos import LOGO_MAX_DOTS_HIGH, PRINTER_DOTS, logo_raster
from core.receipts.render import render_escpos_dict
from core.sales.models import Sale
from core.settings import save_settings

GS_V_0 = b"\x1dv0"
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


def _png(size: tuple[int, int], grey: int, mode: str = "L") -> str:
    out = io.BytesIO()
    Image.new(mode, size, grey).save(out, "PNG")
    return "data:image/png;base64," + base64.b64encode(out.getvalue()).decode("ascii")


def _set_logo(app, logo: str) -> None:
    with app.app_context():
        save_settings("store", {"receipt_logo": logo})
        db.session.commit()


def _escpos(api, sale_id: str) -> bytes:
    response = api.get(f"/api/v1/sales/{sale_id}/receipt?format=escpos")
    assert response.status_code == 200
    return response.data


def _sold(app, api, ids) -> bytes:
    return _escpos(api, sell_known_sale(app, api, ids)["id"])


def _raster(data: bytes) -> tuple[int, int, bytes]:
    """(bytes per row, rows, dots) of the one raster image in ``data``."""
    assert data.count(GS_V_0) == 1
    at = data.index(GS_V_0) + len(GS_V_0)
    width = data[at + 1] + 256 * data[at + 2]
    height = data[at + 3] + 256 * data[at + 4]
    return width, height, data[at + 5 : at + 5 + width * height]


def test_a_black_square_logo_is_printed_centred_and_scaled(app, cashier_api):
    ids = make_shop(app)
    _set_logo(app, _png((100, 100), 0))
    data = _sold(app, cashier_api, ids)
    width, height, dots = _raster(data)
    # As wide as 80 mm paper (576 dots: 72 bytes), the square as high as a logo may be.
    assert (width, height) == (PRINTER_DOTS // 8, LOGO_MAX_DOTS_HIGH)
    assert len(dots) == width * height
    # Before the shop's name, after ESC @.
    assert data.startswith(b"\x1b@") and data.index(GS_V_0) < data.index(b"Chez Comptoir")
    # A 256-dot square in the middle: 160 dots of white paper each side (1 = black).
    for row in (0, height // 2, height - 1):
        line = dots[row * width : (row + 1) * width]
        assert line[:20] == bytes(20) and line[-20:] == bytes(20)
        assert line[20:52] == b"\xff" * 32


def test_a_grey_logo_is_dithered_not_thresholded(app, cashier_api):
    ids = make_shop(app)
    _set_logo(app, _png((400, 100), 128))
    width, height, dots = _raster(_sold(app, cashier_api, ids))
    assert width == PRINTER_DOTS // 8 and height == 144  # 400x100 scaled to 576 across
    black = sum(bin(byte).count("1") for byte in dots) / (width * 8 * height)
    assert 0.4 < black < 0.6, black


def test_a_transparent_logo_prints_as_paper(app, cashier_api):
    ids = make_shop(app)
    _set_logo(app, _png((50, 50), (0, 0, 0, 0), mode="RGBA"))
    _width, _height, dots = _raster(_sold(app, cashier_api, ids))
    assert not any(dots)


def test_no_logo_no_image(app, cashier_api):
    ids = make_shop(app)
    data = _sold(app, cashier_api, ids)
    assert GS_V_0 not in data and b"\x1d(L" not in data and b"\x1b*" not in data


def test_the_logo_is_converted_once_for_many_receipts(app, cashier_api):
    ids = make_shop(app)
    _set_logo(app, _png((120, 60), 0))
    logo_raster.cache_clear()
    first = _sold(app, cashier_api, ids)
    second = _sold(app, cashier_api, ids)
    assert _raster(first) == _raster(second)
    info = logo_raster.cache_info()
    assert (info.misses, info.hits) == (1, 1)


def test_a_logo_that_cannot_be_decoded_leaves_the_receipt_printable(app, cashier_api):
    """A PNG's signature followed by garbage passes the upload's check; the receipt
    prints without it."""
    ids = make_shop(app)
    _set_logo(app, "data:image/png;base64," + base64.b64encode(PNG_SIGNATURE + b"junk").decode())
    data = _sold(app, cashier_api, ids)
    assert GS_V_0 not in data and b"Chez Comptoir" in data and data.endswith(b"\x1dVA\x00")


def test_the_hardware_agent_prints_the_logo_it_is_sent(app, cashier_api):
    """The agent renders the document's dict without an app; the logo travels in it."""
    ids = make_shop(app)
    _set_logo(app, _png((10, 10), 0))
    sale_id = sell_known_sale(app, cashier_api, ids)["id"]
    with app.app_context():
        sent = sale_receipt(db.session.get(Sale, sale_id)).to_dict()
    printed = render_escpos_dict(sent)
    assert _raster(printed)[:2] == (PRINTER_DOTS // 8, LOGO_MAX_DOTS_HIGH)


def test_on_58_mm_paper_the_logo_is_scaled_to_384_dots(app, cashier_api):
    """A wide logo on 58 mm paper fills its 384 dots (48 bytes a row), height in step."""
    ids = make_shop(app)
    _set_logo(app, _png((400, 100), 0))
    sale_id = sell_known_sale(app, cashier_api, ids)["id"]
    with app.app_context():
        sent = sale_receipt(db.session.get(Sale, sale_id)).to_dict()
    width, height, dots = _raster(render_escpos_dict(sent, paper_mm=58))
    assert (width, height) == (48, 96)
    assert dots == b"\xff" * (48 * 96)
