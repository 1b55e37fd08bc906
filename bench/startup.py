"""Start-up time and memory with every bundled plugin enabled, against none (issue 19, goal 7).

    python bench/startup.py [--runs 5] [--requests 1000]

Makes two scratch instances (SQLite, in a temporary folder): one with no plugin, one
with the twelve bundled plugins enabled (multistore purchasing crm promotions
loyalty giftcards accounting email webhooks timeclock restaurant golf). For each, and for
the baseline (a bare Flask app importing the same third-party libraries as Comptoir,
served by the same gunicorn), it measures in fresh processes:

- ``create_app``: the imports and the app's construction (median of ``--runs``);
- ``comptoir run --workers 2``: from the command to the first answered request;
- memory per gunicorn worker (RSS and PSS from /proc/PID/smaps_rollup) after
  ``--requests`` requests spread over the workers (an API read, the sales report, the
  dashboard and the till page for Comptoir; the bare app's one page for the baseline).

Prints the figures side by side with ``uptime``'s load average. Asserts nothing.
"""

from __future__ import annotations

import argparse
import http.client
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import textwrap
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

BUNDLED = (
    "multistore purchasing crm promotions loyalty giftcards accounting email webhooks "
    "timeclock restaurant golf"
).split()

#: Prints the seconds spent importing the core and building the app, then (after a
#: marker) the third-party top-level modules loaded, for the baseline to import.
TIME_CREATE_APP = textwrap.dedent(
    """
    import sys, time
    started = time.perf_counter()
    from core.app import create_app
    imported = time.perf_counter()
    app = create_app(instance_path=sys.argv[1])
    built = time.perf_counter()
    print(imported - started, built - imported)
    tops = sorted({name.split(".")[0] for name in sys.modules})
    print(" ".join(tops))
    """
)

#: The baseline: the same third-party libraries imported, one Flask app, one route.
BARE_APP = textwrap.dedent(
    """
    import importlib, os, sys, time
    started = time.perf_counter()
    for name in os.environ["BENCH_MODULES"].split():
        try:
            importlib.import_module(name)
        except Exception:
            pass
    from flask import Flask
    app = Flask(__name__)

    @app.get("/")
    def index():
        return "ok"

    if __name__ == "__main__":
        print(time.perf_counter() - started)
    """
)


def uptime() -> str:
    return "load average {:.2f} {:.2f} {:.2f}".format(*os.getloadavg())


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def make_instance(folder: Path, plugins: list[str], database_url: str | None) -> str:
    """Initialise an instance, enable ``plugins``; return an admin token."""
    env = dict(os.environ, COMPTOIR_INSTANCE=str(folder), COMPTOIR_LOG_LEVEL="WARNING")
    if database_url:
        env["COMPTOIR_DATABASE_URL"] = database_url
    code = textwrap.dedent(
        """
        import sys
        from core.app import create_app
        from core.cli.init import initialise
        from core.testing.fixtures import token_for
        app = create_app(instance_path=sys.argv[1])
        with app.app_context():
            initialise(app, demo=False, admin_password="bench-password")
        print(token_for(app, "admin"))
        """
    )
    out = subprocess.run(
        [sys.executable, "-c", code, str(folder)],
        env=env,
        check=True,
        capture_output=True,
        text=True,
        cwd=ROOT,
    ).stdout
    if plugins:
        subprocess.run(
            [sys.executable, "-m", "core.cli", "plugins", "enable", *plugins],
            env=env,
            check=True,
            capture_output=True,
            cwd=ROOT,
        )
    return out.strip().splitlines()[-1]


def time_create_app(folder: Path, env: dict, runs: int) -> tuple[float, float, list[str]]:
    imports, builds, modules = [], [], []
    for _ in range(runs):
        out = subprocess.run(
            [sys.executable, "-c", TIME_CREATE_APP, str(folder)],
            env=env,
            check=True,
            capture_output=True,
            text=True,
            cwd=ROOT,
        ).stdout.splitlines()
        imported, built = (float(x) for x in out[0].split())
        imports.append(imported)
        builds.append(built)
        modules = out[1].split()
    return statistics.median(imports), statistics.median(builds), modules


def time_bare(bare: Path, env: dict, runs: int) -> float:
    times = []
    for _ in range(runs):
        out = subprocess.run(
            [sys.executable, str(bare)], env=env, check=True, capture_output=True, text=True
        ).stdout
        times.append(float(out.strip()))
    return statistics.median(times)


def time_python(runs: int) -> float:
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        subprocess.run([sys.executable, "-c", "pass"], check=True)
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def first_answer(port: int, started: float, deadline_s: float = 120) -> float:
    while time.perf_counter() - started < deadline_s:
        try:
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
            connection.request("GET", "/")
            connection.getresponse().read()
            connection.close()
            return time.perf_counter() - started
        except OSError:
            time.sleep(0.02)
    raise RuntimeError("the server did not answer")


