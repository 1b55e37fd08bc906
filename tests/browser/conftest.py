"""Fixtures of the browser tests: a real server (``comptoir run``, gunicorn) on a demo
instance, and headless Chromium (Debian's package) driven by Playwright.

They run only when Chromium is installed at ``/usr/bin/chromium``; in CI (``CI`` set) a
missing Chromium is a failure, never a skip.
"""

from __future__ import annotations

import json
import os
import statistics
import typing as t
from pathlib import Path

import pytest

from core.testing.browser import CHROMIUM, ComptoirServer, running_server

# The restaurant's table, a fixture of the restaurant's browser tests (dinner, offline).
from .restaurant import restaurant  # noqa: F401

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


class TillServer(ComptoirServer):
    """The browser tests' server: ``api`` answers with the headers too, and register R1
    is at hand."""

    def api(self, method: str, path: str, body: t.Any = None) -> tuple[int, t.Any, t.Any]:
        return self.request(method, path, body)

    def register(self) -> dict:
        status, registers, _ = self.api("GET", "/registers")
        assert status == 200
        return next(r for r in registers if r["code"] == "R1")

    def ensure_open(self) -> dict:
        self.open_register()
        return self.register()


@pytest.fixture(scope="session")
def till_server(tmp_path_factory: pytest.TempPathFactory) -> t.Iterator[TillServer]:
    """The demo shop served by ``comptoir run`` (core.testing.browser), with the sample
    plugins installed (not enabled until a test enables them) and a second cashier."""
    extra_env = {
        # tillkit's till actions open the dialogs (test_till_dialogs.py); bottles adds
        # deposits, takes bottles back, pays by voucher and charges a delivery; bad_lines
        # adds lines the till cannot price offline (test_till_bottles.py).
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
    with running_server(
        tmp_path_factory.mktemp("till-instance"),
        extra_env=extra_env,
        setup=[("users", "create", "locky", "--role", "cashier", "--pin", "4321")],
        server_class=TillServer,
    ) as server:
        yield server


@pytest.fixture(scope="session")
def browser(chromium: t.Any) -> t.Any:
    """The tests' Chromium: core.testing's ``chromium`` itself, since a process can run
    only one Playwright (a second one fails inside the first one's event loop)."""
    if not CHROMIUM.exists():
        pytest.fail("Chromium is missing: apt-get install -y chromium")
    return chromium


@pytest.fixture
def context(browser: t.Any, till_server: TillServer) -> t.Iterator[t.Any]:
    """A fresh browser profile (empty IndexedDB and storage) per test. Playwright's string
    predicates run through eval, which the Content-Security-Policy forbids: the tests
    bypass it, and test_till_csp.py drives the till under it."""
    context = browser.new_context(
        base_url=till_server.url, viewport={"width": 1280, "height": 860}, bypass_csp=True
    )
    context.set_default_timeout(10000)
    yield context
    context.close()


@pytest.fixture
def page(context: t.Any) -> t.Iterator[t.Any]:
    """A till tab; its script errors, console messages and refused requests (which say
    what a bare "status of 401" in the console does not: the method and the path) are
    printed when a test fails."""
    page = context.new_page()
    page.on("pageerror", lambda error: print(f"page error: {error}"))
    page.on("console", lambda message: print(f"console {message.type}: {message.text}"))
    page.on("response", _print_refused)
    yield page


def _print_refused(response: t.Any) -> None:
    if response.status >= 400:
        request = response.request
        print(f"response {response.status}: {request.method} {request.url}")


def screenshot(page: t.Any, name: str) -> None:
    """Keep a picture of the screen in test-artifacts/ (git-ignored)."""
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"))
