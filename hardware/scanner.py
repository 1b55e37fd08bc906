"""Barcode scanners on a serial line, sending each code followed by CR, LF or CR LF.

Each :meth:`~SerialScanner.read` gives one code and nothing else: the suffix, any
control framing (``STX`` ... ``ETX``, which some scanners add) and the ``prefix`` the
scanner was programmed to send (an AIM symbology identifier such as ``]E0``, a shop's
own marker) are taken off. Scanners in keyboard mode need no driver: the till reads them
as typing.
"""

from __future__ import annotations

import collections
import threading
import typing as t

from ._serial import open_port

__all__ = ["BarcodeScanner", "SerialScanner", "SimulatedScanner"]

#: A code longer than this without a terminator is noise on the line, dropped.
MAX_CODE_LENGTH = 128


@t.runtime_checkable
class BarcodeScanner(t.Protocol):
    kind: str

    def read(self) -> str | None:
        """The next scanned code, or ``None`` when none arrived within the timeout."""
        ...

    def status(self) -> dict[str, t.Any]: ...


class SerialScanner:
    """Reads codes from a serial port; waits at most ``timeout`` seconds per read."""

    kind = "serial"

    def __init__(
        self, url: str, baudrate: int = 9600, timeout: float = 0.2, prefix: str = ""
    ) -> None:
        self.url = url
        self.prefix = prefix
        self._port = open_port(url, baudrate, timeout)
        self._buffer = bytearray()
        self._lock = threading.Lock()

    def read(self) -> str | None:
        with self._lock:
            while True:
                code = self._take_code()
                if code is not None:
                    return code
                chunk = self._port.read(max(1, self._port.in_waiting))
                if not chunk:
                    return None
                self._buffer.extend(chunk)
                if len(self._buffer) > MAX_CODE_LENGTH and not _has_terminator(self._buffer):
                    self._buffer.clear()

    def _take_code(self) -> str | None:
        """The first complete code of the buffer; empty lines (CR LF pairs) are skipped."""
        while True:
            ends = [i for i in (self._buffer.find(b"\r"), self._buffer.find(b"\n")) if i >= 0]
            if not ends:
                return None
            end = min(ends)
            raw = bytes(self._buffer[:end])
            del self._buffer[: end + 1]
            code = _strip_framing(raw.decode("ascii", "replace"))
            if self.prefix and code.startswith(self.prefix):
                code = code[len(self.prefix) :]
            if code:
                return code

    def close(self) -> None:
        """Release the serial port."""
        self._port.close()

    def status(self) -> dict[str, t.Any]:
        return {"kind": self.kind, "port": self.url, "simulated": False}


def _strip_framing(text: str) -> str:
    """The code without spaces around it nor control characters (STX, ETX...)."""
    return "".join(char for char in text if char >= " " and char != "\x7f").strip()


def _has_terminator(buffer: bytearray) -> bool:
    return b"\r" in buffer or b"\n" in buffer


class SimulatedScanner:
    """Hands out the codes it is fed, first in, first out."""

    kind = "simulated"

    def __init__(self) -> None:
        self._codes: collections.deque[str] = collections.deque()

    def feed(self, *codes: str) -> None:
        self._codes.extend(codes)

    def read(self) -> str | None:
        try:
            return self._codes.popleft()
        except IndexError:
            return None

    def status(self) -> dict[str, t.Any]:
        return {"kind": self.kind, "simulated": True, "pending": len(self._codes)}
