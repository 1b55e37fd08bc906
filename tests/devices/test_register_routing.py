"""An agent's devices by register: ``[hardware.registers.CODE]`` tables, jobs run on the
devices of the register they name, and the simulated scale's control file."""

from __future__ import annotations

import base64
import json
from decimal import Decimal

import pytest

from hardware.jobs import JobRunner, RegisterRouter
from hardware.registry import (
    HardwareConfigError,
    load_hardware_config,
    load_register_configs,
    open_devices,
)
from hardware.scale import ScaleError, SimulatedScale


def test_each_register_has_its_own_table(tmp_path):
    (tmp_path / "comptoir.toml").write_text(
        '[hardware]\nprinter = "none"\n'
        '[hardware.registers.R2]\nprinter = "simulated"\nscale = "none"\n'
    )
    assert load_hardware_config(tmp_path, environ={}) == {"printer": "none"}
    assert load_register_configs(tmp_path) == {"R2": {"printer": "simulated", "scale": "none"}}


def test_a_register_entry_that_is_no_table_is_refused(tmp_path):
    (tmp_path / "comptoir.toml").write_text('[hardware]\nregisters = { R2 = "usb" }\n')
    with pytest.raises(HardwareConfigError):
        load_register_configs(tmp_path)


def _print(register_code: str) -> dict:
    payload = {"escpos": base64.b64encode(b"hello").decode()}
    return {"id": register_code, "kind": "print", "target": "printer", "payload": payload}


def test_a_job_runs_on_the_devices_of_its_register():
    default = JobRunner(open_devices({"printer": "simulated"}))
    second = JobRunner(open_devices({"printer": "simulated", "scale": "none"}))
    router = RegisterRouter(default, {"R2": second})
    assert router.run({**_print("x"), "register_code": "R2"})[0]
    assert router.run({**_print("y"), "register_code": "R1"})[0]  # no table: [hardware]
    assert second.devices.printer.output.count(b"hello") == 1
    assert default.devices.printer.output.count(b"hello") == 1
    status = router.status()
    assert status["registers"]["R2"]["scale"] is None and status["scale"] is not None


def test_the_simulated_scale_reads_its_control_file(tmp_path):
    control = tmp_path / "scale.json"
    scale = SimulatedScale("0.100", control=control)
    assert scale.weigh().kilograms == Decimal("0.100")  # no file yet: as it was
    control.write_text(json.dumps({"weight": "0.432", "stable": True}))
    assert scale.weigh().kilograms == Decimal("0.432")
    control.write_text(json.dumps({"weight": "0.432", "stable": False}))
    with pytest.raises(ScaleError) as moving:
        scale.weigh()
    assert moving.value.reason == "motion"
    control.write_text("not json")
    with pytest.raises(ScaleError) as garbled:
        scale.weigh()
    assert garbled.value.reason == "garbled"


def test_the_scale_setting_names_the_control_file(tmp_path):
    control = tmp_path / "scale.json"
    control.write_text(json.dumps({"weight": "1.250", "stable": True}))
    devices = open_devices({"scale": f"simulated:{control}"})
    assert devices.scale.weigh().kilograms == Decimal("1.250")
