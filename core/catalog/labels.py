"""Barcode labels: each product's barcode drawn as SVG by python-barcode (EAN-13,
EAN-8 and UPC-A as such, anything else as Code 128), for a printable sheet."""

from __future__ import annotations

import io

import barcode
from barcode.writer import SVGWriter

_KINDS = {13: "ean13", 8: "ean8", 12: "upca"}
_OPTIONS = {"module_height": 12.0, "font_size": 8, "text_distance": 4.0, "quiet_zone": 2.0}


def barcode_svg(code: str) -> str:
    """The SVG element of ``code`` (no XML declaration), to put inline in a page."""
    kind = _KINDS.get(len(code), "code128") if code.isdigit() else "code128"
    try:
        symbol = barcode.get(kind, code, writer=SVGWriter())
    except Exception:  # a code that is not valid for its length-based kind
        symbol = barcode.get("code128", code, writer=SVGWriter())
    out = io.BytesIO()
    symbol.write(out, options=_OPTIONS)
    text = out.getvalue().decode("utf-8")
    start = text.find("<svg")
    return text[start:] if start >= 0 else text
