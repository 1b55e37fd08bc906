"""Device protocols against simulated devices on real serial lines (pseudo-terminals) and
TCP: the pole display's command sets, the scales' protocols, the serial scanner and the
printer's real-time status (``DLE EOT``)."""

from __future__ import annotations

from decimal import Decimal

import pytest
from device_twins import AndScaleTwin, NetworkPrinterTwin, PtyTwin, ToledoScaleTwin

from hardware.display import SerialDisplay, SimulatedDisplay, display_bytes, fit_lines
from hardware.drawer import PrinterDrawer, SimulatedDrawer
from hardware.printer import PrinterError, SimulatedPrinter, network_printer
from hardware.printer_status import (
    PrinterStatus,
    StatusAnswerError,
    decode_status,
    status_bytes,
)
from hardware.scale import ScaleError, SerialScale, SimulatedScale, Weight, parse_toledo
from hardware.scanner import SerialScanner


@pytest.fixture
def twin():
    made = []

    def make(kind, *args):
        device = kind(*args)
        made.append(device)
        return device

    yield make
    for device in made:
        device.close()


# -- pole display ------------------------------------------------------------------------


def test_epson_display_initialises_clears_and_writes_both_lines(twin):
    """ESC @ and overwrite mode (US MD1) and CLR once; then each show clears, puts the
    cursor at line 1 (US $ 1 1), selects WPC1252 (ESC t 16) for ``é`` 0xE9 and ``€``
    0x80, and at line 2 (US $ 1 2); 20 characters a line."""
    device = twin(PtyTwin)
    display = SerialDisplay(device.port)
    display.show(["Café crème", "Total 3,50 €"])
    expected = (
        b"\x1b@\x1f\x01\x0c"
        + b"\x0c"
        + b"\x1f$\x01\x01\x1bt\x10Caf\xe9 cr\xe8me          "
        + b"\x1f$\x01\x02\x1bt\x10Total 3,50 \x80        "
    )
    assert device.wait_for(len(expected)) == expected
    display.close()


def test_epson_display_writes_cyrillic_in_cp866(twin):
    """A Russian line selects CP866 (ESC t 17); the euro sign switches to WPC1252."""
    device = twin(PtyTwin)
    display = SerialDisplay(device.port)
    display.show(["Итого", "9,15 €"])
    upper = b"\x1f$\x01\x01\x1bt\x11" + "Итого".encode("cp866") + b" " * 15
    lower = b"\x1f$\x01\x02\x1bt\x109,15 \x80" + b" " * 14
    expected = b"\x1b@\x1f\x01\x0c" + b"\x0c" + upper + lower
    assert device.wait_for(len(expected)) == expected
    display.close()


def test_cd5220_display_writes_upper_and_lower_lines(twin):
    """CD5220: ESC @, CLR, then ESC Q A line CR and ESC Q B line CR, in the display's
    table (WPC1252 here)."""
    device = twin(PtyTwin)
    display = SerialDisplay(device.port, command_set="cd5220")
    display.show(["Total", "9,15 €"])
    expected = (
        b"\x1b@\x0c"
        + b"\x1bQA"
        + b"Total".ljust(20)
        + b"\r"
        + b"\x1bQB"
        + b"9,15 \x80".ljust(20)
        + b"\r"
    )
    assert device.wait_for(len(expected)) == expected
    display.close()


def test_display_lines_fit_and_keep_accents():
    """Lines are cut or padded to 20; accents and € are kept (the display shows them);
    what no page has gets a stand-in; more than two lines is refused."""
    assert fit_lines(["Café crème", "Total 3,50 €"]) == (
        "Café crème          ",
        "Total 3,50 €        ",
    )
    assert fit_lines(["A" * 25]) == ("A" * 20, " " * 20)
    assert fit_lines(["9 ₽ 中\x1b"]) == ("9 руб. ?".ljust(20), " " * 20)
    with pytest.raises(ValueError):
        fit_lines(["1", "2", "3"])
    with pytest.raises(ValueError):
        display_bytes(["x"], "vfd-unknown")


def test_simulated_display_shows_what_a_customer_reads():
    display = SimulatedDisplay()
    display.show(["Croissant", "1,20 €"])
    assert display.lines == ("Croissant           ", "1,20 €              ")


