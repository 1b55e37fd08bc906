"""What every bundled plugin costs a sale: the same three-line cash sale with no plugin
and with all twelve enabled, in-process, side by side.

    python bench/plugins_cost.py [--sales 300] [--database-url URL] [--by-plugin]

With ``--database-url`` (an empty PostgreSQL database per run is not needed: the script
creates and drops two schemas' worth of tables by using ``URL`` as a server and making
``<db>_none`` and ``<db>_all`` databases next to it) it measures PostgreSQL, else SQLite
in a temporary folder. The shop with every plugin is configured as a real one would be:
its store (multistore's first store, owning the register's location), a promotion that
does not apply to the products sold, loyalty and accounting on with their defaults.

Per sale it prints SQL statements (a ``before_cursor_execute`` listener), CPU ms
(``time.process_time``), wall ms and the ratio all/none; ``--by-plugin`` also prints
which plugin's code ran each extra statement (the innermost ``plugins/<name>/`` frame of
the stack). Prints figures; asserts nothing.
"""

from __future__ import annotations

import argparse
import collections
import datetime as dt
import os
import statistics
import sys
import tempfile
import time
import traceback
from pathlib import Path

ALL_PLUGINS = (
    "multistore",
    "purchasing",
    "crm",
    "promotions",
    "loyalty",
    "giftcards",
    "accounting",
    "email",
    "webhooks",
    "timeclock",
    "restaurant",
    "golf",
)


class StatementCounter:
    """Counts the statements a block runs; with ``attribute`` also names, per statement,
    the innermost plugin package on the stack (``core`` when none)."""

    def __init__(self, engine, attribute: bool = False) -> None:
        import sqlalchemy as sa

        self.count = 0
        self.attribute = attribute
        self.by_owner: collections.Counter[str] = collections.Counter()
        self.samples: dict[str, list[str]] = collections.defaultdict(list)
        sa.event.listen(engine, "before_cursor_execute", self._seen)

    def _seen(self, conn, cursor, statement, parameters, context, executemany) -> None:
        self.count += 1
        if not self.attribute:
            return
        owner, where = "core", ""
        for frame in reversed(traceback.extract_stack()):
            parts = Path(frame.filename).parts
            if "plugins" in parts:
                index = len(parts) - 1 - parts[::-1].index("plugins")
                if index + 1 < len(parts) and parts[index - 1] != "core":
                    owner = parts[index + 1]
                    where = f"{parts[-1]}:{frame.lineno} {frame.name}"
                    break
        if owner == "core":
            # The core's own statements: named by their first words.
            where = " ".join(statement.split())[:70]
        key = f"{owner:12s} {where}"
        self.by_owner[key] += 1
        if len(self.samples[key]) < 1:
            self.samples[key].append(" ".join(statement.split())[:150])


def configure_all(app, token: str) -> None:
    """Enable every bundled plugin and set the shop up as a real one would be."""
    from core.plugins.service import enable_plugins

    with app.app_context():
        enable_plugins(app, list(ALL_PLUGINS))
    client = app.test_client()
    headers = {"Authorization": f"Bearer {token}"}
    now = dt.datetime.now(dt.UTC)
    response = client.post(
        "/api/v1/promotions",
        json={
            "name": "Not these products",
            "kind": "percent",
            "value": "10",
            "product_ids": [],
            "category_ids": [],
            "starts_at": (now - dt.timedelta(days=1)).isoformat(),
            "ends_at": (now + dt.timedelta(days=30)).isoformat(),
            "coupon_code": "SPRING",
        },
        headers=headers,
    )
    if response.status_code != 201:
        raise RuntimeError(f"promotion: {response.status_code} {response.get_json()}")


