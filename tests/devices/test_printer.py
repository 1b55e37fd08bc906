"""Receipt printers: ESC/POS bytes, the simulated twin and the real transports."""

from __future__ import annotations

import pytest
from device_servers import RawPrinterPeer

from hardware.printer import (
    CUT,
    DRAWER_PULSE_PIN2,
    INIT,
    EscposBuilder,
    PrinterError,
    SimulatedPrinter,
    network_printer,
    serial_printer,
)


def test_builder_starts_with_init_and_ends_with_cut():
    """A job starts with ESC @ and its code page (ESC t 16), and the cut feeds to the
    cutter then cuts (GS V 65 0)."""
    data = EscposBuilder().text("Hello\n").cut().output()
    assert data == b"\x1b@\x1bt\x10Hello\n\x1dVA\x00"


def test_constants_are_the_escpos_commands():
    """The named commands are the ESC/POS byte sequences."""
    assert INIT == b"\x1b\x40"
    assert CUT == b"\x1d\x56\x00"
    assert DRAWER_PULSE_PIN2 == b"\x1b\x70\x00\x32\x32"


def test_drawer_pulse_bytes():
    """The drawer pulse is ESC p 0 with 100 ms on and off, as python-escpos sends it."""
    assert EscposBuilder().pulse().output() == b"\x1b@\x1bt\x10" + b"\x1bp\x0022"


def test_bold_centred_double_text_is_reset_after():
    """Styled text switches bold (ESC E 1), centring (ESC a 1) and double size (GS ! 0x11)
    on, and back off after the text, in the reverse order."""
    data = EscposBuilder().text("Shop\n", bold=True, align="center", double=True).output()
    assert data == (
        b"\x1b@\x1bt\x10"
        + b"\x1bE\x01\x1ba\x01\x1d!\x11"
        + b"Shop\n"
        + b"\x1d!\x00\x1ba\x00\x1bE\x00"
    )
    tall = EscposBuilder().text("9.15\n", size=(1, 2)).output()
    assert tall.endswith(b"\x1d!\x019.15\n\x1d!\x00")


def test_euro_sign_uses_a_code_page_that_has_it():
    """Text is encoded in WPC1252 (ESC t 16), which has the euro sign at 0x80."""
    data = EscposBuilder().text("9,15 €\n").output()
    assert data == b"\x1b@\x1bt\x10" + b"9,15 \x80\n"


def test_code128_barcode_bytes():
    """CODE128 is GS k 73 with its length and code set B, digits printed below (GS H 2)."""
    data = EscposBuilder().barcode("LOY42").output()
    assert b"\x1dw\x03\x1dH\x02\x1dkI\x07{BLOY42" in data
    narrow = EscposBuilder(32, 384).barcode("R1-000042-LONGER-CODE").output()
    assert b"\x1dw\x01\x1dH\x02" in narrow  # bars 1 dot wide to fit 384 dots


def test_ean13_barcode_bytes_and_refusal():
    """EAN-13 is GS k 67 with 13 digits; anything else is refused."""
    data = EscposBuilder().barcode("3017620422003", "EAN13").output()
    assert b"\x1dkC\x0d3017620422003" in data
    with pytest.raises(ValueError):
        EscposBuilder().barcode("ABC", "EAN13")


def test_qr_code_is_native():
    """QR codes are drawn by the printer (GS ( k), storing then printing the data."""
    data = EscposBuilder().qr("https://example.org").output()
    assert b"\x1d(k" in data and b"https://example.org" in data
    assert data.count(b"\x1d(k") >= 4


def test_simulated_printer_keeps_exact_bytes(tmp_path):
    """The simulated printer keeps each job and appends them to its file."""
    printer = SimulatedPrinter(tmp_path / "out" / "printer.bin")
    printer.write(b"\x1b@one")
    printer.write(b"two\x1dV\x00")
    assert printer.jobs == [b"\x1b@one", b"two\x1dV\x00"]
    assert printer.output == b"\x1b@onetwo\x1dV\x00"
    assert (tmp_path / "out" / "printer.bin").read_bytes() == printer.output
    assert printer.status()["jobs"] == 2


def test_serial_printer_sends_bytes_down_the_line():
    """The serial printer (python-escpos over a pyserial URL) writes the job as is."""
    printer = serial_printer("loop://")
    job = EscposBuilder().text("Receipt\n").cut().output()
    printer.write(job)
    port = printer.device.device
    assert port.read(len(job)) == job


def test_network_printer_sends_bytes_over_tcp():
    """The network printer connects, sends the job and closes (raw TCP, port 9100)."""
    peer = RawPrinterPeer()
    try:
        printer = network_printer("127.0.0.1", peer.port, timeout=5)
        job = EscposBuilder().text("Net\n").cut().output()
        printer.write(job)
        assert peer.done.wait(5)
        assert peer.received == [job]
    finally:
        peer.close()


def test_unreachable_network_printer_raises_printer_error():
    """A printer that cannot be reached raises PrinterError naming it."""
    peer = RawPrinterPeer()
    port = peer.port
    peer.close()
    with pytest.raises(PrinterError, match=f"127.0.0.1:{port}"):
        network_printer("127.0.0.1", port, timeout=2).write(b"x")
