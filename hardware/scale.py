"""Weighing scales on a serial line, and their simulated twin.

Two protocols, each a request from the till and one answer:

- ``toledo``, the Mettler Toledo 8217 protocol that most POS scales and scanner-scales
  speak or can be set to (Mettler Toledo Ariva and 8217 models, Datalogic Magellan
  scanner-scales, CAS PD-II and Bizerba in their "8217"/"Toledo" mode). The till sends
  ``W``; a stable weight comes back as ``STX 01.234 CR`` (kilograms, decimal point
  included); any other state as ``STX ? s CR`` whose status byte ``s`` says why: bit 0
  in motion, bit 1 over capacity, bit 2 under zero.
- ``ad``, A&D's standard format (A&D FX-i, GX/GF, EK-i, SJ series): the till sends
  ``Q CR LF``; the scale answers ``ST,+0001.234kg CR LF``, the header ``ST`` stable,
  ``US`` unstable, ``OL`` overload; the unit ``kg`` or ``g``.

:meth:`Scale.weigh` gives only a stable weight of zero or more, in kilograms with three
decimals (the precision of a sale line); anything else is a :class:`ScaleError` whose
``reason`` the till can show: ``motion``, ``negative``, ``overload``, ``no_answer`` or
``garbled``.
"""

from __future__ import annotations

import json
import re
import threading
import typing as t
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from pathlib import Path

from ._serial import open_port

__all__ = [
    "PROTOCOLS",
    "Scale",
    "ScaleError",
    "SerialScale",
    "SimulatedScale",
    "Weight",
    "parse_toledo",
    "parse_weight",
]

PROTOCOLS = ("toledo", "ad")
#: The request of each protocol.
REQUESTS = {"toledo": b"W", "ad": b"Q\r\n"}
#: The end of each protocol's answer.
ANSWER_ENDS = {"toledo": b"\r", "ad": b"\n"}
#: The A&D answer: header, signed number, unit.
_ANSWER = re.compile(r"^(ST|US|OL),\s*([+-]?\s*\d+(?:\.\d+)?)\s*(kg|g)\s*$", re.IGNORECASE)
_TOLEDO_WEIGHT = re.compile(rb"^\x02(\d{1,3}\.\d{1,3}|\d{1,6})\r$")
_GRAM = Decimal("0.001")
REASONS = ("motion", "negative", "overload", "no_answer", "garbled")


class ScaleError(Exception):
    """No weight to sell: ``reason`` is one of :data:`REASONS`."""

    def __init__(self, reason: str, message: str) -> None:
        super().__init__(message)
        self.reason = reason


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
    """Read one A&D answer line, whatever it says (stable or not, negative)."""
    text = line.decode("ascii", "replace") if isinstance(line, bytes) else line
    match = _ANSWER.match(text.strip())
    if match is None:
        raise ScaleError("garbled", f"not a weight: {text.strip()!r}")
    header, number, unit = match.group(1).upper(), match.group(2), match.group(3).lower()
    if header == "OL":
        raise ScaleError("overload", "the scale is overloaded")
    try:
        value = Decimal(number.replace(" ", ""))
    except InvalidOperation:  # pragma: no cover - the pattern only lets numbers through
        raise ScaleError("garbled", f"not a number: {number!r}") from None
    if unit == "g":
        value = value / 1000
    return Weight(kilograms=value.quantize(_GRAM), stable=header == "ST")


def parse_toledo(answer: bytes) -> Weight:
    """Read one 8217 answer: a stable weight, or the :class:`ScaleError` its status
    byte gives (motion first: a moving load may read as anything)."""
    if answer.startswith(b"\x02?") and len(answer) == 4 and answer.endswith(b"\r"):
        status = answer[2]
        if status & 0b001:
            raise ScaleError("motion", "the weight is not stable yet")
        if status & 0b010:
            raise ScaleError("overload", "the scale is overloaded")
        if status & 0b100:
            raise ScaleError("negative", "the scale reads below zero: zero it")
        raise ScaleError("garbled", f"the scale gives no weight (status 0x{status:02x})")
    match = _TOLEDO_WEIGHT.match(answer)
    if match is None:
        raise ScaleError("garbled", f"not a weight: {answer!r}")
    digits = match.group(1).decode("ascii")
    # Without a decimal point the weight is in grams (scales set to 3 implied decimals).
    value = Decimal(digits) if "." in digits else Decimal(digits) / 1000
    return Weight(kilograms=value.quantize(_GRAM), stable=True)


