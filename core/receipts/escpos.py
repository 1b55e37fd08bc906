"""ESC/POS bytes laid out with python-escpos: what a receipt becomes for a printer.

:class:`EscposBuilder` writes into python-escpos' in-memory ``Dummy`` printer and hands
back the bytes; it never talks to a device (``hardware.printer`` moves bytes to printers).
"""

from __future__ import annotations

import base64
import functools
import io
import logging
import typing as t

# python-escpos calls logging.basicConfig() when imported, which would print every log
# record of the application on stderr: take back the handler it installs.
_root_handlers = list(logging.getLogger().handlers)
from escpos import printer as escpos_printer  # noqa: E402

for _handler in logging.getLogger().handlers[len(_root_handlers) :]:
    logging.getLogger().removeHandler(_handler)

from escpos.magicencode import Encoder  # noqa: E402
from PIL import Image  # noqa: E402

from .codepages import CodePage, code_pages_for, printable  # noqa: E402

__all__ = [
    "FEED_CUT",
    "LOGO_MAX_DOTS_HIGH",
    "PRINTER_DOTS",
    "EscposBuilder",
    "escpos_printer",
    "logo_raster",
]

log = logging.getLogger(__name__)

#: Dots across the printable width of 80 mm paper (72 mm at 203 dpi: 48 columns of the
#: 12-dot font A); 58 mm paper has 384 (32 columns). The logo is centred on this width.
PRINTER_DOTS = 576
#: The logo's greatest height in dots (about 3.5 cm): a tall logo would waste paper.
LOGO_MAX_DOTS_HIGH = 256
#: Past this many pixels an uploaded image is not decoded (a small PNG can declare a
#: huge canvas): the receipt prints without its logo rather than exhaust the memory.
_MAX_SOURCE_PIXELS = 16_000_000


class EscposBuilder:
    """Lays out ESC/POS commands and hands back the bytes.

    Starts with ``ESC @`` and the ``ESC t`` of the language's code page (see
    :mod:`.codepages`); text is encoded by python-escpos' ``MagicEncode``, restricted to
    the receipt's pages, which switches page only where a character needs it. Styles
    are written by hand (``ESC E``, ``ESC a``, ``GS !``): python-escpos' ``set()`` sends
    three ``ESC !`` per call, and ``ESC !`` also resets emphasis.
    """

    def __init__(
        self,
        columns: int = 42,
        dots: int = PRINTER_DOTS,
        *,
        locale: str | None = None,
        code_pages: t.Sequence[CodePage] | None = None,
    ) -> None:
        self.columns = columns
        self.dots = dots
        self.code_pages = tuple(code_pages or code_pages_for(locale))
        self._dummy = escpos_printer.Dummy(
            magic_encode_args={"encoder": _OrderedEncoder(self.code_pages)}
        )
        self._dummy.hw("INIT")
        # ESC @ puts the printer back on its power-on page (PC437 on most): say which
        # page the text is in before any of it.
        self._dummy.magic.write_with_encoding(self.code_pages[0].name, None)

    def text(
        self,
        text: str,
        *,
        bold: bool = False,
        align: str = "left",
        double: bool = False,
        size: tuple[int, int] | None = None,
    ) -> EscposBuilder:
        """Print ``text`` (newlines included) in the given style, then reset the style.

        ``double`` is double width and height; ``size`` is ``(width, height)`` in
        multiples of the normal size (``(1, 2)``: double height only).
        """
        width, height = size or ((2, 2) if double else (1, 1))
        if align not in _ALIGN:
            raise ValueError(f"unknown alignment {align!r}")
        if bold:
            self._dummy._raw(b"\x1bE\x01")
        if align != "left":
            self._dummy._raw(b"\x1ba" + bytes([_ALIGN[align]]))
        if (width, height) != (1, 1):
            self._dummy._raw(b"\x1d!" + bytes([(width - 1) << 4 | (height - 1)]))
        self._dummy.text(printable(text, self.code_pages))
        if (width, height) != (1, 1):
            self._dummy._raw(b"\x1d!\x00")
        if align != "left":
            self._dummy._raw(b"\x1ba\x00")
        if bold:
            self._dummy._raw(b"\x1bE\x00")
        return self

    def barcode(self, code: str, kind: str = "CODE128") -> EscposBuilder:
        """A barcode drawn by the printer itself, centred, digits printed below.

        Written as raw ``GS k`` commands because python-escpos' ``barcode()`` prints a
        message to standard output, which would garble the agent's and the CLI's output.
        CODE128 bars are 3 dots wide, or 2 (then 1) where the code would not fit the paper.
        """
        if kind == "EAN13":
            if not (code.isdigit() and len(code) in (12, 13)):
                raise ValueError(f"not an EAN-13: {code!r}")
            data, system, modules = code.encode("ascii"), 67, 113
        elif kind == "CODE128":
            data, system = b"{B" + code.encode("ascii", "replace"), 73
            # Start, symbols, check and stop (11 modules each, stop 13), quiet zones.
            modules = 11 * (len(code) + 2) + 13 + 20
        else:
            raise ValueError(f"unsupported barcode kind {kind!r}")
        if len(data) > 255:
            raise ValueError("barcode too long")
        width = next((w for w in (3, 2) if w * modules <= self.dots), 1)
        self._dummy._raw(
            b"\x1ba\x01"  # centre
            + b"\x1dh\x40"  # height 64 dots
            + b"\x1dw"
            + bytes([width])
            + b"\x1dH\x02"  # human-readable digits below
            + b"\x1dk"
            + bytes([system, len(data)])
            + data
            + b"\n\x1ba\x00"
        )
        return self

    def qr(self, content: str, size: int = 6) -> EscposBuilder:
        """A QR code drawn by the printer (native ``GS ( k``: model 2, ``size`` dots a
        module, error correction L), centred."""
        self._dummy._raw(b"\x1ba\x01")
        self._dummy.qr(content, native=True, size=size)
        self._dummy._raw(b"\x1ba\x00")
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
        """Kick the cash drawer wired to the printer: ``ESC p m 50 50`` (m 0 for pin 2,
        1 for pin 5; 100 ms on, 100 ms off)."""
        if pin not in (2, 5):
            raise ValueError("a drawer is wired to pin 2 or pin 5")
        self._dummy.cashdraw(pin)
        return self

    def cut(self) -> EscposBuilder:
        """Feed the last line past the cutter and cut: ``GS V 65 0`` (function B: the
        printer feeds exactly its own head-to-cutter distance, where a fixed number of
        line feeds wastes paper on one model and cuts through the footer on another)."""
        self._dummy._raw(FEED_CUT)
        return self

    def output(self) -> bytes:
        return bytes(self._dummy.output)


#: ``ESC a n`` values.
_ALIGN = {"left": 0, "center": 1, "right": 2}
#: ``GS V 65 0``: feed to the cutting position, full cut.
FEED_CUT = b"\x1dVA\x00"


class _OrderedEncoder(Encoder):
    """python-escpos' encoder over the receipt's pages only, tried in their order (its
    own tries the lowest ``ESC t`` number first, whatever the language)."""

    def __init__(self, pages: t.Sequence[CodePage]) -> None:
        super().__init__({page.name: str(page.number) for page in pages})
        self._order = [page.name for page in pages]

    def find_suitable_encoding(self, char: str) -> str | None:
        for name in self._order:
            if self.can_encode(name, char):
                return name
        return None


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
