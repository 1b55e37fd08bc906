"""Receipts on paper, byte for byte: 58 and 80 mm, the code pages of French, Dutch and
Russian (``ESC t``, the euro sign, accents, Cyrillic), the large total, the receipt
number as QR code or CODE128, the drawer pulse and the cut.

Built from a document directly: what is tested is the layout and the bytes, which need
no shop (the hardware agent renders exactly so, without an app)."""

from __future__ import annotations

import datetime as dt

import pytest

from core.receipts.codepages import CP858, CP866, CP1252, code_pages_for, printable
from core.receipts.document import ReceiptDocument, ReceiptItem, ReceiptPayment, ReceiptTax
from core.receipts.escpos import EscposBuilder
from core.receipts.render import render_escpos, render_escpos_dict

ESC_AT = b"\x1b@"
FEED_CUT = b"\x1dVA\x00"


def _document(**changes) -> ReceiptDocument:
    values = dict(
        kind="sale",
        currency="EUR",
        locale="fr",
        shop_name="Crème & Bœuf",
        number=42,
        register="R1",
        issued_at=dt.datetime(2024, 3, 5, 14, 7, tzinfo=dt.timezone(dt.timedelta(hours=1))),
        cashier="Zoé",
        total=915,
        subtotal=990,
        discount_total=75,
        items=(
            ReceiptItem("Café", "3", 250, 750, 675, (("Remise", 75),)),
            ReceiptItem("Œuf", "2", 120, 240, 240),
        ),
        taxes=(ReceiptTax("5.5", 227, 13, 240), ReceiptTax("20", 562, 113, 675)),
        payments=(ReceiptPayment("cash", "Espèces", 2000),),
        change=1085,
        footer=("Merci !",),
    )
    values.update(changes)
    return ReceiptDocument(**values)


#: The French receipt on 58 mm paper, barcode number and drawer pulse: every byte.
FRENCH_58MM = (
    b"\x1b@"  # ESC @: initialise
    b"\x1bt\x10"  # ESC t 16: WPC1252
    b"\x1bE\x01\x1ba\x01\x1d!\x11Cr\xe8me & B\x9cuf\n\x1d!\x00\x1ba\x00\x1bE\x00"
    b"--------------------------------\n"
    b"Ticket R1-000042\n"
    b"                05/03/2024 14:07\n"
    b"Caisse R1           Caissier Zo\xe9\n"
    b"--------------------------------\n"
    b"Caf\xe9\n"
    b"  3 x 2,50 \x80              7,50 \x80\n"
    b"  Remise                 -0,75 \x80\n"
    b"\x8cuf\n"
    b"  2 x 1,20 \x80              2,40 \x80\n"
    b"--------------------------------\n"
    b"Sous-total                9,90 \x80\n"
    b"Remises                  -0,75 \x80\n"
    # Bold, GS ! 0x11: double width and height, 16 columns of 32.
    b"\x1bE\x01\x1d!\x11TOTAL     9,15 \x80\n\x1d!\x00\x1bE\x00"
    b"--------------------------------\n"
    b"TVA           HT     TVA   Total\n"
    b"5,5 %     2,27 \x80  0,13 \x80  2,40 \x80\n"
    b"20 %      5,62 \x80  1,13 \x80  6,75 \x80\n"
    b"--------------------------------\n"
    b"Esp\xe8ces                  20,00 \x80\n"
    b"Rendu                    10,85 \x80\n"
    b"--------------------------------\n"
    b"            Merci !\n"
    # Centred CODE128 (GS k 73), 64 dots high, bars 2 dots (3 would not fit 384 dots).
    b"\x1ba\x01\x1dh@\x1dw\x02\x1dH\x02\x1dkI\x0b{BR1-000042\n\x1ba\x00"
    b"\n"
    b"\x1bp\x0022"  # ESC p 0 50 50: drawer on pin 2
    b"\x1dVA\x00"  # GS V 65 0: feed to the cutter, cut
)


def test_a_french_receipt_on_58_mm_paper_byte_for_byte():
    """32 columns; WPC1252 selected once: é 0xE9, è 0xE8, œ 0x9C, Œ 0x8C, € 0x80; the
    tax breakdown by rate; the total double width and height; the number as CODE128;
    the drawer pulse before the cut."""
    data = render_escpos(_document(), paper_mm=58, number_code="barcode", open_drawer=True)
    assert data == FRENCH_58MM
    text_lines = [line for line in data.split(b"\n") if b"\x1b" not in line and b"\x1d" not in line]
    assert max(len(line) for line in text_lines) == 32


def test_80_mm_paper_has_48_columns_and_a_qr_number():
    """80 mm: 48 columns, the receipt number as a native QR code (GS ( k: model 2, module
    6 dots, error correction L, store then print), then the cut."""
    data = render_escpos(_document())
    assert data.startswith(ESC_AT + b"\x1bt\x10")
    assert b"\n" + b"-" * 48 + b"\n" in data and b"-" * 49 not in data
    assert b"Ticket R1-000042                05/03/2024 14:07\n" in data
    assert b"\x1bE\x01\x1d!\x11TOTAL             9,15 \x80\n\x1d!\x00\x1bE\x00" in data
    qr = (
        b"\x1ba\x01"
        b"\x1d(k\x04\x001A2\x00"  # model 2
        b"\x1d(k\x03\x001C\x06"  # 6 dots a module
        b"\x1d(k\x03\x001E0"  # error correction L
        b"\x1d(k\x0c\x001P0R1-000042"  # store the 9 bytes (length + 3)
        b"\x1d(k\x03\x001Q0"  # print
        b"\x1ba\x00"
    )
    assert data.endswith(qr + b"\n" + FEED_CUT)
    assert b"\x1bp" not in data


