"""The receipt preview: ESC/POS bytes read back (text in its code page, styles, codes,
pictures, marks) and the back office's page showing a sale's receipt as it will print."""

from __future__ import annotations

import pytest
from receipt_shop import make_shop, sell_known_sale
from test_receipt_paper import FRENCH_58MM, _document

from core.receipts.escpos import EscposBuilder
from core.receipts.escpos_preview import decode, to_html
from core.receipts.render import render_escpos, render_text

LABELS = {"cut": "cut", "pulse": "drawer (pin %(pin)s)", "qr": "QR", "barcode": "Barcode"}


def _texts(lines) -> list[str]:
    return [line.text for line in lines if line.kind == "text"]


def test_the_decoder_reads_back_what_the_renderer_wrote():
    """Every text line of the 58 mm French receipt comes back as written, accents and
    euro signs decoded from WPC1252; the shop's name and the total double size and
    bold; the number as its CODE128 value; the drawer pulse on pin 2, then the cut."""
    lines = decode(FRENCH_58MM)
    texts = _texts(lines)
    assert texts[0] == "Crème & Bœuf"
    assert "Ticket R1-000042" in texts and "  3 x 2,50 €              7,50 €" in texts
    assert "Œuf" in texts and "Espèces                  20,00 €" in texts
    (total,) = [line for line in lines if line.text.startswith("TOTAL")]
    assert total.text == "TOTAL     9,15 €"
    assert [(s.bold, s.width, s.height) for s in total.spans] == [(True, 2, 2)]
    assert lines[0].align == "center" and lines[0].spans[0].width == 2
    codes = [(line.kind, line.value, line.align) for line in lines if line.kind != "text"]
    assert codes == [
        ("barcode", "R1-000042", "center"),
        ("pulse", "2", "left"),
        ("cut", "", "left"),
    ]


def test_the_decoded_body_is_the_text_layout():
    """On 80 mm paper the lines between the head and the foot read as the renderer laid
    them out for 48 columns (the total aside, printed large)."""
    document = _document(locale="en", shop_name="Corner Shop")
    lines = decode(render_escpos(document))
    texts = _texts(lines)
    assert texts[1] == "-" * 48
    assert "Subtotal                                   €9.90" in texts
    assert [text for text in texts if text][-2:] == ["-" * 48, "Merci !".center(48).rstrip()]
    assert [line.value for line in lines if line.kind == "qr"] == ["R1-000042"]
    # The 42-column text receipt holds the same words.
    for word in ("Subtotal", "Cash", "Change", "Receipt R1-000042"):
        assert any(word in text for text in texts)
        assert word in render_text(document)


def test_russian_text_is_read_in_cp866():
    """Cyrillic comes back from CP866, the euro sign from WPC1252 after ESC t 16."""
    texts = _texts(decode(render_escpos(_document(locale="ru", shop_name="Магазин"))))
    assert texts[0] == "Магазин"
    assert any(text.startswith("ИТОГО") and text.endswith("9,15 €") for text in texts)


def test_a_raster_logo_becomes_a_picture():
    """GS v 0 comes back as a PNG of its size."""
    import base64
    import io

    from PIL import Image

    out = io.BytesIO()
    Image.new("L", (20, 20), 0).save(out, "PNG")  # a black square: 256 dots, centred
    logo = "data:image/png;base64," + base64.b64encode(out.getvalue()).decode()
    lines = decode(EscposBuilder(32, 384).logo(logo).output())
    (picture,) = [line for line in lines if line.kind == "image"]
    assert picture.size == (384, 256)
    image = Image.open(io.BytesIO(picture.image))
    assert image.size == (384, 256)
    assert (
        image.convert("L").getpixel((192, 128)) == 0 and image.convert("L").getpixel((0, 0)) == 255
    )


def test_the_html_escapes_the_receipt():
    """A name with markup shows as text; the marks are worded by the labels."""
    data = EscposBuilder().text("<script>alert(1)</script> & co\n").pulse(5).cut().output()
    html = str(to_html(decode(data), 48, LABELS))
    assert "<script>" not in html and "&lt;script&gt;alert(1)&lt;/script&gt; &amp; co" in html
    assert "drawer (pin 5)" in html and 'class="mark mark-cut"' in html
    assert "--columns: 48" in html


def test_unknown_commands_and_truncated_bytes_do_not_break_the_preview():
    """Commands the preview does not show are skipped with their parameters (underline
    ESC - 1, line spacing ESC 2 and ESC 3 n, left margin GS L nL nH); bytes cut short end
    the read."""
    lines = decode(
        b"\x1b@\x1bt\x10\x1b-\x01\x1b2\x1b3\x18\x1dL\x00\x00Caf\xe9\n"
        b"\x1d(k\x04\x001A2\x00\x1dv0\x00\xff"
    )
    assert _texts(lines)[0] == "Café"


def test_python_escpos_styles_are_read_too():
    """ESC ! (python-escpos' set()): bold, double height, double width."""
    (line,) = decode(b"\x1b@\x1b!\x38Big\n")
    assert [(s.text, s.bold, s.width, s.height) for s in line.spans] == [("Big", True, 2, 2)]


# -- the back office's page --------------------------------------------------------------


def test_preview_page_shows_the_latest_sale(app, cashier_api, manager_api):
    """Without ``sale`` the latest sale is shown, on 80 mm by default, in the store's
    language; ``paper_mm=58`` lays it out in 32 columns."""
    sale = sell_known_sale(app, cashier_api, make_shop(app))
    page = manager_api.get("/admin/receipts/preview")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert "Chez Comptoir" in html and "R1-000001" in html and "--columns: 48" in html
    assert "TOTAL" in html and "€9.15" in html
    narrow = manager_api.get(f"/admin/receipts/preview?sale={sale['id']}&paper_mm=58&code=barcode")
    html = narrow.get_data(as_text=True)
    assert narrow.status_code == 200 and "--columns: 32" in html and "code-barcode" in html
    by_register = manager_api.get("/admin/receipts/preview?register=1&paper_mm=58")
    assert by_register.status_code == 200 and "R1-000001" in by_register.get_data(as_text=True)
    tm_t88 = manager_api.get("/admin/receipts/preview?dpi=180")
    assert tm_t88.status_code == 200 and "--columns: 42" in tm_t88.get_data(as_text=True)


def test_preview_page_without_sales_shows_a_sample(app, manager_api):
    make_shop(app)
    page = manager_api.get("/admin/receipts/preview")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert "Chez Comptoir" in html and "Croissant" in html and "No sale yet" in html


@pytest.mark.parametrize(
    "query, status",
    [
        ("paper_mm=76", 400),
        ("code=pdf417", 400),
        ("register=abc", 400),
        ("dpi=300", 400),
        ("paper_mm=58&dpi=180", 400),
        ("sale=not-a-sale", 404),
        # A fixed id: pytest-xdist workers must collect the same parameters.
        ("sale=0b1e9f1c-55a1-4c4e-9d2f-6f3c2a7e8b10", 404),
    ],
)
def test_preview_page_refuses_bad_input(app, manager_api, query, status):
    make_shop(app)
    assert manager_api.get(f"/admin/receipts/preview?{query}").status_code == status


def test_cashiers_do_not_see_the_preview(app, cashier_api):
    make_shop(app)
    assert cashier_api.get("/admin/receipts/preview").status_code == 403
