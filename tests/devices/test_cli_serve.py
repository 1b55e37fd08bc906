"""``comptoir hardware serve``: the agent as a command."""

from __future__ import annotations

import http.client
import json
import os
import socket
import subprocess
import sys
import time

from click.testing import CliRunner

from core.cli import main


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _get(port: int, path: str):
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
    try:
        connection.request("GET", path)
        response = connection.getresponse()
        return response.status, json.loads(response.read())
    finally:
        connection.close()


def test_serve_answers_over_http(tmp_path):
    """The command serves the agent on the given port with the configured devices."""
    port = _free_port()
    (tmp_path / "comptoir.toml").write_text('[hardware]\nscale = "none"\n')
    env = {**os.environ, "COMPTOIR_INSTANCE": str(tmp_path)}
    process = subprocess.Popen(
        [sys.executable, "-m", "core.cli", "hardware", "serve", "--port", str(port)],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    try:
        for _attempt in range(100):  # wait for the server to listen, at most ~10 s
            try:
                status, body = _get(port, "/status")
                break
            except OSError:
                if process.poll() is not None:
                    raise AssertionError(process.stderr.read().decode()) from None
                time.sleep(0.1)
        else:
            raise AssertionError("the agent did not start")
        assert status == 200
        assert body["devices"]["printer"]["kind"] == "simulated"
        assert body["devices"]["scale"] is None
    finally:
        process.terminate()
        process.wait(timeout=10)
    assert f"Hardware agent on http://127.0.0.1:{port}" in process.stdout.read().decode()


def test_serving_off_localhost_needs_a_token(tmp_path):
    """Listening beyond localhost without a token is refused, with no traceback."""
    result = CliRunner().invoke(
        main,
        ["hardware", "serve", "--host", "0.0.0.0", "--port", "0"],
        env={"COMPTOIR_INSTANCE": str(tmp_path), "COMPTOIR_HARDWARE_TOKEN": ""},
    )
    assert result.exit_code == 1
    assert "needs a --token" in result.output
    assert "Traceback" not in result.output


def test_bad_device_setting_is_an_error(tmp_path):
    """A device setting that cannot be understood is a one-line error."""
    result = CliRunner().invoke(
        main,
        ["hardware", "serve", "--port", "0"],
        env={"COMPTOIR_INSTANCE": str(tmp_path), "COMPTOIR_HARDWARE_PRINTER": "laser"},
    )
    assert result.exit_code == 1
    assert "printer: 'laser'" in result.output
