"""Drawers, displays, scanners and scales: simulated twins and the serial drivers."""

from __future__ import annotations

from decimal import Decimal

import pytest
from device_servers import ScalePeer

from hardware.display import SimulatedDisplay
from hardware.drawer import PrinterDrawer, SimulatedDrawer
from hardware.printer import SimulatedPrinter
from hardware.scale import ScaleError, SerialScale, SimulatedScale, Weight, parse_weight
from hardware.scanner import SerialScanner, SimulatedScanner


def test_printer_drawer_sends_the_pulse_through_the_printer():
    """A drawer wired to the printer is opened by ESC p on its pin."""
    printer = SimulatedPrinter()
    PrinterDrawer(printer).open()
    PrinterDrawer(printer, pin=5).open()
    assert printer.jobs == [b"\x1bp\x00\x32\x32", b"\x1bp\x01\x32\x32"]


def test_drawer_pin_must_be_2_or_5():
    """Drawer connectors have pins 2 and 5 only."""
    with pytest.raises(ValueError):
        PrinterDrawer(SimulatedPrinter(), pin=3)


def test_simulated_drawer_records_openings():
    """The simulated drawer counts its openings, with their time."""
    drawer = SimulatedDrawer()
    drawer.open()
    drawer.open()
    assert len(drawer.openings) == 2
    assert drawer.openings[0] <= drawer.openings[1]
    assert drawer.status()["openings"] == 2


def test_simulated_display_keeps_both_lines():
    """The simulated display shows what a customer would read."""
    display = SimulatedDisplay()
    display.show(["Croissant", "1.20"])
    assert display.lines == ("Croissant           ", "1.20                ")


def test_serial_scanner_reads_terminated_codes():
    """Codes end with CR, LF or CR LF; blank lines are skipped; none waiting is None."""
    scanner = SerialScanner("loop://", timeout=0.05)
    scanner._port.write(b"3017620422003\r\n4006381333931\n\r\nABC-1\r")
    assert scanner.read() == "3017620422003"
    assert scanner.read() == "4006381333931"
    assert scanner.read() == "ABC-1"
    assert scanner.read() is None


def test_serial_scanner_keeps_a_partial_code_until_its_end():
    """A code split across reads is returned whole once its terminator arrives."""
    scanner = SerialScanner("loop://", timeout=0.05)
    scanner._port.write(b"30176")
    assert scanner.read() is None
    scanner._port.write(b"20422003\r")
    assert scanner.read() == "3017620422003"


def test_simulated_scanner_hands_out_fed_codes_in_order():
    """Codes fed to the simulated scanner come back first in, first out."""
    scanner = SimulatedScanner()
    scanner.feed("111", "222")
    assert [scanner.read(), scanner.read(), scanner.read()] == ["111", "222", None]


@pytest.mark.parametrize(
    "line, weight",
    [
        (b"ST,+0001.234kg\r\n", Weight(Decimal("1.234"), True)),
        (b"US,+0000.500kg\r\n", Weight(Decimal("0.500"), False)),
        (b"ST,+  455.0 g\r\n", Weight(Decimal("0.455"), True)),
        (b"ST,-0000.010kg\r\n", Weight(Decimal("-0.010"), True)),
    ],
)
def test_parse_weight(line, weight):
    """Answers give the weight in kilograms with 3 decimals and whether it is stable."""
    assert parse_weight(line) == weight


@pytest.mark.parametrize("line", [b"OL,+9999.999kg\r\n", b"hello\r\n", b"ST,kg\r\n"])
def test_parse_weight_refuses_overload_and_noise(line):
    """An overload or anything that is not a weight raises ScaleError."""
    with pytest.raises(ScaleError):
        parse_weight(line)


def test_silent_serial_scale_raises():
    """No answer within the timeout is a ScaleError, not a hang."""
    peer = ScalePeer(None)
    try:
        scale = SerialScale(f"socket://127.0.0.1:{peer.port}", timeout=0.2)
        with pytest.raises(ScaleError, match="no answer"):
            scale.weigh()
        scale.close()
    finally:
        peer.close()


def test_simulated_scale_weight_is_settable():
    """The simulated scale gives the weight it was set to; an unstable one is refused."""
    scale = SimulatedScale()
    assert scale.weigh() == Weight(Decimal("0.000"), True)
    scale.set("1.5")
    assert scale.weigh() == Weight(Decimal("1.500"), True)
    assert scale.status()["weight"] == "1.500"
    scale.set("1.5", stable=False)
    with pytest.raises(ScaleError, match="not stable"):
        scale.weigh()