# -- scales ------------------------------------------------------------------------------


def test_toledo_scale_gives_a_stable_weight(twin):
    """8217: the till sends W, the scale answers STX 01.235 CR: 1.235 kg."""
    device = twin(ToledoScaleTwin)
    device.kilograms = Decimal("1.235")
    scale = SerialScale(device.port, timeout=5)
    assert scale.weigh() == Weight(Decimal("1.235"), True)
    device.kilograms = Decimal("0")
    assert scale.weigh() == Weight(Decimal("0.000"), True)
    assert bytes(device.received) == b"WW"
    scale.close()


@pytest.mark.parametrize(
    "state, reason",
    [
        ({"motion": True}, "motion"),
        ({"overload": True}, "overload"),
        ({"kilograms": Decimal("-0.020")}, "negative"),
    ],
)
def test_toledo_scale_refuses_what_cannot_be_sold(twin, state, reason):
    """Motion, over capacity and under zero come back as a status byte: a ScaleError
    with that reason each, never a weight."""
    device = twin(ToledoScaleTwin)
    device.kilograms = Decimal("0.500")
    for key, value in state.items():
        setattr(device, key, value)
    scale = SerialScale(device.port, timeout=5)
    with pytest.raises(ScaleError) as raised:
        scale.weigh()
    assert raised.value.reason == reason
    scale.close()


def test_silent_toledo_scale_is_no_answer(twin):
    """A scale that does not answer within the timeout: reason no_answer, no hang."""
    device = twin(ToledoScaleTwin)
    device.silent = True
    scale = SerialScale(device.port, timeout=0.2)
    with pytest.raises(ScaleError) as raised:
        scale.weigh()
    assert raised.value.reason == "no_answer"
    scale.close()


@pytest.mark.parametrize(
    "answer, reason",
    [(b"\x02?\x20\r", "garbled"), (b"\x02ab.cde\r", "garbled"), (b"\x0201234\r", None)],
)
def test_toledo_answers(answer, reason):
    """A status byte without a known bit and noise are garbled; digits without a point
    are grams."""
    if reason is None:
        assert parse_toledo(answer) == Weight(Decimal("1.234"), True)
        return
    with pytest.raises(ScaleError) as raised:
        parse_toledo(answer)
    assert raised.value.reason == reason


@pytest.mark.parametrize(
    "answer, result",
    [
        (b"ST,+0001.234kg\r\n", Weight(Decimal("1.234"), True)),
        (b"ST,+  455.0 g\r\n", Weight(Decimal("0.455"), True)),
        (b"US,+0000.500kg\r\n", "motion"),
        (b"ST,-0000.010kg\r\n", "negative"),
        (b"OL,+9999.999kg\r\n", "overload"),
    ],
)
def test_a_and_d_scale(twin, answer, result):
    """A&D: the till sends Q CR LF; only ST with a weight of zero or more is sold."""
    device = twin(AndScaleTwin, answer)
    scale = SerialScale(device.port, timeout=5, protocol="ad")
    if isinstance(result, Weight):
        assert scale.weigh() == result
    else:
        with pytest.raises(ScaleError) as raised:
            scale.weigh()
        assert raised.value.reason == result
    assert bytes(device.received) == b"Q\r\n"
    scale.close()


def test_simulated_scale_answers_as_a_real_one():
    """Settable weight, motion, overload and silence, refused as a real scale's."""
    scale = SimulatedScale("1.5")
    assert scale.weigh() == Weight(Decimal("1.500"), True)
    for kwargs, reason in (
        ({"stable": False}, "motion"),
        ({"kilograms": "-0.1"}, "negative"),
        ({"overloaded": True}, "overload"),
        ({"silent": True}, "no_answer"),
    ):
        scale.set(**{"kilograms": "1.5", **kwargs})
        with pytest.raises(ScaleError) as raised:
            scale.weigh()
        assert raised.value.reason == reason
        assert scale.status()["reason"] == reason


# -- scanner -----------------------------------------------------------------------------


