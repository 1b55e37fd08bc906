"""ESC/POS bytes laid out with python-escpos: what a receipt becomes for a printer.

:class:`EscposBuilder` writes into python-escpos' in-memory ``Dummy`` printer and hands
back the bytes; it never talks to a device (``hardware.printer`` moves bytes to printers).
"""

from __future__ import annotations

import base64
import functools
import io
import logging

# python-escpos calls logging.basicConfig() when imported, which would print every log
# record of the application on stderr: take back the handler it installs.
_root_handlers = list(logging.getLogger().handlers)
from escpos import printer as escpos_printer  # noqa: E402

for _handler in logging.getLogger().handlers[len(_root_handlers) :]:
    logging.getLogger().removeHandler(_handler)

from PIL import Image  # noqa: E402

__all__ = ["LOGO_MAX_DOTS_HIGH", "PRINTER_DOTS", "EscposBuilder", "escpos_printer", "logo_raster"]

log = logging.getLogger(__name__)

#: Dots across the paper of an 80 mm printer at 42 columns (Epson TM-T88 class, 180 dpi):
#: the logo is centred on this width.
PRINTER_DOTS = 512
#: The logo's greatest height in dots (about 3.5 cm): a tall logo would waste paper.
LOGO_MAX_DOTS_HIGH = 256
#: Past this many pixels an uploaded image is not decoded (a small PNG can declare a
#: huge canvas): the receipt prints without its logo rather than exhaust the memory.
_MAX_SOURCE_PIXELS = 16_000_000


class EscposBuilder:
    """Lays out ESC/POS commands with python-escpos and hands back the bytes.

    Starts with ``ESC @``. Text is encoded by python-escpos' code-page selection, so
    accented letters and the euro sign print on the printer's own code pages.
    """

    def __init__(self, columns: int = 42, dots: int = PRINTER_DOTS) -> None:
        self.columns = columns
        self.dots = dots
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

    def logo(self, data_url: str) -> EscposBuilder:
        """The store's logo (a ``data:`` URL), centred, as a raster image; nothing if it
        cannot be decoded (a receipt always prints)."""
        raster = logo_raster(data_url, self.dots)
        if raster:
            self._dummy._raw(raster)
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


@functools.lru_cache(maxsize=8)
def logo_raster(data_url: str, dots: int = PRINTER_DOTS) -> bytes:
    """The logo as python-escpos' ``GS v 0`` raster command: scaled to fit ``dots``
    across and :data:`LOGO_MAX_DOTS_HIGH` down, dithered to black and white (Floyd-
    Steinberg) and centred on a ``dots``-wide band. Empty bytes if it is not an image.

    Cached by the logo itself: dithering takes milliseconds per receipt, and the logo
    changes only when a manager uploads another (a new key, so never a stale image).
    """
    image = _decode(data_url)
    if image is None:
        return b""
    # Transparent parts print as paper, as they show on the HTML receipt.
    image = image.convert("RGBA")
    flat = Image.new("RGB", image.size, (255, 255, 255))
    flat.paste(image, mask=image.getchannel("A"))
    scale = min(dots / flat.width, LOGO_MAX_DOTS_HIGH / flat.height)
    size = (max(1, min(dots, round(flat.width * scale))), max(1, round(flat.height * scale)))
    grey = flat.convert("L").resize(size, Image.Resampling.LANCZOS)
    band = Image.new("L", (dots, size[1]), 255)
    band.paste(grey, ((dots - size[0]) // 2, 0))
    # Dithered here, once: python-escpos' own conversion of an already 1-bit image
    # keeps it as it is.
    bitmap = band.convert("1", dither=Image.Dither.FLOYDSTEINBERG)
    dummy = escpos_printer.Dummy()
    # python-escpos prints a warning on standard output when the profile has no paper
    # width; give this printer its own copy of the profile with ours.
    data = dummy.profile.profile_data
    media = data.get("media", {})
    dummy.profile.profile_data = {
        **data,
        "media": {**media, "width": {**media.get("width", {}), "pixels": dots}},
    }
    dummy.image(bitmap, impl="bitImageRaster", center=False)
    return bytes(dummy.output)


def _decode(data_url: str) -> Image.Image | None:
    header, comma, payload = data_url.partition(",")
    if not comma or not header.startswith("data:image/"):
        log.error("receipt logo is not a data:image URL; printed without it")
        return None
    try:
        image = Image.open(io.BytesIO(base64.b64decode(payload, validate=True)))
        if image.width * image.height > _MAX_SOURCE_PIXELS:
            log.error("receipt logo of %sx%s pixels is too large; printed without it", *image.size)
            return None
        image.load()
    # binascii.Error is a ValueError, UnidentifiedImageError an OSError.
    except (ValueError, OSError, Image.DecompressionBombError):
        log.exception("receipt logo could not be decoded; printed without it")
        return None
    return image
