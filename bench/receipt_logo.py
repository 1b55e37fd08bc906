"""An ESC/POS receipt with the store's logo: what the logo costs a receipt.

    python bench/receipt_logo.py [--receipts 200] [--width 600] [--height 300]

Renders a receipt document (no database, as the hardware agent does) with
``core.receipts.render.render_escpos``:

- without a logo: the raw baseline;
- with a photo-like logo (a grey gradient, ``--width`` x ``--height`` pixels, as a PNG
  ``data:`` URL): its first receipt (decoded, scaled, dithered), then the next ones,
  which reuse the cached raster;
- the logo's conversion alone, uncached, for comparison.

Prints median and p99 in milliseconds. Asserts nothing.
"""

from __future__ import annotations

import argparse
import base64
import datetime as dt
import io
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from PIL import Image  # noqa: E402
from search import timed  # noqa: E402

from core.receipts.document import ReceiptDocument, ReceiptItem  # noqa: E402
from core.receipts.escpos import logo_raster  # noqa: E402
from core.receipts.render import render_escpos  # noqa: E402


def _logo(width: int, height: int) -> str:
    image = Image.linear_gradient("L").resize((width, height))
    out = io.BytesIO()
    image.save(out, "PNG")
    return "data:image/png;base64," + base64.b64encode(out.getvalue()).decode("ascii")


#: A twelve-line sale, as the agent receives it.
SALE = {
    "kind": "sale",
    "currency": "EUR",
    "locale": "fr",
    "shop_name": "Café du Coin",
    "number": 1,
    "register": "R1",
    "issued_at": dt.datetime(2026, 5, 1, 9, 30, tzinfo=dt.UTC),
    "cashier": "Camille",
    "total": 3000,
    "items": tuple(ReceiptItem(f"Item {n}", "1", 250, 250, 250) for n in range(12)),
}


def _first(run) -> list[float]:
    began = time.perf_counter()
    run()
    return [(time.perf_counter() - began) * 1000]


def _line(label: str, times: list[float]) -> None:
    ordered = sorted(times)
    p99 = ordered[min(len(ordered) - 1, int(len(ordered) * 0.99))]
    print(f"{label:<44} median {statistics.median(times):7.3f} ms   p99 {p99:7.3f} ms")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--receipts", type=int, default=200)
    parser.add_argument("--width", type=int, default=600)
    parser.add_argument("--height", type=int, default=300)
    args = parser.parse_args()
    logo = _logo(args.width, args.height)
    plain, with_logo = ReceiptDocument(**SALE), ReceiptDocument(**SALE, logo=logo)
    render_escpos(plain)  # templates compiled once, outside the figures
    _line("receipt without a logo (baseline)", timed(lambda: render_escpos(plain), args.receipts))
    logo_raster.cache_clear()
    _line("first receipt with the logo (converts it)", _first(lambda: render_escpos(with_logo)))
    _line(
        "next receipts with the logo (cached)",
        timed(lambda: render_escpos(with_logo), args.receipts),
    )

    def convert() -> None:
        logo_raster.cache_clear()
        logo_raster(logo)

    _line("the logo's conversion alone, uncached", timed(convert, max(10, args.receipts // 10)))
    print(f"logo {args.width}x{args.height} px, {len(logo) * 3 // 4} bytes as PNG")


if __name__ == "__main__":
    main()
