"""Every worker of a deployment sees an enable or disable within a second, without a
restart: two hosts on one database, then a real `comptoir run --workers 2`."""

from __future__ import annotations

import concurrent.futures
import http.client
import os
import re
import signal
import socket
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import pytest

from core.testing.fixtures import TEST_HASH_METHOD, make_test_app, token_for

ALPHA = "alpha=sample_plugins.alpha"
TESTS = Path(__file__).resolve().parent
#: The contract: a change is seen by every worker within this many seconds.
CONVERGENCE = 1.0

pytestmark = pytest.mark.comptoir_extra_plugins(ALPHA)


@pytest.fixture
def workers(app, tmp_path):
    """Two hosts on the test database, as two worker processes would have, with the
    production check interval."""
    url = app.config["SQLALCHEMY_DATABASE_URI"]
    hosts = [
        make_test_app(url, tmp_path / f"worker{i}", [ALPHA], PLUGIN_CHECK_INTERVAL=0.25)
        for i in range(2)
    ]
    yield hosts
    for host in hosts:
        host.close()


def _wait_for(predicate, timeout: float) -> float | None:
    """Seconds until ``predicate()`` held, or None after ``timeout``."""
    started = time.monotonic()
    while time.monotonic() - started < timeout:
        if predicate():
            return time.monotonic() - started
        time.sleep(0.01)
    return None


@pytest.mark.parametrize(
    ("action", "before", "after"), [("enable", 404, 200), ("disable", 200, 404)]
)
def test_other_worker_sees_the_change_within_a_second(app, workers, action, before, after):
    """After an enable (or disable) in one worker, the other serves (or stops serving)
    the plugin's route within a second, without a restart."""
    first, second = workers
    headers = {"Authorization": f"Bearer {token_for(app, 'admin')}"}
    if action == "disable":
        first.test_client().post("/api/v1/plugins/alpha/enable", headers=headers)
        warm = second.test_client()
        _wait_for(lambda: warm.get("/alpha/", headers=headers).status_code == 200, 5)
    other = second.test_client()
    assert other.get("/alpha/", headers=headers).status_code == before
    response = first.test_client().post(f"/api/v1/plugins/alpha/{action}", headers=headers)
    assert response.status_code == 200
    assert first.test_client().get("/alpha/", headers=headers).status_code == after
    elapsed = _wait_for(
        lambda: other.get("/alpha/", headers=headers).status_code == after, CONVERGENCE
    )
    assert elapsed is not None, f"the other worker did not see the {action} within a second"


def test_within_the_interval_a_worker_does_not_query(app, workers):
    """The monotonic gate: between two checks, current() reads nothing from the database."""
    from core.plugins import runtime as runtime_module

    second = workers[1]
    holder = second.runtimes
    holder.current()
    holder._next_check = time.monotonic() + 3600
    reads = []
    original = runtime_module.read_generation
    try:
        runtime_module.read_generation = lambda engine: reads.append(1) or original(engine)
        for _ in range(100):
            holder.current()
    finally:
        runtime_module.read_generation = original
    assert reads == []


# -- a real gunicorn with two workers ------------------------------------------------------


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _get(port: int, path: str, token: str) -> int:
    """One request on its own connection, so that the kernel may hand it to any worker."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    try:
        connection.request(
            "GET", path, headers={"Authorization": f"Bearer {token}", "Connection": "close"}
        )
        response = connection.getresponse()
        response.read()
        return response.status
    finally:
        connection.close()


def _post(port: int, path: str, token: str) -> int:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    try:
        connection.request("POST", path, headers={"Authorization": f"Bearer {token}"})
        response = connection.getresponse()
        response.read()
        return response.status
    finally:
        connection.close()


@dataclass
class Server:
    port: int
    master_pid: int


@pytest.fixture
def server(app):
    """`comptoir run --workers 2` on the test database, on a free port."""
    port = _free_port()
    env = {
        **os.environ,
        "COMPTOIR_INSTANCE": app.instance_path,
        "COMPTOIR_DATABASE_URL": app.config["SQLALCHEMY_DATABASE_URI"],
        "COMPTOIR_EXTRA_PLUGINS": ALPHA,
        "COMPTOIR_PASSWORD_HASH_METHOD": TEST_HASH_METHOD,
        "PYTHONPATH": os.pathsep.join(filter(None, [str(TESTS), os.environ.get("PYTHONPATH")])),
    }
    script = Path(sys.executable).with_name("comptoir")
    command = [str(script)] if script.exists() else [sys.executable, "-c", _MAIN]
    log = Path(app.instance_path) / "gunicorn.out"
    with log.open("wb") as out:
        process = subprocess.Popen(
            [*command, "run", "--workers", "2", "--port", str(port)],
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    try:
        booted = _wait_for(lambda: log.read_text().count("Booting worker") >= 2, 30)
        assert booted is not None, log.read_text()
        up = _wait_for(lambda: _status_or_none(port) == 200, 30)
        assert up is not None, log.read_text()
        yield Server(port, process.pid)
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()


_MAIN = "from core.cli import main; main()"


def _status_or_none(port: int) -> int | None:
    try:
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
        connection.request("GET", "/api/v1/openapi.json", headers={"Connection": "close"})
        return connection.getresponse().status
    except OSError:
        return None


def _worker_pids_on(app, generation_text: str) -> set[str]:
    """Worker processes that logged building a runtime with ``generation_text``."""
    text = (Path(app.instance_path) / "logs" / "comptoir.log").read_text()
    pattern = re.compile(r" (\d+) INFO comptoir: plugin runtime generation \d+: " + generation_text)
    return {match.group(1) for match in pattern.finditer(text)}


def test_gunicorn_workers_see_an_enable_within_a_second(app, server):
    """With `comptoir run --workers 2`, enabling a plugin through the API makes every
    worker serve its route within a second: many requests on fresh connections (spread
    over both workers) all answer 200, and both workers logged the new runtime."""
    port = server.port
    token = token_for(app, "admin")
    assert {_get(port, "/alpha/", token) for _ in range(20)} == {404}
    assert _post(port, "/api/v1/plugins/alpha/enable", token) == 200
    enabled_at = time.monotonic()
    last_miss = enabled_at
    streak = 0
    # Concurrent batches: one worker busy with a request, the other must take the next,
    # whatever the worker class and however accepts are won.
    with concurrent.futures.ThreadPoolExecutor(4) as pool:
        while streak < 60 and time.monotonic() - enabled_at < 10:
            statuses = list(pool.map(lambda _: _get(port, "/alpha/", token), range(4)))
            if statuses == [200] * 4:
                streak += 4
            else:
                last_miss, streak = time.monotonic(), 0
    assert streak >= 60, "the workers never all served the plugin"
    assert last_miss - enabled_at < CONVERGENCE
    assert len(_worker_pids_on(app, "alpha")) == 2


@pytest.fixture
def alpha_enabled(app):
    """alpha enabled before the server starts."""
    headers = {"Authorization": f"Bearer {token_for(app, 'admin')}"}
    response = app.test_client().post("/api/v1/plugins/alpha/enable", headers=headers)
    assert response.status_code == 200


def test_the_master_loads_the_enabled_plugins_before_the_workers(app, alpha_enabled, server):
    """`comptoir run` builds the plugin runtime once before forking, so that every
    worker starts with the enabled plugins' modules imported (and shares their memory):
    the master's own process logged the runtime with alpha, and the workers serve it."""
    assert str(server.master_pid) in _worker_pids_on(app, "alpha")
    token = token_for(app, "admin")
    assert {_get(server.port, "/alpha/", token) for _ in range(10)} == {200}
