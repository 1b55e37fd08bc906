"""ESC/POS bytes laid out with python-escpos: what a receipt becomes for a printer.

:class:`EscposBuilder` writes into python-escpos' in-memory ``Dummy`` printer and hands
back the bytes; it never talks to a device (``hardware.printer`` moves bytes to printers).
"""

from __future__ import annotations

import logging

# python-escpos calls logging.basicConfig() when imported, which would print every log
# record of the application on stderr: take back the handler it installs.
_root_handlers = list(logging.getLogger().handlers)
from escpos import printer as escpos_printer  # noqa: E402

for _handler in logging.getLogger().handlers[len(_root_handlers) :]:
    logging.getLogger().removeHandler(_handler)

__all__ = ["EscposBuilder", "escpos_printer"]


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
