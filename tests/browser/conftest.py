"""Fixtures of the browser tests: a real server (``comptoir run``, gunicorn) on a demo
instance, and headless Chromium (Debian's package) driven by Playwright.

They run only when Chromium is installed at ``/usr/bin/chromium``; in CI (``CI`` set) a
missing Chromium is a failure, never a skip.
"""

from __future__ import annotations

import json
import os
import socket
import statistics
import subprocess
import sys
import time
import typing as t
import urllib.request
from pathlib import Path

import pytest

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
REPO = Path(__file__).resolve().parents[2]
ARTIFACTS = REPO / "test-artifacts"

#: Scan-to-screen times (ms), printed at the end of the run: (seen by the page, by the test).
SCAN_TIMES: list[tuple[float, float]] = []


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    mine = [item for item in items if "browser" in item.keywords]
    if os.environ.get("COMPTOIR_TEST_DATABASE_URL", "").startswith("postgresql"):
        # Deselected, not skipped: their server has its own SQLite instance, so the
        # PostgreSQL leg would only run them twice; the SQLite and browser legs run them.
        config.hook.pytest_deselected(items=mine)
        items[:] = [item for item in items if item not in mine]
        return
    if not CHROMIUM.exists() and not os.environ.get("CI"):
        skip = pytest.mark.skip(reason="Chromium is not installed (apt-get install chromium)")
        for item in mine:
            item.add_marker(skip)


def pytest_terminal_summary(terminalreporter: t.Any) -> None:
    if not SCAN_TIMES:
        return
    page_ms = [p for p, _ in SCAN_TIMES]
    test_ms = [w for _, w in SCAN_TIMES]
    lines = [
        f"scan to line on screen over {len(SCAN_TIMES)} scans:",
        f"  measured in the page (Enter handled -> painted): median"
        f" {statistics.median(page_ms):.1f} ms, max {max(page_ms):.1f} ms",
        f"  measured by the test (Enter pressed -> line visible): median"
        f" {statistics.median(test_ms):.1f} ms, max {max(test_ms):.1f} ms",
    ]
    terminalreporter.write_sep("-", "till scan timings")
    for line in lines:
        terminalreporter.write_line(line)
    ARTIFACTS.mkdir(exist_ok=True)
    (ARTIFACTS / "scan-timings.json").write_text(
        json.dumps({"page_ms": page_ms, "test_ms": test_ms}, indent=1)
    )


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _comptoir(env: dict[str, str], *args: str) -> str:
    result = subprocess.run(
        [sys.executable, "-m", "core.cli", *args],
        env=env,
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=120,
    )
    if result.returncode:
        raise RuntimeError(f"comptoir {' '.join(args)} failed: {result.stderr}")
    return result.stdout


class TillServer:
    """A running ``comptoir run`` and an admin token for checking through the API."""

    def __init__(self, url: str, env: dict[str, str], token: str):
        self.url = url
        self.env = env
        self.token = token

    def api(self, method: str, path: str, body: t.Any = None) -> tuple[int, t.Any, dict]:
        data = None if body is None else json.dumps(body).encode()
        request = urllib.request.Request(
            f"{self.url}/api/v1{path}",
            data=data,
            method=method,
            headers={"Authorization": f"Bearer {self.token}", "Content-Type": "application/json"},
        )
        try:
            with urllib.request.urlopen(request, timeout=20) as response:
                return response.status, json.loads(response.read() or b"null"), response.headers
        except urllib.error.HTTPError as error:
            return error.code, json.loads(error.read() or b"null"), error.headers

    def register(self) -> dict:
        status, registers, _ = self.api("GET", "/registers")
        assert status == 200
        return next(r for r in registers if r["code"] == "R1")

    def ensure_open(self) -> dict:
        register = self.register()
        if not register["is_open"]:
            path = f"/registers/{register['id']}/open"
            status, body, _ = self.api("POST", path, {"float": 10000})
            assert status == 201, body
        return self.register()


@pytest.fixture(scope="session")
def till_server(tmp_path_factory: pytest.TempPathFactory) -> t.Iterator[TillServer]:
    """``comptoir init --demo`` in a temporary instance, then ``comptoir run`` on a free
    port with two gunicorn workers."""
    instance = tmp_path_factory.mktemp("till-instance")
    env = {
        **os.environ,
        "COMPTOIR_INSTANCE": str(instance),
        "COMPTOIR_DATABASE_URL": f"sqlite:///{instance / 'comptoir.db'}",
        # Tests enable a plugin and call its API at once; with two workers the other one
        # would answer 404 until its next check (up to 0.25 s, the propagation delay that
        # tests/test_workers.py covers). Checking on every request removes that race.
        "COMPTOIR_PLUGIN_CHECK_INTERVAL": "0",
        # Sample plugins, installed, not enabled, until a test enables them: tillkit's till
        # actions open the dialogs (test_till_dialogs.py); bottles adds deposits, takes
        # bottles back, pays by voucher and charges a delivery; bad_lines adds lines the
        # till cannot price offline (test_till_bottles.py).
        "COMPTOIR_EXTRA_PLUGINS": ",".join(
            [
                "tillkit=sample_plugins.tillkit",
                "bottles=sample_plugins.bottles",
                "bad_lines=sample_plugins.bad_lines",
            ]
        ),
        "PYTHONPATH": os.pathsep.join(
            filter(None, [str(REPO / "tests"), os.environ.get("PYTHONPATH")])
        ),
    }
    _comptoir(env, "init", "--demo")
    _comptoir(env, "users", "create", "locky", "--role", "cashier", "--pin", "4321")
    token = _comptoir(env, "tokens", "create", "admin").strip().splitlines()[-1].strip()
    port = _free_port()
    log = open(instance / "server.log", "w")  # noqa: SIM115 - closed below
    server = subprocess.Popen(
        [sys.executable, "-m", "core.cli", "run", "--port", str(port), "--workers", "2"],
        env=env,
        cwd=REPO,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        for _ in range(150):
            try:
                with urllib.request.urlopen(f"{url}/till/", timeout=2):
                    break
            except OSError:
                if server.poll() is not None:
                    raise RuntimeError((instance / "server.log").read_text()) from None
                time.sleep(0.1)
        else:
            raise RuntimeError("the server did not start")
        yield TillServer(url, env, token)
    finally:
        server.terminate()
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            server.kill()
        log.close()


@pytest.fixture(scope="session")
def browser() -> t.Iterator[t.Any]:
    if not CHROMIUM.exists():
        pytest.fail("Chromium is missing: apt-get install -y chromium")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def context(browser: t.Any, till_server: TillServer) -> t.Iterator[t.Any]:
    """A fresh browser profile (empty IndexedDB and storage) per test."""
    context = browser.new_context(base_url=till_server.url, viewport={"width": 1280, "height": 860})
    context.set_default_timeout(10000)
    yield context
    context.close()


@pytest.fixture
def page(context: t.Any) -> t.Iterator[t.Any]:
    """A till tab; its script errors and console messages are printed when a test fails."""
    page = context.new_page()
    page.on("pageerror", lambda error: print(f"page error: {error}"))
    page.on("console", lambda message: print(f"console {message.type}: {message.text}"))
    yield page


def screenshot(page: t.Any, name: str) -> None:
    """Keep a picture of the screen in test-artifacts/ (git-ignored)."""
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"))