def test_the_total_is_double_height_only_where_double_width_would_not_fit():
    """A total too long for half the columns keeps full width: GS ! 0x01."""
    data = render_escpos(_document(total=123456789, locale="en"), paper_mm=58)
    assert b"\x1d!\x01TOTAL              \x801,234,567.89\n\x1d!\x00" in data


def test_no_number_code():
    """``number_code="none"`` prints neither QR code nor barcode."""
    data = render_escpos(_document(), number_code="none")
    assert b"\x1d(k" not in data and b"\x1dk" not in data and data.endswith(b"\n" + FEED_CUT)


def test_a_180_dpi_printer_gets_42_columns_and_512_dots():
    """80 mm on an Epson TM-T88 class printer (180 dpi): 42 columns, the total's line
    and the logo laid out for 512 dots."""
    data = render_escpos(_document(), dpi=180)
    assert b"\n" + b"-" * 42 + b"\n" in data and b"-" * 43 not in data
    assert b"\x1d!\x11TOTAL          9,15 \x80\n" in data


@pytest.mark.parametrize(
    "options", [{"paper_mm": 76}, {"number_code": "pdf417"}, {"paper_mm": 58, "dpi": 180}]
)
def test_unknown_options_are_refused(options):
    with pytest.raises(ValueError):
        render_escpos(_document(), **options)


def test_the_existing_call_is_unchanged():
    """``render_escpos(document)`` and ``open_drawer`` as before: 80 mm, QR code; the
    dict form the agent receives gives the same bytes and takes the same options."""
    document = _document()
    assert render_escpos(document) == render_escpos(document, paper_mm=80, number_code="qr")
    assert render_escpos_dict(document.to_dict()) == render_escpos(document)
    assert render_escpos_dict(document.to_dict(), paper_mm=58) == render_escpos(
        document, paper_mm=58
    )
    assert render_escpos(document, open_drawer=True).endswith(b"\x1bp\x0022" + FEED_CUT)


def test_a_dutch_receipt_uses_wpc1252():
    """Dutch: ``€ 9,15`` with the euro at 0x80, ë at 0xEB, WPC1252 selected once."""
    data = render_escpos(
        _document(locale="nl", shop_name="Kaashandel", footer=("Tot ziens, Loïs & Zoë",))
    )
    assert data.startswith(ESC_AT + b"\x1bt\x10") and data.count(b"\x1bt") == 1
    assert b"\x80 9,15\n" in data
    assert b"Tot ziens, Lo\xefs & Zo\xeb" in data


def test_a_russian_receipt_uses_cp866_and_switches_for_the_euro():
    """Russian: CP866 first (ESC t 17), Cyrillic in it (И 0x88, т 0xE2, о 0xAE, г 0xA3);
    the euro sign, which CP866 lacks, switches to WPC1252 (ESC t 16), and the next
    Cyrillic letter back to CP866."""
    data = render_escpos(_document(locale="ru", shop_name="Магазин"))
    assert data.startswith(ESC_AT + b"\x1bt\x11")
    assert "Магазин".encode("cp866") in data
    # ИТОГО, the total, in CP866; then "9,15 €": ESC t 16, 0x80, back to ESC t 17.
    assert b"\x88\x92\x8e\x83\x8e" in data
    assert b"9,15 \x1bt\x10\x80\n" in data
    after = data.split(b"9,15 \x1bt\x10\x80\n", 1)[1]
    # The tax table's head, НДС, back in CP866.
    assert after.startswith(b"\x1d!\x00\x1bE\x00" + b"-" * 48 + b"\n\x1bt\x11\x8d\x84\x91 ")


def test_roubles_and_missing_characters_have_readable_stand_ins():
    """No page has ₽: it prints as руб.; ő as o; a Chinese character as ?; control
    characters (a name carrying ESC p, the drawer kick) are dropped, never sent."""
    pages = code_pages_for("ru")
    assert printable("9,15 ₽", pages) == "9,15 руб."
    assert printable("Erdős 中 \x1bp\x00\x001 kg\n", pages) == "Erdos ? p1 kg\n"
    data = EscposBuilder(locale="ru").text("1 ₽ Erdős \x1bp\x00\n").output()
    assert data == ESC_AT + b"\x1bt\x11" + b"1 \xe0\xe3\xa1. Erdos p\n"


def test_code_pages_by_language():
    """French, Dutch and English write in WPC1252 first, Russian in CP866; a printer
    without WPC1252 can be given CP858 (euro at 0xD5)."""
    assert code_pages_for("fr") == (CP1252, CP866)
    assert code_pages_for("nl_NL") == (CP1252, CP866)
    assert code_pages_for("ru") == (CP866, CP1252)
    assert (CP1252.number, CP866.number, CP858.number) == (16, 17, 19)
    data = EscposBuilder(code_pages=(CP858, CP866)).text("Crème 2,50 €\n").output()
    assert data == ESC_AT + b"\x1bt\x13" + b"Cr\x8ame 2,50 \xd5\n"


def test_drawer_pulse_on_pin_2_and_pin_5():
    """ESC p m t1 t2: m 0 for pin 2, 1 for pin 5; 50 x 2 ms on and off."""
    assert EscposBuilder().pulse(2).output() == ESC_AT + b"\x1bt\x10" + b"\x1bp\x00\x32\x32"
    assert EscposBuilder().pulse(5).output() == ESC_AT + b"\x1bt\x10" + b"\x1bp\x01\x32\x32"
    with pytest.raises(ValueError):
        EscposBuilder().pulse(3)
