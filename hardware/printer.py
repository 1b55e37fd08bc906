"""Receipt printers speaking ESC/POS, and their simulated twin.

Bytes are produced by python-escpos (:class:`EscposBuilder` wraps its in-memory ``Dummy``
printer), so the simulated printer receives exactly what a real one would. A printer only
moves bytes: receipts are laid out by ``core.receipts``; plugins never emit bytes.

Real printers are reached through python-escpos: ``Network`` (raw TCP, port 9100), ``Usb``
(vendor and product id) or ``Serial``, where the serial port may be any pyserial URL
(``/dev/ttyUSB0``, ``rfc2217://host:port``, ``loop://`` in tests).
"""

from __future__ import annotations

import logging
import threading
import typing as t
from pathlib import Path

import serial

# python-escpos calls logging.basicConfig() when imported, which would print every log
# record of the application on stderr: take back the handler it installs.
_root_handlers = list(logging.getLogger().handlers)
from escpos import printer as escpos_printer  # noqa: E402

for _handler in logging.getLogger().handlers[len(_root_handlers) :]:
    logging.getLogger().removeHandler(_handler)

__all__ = [
    "CUT",
    "DRAWER_PULSE_PIN2",
    "DRAWER_PULSE_PIN5",
    "EscposBuilder",
    "EscposPrinter",
    "INIT",
    "Printer",
    "PrinterError",
    "SimulatedPrinter",
    "network_printer",
    "serial_printer",
    "usb_printer",
]

#: ESC @: reset the printer to its power-on settings.
INIT = b"\x1b@"
#: GS V 0: full cut.
CUT = b"\x1dV\x00"
#: ESC p m t1 t2: a pulse on the drawer connector's pin 2 (m=0) or pin 5 (m=1), on for
#: t1 x 2 ms and off for t2 x 2 ms (python-escpos sends 50 and 50: 100 ms each).
DRAWER_PULSE_PIN2 = b"\x1bp\x00\x32\x32"
DRAWER_PULSE_PIN5 = b"\x1bp\x01\x32\x32"


class PrinterError(Exception):
    """The printer could not be reached or refused the data."""


@t.runtime_checkable
class Printer(t.Protocol):
    """What every receipt printer offers: raw ESC/POS bytes in, a status out."""

    kind: str

    def write(self, data: bytes) -> None: ...

    def status(self) -> dict[str, t.Any]: ...


class EscposBuilder:
    """Lays out ESC/POS commands with python-escpos and hands back the bytes.

    Starts with ``ESC @``. Text is encoded by python-escpos' code-page selection, so
    accented letters and the euro sign print on the printer's own code pages.
    """

    def __init__(self, columns: int = 42) -> None:
        self.columns = columns
        self._dummy = escpos_printer.Dummy()
        self._dummy.hw("INIT")

    def text(
        self,
        text: str,
        *,
        bold: bool = False,
        align: str = "left",
        double: bool = False,
    ) -> EscposBuilder:
        """Print ``text`` (newlines included) in the given style, then reset the style."""
        styled = bold or align != "left" or double
        if styled:
            self._dummy.set(
                bold=bold,
                align=align,
                double_width=double,
                double_height=double,
                normal_textsize=not double,
            )
        self._dummy.text(text)
        if styled:
            self._dummy.set(
                bold=False,
                align="left",
                normal_textsize=True,
            )
        return self

    def barcode(self, code: str, kind: str = "CODE128") -> EscposBuilder:
        """A barcode drawn by the printer itself, centred, digits printed below.

        Written as raw ``GS k`` commands because python-escpos' ``barcode()`` prints a
        message to standard output, which would garble the agent's and the CLI's output.
        """
        if kind == "EAN13":
            if not (code.isdigit() and len(code) in (12, 13)):
                raise ValueError(f"not an EAN-13: {code!r}")
            data, system = code.encode("ascii"), 67
        elif kind == "CODE128":
            data, system = b"{B" + code.encode("ascii", "replace"), 73
        else:
            raise ValueError(f"unsupported barcode kind {kind!r}")
        if len(data) > 255:
            raise ValueError("barcode too long")
        self._dummy._raw(
            b"\x1ba\x01"  # centre
            + b"\x1dh\x40"  # height 64 dots
            + b"\x1dw\x03"  # module width 3
            + b"\x1dH\x02"  # human-readable digits below
            + b"\x1dk"
            + bytes([system, len(data)])
            + data
            + b"\n\x1ba\x00"
        )
        return self

    def qr(self, content: str) -> EscposBuilder:
        """A QR code drawn by the printer (native ``GS ( k``), centred."""
        self._dummy.set(align="center")
        self._dummy.qr(content, native=True, size=6)
        self._dummy.set(align="left")
        return self

    def feed(self, lines: int = 1) -> EscposBuilder:
        self._dummy.text("\n" * lines)
        return self

    def pulse(self, pin: int = 2) -> EscposBuilder:
        """Kick the cash drawer wired to the printer."""
        self._dummy.cashdraw(pin)
        return self

    def cut(self) -> EscposBuilder:
        """Feed past the cutter and cut (``GS V 0``)."""
        self._dummy.cut()
        return self

    def output(self) -> bytes:
        return bytes(self._dummy.output)


