"""Customer pole displays: two lines of twenty characters, over a serial line.

Two command sets, both on the display's serial port:

- ``epson``, Epson's ESC/POS customer display commands (DM-D110, DM-D210, DM-D30 and
  the displays that emulate them): ``ESC @`` initialise, ``US MD1`` (``1F 01``)
  overwrite mode, ``CLR`` (``0C``) clear, ``US $ x y`` (``1F 24``) cursor to column
  ``x`` of line ``y``, ``ESC t n`` code page (Epson's numbers: WPC1252 16, CP866 17);
- ``cd5220``, the CD5220 set most other pole displays speak: ``ESC @`` initialise,
  ``CLR`` clear, ``ESC Q A text CR`` the upper line, ``ESC Q B text CR`` the lower one.
  A CD5220 display has no code page command: its table is set on the display (DIP
  switches or its set-up menu) and ``code_pages`` names it.

Text is written in the display's code page, so ``€`` and accents show (WPC1252: ``€``
0x80, ``é`` 0xE9); a Cyrillic line switches to CP866 with ``ESC t 17`` on an Epson
display. A character no page has becomes a readable stand-in or ``?``.
"""

from __future__ import annotations

import threading
import typing as t

from core.receipts.codepages import CP866, CP1252, CodePage, encode, printable

from ._serial import open_port

__all__ = [
    "COLUMNS",
    "COMMAND_SETS",
    "CustomerDisplay",
    "SerialDisplay",
    "SimulatedDisplay",
    "display_bytes",
    "fit_lines",
]

COLUMNS = 20
ROWS = 2
COMMAND_SETS = ("epson", "cd5220")
#: The pages a display writes in, Western first.
DISPLAY_PAGES = (CP1252, CP866)

INIT = b"\x1b@"
CLEAR = b"\x0c"
OVERWRITE = b"\x1f\x01"


@t.runtime_checkable
class CustomerDisplay(t.Protocol):
    kind: str

    def show(self, lines: t.Sequence[str]) -> None: ...

    def status(self) -> dict[str, t.Any]: ...


def fit_lines(
    lines: t.Sequence[str], pages: t.Sequence[CodePage] = DISPLAY_PAGES
) -> tuple[str, str]:
    """Two lines of exactly :data:`COLUMNS` characters the display can show: cut,
    padded, characters outside its ``pages`` replaced (``₽`` -> ``руб.``, ``中`` -> ``?``),
    control characters dropped.

    Raises ``ValueError`` for more than two lines.
    """
    if len(lines) > ROWS:
        raise ValueError(f"a pole display has {ROWS} lines, got {len(lines)}")
    padded = [*lines, *([""] * (ROWS - len(lines)))]
    fitted = (
        printable(str(line).replace("\n", " "), pages)[:COLUMNS].ljust(COLUMNS) for line in padded
    )
    return tuple(fitted)  # type: ignore[return-value]


def display_bytes(
    lines: t.Sequence[str], command_set: str = "epson", pages: t.Sequence[CodePage] = DISPLAY_PAGES
) -> bytes:
    """What a display of ``command_set`` is sent to show ``lines`` (after it was
    initialised)."""
    upper, lower = fit_lines(lines, pages)
    if command_set == "epson":
        # Each line says its page (ESC t): a line never depends on the one before.
        return (
            CLEAR
            + b"\x1f$\x01\x01"
            + encode(upper, pages)
            + b"\x1f$\x01\x02"
            + encode(lower, pages)
        )
    if command_set == "cd5220":
        page = pages[0]
        return (
            b"\x1bQA"
            + upper.encode(page.codec, "replace")
            + b"\r"
            + b"\x1bQB"
            + lower.encode(page.codec, "replace")
            + b"\r"
        )
    raise ValueError(f"command_set: one of {COMMAND_SETS}, got {command_set!r}")


class SerialDisplay:
    """A pole display on a serial port, speaking ``command_set``."""

    kind = "serial"

    def __init__(
        self,
        url: str,
        baudrate: int = 9600,
        command_set: str = "epson",
        code_pages: t.Sequence[CodePage] = DISPLAY_PAGES,
    ) -> None:
        if command_set not in COMMAND_SETS:
            raise ValueError(f"command_set: one of {COMMAND_SETS}, got {command_set!r}")
        self.url = url
        self.command_set = command_set
        # A CD5220 display shows one table: only its characters are sent.
        self.code_pages = tuple(code_pages) if command_set == "epson" else tuple(code_pages)[:1]
        self._port = open_port(url, baudrate)
        self._lock = threading.Lock()
        self._port.write(INIT + (OVERWRITE if command_set == "epson" else b"") + CLEAR)

    def show(self, lines: t.Sequence[str]) -> None:
        data = display_bytes(lines, self.command_set, self.code_pages)
        with self._lock:
            self._port.write(data)
            self._port.flush()

    def close(self) -> None:
        """Release the serial port."""
        self._port.close()

    def status(self) -> dict[str, t.Any]:
        return {
            "kind": self.kind,
            "port": self.url,
            "command_set": self.command_set,
            "simulated": False,
        }


class SimulatedDisplay:
    """Keeps the two lines as the customer would read them."""

    kind = "simulated"

    def __init__(self) -> None:
        self.lines: tuple[str, str] = fit_lines([])

    def show(self, lines: t.Sequence[str]) -> None:
        self.lines = fit_lines(lines)

    def status(self) -> dict[str, t.Any]:
        return {"kind": self.kind, "simulated": True, "lines": list(self.lines)}