def sellable(weight: Weight) -> Weight:
    """``weight`` if it may be sold: stable and not below zero."""
    if not weight.stable:
        raise ScaleError("motion", "the weight is not stable yet")
    if weight.kilograms < 0:
        raise ScaleError("negative", "the scale reads below zero: zero it")
    return weight


class SerialScale:
    """A scale on a serial port; each :meth:`weigh` asks once and waits ``timeout``."""

    kind = "serial"

    def __init__(
        self, url: str, baudrate: int = 9600, timeout: float = 1.0, protocol: str = "toledo"
    ) -> None:
        if protocol not in PROTOCOLS:
            raise ValueError(f"protocol: one of {PROTOCOLS}, got {protocol!r}")
        self.url = url
        self.protocol = protocol
        self._port = open_port(url, baudrate, timeout)
        self._lock = threading.Lock()

    def weigh(self) -> Weight:
        """A stable, non-negative weight, or :class:`ScaleError`."""
        end = ANSWER_ENDS[self.protocol]
        with self._lock:
            # An answer to an earlier request that timed out must not pass for this one.
            self._port.reset_input_buffer()
            self._port.write(REQUESTS[self.protocol])
            self._port.flush()
            answer = self._port.read_until(end)
        if not answer.endswith(end):
            raise ScaleError("no_answer", f"no answer from the scale on {self.url}")
        if self.protocol == "toledo":
            return parse_toledo(answer)
        return sellable(parse_weight(answer))

    def close(self) -> None:
        """Release the serial port."""
        self._port.close()

    def status(self) -> dict[str, t.Any]:
        return {"kind": self.kind, "port": self.url, "protocol": self.protocol, "simulated": False}


class SimulatedScale:
    """A scale whose weight and state are set by hand (demo, tests); it answers as a
    real one does: only stable, non-negative weights, a :class:`ScaleError` otherwise.

    With a ``control`` file (``scale = "simulated:FILE"``), each reading first takes the
    load from that file, so that a test or a demo sets the scale of an agent running in
    another process: ``{"weight": "0.432", "stable": true}`` (``"overloaded"`` and
    ``"silent"`` too, optional). A missing file leaves the load as it was; a file that
    cannot be read is a scale that does not answer. A test and demo aid only.
    """

    kind = "simulated"

    def __init__(
        self,
        kilograms: Decimal | str = "0.000",
        stable: bool = True,
        control: str | Path | None = None,
    ) -> None:
        self.overloaded = False
        self.silent = False
        self.control = Path(control) if control else None
        self.set(kilograms, stable)

    def _read_control(self) -> None:
        if self.control is None:
            return
        try:
            values = json.loads(self.control.read_text())
            self.set(
                str(values["weight"]),
                bool(values.get("stable", True)),
                overloaded=bool(values.get("overloaded", False)),
                silent=bool(values.get("silent", False)),
            )
        except FileNotFoundError:
            return
        except (OSError, ValueError, KeyError, TypeError, InvalidOperation) as exc:
            raise ScaleError("garbled", f"the scale's control file is unreadable: {exc}") from None

    def set(
        self,
        kilograms: Decimal | str,
        stable: bool = True,
        *,
        overloaded: bool = False,
        silent: bool = False,
    ) -> None:
        """The load on the plate; ``overloaded`` past capacity; ``silent`` switched off
        or unplugged."""
        self.kilograms = Decimal(kilograms).quantize(_GRAM)
        self.stable = stable
        self.overloaded = overloaded
        self.silent = silent

    def weigh(self) -> Weight:
        self._read_control()
        if self.silent:
            raise ScaleError("no_answer", "no answer from the simulated scale")
        if self.overloaded:
            raise ScaleError("overload", "the scale is overloaded")
        return sellable(Weight(kilograms=self.kilograms, stable=self.stable))

    def status(self) -> dict[str, t.Any]:
        found = {"kind": self.kind, "simulated": True}
        try:
            return {**found, **self.weigh().as_dict()}
        except ScaleError as exc:
            return {
                **found,
                "weight": None,
                "unit": "kg",
                "stable": False,
                "reason": exc.reason,
            }
