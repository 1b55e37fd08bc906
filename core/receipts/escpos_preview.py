"""Reading ESC/POS bytes back: what a receipt printer would put on paper, as safe HTML.

:func:`decode` walks the command stream as a printer does: text in the active code page
(``ESC t``), bold (``ESC E``, ``ESC !``), character size (``GS !``, ``ESC !``),
alignment (``ESC a``), QR codes (``GS ( k``) and barcodes (``GS k``) with their value,
raster images (``GS v 0``, the logo) as pictures, the drawer pulse (``ESC p``) and the cut
(``GS V``) as marks. :func:`to_html` lays the result out; every character of the
receipt is escaped, so a product name can never become markup.

The preview is built from the very bytes the printer receives, so what it shows is what
prints, code pages included: a character sent in the wrong page shows wrong here too.
"""

from __future__ import annotations

import base64
import io
import typing as t
from dataclasses import dataclass, field

from markupsafe import Markup, escape
from PIL import Image

__all__ = ["Element", "Line", "Span", "decode", "to_html"]

#: ``ESC t n`` -> Python codec (Epson's numbering); other pages read as PC437.
CODECS = {
    0: "cp437",
    2: "cp850",
    3: "cp860",
    4: "cp863",
    5: "cp865",
    15: "iso8859_7",
    16: "cp1252",
    17: "cp866",
    18: "cp852",
    19: "cp858",
    40: "iso8859_15",
    45: "cp1250",
    46: "cp1251",
}
ESC, GS, DLE, LF = 0x1B, 0x1D, 0x10, 0x0A
_ALIGN = {0: "left", 1: "center", 2: "right", 48: "left", 49: "center", 50: "right"}
#: Parameter bytes of the ESC and GS commands the preview skips, when not one: ``ESC 2``
#: (default line spacing) has none; ``ESC $``, ``ESC \``, ``ESC c``, ``GS L``, ``GS W``,
#: ``GS P``, ``GS $``, ``GS \`` have two.
_ESC_ARGS = {0x32: 0, 0x24: 2, 0x5C: 2, 0x63: 2}
_GS_ARGS = {0x4C: 2, 0x57: 2, 0x50: 2, 0x24: 2, 0x5C: 2}


@dataclass
class Span:
    text: str
    bold: bool = False
    width: int = 1
    height: int = 1


@dataclass
class Line:
    """A printed line (or a picture, a code, a mark: ``kind``)."""

    kind: str = "text"  # text, qr, barcode, image, cut, pulse
    align: str = "left"
    spans: list[Span] = field(default_factory=list)
    value: str = ""
    image: bytes = b""  # PNG
    size: tuple[int, int] = (0, 0)

    @property
    def text(self) -> str:
        return "".join(span.text for span in self.spans)


Element = Line


class _State:
    def __init__(self) -> None:
        self.reset()

    def reset(self) -> None:
        self.codec = "cp437"
        self.bold = False
        self.width = 1
        self.height = 1
        self.align = "left"


