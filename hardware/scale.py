"""Weighing scales on a serial line, and their simulated twin.

Protocol (the common "W" request with an A&D-style answer, which many retail scales
speak or can be set to):

- the till sends ``W`` CR;
- the scale answers one line ``HH,<sign><number><unit>`` CR LF, for example
  ``ST,+0001.234kg``. ``HH`` is ``ST`` (stable), ``US`` (unstable, still moving) or
  ``OL`` (overload); the unit is ``kg`` or ``g`` (spaces around it are allowed).

A weight is a ``Decimal`` in kilograms with three decimals, the precision of a sale line.
Only a stable weight may be sold; the till waits or asks again otherwise.
"""

from __future__ import annotations

import re
import threading
import typing as t
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from ._serial import open_port

__all__ = ["Scale", "ScaleError", "SerialScale", "SimulatedScale", "Weight", "parse_weight"]

REQUEST = b"W\r"
_ANSWER = re.compile(r"^(ST|US|OL),\s*([+-]?\s*\d+(?:\.\d+)?)\s*(kg|g)\s*$", re.IGNORECASE)
_GRAM = Decimal("0.001")


class ScaleError(Exception):
    """No answer, an answer that is not a weight, or an overload."""


@dataclass(frozen=True)
class Weight:
    kilograms: Decimal
    stable: bool

    def as_dict(self) -> dict[str, t.Any]:
        return {"weight": str(self.kilograms), "unit": "kg", "stable": self.stable}


@t.runtime_checkable
class Scale(t.Protocol):
    kind: str

    def weigh(self) -> Weight: ...

    def status(self) -> dict[str, t.Any]: ...


def parse_weight(line: bytes | str) -> Weight:
    """Read one answer line of the protocol above."""
    text = line.decode("ascii", "replace") if isinstance(line, bytes) else line
    match = _ANSWER.match(text.strip())
    if match is None:
        raise ScaleError(f"not a weight: {text.strip()!r}")
    header, number, unit = match.group(1).upper(), match.group(2), match.group(3).lower()
    if header == "OL":
        raise ScaleError("the scale is overloaded")
    try:
        value = Decimal(number.replace(" ", ""))
    except InvalidOperation:  # pragma: no cover - the pattern only lets numbers through
        raise ScaleError(f"not a number: {number!r}") from None
    if unit == "g":
        value = value / 1000
    return Weight(kilograms=value.quantize(_GRAM), stable=header == "ST")


class SerialScale:
    """A scale on a serial port; each :meth:`weigh` asks once and waits ``timeout``."""

    kind = "serial"

    def __init__(self, url: str, baudrate: int = 9600, timeout: float = 1.0) -> None:
        self.url = url
        self._port = open_port(url, baudrate, timeout)
        self._lock = threading.Lock()

    def weigh(self) -> Weight:
        with self._lock:
            # An answer to an earlier request that timed out must not pass for this one.
            self._port.reset_input_buffer()
            self._port.write(REQUEST)
            self._port.flush()
            line = self._port.read_until(b"\n")
        if not line.endswith(b"\n"):
            raise ScaleError(f"no answer from the scale on {self.url}")
        return parse_weight(line)

    def close(self) -> None:
        """Release the serial port."""
        self._port.close()

    def status(self) -> dict[str, t.Any]:
        return {"kind": self.kind, "port": self.url, "simulated": False}


class SimulatedScale:
    """A scale whose weight and stability are set by hand (demo, tests)."""

    kind = "simulated"

    def __init__(self, kilograms: Decimal | str = "0.000", stable: bool = True) -> None:
        self.set(kilograms, stable)

    def set(self, kilograms: Decimal | str, stable: bool = True) -> None:
        self.kilograms = Decimal(kilograms).quantize(_GRAM)
        self.stable = stable

    def weigh(self) -> Weight:
        return Weight(kilograms=self.kilograms, stable=self.stable)

    def status(self) -> dict[str, t.Any]:
        return {"kind": self.kind, "simulated": True, **self.weigh().as_dict()}
