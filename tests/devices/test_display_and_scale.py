"""The pole display and the scale through the paired agent: lines shown, the latest
wins; a weight is taken only stable and above zero, refused otherwise with a reason."""

from __future__ import annotations

import threading

import pytest
from agent_kit import pairing_code, set_devices

from hardware import SimulatedDisplay, SimulatedScale
from hardware.channel import ServerChannel, pair
from hardware.jobs import JobRunner, JobWorker
from hardware.registry import Devices
from hardware.spool import Spool


@pytest.fixture
def shop_pc(served, manager_api, cashier_api, tmp_path):
    """The agent of register 1 with a simulated display and scale, polling in a thread
    (the users' tokens are made before: the test fixtures write them as plain inserts,
    which SQLite refuses while another connection writes)."""
    set_devices(manager_api, printer="agent", display=True, scale=True)
    credentials = pair(served.url, pairing_code(manager_api))
    devices = Devices(
        printer=None, drawer=None, display=SimulatedDisplay(), scanner=None, scale=SimulatedScale()
    )
    worker = JobWorker(
        ServerChannel(credentials["server"], credentials["token"]),
        Spool(tmp_path / "spool.sqlite"),
        JobRunner(devices),
    )
    thread = threading.Thread(target=worker.run_forever, kwargs={"wait": 1, "pause": 0.2})
    thread.start()
    yield devices
    worker.stopping.set()
    thread.join(timeout=30)


def _read(api):
    return api.post("/api/v1/registers/1/scale/read")


def test_a_stable_weight_is_read(shop_pc, cashier_api):
    shop_pc.scale.set("1.235", stable=True)
    response = _read(cashier_api)
    assert response.status_code == 200, response.get_json()
    assert response.get_json() == {"weight": "1.235", "unit": "kg", "stable": True}


@pytest.mark.parametrize(
    ("weight", "stable", "code"),
    [
        ("0.500", False, "scale_unstable"),
        ("-0.020", True, "scale_negative"),
        ("0.000", True, "scale_empty"),
    ],
)
def test_a_weight_the_till_may_not_sell_by_is_refused(shop_pc, cashier_api, weight, stable, code):
    shop_pc.scale.set(weight, stable=stable)
    response = _read(cashier_api)
    assert response.status_code == 409
    assert response.get_json()["error"]["code"] == code


def test_lines_are_shown_on_the_pole_display(shop_pc, cashier_api, manager_api):
    response = cashier_api.post(
        "/api/v1/registers/1/display", json={"lines": ["Café crème 3,20", "Total 3,20"]}
    )
    assert response.status_code == 201, response.get_json()
    job_id = response.get_json()["id"]

    def done() -> bool:
        jobs = manager_api.get("/api/v1/registers/1/jobs").get_json()
        return any(job["id"] == job_id and job["status"] == "done" for job in jobs)

    _wait(done)
    # Accents off, 20 columns each: what a pole display can show.
    assert shop_pc.display.lines == ("Café crème 3,20".ljust(20), "Total 3,20".ljust(20))


def test_a_register_without_a_scale_says_so(cashier_api):
    response = _read(cashier_api)
    assert response.status_code == 409
    assert response.get_json()["error"]["code"] == "no_scale"


def test_bad_display_lines_are_a_4xx(cashier_api, manager_api):
    set_devices(manager_api, display=True)
    for body in ({"lines": []}, {"lines": ["a", "b", "c"]}, {"lines": [3]}, {}):
        response = cashier_api.post("/api/v1/registers/1/display", json=body)
        assert response.status_code == 422, body


def _wait(condition) -> None:
    import time

    end = time.monotonic() + 30
    while time.monotonic() < end:
        if condition():
            return
        time.sleep(0.05)
    raise AssertionError("timed out")