def test_serial_scanner_reads_one_bare_code_per_read(twin):
    """Codes end with CR, LF or CR LF; STX/ETX framing and the programmed prefix are
    taken off; nothing waiting is None."""
    device = twin(PtyTwin)
    scanner = SerialScanner(device.port, timeout=0.5, prefix="]E0")
    device.send(b"]E03017620422003\r\n\x02]E04006381333931\x03\r")
    assert scanner.read() == "3017620422003"
    assert scanner.read() == "4006381333931"
    scanner._port.timeout = 0.05
    assert scanner.read() is None
    scanner.close()


# -- printer status ----------------------------------------------------------------------


@pytest.mark.parametrize(
    "state, problem",
    [
        (PrinterStatus(), None),
        (PrinterStatus(paper="near_end"), "paper_near_end"),
        (PrinterStatus(paper="out"), "paper_out"),
        (PrinterStatus(cover_open=True), "cover_open"),
        (PrinterStatus(drawer_open=True), None),
    ],
)
def test_network_printer_status_from_dle_eot(state, problem):
    """The printer is asked DLE EOT 1, 2 and 4 and its answers decoded."""
    device = NetworkPrinterTwin()
    device.state = state
    try:
        printer = network_printer("127.0.0.1", device.port, timeout=5)
        found = printer.status()
        assert bytes(device.received) == b"\x10\x04\x01\x10\x04\x02\x10\x04\x04"
        assert found["problem"] == problem
        assert found["paper"] == state.paper and found["drawer_open"] == state.drawer_open
        assert found["cover_open"] == state.cover_open
        assert found["ready"] == (problem in (None, "paper_near_end"))
    finally:
        device.close()


def test_printer_that_does_not_answer_is_offline():
    """No printer at the address: online false, problem offline, the reason given."""
    device = NetworkPrinterTwin()
    port = device.port
    device.close()
    found = network_printer("127.0.0.1", port, timeout=2).status()
    assert (found["online"], found["problem"]) == (False, "offline")
    assert f"127.0.0.1:{port}" in found["reason"]


def test_status_bytes_are_epsons():
    """Fixed bits 1 and 4 set; paper out sets bits 5-6 of n=4 and 5 of n=2; a byte
    with the fixed bits wrong is no answer."""
    assert status_bytes(PrinterStatus()) == {1: 0x12, 2: 0x12, 4: 0x12}
    assert status_bytes(PrinterStatus(paper="out")) == {1: 0x1A, 2: 0x32, 4: 0x7E}
    assert status_bytes(PrinterStatus(drawer_open=True)) == {1: 0x16, 2: 0x12, 4: 0x12}
    assert decode_status({1: 0x12, 2: 0x12, 4: 0x12}, drawer_open_level="low").drawer_open
    with pytest.raises(StatusAnswerError):
        decode_status({1: 0x01, 2: 0x12, 4: 0x12})


def test_simulated_printer_states():
    """Out of paper, cover open and off refuse jobs (PrinterError) and say why in
    status(); near end still prints."""
    printer = SimulatedPrinter()
    printer.set_state(paper="out")
    assert printer.status()["problem"] == "paper_out"
    with pytest.raises(PrinterError, match="paper_out"):
        printer.write(b"job")
    printer.set_state(paper="near_end")
    printer.write(b"job")
    assert printer.status()["problem"] == "paper_near_end" and printer.jobs == [b"job"]
    printer.set_state(paper="ok", cover_open=True)
    assert printer.status()["problem"] == "cover_open"
    printer.set_state(cover_open=False, online=False)
    assert printer.status()["problem"] == "offline"
    with pytest.raises(PrinterError, match="offline"):
        printer.write(b"job")
    printer.set_state(online=True)
    printer.write(b"again")
    assert printer.jobs == [b"job", b"again"]
    with pytest.raises(ValueError):
        printer.set_state(paper="wet")


def test_drawer_status_through_the_printer():
    """A drawer wired to the printer is open when the printer's pin 3 says so; the
    simulated drawer stays open until closed."""
    printer = SimulatedPrinter()
    drawer = PrinterDrawer(printer)
    assert drawer.status()["open"] is False
    printer.set_state(drawer_open=True)
    assert drawer.status()["open"] is True
    printer.set_state(online=False)
    assert drawer.status()["open"] is None
    simulated = SimulatedDrawer()
    simulated.open()
    assert simulated.status()["open"] is True
    simulated.close()
    assert simulated.status()["open"] is False
