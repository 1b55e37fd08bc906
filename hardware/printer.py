"""Receipt printers speaking ESC/POS, and their simulated twin.

Bytes are produced by python-escpos: ``core.receipts`` lays receipts out with
:class:`~core.receipts.escpos.EscposBuilder` (re-exported here) in its in-memory ``Dummy``
printer, so the simulated printer receives exactly what a real one would. A printer only
moves bytes; plugins never emit bytes.

Real printers are reached through python-escpos: ``Network`` (raw TCP, port 9100), ``Usb``
(vendor and product id) or ``Serial``, where the serial port may be any pyserial URL
(``/dev/ttyUSB0``, ``rfc2217://host:port``, ``loop://`` in tests). Their ``status()`` asks
the printer itself (``DLE EOT``, see :mod:`hardware.printer_status`): offline, cover
open, paper near its end or out, drawer open.
"""

from __future__ import annotations

import threading
import typing as t
from pathlib import Path

import serial

# python-escpos without the logging set-up it does when imported (see core.receipts.escpos).
from core.receipts.escpos import FEED_CUT, EscposBuilder, escpos_printer

from .printer_status import DLE_EOT, QUERIES, PrinterStatus, decode_status, status_bytes

__all__ = [
    "CUT",
    "DRAWER_PULSE_PIN2",
    "DRAWER_PULSE_PIN5",
    "EscposBuilder",
    "EscposPrinter",
    "FEED_CUT",
    "INIT",
    "PrinterStatus",
    "Printer",
    "PrinterError",
    "SimulatedPrinter",
    "network_printer",
    "serial_printer",
    "usb_printer",
]

#: ESC @: reset the printer to its power-on settings.
INIT = b"\x1b@"
#: GS V 0: full cut, where the paper is (receipts end with :data:`FEED_CUT`, which feeds
#: the last line past the cutter first).
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


class EscposPrinter:
    """A real printer behind a python-escpos device (network, USB or serial)."""

    def __init__(
        self,
        device: escpos_printer.Escpos,
        kind: str,
        address: str,
        drawer_open_level: str = "high",
    ) -> None:
        self.device = device
        self.kind = kind
        self.address = address
        #: Pin 3's level when the drawer is open (see :mod:`hardware.printer_status`).
        self.drawer_open_level = drawer_open_level
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

    def printer_status(self) -> PrinterStatus:
        """Ask the printer (``DLE EOT 1``, ``2``, ``4``); :class:`PrinterError` when it
        does not answer, which means it is off or unplugged."""
        with self._lock:
            try:
                self.device.open()
                try:
                    answers = {}
                    for n in QUERIES:
                        self.device._raw(DLE_EOT + bytes([n]))
                        answer = self.device._read()
                        if not answer:
                            raise PrinterError("no answer to DLE EOT")
                        answers[n] = answer[-1]
                finally:
                    self.device.close()
                return decode_status(answers, self.drawer_open_level)
            except PrinterError as exc:
                raise PrinterError(f"{self.kind} printer {self.address}: {exc}") from exc
            except Exception as exc:  # python-escpos and the transports raise many types
                raise PrinterError(f"{self.kind} printer {self.address}: {exc}") from exc

    def status(self) -> dict[str, t.Any]:
        """Where the printer is and its state; ``online`` false with ``problem``
        ``offline`` and the ``reason`` when it cannot be reached."""
        found = {"kind": self.kind, "address": self.address, "simulated": False}
        try:
            state = self.printer_status()
        except PrinterError as exc:
            return {**found, **PrinterStatus(online=False).as_dict(), "reason": str(exc)}
        return {**found, **state.as_dict()}


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

    def _read(self) -> bytes:
        # One status byte: python-escpos reads 16, which waits out the whole timeout.
        return self.device.read(1)


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

    ``jobs`` holds each :meth:`write` separately, ``output`` all of them together. Its
    state is set by hand (:meth:`set_state`: off, cover open, paper near its end or out,
    drawer open) and read back as a real printer's is, through the ``DLE EOT`` bytes a
    printer in that state answers; a job sent while it is not ready raises
    :class:`PrinterError`, as a real printer's transport or spooler would, and is not
    kept.
    """

    kind = "simulated"

    def __init__(self, path: str | Path | None = None) -> None:
        self.path = Path(path) if path else None
        self.jobs: list[bytes] = []
        self.state = PrinterStatus()
        self._lock = threading.Lock()

    def set_state(self, **changes: t.Any) -> None:
        """Change the state: ``online``, ``cover_open``, ``paper`` (``ok``,
        ``near_end``, ``out``), ``drawer_open``, ``error``."""
        fields = ("online", "cover_open", "paper", "drawer_open", "error")
        unknown = set(changes) - set(fields)
        if unknown:
            raise TypeError(f"unknown printer state {sorted(unknown)}")
        if changes.get("paper", "ok") not in ("ok", "near_end", "out"):
            raise ValueError(f"paper: ok, near_end or out, got {changes['paper']!r}")
        with self._lock:
            state = {**self.state.as_dict(), **changes}
            self.state = PrinterStatus(**{key: state[key] for key in fields})

    def printer_status(self) -> PrinterStatus:
        """The state as a printer answering ``DLE EOT`` in it would report it."""
        if not self.state.online:
            raise PrinterError("simulated printer: no answer (switched off)")
        return decode_status(status_bytes(self.state))

    def write(self, data: bytes) -> None:
        with self._lock:
            if not self.state.ready:
                problem = self.printer_status().problem if self.state.online else "offline"
                raise PrinterError(f"simulated printer: {problem}")
            self.jobs.append(bytes(data))
            if self.path is not None:
                self.path.parent.mkdir(parents=True, exist_ok=True)
                with self.path.open("ab") as fh:
                    fh.write(data)

    @property
    def output(self) -> bytes:
        return b"".join(self.jobs)

    def status(self) -> dict[str, t.Any]:
        found = {
            "kind": self.kind,
            "simulated": True,
            "jobs": len(self.jobs),
            "file": str(self.path) if self.path else None,
        }
        try:
            state = self.printer_status()
        except PrinterError as exc:
            return {**found, **PrinterStatus(online=False).as_dict(), "reason": str(exc)}
        return {**found, **state.as_dict()}
