"""What the enabled-plugin check costs per request.

Every request asks :meth:`core.app.RuntimeHolder.current` for the runtime; it compares
``time.monotonic()`` with the next check time and, at most every
``PLUGIN_CHECK_INTERVAL`` (0.25 s), reads the one-row generation from the database. This
measures, in one run:

- a bare Python function call (the baseline);
- ``current()`` between two checks (the monotonic gate: what nearly every request pays);
- ``current()`` forced to read the generation each time (what one request in a quarter of a
  second pays), and that cost spread over the requests of a busy worker;
- a GET of a tiny page through the host (with the dispatcher) and straight on the
  runtime's Flask app (without it).

    python bench/plugin_check.py [--database-url URL] [--seconds 1.0]

Run by hand, not as a test: timings depend on the machine.
"""

from __future__ import annotations

import argparse
import tempfile
import time
import typing as t
from pathlib import Path


def per_call_ns(function: t.Callable[[], t.Any], seconds: float) -> float:
    """Mean nanoseconds per call of ``function`` over about ``seconds``."""
    calls = 0
    batch = 1000
    started = time.perf_counter_ns()
    deadline = started + int(seconds * 1e9)
    while True:
        for _ in range(batch):
            function()
        calls += batch
        now = time.perf_counter_ns()
        if now >= deadline:
            return (now - started) / calls


def build_app(database_url: str | None, instance: Path):
    from core.app import create_app
    from core.cli.init import initialise

    config = {"PASSWORD_HASH_METHOD": "pbkdf2:sha256:1000", "LOG_LEVEL": "WARNING"}
    if database_url:
        config["DATABASE_URL"] = database_url
    app = create_app(config, instance_path=instance)
    with app.app_context():
        initialise(app, demo=False, admin_password="bench-password")
    return app


def run(database_url: str | None, seconds: float) -> list[tuple[str, float]]:
    from core.plugins.runtime import read_generation

    with tempfile.TemporaryDirectory() as folder:
        app = build_app(database_url, Path(folder) / "instance")
        try:
            holder = app.runtimes
            runtime = holder.current()

            def bare() -> t.Any:
                return runtime

            def forced() -> t.Any:
                holder._next_check = 0.0  # as if the interval had just passed
                return holder.current()

            results = [
                ("bare function call (baseline)", per_call_ns(bare, seconds)),
                ("current(), monotonic gate", per_call_ns(holder.current, seconds)),
                ("current(), forced generation read", per_call_ns(forced, seconds)),
                (
                    "read_generation() alone",
                    per_call_ns(lambda: read_generation(app.engine), seconds),
                ),
            ]
            host_client = app.test_client()
            bare_client = runtime.app.test_client()
            results += [
                (
                    "GET / via the host (dispatcher)",
                    per_call_ns(lambda: host_client.get("/"), seconds),
                ),
                (
                    "GET / on the runtime app (none)",
                    per_call_ns(lambda: bare_client.get("/"), seconds),
                ),
            ]
            return results
        finally:
            app.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url", help="default: SQLite in a temporary folder")
    parser.add_argument("--seconds", type=float, default=1.0, help="per measurement")
    args = parser.parse_args()
    results = dict(run(args.database_url, args.seconds))
    base = results["bare function call (baseline)"]
    print(f"{'measurement':<40} {'per call':>12} {'x baseline':>11}")
    for name, ns in results.items():
        print(f"{name:<40} {ns / 1000:>9.3f} µs {ns / base:>10.1f}x")
    interval = 0.25
    gate = results["current(), monotonic gate"]
    forced = results["current(), forced generation read"]
    get_host = results["GET / via the host (dispatcher)"]
    get_bare = results["GET / on the runtime app (none)"]
    for rate in (10, 100, 1000):
        reads = 1 / interval  # per second, whatever the traffic
        amortised = gate + (forced - gate) * reads / rate
        print(f"amortised per request at {rate:>4} req/s per worker: {amortised / 1000:.2f} µs")
    print(
        f"GET via the host minus GET on the runtime app: {(get_host - get_bare) / 1000:.2f} µs "
        f"({(get_host - get_bare) / get_bare * 100:.1f} % of {get_bare / 1000:.0f} µs; noise-level)"
    )


if __name__ == "__main__":
    main()