def decode(data: bytes) -> list[Line]:
    """The lines, pictures, codes and marks ``data`` prints, in order."""
    state = _State()
    lines: list[Line] = []
    current: Line | None = None
    pending = bytearray()  # text bytes in the current style and code page
    qr_data = b""

    def flush_text() -> None:
        nonlocal current
        if not pending:
            return
        if current is None:
            current = Line(align=state.align)
        span = Span(
            bytes(pending).decode(state.codec, "replace"), state.bold, state.width, state.height
        )
        current.spans.append(span)
        pending.clear()

    def end_line() -> None:
        nonlocal current
        flush_text()
        lines.append(current or Line(align=state.align))
        current = None

    def add(line: Line) -> None:
        nonlocal current
        flush_text()
        if current is not None:
            lines.append(current)
            current = None
        lines.append(line)

    i, n = 0, len(data)

    def byte(at: int) -> int:
        return data[at] if at < n else 0

    while i < n:
        b = data[i]
        if b == LF:
            end_line()
            i += 1
        elif b == ESC:
            command = byte(i + 1)
            flush_text()
            if command == 0x40:  # ESC @
                state.reset()
                i += 2
            elif command == 0x74:  # ESC t n
                state.codec = CODECS.get(byte(i + 2), "cp437")
                i += 3
            elif command == 0x45:  # ESC E n
                state.bold = bool(byte(i + 2) & 1)
                i += 3
            elif command == 0x21:  # ESC ! n
                mode = byte(i + 2)
                state.bold = bool(mode & 0x08)
                state.height = 2 if mode & 0x10 else 1
                state.width = 2 if mode & 0x20 else 1
                i += 3
            elif command == 0x61:  # ESC a n
                state.align = _ALIGN.get(byte(i + 2), "left")
                i += 3
            elif command == 0x64:  # ESC d n: print and feed n lines
                end_line()
                for _ in range(max(0, byte(i + 2) - 1)):
                    lines.append(Line())
                i += 3
            elif command == 0x70:  # ESC p m t1 t2
                pin = 5 if byte(i + 2) in (1, 49) else 2
                add(Line(kind="pulse", value=str(pin)))
                i += 5
            elif command == 0x2A:  # ESC * m nL nH: bit image, skipped
                dots = byte(i + 3) + 256 * byte(i + 4)
                i += 5 + dots * (1 if byte(i + 2) in (0, 1) else 3)
            else:  # ESC x n: a setting the preview does not show
                i += 2 + _ESC_ARGS.get(command, 1)
        elif b == GS:
            command = byte(i + 1)
            flush_text()
            if command == 0x21:  # GS ! n
                size = byte(i + 2)
                state.width = (size >> 4) + 1
                state.height = (size & 0x0F) + 1
                i += 3
            elif command == 0x56:  # GS V m [n]
                add(Line(kind="cut"))
                i += 4 if byte(i + 2) in (65, 66, 97, 98, 103, 104) else 3
            elif command == 0x6B:  # GS k m ...
                system = byte(i + 2)
                if system <= 6:
                    end = data.find(b"\x00", i + 3)
                    end = n if end < 0 else end
                    value, i = data[i + 3 : end], end + 1
                else:
                    length = byte(i + 3)
                    value, i = data[i + 4 : i + 4 + length], i + 4 + length
                if system == 73 and value[:1] == b"{":
                    value = value[2:]  # the code set (``{B``) is not printed
                add(Line(kind="barcode", align=state.align, value=value.decode("ascii", "replace")))
            elif command == 0x28:  # GS ( x pL pH ...
                length = byte(i + 3) + 256 * byte(i + 4)
                body = data[i + 5 : i + 5 + length]
                if byte(i + 2) == 0x6B and len(body) >= 2 and body[0] == 49:
                    if body[1] == 80:  # store the QR data
                        qr_data = body[3:]
                    elif body[1] == 81:  # print it
                        add(
                            Line(
                                kind="qr",
                                align=state.align,
                                value=qr_data.decode("utf-8", "replace"),
                            )
                        )
                i += 5 + length
            elif command == 0x76 and byte(i + 2) == 0x30:  # GS v 0 m xL xH yL yH
                width = byte(i + 4) + 256 * byte(i + 5)
                height = byte(i + 6) + 256 * byte(i + 7)
                raster = data[i + 8 : i + 8 + width * height]
                add(_image(raster, width, height, state.align))
                i += 8 + width * height
            else:  # GS h/w/H/f n and the other settings the preview does not show
                i += 2 + _GS_ARGS.get(command, 1)
        elif b == DLE and byte(i + 1) == 0x04:  # DLE EOT n: a status request
            i += 3
        elif b < 0x20 or b == 0x7F:
            i += 1  # CR and other controls print nothing
        else:
            pending.append(b)
            i += 1
    flush_text()
    if current is not None:
        lines.append(current)
    return lines


def _image(raster: bytes, width_bytes: int, height: int, align: str) -> Line:
    """A ``GS v 0`` raster (1 = black dot, 8 dots a byte) as a PNG."""
    width = width_bytes * 8
    if width == 0 or height == 0 or len(raster) < width_bytes * height:
        return Line(kind="image", align=align, size=(width, height))
    # PIL's 1-bit images are 1 for white: invert.
    picture = Image.frombytes("1", (width, height), bytes(255 - v for v in raster))
    out = io.BytesIO()
    picture.save(out, "PNG")
    return Line(kind="image", align=align, image=out.getvalue(), size=(width, height))


def to_html(lines: t.Sequence[Line], columns: int, labels: t.Mapping[str, str]) -> Markup:
    """The paper as HTML, ``columns`` characters wide; ``labels`` words the marks
    (``cut``, ``pulse``, ``qr``, ``barcode``) in the reader's language."""
    parts = [Markup('<div class="escpos-paper" style="--columns: {}">').format(int(columns))]
    for line in lines:
        align = escape(line.align)
        if line.kind == "text":
            spans = Markup("").join(
                Markup('<span class="{}">{}</span>').format(_classes(span), span.text)
                for span in line.spans
            )
            parts.append(
                Markup('<div class="line align-{}">{}</div>').format(
                    align, spans or Markup("&nbsp;")
                )
            )
        elif line.kind == "image":
            source = "data:image/png;base64," + base64.b64encode(line.image).decode("ascii")
            parts.append(
                Markup(
                    '<div class="line align-{}"><img class="raster" src="{}"'
                    ' width="{}" height="{}" alt=""></div>'
                ).format(align, source, line.size[0], line.size[1])
            )
        elif line.kind in ("qr", "barcode"):
            parts.append(
                Markup(
                    '<div class="line align-{} code code-{}"><span class="code-kind">{}</span>'
                    ' <span class="code-value">{}</span></div>'
                ).format(align, line.kind, labels.get(line.kind, line.kind), line.value)
            )
        else:
            label = labels.get(line.kind, line.kind)
            if line.kind == "pulse":
                label = labels.get("pulse", "%(pin)s") % {"pin": line.value}
            parts.append(Markup('<div class="mark mark-{}">{}</div>').format(line.kind, label))
    parts.append(Markup("</div>"))
    return Markup("").join(parts)


def _classes(span: Span) -> str:
    classes = []
    if span.bold:
        classes.append("bold")
    if span.width > 1:
        classes.append(f"wide-{min(span.width, 8)}")
    if span.height > 1:
        classes.append(f"tall-{min(span.height, 8)}")
    return " ".join(classes)
