"""Choosing real or simulated drivers from the configuration."""

from __future__ import annotations

import pytest

from hardware.display import SerialDisplay, SimulatedDisplay
from hardware.drawer import PrinterDrawer, SimulatedDrawer
from hardware.printer import EscposPrinter, SimulatedPrinter
from hardware.registry import HardwareConfigError, load_hardware_config, open_devices
from hardware.scale import SimulatedScale
from hardware.scanner import SerialScanner, SimulatedScanner


def test_everything_is_simulated_by_default():
    """With no configuration every device is the simulated twin."""
    devices = open_devices({})
    assert isinstance(devices.printer, SimulatedPrinter)
    assert isinstance(devices.drawer, SimulatedDrawer)
    assert isinstance(devices.display, SimulatedDisplay)
    assert isinstance(devices.scanner, SimulatedScanner)
    assert isinstance(devices.scale, SimulatedScale)


def test_real_printer_brings_its_drawer():
    """A real printer's drawer is kicked through it unless said otherwise."""
    devices = open_devices({"printer": "network:192.0.2.10:9100", "drawer_pin": "5"})
    assert isinstance(devices.printer, EscposPrinter)
    assert devices.printer.address == "192.0.2.10:9100"
    assert isinstance(devices.drawer, PrinterDrawer) and devices.drawer.pin == 5


def test_serial_devices_and_none():
    """``serial:URL`` opens the serial driver; ``none`` leaves the device out."""
    devices = open_devices(
        {"display": "serial:loop://", "scanner": "serial:loop://", "scale": "none"}
    )
    assert isinstance(devices.display, SerialDisplay)
    assert isinstance(devices.scanner, SerialScanner)
    assert devices.scale is None
    assert devices.status()["scale"] is None


@pytest.mark.parametrize(
    "config",
    [
        {"printer": "laser"},
        {"printer": "usb:zz:01"},
        {"printer": "network:host:port"},
        {"display": "serial:"},
        {"drawer": "printer", "printer": "none"},
        {"scale": "serial:/nonexistent/ttyS99"},
        {"printer_baudrate": "fast", "printer": "serial:loop://"},
    ],
)
def test_bad_settings_are_refused_clearly(config):
    """A setting that cannot be understood raises HardwareConfigError."""
    with pytest.raises(HardwareConfigError):
        open_devices(config)


def test_config_file_section_then_environment(tmp_path):
    """The instance file's [hardware] table is read; COMPTOIR_HARDWARE_* variables win."""
    (tmp_path / "comptoir.toml").write_text(
        '[hardware]\nprinter = "network:192.0.2.1"\ndisplay = "none"\n'
    )
    environ = {"COMPTOIR_HARDWARE_PRINTER": "simulated", "COMPTOIR_HARDWARE_SCALE": "none"}
    assert load_hardware_config(tmp_path, environ) == {
        "printer": "simulated",
        "display": "none",
        "scale": "none",
    }
    assert load_hardware_config(tmp_path, {}) == {"printer": "network:192.0.2.1", "display": "none"}


def test_broken_config_file_is_refused(tmp_path):
    """An unreadable instance file raises HardwareConfigError, not a traceback."""
    (tmp_path / "comptoir.toml").write_text("[hardware\n")
    with pytest.raises(HardwareConfigError):
        load_hardware_config(tmp_path, {})


def test_driver_options_are_set_from_the_configuration():
    """The display's command set, the scale's protocol, the scanner's prefix and the
    drawer's open level reach the drivers."""
    devices = open_devices(
        {
            "printer": "network:192.0.2.10",
            "drawer_open_level": "low",
            "display": "serial:loop://",
            "display_command_set": "cd5220",
            "scanner": "serial:loop://",
            "scanner_prefix": "]E0",
            "scale": "serial:loop://",
            "scale_protocol": "ad",
        }
    )
    assert devices.printer.drawer_open_level == "low"
    assert devices.display.command_set == "cd5220"
    assert devices.scanner.prefix == "]E0"
    assert devices.scale.protocol == "ad"
    assert devices.status()["display"]["command_set"] == "cd5220"
    assert devices.status()["scale"]["protocol"] == "ad"


def test_driver_options_default_to_the_common_devices():
    """Unset, the options are those most devices speak: epson, toledo, pin 3 high."""
    devices = open_devices(
        {"printer": "network:192.0.2.10", "display": "serial:loop://", "scale": "serial:loop://"}
    )
    assert devices.printer.drawer_open_level == "high"
    assert devices.display.command_set == "epson"
    assert devices.scale.protocol == "toledo"


def test_scanner_prefix_is_taken_off_each_code():
    """A scanner set with ``scanner_prefix`` hands out the codes without it."""
    scanner = open_devices({"scanner": "serial:loop://", "scanner_prefix": "]E0"}).scanner
    scanner._port.write(b"]E04006381333931\r\n")
    assert scanner.read() == "4006381333931"


@pytest.mark.parametrize(
    "config",
    [
        {"display": "serial:loop://", "display_command_set": "vt100"},
        {"scale": "serial:loop://", "scale_protocol": "dibal"},
        {"printer": "network:192.0.2.10", "drawer_open_level": "middle"},
        {"display_command_set": "vt100"},
    ],
)
def test_bad_driver_options_are_refused_clearly(config):
    """An option value the driver does not know raises HardwareConfigError."""
    with pytest.raises(HardwareConfigError):
        open_devices(config)
