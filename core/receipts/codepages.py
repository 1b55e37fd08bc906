"""The printer code pages a receipt is written in, and what to do with a character none
of them has.

ESC/POS printers print one byte per character, through a code page chosen by ``ESC t n``.
A receipt uses only a few, on purpose (python-escpos' default profile lists forty and
picks the first that has a character: the euro sign then lands on ISO 8859-7, Greek, a
page many printers lack):

- ``CP1252`` (Windows Latin 1, "WPC1252", ``ESC t 16`` on Epson TM printers and on the
  printers that copy their table: Bixolon, Citizen, most Xprinter and Rongta models):
  every French and Dutch letter, ``Œ œ`` and ``Ÿ`` included (CP858 has no ``œ``), the
  euro sign at 0x80 and the typographic quotes and dashes that product names pasted
  from a word processor carry;
- ``CP858`` (``ESC t 19``): CP850 with the euro sign at 0xD5, for printers without
  WPC1252;
- ``CP866`` (``ESC t 17``): Russian, ``№`` included.

The page of the document's language comes first; the text switches page (another
``ESC t``) only for a character the current page lacks (the euro sign in a Russian
receipt). A character no page has is written as a readable stand-in (``ł`` -> ``l``,
``₽`` -> ``руб.``), else ``?``; never an error. C0 control characters other than the
line feed are dropped: a product name must never carry printer commands.
"""

from __future__ import annotations

import typing as t
import unicodedata

__all__ = [
    "CP858",
    "CP866",
    "CP1252",
    "EPSON_TABLE",
    "CodePage",
    "code_pages_for",
    "encode",
    "printable",
]


class CodePage(t.NamedTuple):
    """A code page: python-escpos' name for it, Python's codec and its ``ESC t`` number."""

    name: str
    codec: str
    number: int

    def can_encode(self, char: str) -> bool:
        try:
            char.encode(self.codec)
        except UnicodeEncodeError:
            return False
        return True


CP1252 = CodePage("CP1252", "cp1252", 16)
CP866 = CodePage("CP866", "cp866", 17)
CP858 = CodePage("CP858", "cp858", 19)

#: The pages by name with Epson's ``ESC t`` numbers (TM-T20, TM-T88, TM-m30).
EPSON_TABLE = {page.name: page for page in (CP1252, CP866, CP858)}

#: Characters no page above has, written as a reader expects them.
_STAND_INS = {
    "\u202f": " ",  # narrow no-break space (French thousands)
    "\u2009": " ",  # thin space
    "\u2007": " ",  # figure space
    "\u2212": "-",  # minus sign
    "\u2010": "-",
    "\u2011": "-",
    "\u20bd": "руб.",  # rouble sign
    "\u2116": "No",  # numero sign, outside CP866
    "\u0133": "ij",  # Dutch ij ligature
    "\u0132": "IJ",
    "\u0142": "l",
    "\u0141": "L",
    "\u00df": "ss",
    "\u2192": "->",
}


def code_pages_for(locale: str | None, table: t.Mapping[str, CodePage] | None = None):
    """The pages a receipt in ``locale`` may use, its own language's page first."""
    table = EPSON_TABLE if table is None else table
    western = table.get("CP1252") or table.get("CP858")
    russian = table.get("CP866")
    language = (locale or "en").split("_")[0].split("-")[0]
    ordered = [russian, western] if language == "ru" else [western, russian]
    return tuple(page for page in ordered if page is not None)


def printable(text: str, pages: t.Sequence[CodePage]) -> str:
    """``text`` with every character one of ``pages`` can print: control characters
    dropped (line feeds kept), the others replaced by a stand-in or ``?``."""
    out = []
    for char in text:
        if char == "\n" or " " <= char <= "~":
            out.append(char)
        elif unicodedata.category(char) == "Cc":
            continue
        elif any(page.can_encode(char) for page in pages):
            out.append(char)
        else:
            out.append(_stand_in(char, pages))
    return "".join(out)


def _stand_in(char: str, pages: t.Sequence[CodePage]) -> str:
    if char in _STAND_INS:
        replacement = _STAND_INS[char]
        if all(any(page.can_encode(c) for page in pages) for c in replacement):
            return replacement
    # A letter with a mark no page has: the letter alone (ő -> o).
    base = "".join(c for c in unicodedata.normalize("NFKD", char) if not unicodedata.combining(c))
    if base and all(" " <= c <= "~" for c in base):
        return base
    return "?"


def encode(text: str, pages: t.Sequence[CodePage], current: CodePage | None = None) -> bytes:
    """``text`` as bytes for a device that selects pages with ``ESC t n`` (customer
    displays; printers go through python-escpos): the current page while it has the
    characters, another where one needs it. ``current`` is the page the device is on
    (``None``: unknown, so a page is selected before any text: the first that has the
    text's first letter beyond ASCII)."""
    out = bytearray()
    text = printable(text, pages)
    if current is None:
        wide = next((char for char in text if char > "~"), " ")
        current = next(page for page in pages if page.can_encode(wide))
        out += b"\x1bt" + bytes([current.number])
    for char in text:
        if not current.can_encode(char):
            current = next(page for page in pages if page.can_encode(char))
            out += b"\x1bt" + bytes([current.number])
        out += char.encode(current.codec)
    return bytes(out)
