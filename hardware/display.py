"""Customer pole displays: two lines of twenty characters, over a serial line.

The serial driver speaks the CD5220 command set that most pole displays understand or
emulate: ``ESC @`` initialises, ``ESC Q A <text> CR`` writes the upper line and
``ESC Q B <text> CR`` the lower one. The displays show ASCII reliably, so accents are
stripped (``é`` -> ``e``) and other characters become ``?``.
"""

from __future__ import annotations

import threading
import typing as t
import unicodedata

from ._serial import open_port

__all__ = ["COLUMNS", "CustomerDisplay", "SerialDisplay", "SimulatedDisplay", "fit_lines"]

COLUMNS = 20
ROWS = 2


@t.runtime_checkable
class CustomerDisplay(t.Protocol):
    kind: str

    def show(self, lines: t.Sequence[str]) -> None: ...

    def status(self) -> dict[str, t.Any]: ...


def fit_lines(lines: t.Sequence[str]) -> tuple[str, str]:
    """Two lines of exactly :data:`COLUMNS` ASCII characters: cut, padded, accents off.

    Raises ``ValueError`` for more than two lines.
    """
    if len(lines) > ROWS:
        raise ValueError(f"a pole display has {ROWS} lines, got {len(lines)}")
    padded = [*lines, *([""] * (ROWS - len(lines)))]
    return tuple(_ascii(str(line))[:COLUMNS].ljust(COLUMNS) for line in padded)  # type: ignore[return-value]


def _ascii(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text.replace("€", "EUR"))
    kept = "".join(c for c in decomposed if not unicodedata.combining(c))
    return "".join(c if " " <= c <= "~" else "?" for c in kept)


class SerialDisplay:
    """A pole display on a serial port (CD5220 commands)."""

    kind = "serial"

    def __init__(self, url: str, baudrate: int = 9600) -> None:
        self.url = url
        self._port = open_port(url, baudrate)
        self._lock = threading.Lock()
        self._port.write(b"\x1b@")

    def show(self, lines: t.Sequence[str]) -> None:
        upper, lower = fit_lines(lines)
        with self._lock:
            self._port.write(
                b"\x1bQA"
                + upper.encode("ascii")
                + b"\r"
                + b"\x1bQB"
                + lower.encode("ascii")
                + b"\r"
            )
            self._port.flush()

    def close(self) -> None:
        """Release the serial port."""
        self._port.close()

    def status(self) -> dict[str, t.Any]:
        return {"kind": self.kind, "port": self.url, "simulated": False}


class SimulatedDisplay:
    """Keeps the two lines as the customer would read them."""

    kind = "simulated"

    def __init__(self) -> None:
        self.lines: tuple[str, str] = fit_lines([])

    def show(self, lines: t.Sequence[str]) -> None:
        self.lines = fit_lines(lines)

    def status(self) -> dict[str, t.Any]:
        return {"kind": self.kind, "simulated": True, "lines": list(self.lines)}
