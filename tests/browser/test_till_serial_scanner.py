"""A serial scanner at a cloud-served till: the agent reads the code from the register's
scanner on a real serial line and forwards it; the till rings it up as if it had been
scanned into its scan field."""

from __future__ import annotations

import os
import subprocess
import sys
import tty
import typing as t

import pytest

from .backoffice import SIZES
from .conftest import ARTIFACTS
from .till import SPREAD, free_port, open_till, set_register_devices, until_agent

pytestmark = pytest.mark.browser


@pytest.fixture
def scanning_agent(till_server: t.Any, tmp_path: t.Any) -> t.Iterator[tuple[t.Any, int]]:
    """R1 with its scanner on its agent; the real agent paired with it, reading a serial
    scanner at the far end of a pseudo-terminal (the test writes the scanner's side)."""
    register = till_server.register()
    set_register_devices(till_server, register["id"], scanner=True)
    status, code, _ = till_server.api("POST", f"/registers/{register['id']}/pairing-code")
    assert status == 201, code
    scanner_side, agent_side = os.openpty()
    tty.setraw(agent_side)
    (tmp_path / "comptoir.toml").write_text(
        f'[hardware]\nscanner = "serial:{os.ttyname(agent_side)}"\nscanner_prefix = "]E0"\n'
    )
    process = subprocess.Popen(
        [sys.executable, "-m", "core.cli", "hardware", "serve", "--port", str(free_port())]
        + ["--server", till_server.url, "--pair", code["code"], "--wait", "2"],
        env={**os.environ, "COMPTOIR_INSTANCE": str(tmp_path)},
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    try:
        until_agent(lambda: (tmp_path / "agent" / "agent.json").exists(), process, "pairing")
        yield process, scanner_side
    finally:
        process.terminate()
        process.wait(timeout=10)
        os.close(scanner_side)
        os.close(agent_side)
        set_register_devices(till_server, register["id"], scanner=False)


def test_a_code_read_by_the_agents_scanner_is_a_line_in_the_cart(page, till_server, scanning_agent):
    _process, scanner_side = scanning_agent

    def polled(response: t.Any) -> bool:
        return "/scans" in response.url and response.status == 200

    with page.expect_response(polled):
        open_till(page, till_server)
    rows = page.locator("#cart-lines tr")
    before = rows.count()
    # The scanner sends its prefix, the code and CR LF, as a programmed serial scanner does.
    os.write(scanner_side, f"]E0{SPREAD[0]}\r\n".encode())
    rows.nth(before).wait_for(state="visible")
    assert rows.count() == before + 1
    assert "4.29" in page.locator("#cart-total").inner_text()
    ARTIFACTS.mkdir(exist_ok=True)
    for width, height in SIZES:
        page.set_viewport_size({"width": width, "height": height})
        page.screenshot(path=str(ARTIFACTS / f"till-serial-scanner-{width}x{height}.png"))
