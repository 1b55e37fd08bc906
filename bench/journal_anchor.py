"""What the journal's anchor log costs per sale: in-process sales per second with the
anchor (one line appended and fsynced after each commit) beside the same run without it.

    python bench/journal_anchor.py [--sales 1000] [--rounds 3] [--database-url URL]

Also times the anchor write alone (append + fsync of one line) in the instance folder's
file system. Rounds alternate with and without, to share the machine's noise. Prints
figures; asserts nothing.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from sales import bench_in_process, setup_instance  # noqa: E402


def anchor_write_alone(folder: Path, count: int) -> float:
    """Median microseconds of one anchor write (``write_heads``) on ``folder``."""
    from core.journal.anchors import write_heads

    times = []
    for n in range(count):
        started = time.perf_counter()
        write_heads([(str(folder), "R1", n + 1, "a" * 64)])
        times.append(time.perf_counter() - started)
    return statistics.median(times) * 1e6


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sales", type=int, default=1000)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--database-url", default=None)
    args = parser.parse_args()

    import core.journal.anchors as anchors

    real_write = anchors.write_heads
    with tempfile.TemporaryDirectory(prefix="comptoir-anchor-") as tmp:
        folder = Path(tmp)
        alone = folder / "alone"
        alone.mkdir()
        alone_us = anchor_write_alone(alone, 500)
        print(f"anchor write alone (append + fdatasync): {alone_us:.0f} µs median")
        instance = folder / "instance"
        token, config = setup_instance(instance, args.database_url)
        figures: dict[str, list[float]] = {"with anchor": [], "without anchor": []}
        for _ in range(args.rounds):
            for label in figures:
                anchors.write_heads = real_write if label == "with anchor" else (lambda heads: None)
                figures[label].append(bench_in_process(instance, token, config, args.sales))
        anchors.write_heads = real_write
        size = os.path.getsize(instance / anchors.ANCHOR_FILE)
        database = config["DATABASE_URL"].split("://")[0]
        print(f"{args.sales} sales x {args.rounds} rounds, {database}, in process:")
        for label, rates in figures.items():
            best, median = max(rates), statistics.median(rates)
            print(
                f"  {label:15} {median:8.1f} sales/s median ({best:.1f} best), "
                f"{1000 / median:.2f} ms per sale"
            )
        with_, without = (statistics.median(r) for r in figures.values())
        print(
            f"  cost of the anchor: {1000 / with_ - 1000 / without:+.3f} ms per sale "
            f"({(without - with_) / without * 100:+.1f} % throughput)"
        )
        lines = (args.sales + 20) * args.rounds
        print(f"  anchor log: {size} bytes, {size / lines:.0f} bytes a sale")


if __name__ == "__main__":
    main()