def measure(instance: Path, token: str, config: dict, count: int, attribute: bool) -> dict:
    from bench.sales import body
    from core.app import create_app
    from core.db import db

    app = create_app(config, instance_path=instance)
    client = app.test_client()
    headers = {"Authorization": f"Bearer {token}"}
    for _ in range(20):  # warm up: runtime, prepared statements, caches
        response = client.post("/api/v1/sales", json=body(), headers=headers)
        assert response.status_code == 201, response.get_json()
    with app.app_context():
        engine = db.engine
    counter = StatementCounter(engine)
    wall: list[float] = []
    cpu_started = time.process_time()
    for _ in range(count):
        started = time.perf_counter()
        response = client.post("/api/v1/sales", json=body(), headers=headers)
        wall.append(time.perf_counter() - started)
        assert response.status_code == 201, response.get_json()
    cpu = time.process_time() - cpu_started
    statements = counter.count / count
    owners: collections.Counter[str] = collections.Counter()
    samples: dict[str, list[str]] = {}
    if attribute:
        tracer = StatementCounter(engine, attribute=True)
        response = client.post("/api/v1/sales", json=body(), headers=headers)
        assert response.status_code == 201, response.get_json()
        owners, samples = tracer.by_owner, tracer.samples
    app.close()
    return {
        "statements": statements,
        "cpu_ms": cpu / count * 1000,
        "wall_ms": statistics.median(wall) * 1000,
        "owners": owners,
        "samples": samples,
    }


def postgres_database(server_url: str, name: str) -> str:
    """A fresh database ``name`` on the server of ``server_url``; its URL."""
    import sqlalchemy as sa

    url = sa.engine.make_url(server_url)
    admin = sa.create_engine(url.set(database="postgres"), isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}"'))
        conn.execute(sa.text(f'CREATE DATABASE "{name}"'))
    admin.dispose()
    return url.set(database=name).render_as_string(hide_password=False)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sales", type=int, default=300)
    parser.add_argument("--database-url", default=None)
    parser.add_argument("--by-plugin", action="store_true")
    args = parser.parse_args()

    from bench.sales import setup_instance

    results = {}
    with tempfile.TemporaryDirectory() as tmp:
        setups = {}
        for label in ("none", "all"):
            instance = Path(tmp) / label
            url = None
            if args.database_url:
                import sqlalchemy as sa

                base = sa.engine.make_url(args.database_url).database
                url = postgres_database(args.database_url, f"{base}_{label}")
            token, config = setup_instance(instance, url)
            if label == "all":
                from core.app import create_app

                app = create_app(config, instance_path=instance)
                configure_all(app, token)
                app.close()
            setups[label] = (instance, token, config)
        # Alternate the two shops so that a change of the machine's load hits both.
        rounds = 3
        per_round = max(1, args.sales // rounds)
        runs: dict[str, list[dict]] = {"none": [], "all": []}
        for _ in range(rounds):
            for label in ("none", "all"):
                instance, token, config = setups[label]
                runs[label].append(measure(instance, token, config, per_round, False))
        for label in ("none", "all"):
            figures = runs[label]
            results[label] = {
                key: statistics.median(run[key] for run in figures)
                for key in ("statements", "cpu_ms", "wall_ms")
            }
        traced = {}
        if args.by_plugin:
            for label in ("none", "all"):
                instance, token, config = setups[label]
                traced[label] = measure(instance, token, config, 1, True)

    database = "PostgreSQL" if args.database_url else "SQLite"
    print(f"{database}, in-process (test client), {per_round} sales x {rounds} rounds each,")
    print(f"load average {os.getloadavg()[0]:.2f} {os.getloadavg()[1]:.2f}")
    print(f"{'per sale':24s} {'no plugin':>10s} {'all 12':>10s} {'all/none':>9s}")
    for key, label in (
        ("statements", "SQL statements"),
        ("cpu_ms", "CPU ms (process_time)"),
        ("wall_ms", "wall ms (median)"),
    ):
        none, every = results["none"][key], results["all"][key]
        print(f"{label:24s} {none:10.2f} {every:10.2f} {every / none:9.2f}")
    if args.by_plugin:
        print("\nstatements of one sale with every plugin, by the innermost plugin frame")
        print("(the core's named by their first words; 'none' is the count without plugins):")
        none = traced["none"]["owners"]
        print(" all none")
        for key, number in sorted(traced["all"]["owners"].items()):
            print(f"{number:4d} {none.get(key, 0):4d}  {key}")
            if not key.startswith("core"):
                for sample in traced["all"]["samples"][key]:
                    print(f"            {sample}")
        for key in sorted(set(none) - set(traced["all"]["owners"])):
            print(f"{0:4d} {none[key]:4d}  {key}")


if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    main()
