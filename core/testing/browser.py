"""Browser tests for plugin authors: a real ``comptoir run`` on a demo shop, and headless
Chromium (Debian's ``chromium`` package) driven by Playwright's Python package.
Plugin tests import the helper as ``from core.testing import sign_in_till``.

    pytestmark = pytest.mark.browser

    def test_the_till_action(comptoir_server, browser_page):
        comptoir_server.enable("parcel")
        sign_in_till(browser_page, comptoir_server, "Manager", "1111")
        browser_page.get_by_role("button", name="Parcel").click()
        ...

The fixtures (registered by Comptoir's pytest plugin) are ``comptoir_server`` (one server
per test session, with every installed plugin available to enable) and
``browser_page`` (a fresh browser profile per test). They need ``/usr/bin/chromium``:
without it the tests are skipped, except in CI (``CI`` set), where that is a failure.
"""

from __future__ import annotations

import contextlib
import json
import os
import signal
import socket
import subprocess
import sys
import time
import typing as t
import urllib.error
import urllib.request
from pathlib import Path

import pytest

CHROMIUM = Path("/usr/bin/chromium")
#: What a headless Chromium needs on a server without a screen or an outside network.
CHROMIUM_ARGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
)

__all__ = [
    "CHROMIUM",
    "CHROMIUM_ARGS",
    "ComptoirServer",
    "launch_chromium",
    "running_server",
    "sign_in_till",
]


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _comptoir(env: dict[str, str], *args: str) -> str:
    result = subprocess.run(
        [sys.executable, "-m", "core.cli", *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=180,
    )
    if result.returncode:
        raise RuntimeError(f"comptoir {' '.join(args)} failed: {result.stderr}")
    return result.stdout


class ComptoirServer:
    """A running ``comptoir run`` on a demo shop (cashier PIN 1234, manager PIN 1111),
    with an admin token for setting things up through the API."""

    def __init__(self, url: str, env: dict[str, str], token: str):
        self.url = url
        self.env = env
        self.token = token

    def request(self, method: str, path: str, body: t.Any = None) -> tuple[int, t.Any, t.Any]:
        """Call ``/api/v1<path>`` as the admin: ``(status, JSON answer, headers)``."""
        data = None if body is None else json.dumps(body).encode()
        request = urllib.request.Request(
            f"{self.url}/api/v1{path}",
            data=data,
            method=method,
            headers={"Authorization": f"Bearer {self.token}", "Content-Type": "application/json"},
        )
        try:
            with urllib.request.urlopen(request, timeout=30) as response:
                return response.status, json.loads(response.read() or b"null"), response.headers
        except urllib.error.HTTPError as error:
            return error.code, json.loads(error.read() or b"null"), error.headers

    def api(self, method: str, path: str, body: t.Any = None) -> tuple[int, t.Any]:
        """Call ``/api/v1<path>`` as the admin: ``(status, JSON answer)``."""
        status, answer, _headers = self.request(method, path, body)
        return status, answer

    def enable(self, *names: str) -> None:
        """Enable plugins (their migrations run); every worker sees it on its next request."""
        for name in names:
            status, body, _headers = self.request("POST", f"/plugins/{name}/enable")
            assert status == 200, body

    def disable(self, *names: str) -> None:
        for name in names:
            self.request("POST", f"/plugins/{name}/disable")

    def open_register(self, code: str = "R1") -> dict[str, t.Any]:
        """The register, its cash session open (a float of 100.00 if it was closed)."""
        status, registers, _headers = self.request("GET", "/registers")
        assert status == 200, registers
        register = next(r for r in registers if r["code"] == code)
        if not register["is_open"]:
            path = f"/registers/{register['id']}/open"
            status, body, _headers = self.request("POST", path, {"float": 10000})
            assert status == 201, body
            register = {**register, "is_open": True}
        return register


@contextlib.contextmanager
def running_server(
    instance: Path,
    *,
    extra_env: dict[str, str] | None = None,
    setup: t.Iterable[tuple[str, ...]] = (),
    server_class: type[ComptoirServer] = ComptoirServer,
) -> t.Iterator[ComptoirServer]:
    """``comptoir init --demo`` in ``instance``, the ``setup`` commands (``("users",
    "create", ...)``), then ``comptoir run`` with two gunicorn workers on a free port,
    stopped on leaving."""
    env = {
        **os.environ,
        "COMPTOIR_INSTANCE": str(instance),
        "COMPTOIR_DATABASE_URL": f"sqlite:///{instance / 'comptoir.db'}",
        # A test enables a plugin and uses it at once: with two workers the other one would
        # answer 404 until its next look (up to 0.25 s). Looking on every request avoids it.
        "COMPTOIR_PLUGIN_CHECK_INTERVAL": "0",
        # Every test signs in from 127.0.0.1: the per-address throttle would refuse them.
        "COMPTOIR_SIGNIN_ATTEMPTS_PER_ADDRESS": "10000 per minute",
        **(extra_env or {}),
    }
    _comptoir(env, "init", "--demo")
    for command in setup:
        _comptoir(env, *command)
    token = _comptoir(env, "tokens", "create", "admin").strip().splitlines()[-1].strip()
    port = _free_port()
    log = open(instance / "server.log", "w")  # noqa: SIM115 - closed below
    server = subprocess.Popen(
        [sys.executable, "-m", "core.cli", "run", "--port", str(port), "--workers", "2"],
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        for _ in range(300):
            try:
                with urllib.request.urlopen(f"{url}/till/", timeout=2):
                    break
            except OSError:
                if server.poll() is not None:
                    raise RuntimeError((instance / "server.log").read_text()) from None
                time.sleep(0.1)
        else:
            raise RuntimeError("the server did not start")
        yield server_class(url, env, token)
    finally:
        # gunicorn's quick shutdown: after the tests nothing is in flight worth finishing,
        # and a graceful one (SIGTERM) waited the whole timeout on idle keep-alive sockets.
        server.send_signal(signal.SIGINT)
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            server.kill()
        log.close()


@pytest.fixture(scope="session")
def comptoir_server(tmp_path_factory: pytest.TempPathFactory) -> t.Iterator[ComptoirServer]:
    """A demo shop served by ``comptoir run`` (gunicorn, two workers) for the whole test
    session, every installed plugin available to enable."""
    with running_server(tmp_path_factory.mktemp("comptoir-server")) as server:
        yield server


def launch_chromium(playwright: t.Any) -> t.Any:
    """Debian's headless Chromium through Playwright (never a downloaded browser)."""
    return playwright.chromium.launch(executable_path=str(CHROMIUM), args=list(CHROMIUM_ARGS))


@pytest.fixture(scope="session")
def chromium() -> t.Iterator[t.Any]:
    """Headless Chromium (Debian's package), launched once per session."""
    if not CHROMIUM.exists():
        if os.environ.get("CI"):
            pytest.fail("Chromium is missing: apt-get install -y chromium")
        pytest.skip("Chromium is not installed (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = launch_chromium(playwright)
        yield browser
        browser.close()


@pytest.fixture
def browser_page(chromium: t.Any, comptoir_server: ComptoirServer) -> t.Iterator[t.Any]:
    """A page in a fresh browser profile (empty storage) on the server, 1280x800. The
    Content-Security-Policy is bypassed: Playwright's string predicates (``wait_for_function``)
    run through eval, which it forbids."""
    context = chromium.new_context(
        base_url=comptoir_server.url, viewport={"width": 1280, "height": 800}, bypass_csp=True
    )
    context.set_default_timeout(10000)
    page = context.new_page()
    page.on("pageerror", lambda error: print(f"page error: {error}"))
    yield page
    context.close()


def sign_in_till(
    page: t.Any, server: ComptoirServer, name: str = "Cashier", pin: str = "1234"
) -> None:
    """Open the till on an open register as ``name`` (its button on the sign-in screen)
    with ``pin``, and wait for the sale screen."""
    server.open_register()
    page.goto("/till/")
    page.get_by_role("button", name=name, exact=True).click()
    page.locator("#signin-pin").fill(pin)
    page.keyboard.press("Enter")
    page.locator("#screen-sell").wait_for(state="visible")