def workers_of(master: int) -> list[int]:
    children = Path(f"/proc/{master}/task/{master}/children")
    return [int(pid) for pid in children.read_text().split()]


def memory(pid: int) -> tuple[int, int | None]:
    """RSS and PSS in KiB (PSS: the pages shared with the master counted in part)."""
    rss = pss = None
    try:
        for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
            if line.startswith("Rss:"):
                rss = int(line.split()[1])
            elif line.startswith("Pss:"):
                pss = int(line.split()[1])
    except OSError:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                rss = int(line.split()[1])
    return rss or 0, pss


def serve_and_measure(
    command: list[str], env: dict, paths: list[str], token: str | None, requests: int
) -> tuple[float, list[tuple[int, int | None]], tuple[int, int | None]]:
    port = free_port()
    command = [part.replace("PORT", str(port)) for part in command]
    started = time.perf_counter()
    server = subprocess.Popen(
        command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, cwd=ROOT
    )
    try:
        answered = first_answer(port, started)
        headers = {"Authorization": f"Bearer {token}"} if token else {}
        for n in range(requests):
            # A new connection each time: sync workers take turns.
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
            connection.request("GET", paths[n % len(paths)], headers=headers)
            connection.getresponse().read()
            connection.close()
        workers = workers_of(server.pid)
        return answered, [memory(pid) for pid in workers], memory(server.pid)
    finally:
        server.terminate()
        server.wait(timeout=30)


def mib(kib: int | None) -> str:
    return "   n/a" if kib is None else f"{kib / 1024:6.1f}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--requests", type=int, default=1000)
    args = parser.parse_args()
    print(uptime(), flush=True)
    scratch = Path(tempfile.mkdtemp(prefix="comptoir-startup-"))
    base_env = dict(os.environ, COMPTOIR_LOG_LEVEL="WARNING", COMPTOIR_ACCESS_LOG="")
    instances = {}
    for name, plugins in (("no plugin", []), ("12 plugins", list(BUNDLED))):
        folder = scratch / name.replace(" ", "_")
        folder.mkdir()
        token = make_instance(folder, plugins, None)
        instances[name] = (folder, token)

    python = time_python(args.runs)
    print(f"\nbare `python -c pass`: {python * 1000:.0f} ms", flush=True)
    print("\ncreate_app, median of", args.runs, "fresh processes (imports + building):")
    modules: list[str] = []
    for name, (folder, _token) in instances.items():
        env = dict(base_env, COMPTOIR_INSTANCE=str(folder))
        imported, built, found = time_create_app(folder, env, args.runs)
        modules = sorted(set(modules) | set(found))
        print(
            f"  {name:<12} import core.app {imported * 1000:6.0f} ms   "
            f"create_app {built * 1000:6.0f} ms   total {(imported + built) * 1000:6.0f} ms",
            flush=True,
        )
    third_party = [
        m
        for m in modules
        if not m.startswith(("core", "plugins", "hardware", "comptoir", "_"))
        and m not in sys.builtin_module_names
        and m not in sys.stdlib_module_names
    ]
    bare = scratch / "bare_app.py"
    bare.write_text(BARE_APP)
    bare_env = dict(base_env, BENCH_MODULES=" ".join(third_party))
    print(
        f"  baseline     a bare Flask app importing the same {len(third_party)} "
        f"third-party packages: {time_bare(bare, bare_env, args.runs) * 1000:6.0f} ms",
        flush=True,
    )

    print(f"\nserving with 2 gunicorn workers; memory after {args.requests} requests:")
    paths = ["/api/v1/products?q=a", "/api/v1/reports/sales", "/admin/", "/till/"]
    rows = []
    for name, (folder, token) in instances.items():
        env = dict(base_env, COMPTOIR_INSTANCE=str(folder))
        command = [sys.executable, "-m", "core.cli", "run", "--port", "PORT", "--workers", "2"]
        rows.append((name, *serve_and_measure(command, env, paths, token, args.requests)))
    command = [
        sys.executable,
        "-m",
        "gunicorn",
        "--workers",
        "2",
        "--bind",
        "127.0.0.1:PORT",
        "--chdir",
        str(scratch),
        "bare_app:app",
    ]
    rows.append(("baseline", *serve_and_measure(command, bare_env, ["/"], None, args.requests)))
    for name, answered, workers, master in rows:
        each = "  ".join(f"RSS {mib(rss)} PSS {mib(pss)} MiB" for rss, pss in workers)
        print(
            f"  {name:<12} first answer {answered * 1000:6.0f} ms   workers: {each}   "
            f"master RSS {mib(master[0])} MiB",
            flush=True,
        )
    print("\n" + uptime(), flush=True)


if __name__ == "__main__":
    main()