class EscposPrinter:
    """A real printer behind a python-escpos device (network, USB or serial)."""

    def __init__(self, device: escpos_printer.Escpos, kind: str, address: str) -> None:
        self.device = device
        self.kind = kind
        self.address = address
        self._lock = threading.Lock()

    def write(self, data: bytes) -> None:
        with self._lock:
            try:
                self.device.open()
                try:
                    self.device._raw(data)
                finally:
                    self.device.close()
            except Exception as exc:  # python-escpos raises many types; the caller needs one
                raise PrinterError(f"{self.kind} printer {self.address}: {exc}") from exc

    def status(self) -> dict[str, t.Any]:
        return {"kind": self.kind, "address": self.address, "simulated": False}


class _UrlSerial(escpos_printer.Serial):
    """python-escpos' serial printer, opened with ``serial_for_url`` so that any pyserial
    URL works (and ``loop://`` tests the real code path without a device)."""

    def open(self, raise_not_found: bool = True) -> None:
        if self._device:
            return  # kept open between receipts (see close)
        try:
            self.device = serial.serial_for_url(
                self.devfile,
                baudrate=self.baudrate,
                bytesize=self.bytesize,
                parity=self.parity,
                stopbits=self.stopbits,
                timeout=self.timeout,
                xonxoff=self.xonxoff,
                dsrdtr=self.dsrdtr,
            )
        except (ValueError, serial.SerialException) as exc:
            self.device = None
            raise PrinterError(f"serial printer {self.devfile}: {exc}") from exc

    def close(self) -> None:
        # Kept open: a loop:// port forgets its bytes when closed, and a real port is
        # cheaper to keep than to reopen for every receipt.
        pass


def network_printer(host: str, port: int = 9100, timeout: float = 10) -> EscposPrinter:
    """A printer on the network (raw TCP, usually port 9100)."""
    return EscposPrinter(
        escpos_printer.Network(host, port=port, timeout=timeout), "network", f"{host}:{port}"
    )


def usb_printer(vendor_id: int, product_id: int) -> EscposPrinter:
    """A USB printer, by vendor and product id (``lsusb``)."""
    return EscposPrinter(
        escpos_printer.Usb(vendor_id, product_id), "usb", f"{vendor_id:04x}:{product_id:04x}"
    )


def serial_printer(url: str, baudrate: int = 9600) -> EscposPrinter:
    """A serial printer on a pyserial URL or device path."""
    return EscposPrinter(_UrlSerial(url, baudrate=baudrate, dsrdtr=False), "serial", url)


class SimulatedPrinter:
    """Keeps every byte it is sent, in memory and optionally appended to a file.

    ``jobs`` holds each :meth:`write` separately, ``output`` all of them together.
    """

    kind = "simulated"

    def __init__(self, path: str | Path | None = None) -> None:
        self.path = Path(path) if path else None
        self.jobs: list[bytes] = []
        self._lock = threading.Lock()

    def write(self, data: bytes) -> None:
        with self._lock:
            self.jobs.append(bytes(data))
            if self.path is not None:
                self.path.parent.mkdir(parents=True, exist_ok=True)
                with self.path.open("ab") as fh:
                    fh.write(data)

    @property
    def output(self) -> bytes:
        return b"".join(self.jobs)

    def status(self) -> dict[str, t.Any]:
        return {
            "kind": self.kind,
            "simulated": True,
            "jobs": len(self.jobs),
            "file": str(self.path) if self.path else None,
        }
