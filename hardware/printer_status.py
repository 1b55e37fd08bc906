"""A receipt printer's state, read with ESC/POS real-time status requests (``DLE EOT n``).

The printer answers each request with one byte, even while it is offline, out of paper
or has its cover open (that is what real-time means); bits 1 and 4 are always 1 and
bits 0 and 7 always 0, which tells an answer from noise. The bits read (Epson TM
series; Bixolon, Citizen and most Epson-compatible printers answer alike):

=========  ===================================================================
``n = 1``  printer status: bit 2 drawer connector pin 3 high, bit 3 offline
``n = 2``  offline cause: bit 2 cover open, bit 5 stopped at paper end, bit 6 error
``n = 4``  roll paper sensor: bits 2-3 paper near its end, bits 5-6 paper out
=========  ===================================================================

Whether a high pin 3 means the drawer is open depends on the drawer's switch: most
report open as high, and ``drawer_open_level="low"`` reads the others.
"""

from __future__ import annotations

import typing as t
from dataclasses import dataclass

__all__ = [
    "DLE_EOT",
    "PrinterStatus",
    "StatusAnswerError",
    "decode_status",
    "status_bytes",
]

DLE_EOT = b"\x10\x04"
#: The requests sent, in order.
QUERIES = (1, 2, 4)
_FIXED = 0b0001_0010
_FIXED_MASK = 0b1001_0011


class StatusAnswerError(ValueError):
    """A byte that is not a status answer (bits 0, 1, 4 and 7 wrong)."""


@dataclass(frozen=True)
class PrinterStatus:
    """What the till shows about a printer."""

    online: bool = True
    cover_open: bool = False
    #: ``ok``, ``near_end`` (still printing: change the roll soon) or ``out``.
    paper: str = "ok"
    drawer_open: bool = False
    error: bool = False

    @property
    def ready(self) -> bool:
        """Whether a job sent now would print."""
        return self.online and not self.cover_open and self.paper != "out" and not self.error

    @property
    def problem(self) -> str | None:
        """The first thing to fix, as a code the till translates, or ``None``."""
        if self.cover_open:
            return "cover_open"
        if self.paper == "out":
            return "paper_out"
        if self.error:
            return "error"
        if not self.online:
            return "offline"
        if self.paper == "near_end":
            return "paper_near_end"
        return None

    def as_dict(self) -> dict[str, t.Any]:
        return {
            "online": self.online,
            "ready": self.ready,
            "cover_open": self.cover_open,
            "paper": self.paper,
            "drawer_open": self.drawer_open,
            "error": self.error,
            "problem": self.problem,
        }


def _checked(byte: int) -> int:
    if byte & _FIXED_MASK != _FIXED:
        raise StatusAnswerError(f"not a status byte: 0x{byte:02x}")
    return byte


def decode_status(answers: t.Mapping[int, int], drawer_open_level: str = "high") -> PrinterStatus:
    """The state told by the answers to ``DLE EOT 1``, ``2`` and ``4`` (by ``n``)."""
    printer, offline, paper = (_checked(answers[n]) for n in QUERIES)
    pin3_high = bool(printer & 0b0000_0100)
    if paper & 0b0110_0000 or offline & 0b0010_0000:
        roll = "out"
    elif paper & 0b0000_1100:
        roll = "near_end"
    else:
        roll = "ok"
    return PrinterStatus(
        online=not printer & 0b0000_1000,
        cover_open=bool(offline & 0b0000_0100),
        paper=roll,
        drawer_open=pin3_high if drawer_open_level == "high" else not pin3_high,
        error=bool(offline & 0b0100_0000),
    )


def status_bytes(status: PrinterStatus, drawer_open_level: str = "high") -> dict[int, int]:
    """The bytes a printer in ``status`` answers (the simulated printer's, and the
    device twins' of the tests): the inverse of :func:`decode_status`."""
    pin3_high = status.drawer_open if drawer_open_level == "high" else not status.drawer_open
    # A printer that is not ready is offline (cover open, paper out, error).
    offline = not status.online or not status.ready
    printer = _FIXED | (0b0100 if pin3_high else 0) | (0b1000 if offline else 0)
    cause = (
        _FIXED
        | (0b0000_0100 if status.cover_open else 0)
        | (0b0010_0000 if status.paper == "out" else 0)
        | (0b0100_0000 if status.error else 0)
    )
    roll = _FIXED | {"ok": 0, "near_end": 0b0000_1100, "out": 0b0110_1100}[status.paper]
    return {1: printer, 2: cause, 4: roll}
