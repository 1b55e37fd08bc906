"""Cash drawers, kicked open through the receipt printer's drawer connector.

A drawer has no data line of its own: the printer sends it an electric pulse when it
receives ``ESC p``. The simulated twin records each opening instead.
"""

from __future__ import annotations

import datetime as dt
import threading
import typing as t

from .printer import DRAWER_PULSE_PIN2, DRAWER_PULSE_PIN5, Printer, PrinterError

__all__ = ["CashDrawer", "PrinterDrawer", "SimulatedDrawer"]


@t.runtime_checkable
class CashDrawer(t.Protocol):
    kind: str

    def open(self) -> None: ...

    def status(self) -> dict[str, t.Any]: ...


class PrinterDrawer:
    """A drawer wired to a printer's RJ-11 drawer port, on pin 2 (most drawers) or 5."""

    kind = "printer"

    def __init__(self, printer: Printer, pin: int = 2) -> None:
        if pin not in (2, 5):
            raise ValueError("a drawer is wired to pin 2 or pin 5")
        self.printer = printer
        self.pin = pin

    def open(self) -> None:
        self.printer.write(DRAWER_PULSE_PIN2 if self.pin == 2 else DRAWER_PULSE_PIN5)

    def status(self) -> dict[str, t.Any]:
        """The pin, and whether the drawer is open as the printer reads its switch
        (``None`` when the printer cannot say: it is off, or has no status)."""
        found: dict[str, t.Any] = {"kind": self.kind, "pin": self.pin, "printer": self.printer.kind}
        ask = getattr(self.printer, "printer_status", None)
        try:
            found["open"] = ask().drawer_open if ask is not None else None
        except PrinterError:
            found["open"] = None
        return found


class SimulatedDrawer:
    """Records when it was opened (UTC timestamps in ``openings``); it stays open until
    :meth:`close` (the cashier pushing it shut)."""

    kind = "simulated"

    def __init__(self) -> None:
        self.openings: list[dt.datetime] = []
        self.is_open = False
        self._lock = threading.Lock()

    def open(self) -> None:
        with self._lock:
            self.openings.append(dt.datetime.now(dt.UTC))
            self.is_open = True

    def close(self) -> None:
        self.is_open = False

    def status(self) -> dict[str, t.Any]:
        return {
            "kind": self.kind,
            "simulated": True,
            "openings": len(self.openings),
            "open": self.is_open,
        }
