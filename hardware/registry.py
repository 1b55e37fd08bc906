"""Choosing each device's driver, real or simulated, from the configuration.

Keys (all optional; every device is simulated by default):

=================  ===============================================================
``printer_NAME``   a named printer (``printer_kitchen = "network:10.0.0.7"``), same
                   forms as ``printer``; plugins print to it by name
``printer``        ``simulated``, ``simulated:FILE`` (bytes appended to FILE),
                   ``network:HOST[:PORT]``, ``usb:VENDOR:PRODUCT`` (hex ids),
                   ``serial:PORT`` (a device path or pyserial URL), ``none``
``drawer``         ``printer`` (kicked through the printer), ``simulated``, ``none``;
                   by default through the printer when the printer is real
``drawer_pin``     ``2`` (default) or ``5``
``drawer_open_level``  ``high`` (default) or ``low``: pin 3's level, in the printer's
                   status, while the drawer is open
``display``        ``simulated``, ``serial:PORT``, ``none``
``display_command_set``  ``epson`` (default) or ``cd5220``
``scanner``        ``simulated``, ``serial:PORT``, ``none``
``scanner_prefix`` what the scanner sends before each code (``]E0``), taken off
``scale``          ``simulated``, ``simulated:FILE`` (its load read from a JSON file
                   at each weighing, ``{"weight": "0.432", "stable": true}``: a test
                   and demo aid), ``serial:PORT``, ``none``
``scale_protocol`` ``toledo`` (default) or ``ad``
``*_baudrate``     serial speed of that device, ``9600`` by default
``token``          the shared secret the local agent requires (``X-Agent-Token``)
``allowed_origins``  comma-separated web origins allowed to call the agent (CORS)
=================  ===============================================================

They are read from the ``[hardware]`` table of the instance's ``comptoir.toml`` and from
``COMPTOIR_HARDWARE_<KEY>`` environment variables (``COMPTOIR_HARDWARE_PRINTER=...``),
which win.

An agent serving several registers finds each register's own devices in a
``[hardware.registers.CODE]`` table (same keys, by the register's code; environment
variables do not reach them); a register without a table of its own uses the
``[hardware]`` devices::

    [hardware]                      # register T1's (the one the agent was paired for)
    printer = "network:192.168.1.50"

    [hardware.registers.T2]
    printer = "network:192.168.1.51"
    scale = "serial:/dev/ttyUSB1"
"""

from __future__ import annotations

import os
import tomllib
import typing as t
from dataclasses import dataclass
from functools import partial
from pathlib import Path

from .display import COMMAND_SETS, CustomerDisplay, SerialDisplay, SimulatedDisplay
from .drawer import CashDrawer, PrinterDrawer, SimulatedDrawer
from .printer import (
    Printer,
    SimulatedPrinter,
    network_printer,
    serial_printer,
    usb_printer,
)
from .scale import PROTOCOLS, Scale, SerialScale, SimulatedScale
from .scanner import BarcodeScanner, SerialScanner, SimulatedScanner

__all__ = [
    "Devices",
    "HardwareConfigError",
    "load_hardware_config",
    "load_register_configs",
    "open_devices",
    "open_named_printers",
]

ENV_PREFIX = "COMPTOIR_HARDWARE_"
#: The levels pin 3 of the drawer connector can have while the drawer is open.
DRAWER_OPEN_LEVELS = ("high", "low")
CONFIG_FILE = "comptoir.toml"


class HardwareConfigError(Exception):
    """A device setting that cannot be understood."""


@dataclass
class Devices:
    """The devices of one till; a device configured as ``none`` is ``None``."""

    printer: Printer | None
    drawer: CashDrawer | None
    display: CustomerDisplay | None
    scanner: BarcodeScanner | None
    scale: Scale | None

    def status(self) -> dict[str, t.Any]:
        return {
            name: device.status() if device is not None else None
            for name, device in (
                ("printer", self.printer),
                ("drawer", self.drawer),
                ("display", self.display),
                ("scanner", self.scanner),
                ("scale", self.scale),
            )
        }


def load_hardware_config(
    instance_path: str | Path | None = None, environ: t.Mapping[str, str] | None = None
) -> dict[str, str]:
    """The ``[hardware]`` settings of the instance file, then the environment's."""
    environ = os.environ if environ is None else environ
    config: dict[str, str] = {}
    if instance_path is not None:
        path = Path(instance_path) / CONFIG_FILE
        if path.exists():
            try:
                with path.open("rb") as fh:
                    data = tomllib.load(fh)
            except tomllib.TOMLDecodeError as exc:
                raise HardwareConfigError(f"{path}: {exc}") from None
            section = _section(path, data)
            config.update(
                {str(k).lower(): str(v) for k, v in section.items() if not isinstance(v, dict)}
            )
    for key, value in environ.items():
        if key.startswith(ENV_PREFIX):
            config[key[len(ENV_PREFIX) :].lower()] = value
    return config


def _section(path: Path, data: dict[str, t.Any]) -> dict[str, t.Any]:
    section = data.get("hardware", data.get("HARDWARE", {}))
    if not isinstance(section, dict):
        raise HardwareConfigError(f"{path}: [hardware] must be a table")
    return section


def load_register_configs(instance_path: str | Path | None) -> dict[str, dict[str, str]]:
    """Each register's own devices, by register code: the ``[hardware.registers.CODE]``
    tables of the instance file (empty when there are none)."""
    if instance_path is None:
        return {}
    path = Path(instance_path) / CONFIG_FILE
    if not path.exists():
        return {}
    try:
        with path.open("rb") as fh:
            tables = _section(path, tomllib.load(fh)).get("registers", {})
    except tomllib.TOMLDecodeError as exc:
        raise HardwareConfigError(f"{path}: {exc}") from None
    if not isinstance(tables, dict) or not all(isinstance(v, dict) for v in tables.values()):
        raise HardwareConfigError(f"{path}: [hardware.registers.CODE] must be tables")
    return {
        str(code): {str(k).lower(): str(v) for k, v in table.items()}
        for code, table in tables.items()
    }


def open_devices(config: t.Mapping[str, str] | None = None) -> Devices:
    """Open every device the configuration names (all simulated for an empty one)."""
    config = dict(config or {})
    printer = _printer(config.get("printer", "simulated"), _baudrate(config, "printer"))
    if printer is not None and hasattr(printer, "drawer_open_level"):
        # Only a real printer reads pin 3; the simulated one is told the drawer's state.
        printer.drawer_open_level = _choice(config, "drawer_open_level", DRAWER_OPEN_LEVELS)
    drawer = _drawer(config, printer)
    display = partial(
        SerialDisplay, command_set=_choice(config, "display_command_set", COMMAND_SETS)
    )
    scanner = partial(SerialScanner, prefix=config.get("scanner_prefix", ""))
    scale = partial(SerialScale, protocol=_choice(config, "scale_protocol", PROTOCOLS))
    return Devices(
        printer=printer,
        drawer=drawer,
        display=_serial_device(config, "display", SimulatedDisplay, display),
        scanner=_serial_device(config, "scanner", SimulatedScanner, scanner),
        scale=_serial_device(
            config, "scale", SimulatedScale, scale, simulated_file=_controlled_scale
        ),
    )


def _choice(config: t.Mapping[str, str], key: str, choices: t.Sequence[str]) -> str:
    """The value of ``key``, one of ``choices`` (the first when it is not set)."""
    value = config.get(key, choices[0]).strip().lower()
    if value not in choices:
        raise HardwareConfigError(f"{key}: one of {', '.join(choices)}, got {value!r}")
    return value


def open_named_printers(config: t.Mapping[str, str] | None = None) -> dict[str, Printer]:
    """The named printers of the configuration (``printer_kitchen``...), by name."""
    found: dict[str, Printer] = {}
    for key, spec in (config or {}).items():
        name = key.removeprefix("printer_")
        if (
            key.startswith("printer_")
            and name
            and name != "baudrate"
            and not name.endswith("_baudrate")
        ):
            printer = _printer(spec, _baudrate(config or {}, key))
            if printer is not None:
                found[name] = printer
    return found


def _baudrate(config: t.Mapping[str, str], device: str) -> int:
    raw = config.get(f"{device}_baudrate", "9600")
    try:
        return int(raw)
    except ValueError:
        raise HardwareConfigError(f"{device}_baudrate: not a number: {raw!r}") from None


def _printer(spec: str, baudrate: int) -> Printer | None:
    kind, _, rest = spec.strip().partition(":")
    if kind == "none":
        return None
    if kind == "simulated":
        return SimulatedPrinter(rest or None)
    if kind == "network" and rest:
        host, _, port = rest.partition(":")
        try:
            return network_printer(host, int(port or 9100))
        except ValueError:
            raise HardwareConfigError(f"printer: bad port in {spec!r}") from None
    if kind == "usb" and rest:
        vendor, _, product = rest.partition(":")
        try:
            return usb_printer(int(vendor, 16), int(product, 16))
        except ValueError:
            raise HardwareConfigError(f"printer: usb:VENDOR:PRODUCT in hex, got {spec!r}") from None
    if kind == "serial" and rest:
        return serial_printer(rest, baudrate)
    raise HardwareConfigError(
        f"printer: {spec!r} is not simulated[:FILE], network:HOST[:PORT], usb:VID:PID, "
        "serial:PORT or none"
    )


def _drawer(config: t.Mapping[str, str], printer: Printer | None) -> CashDrawer | None:
    default = "printer" if printer is not None and printer.kind != "simulated" else "simulated"
    spec = config.get("drawer", default).strip()
    if spec == "none":
        return None
    if spec == "simulated":
        return SimulatedDrawer()
    if spec == "printer":
        if printer is None:
            raise HardwareConfigError("drawer: 'printer' needs a printer")
        try:
            return PrinterDrawer(printer, int(config.get("drawer_pin", "2")))
        except ValueError as exc:
            raise HardwareConfigError(f"drawer_pin: {exc}") from None
    raise HardwareConfigError(f"drawer: {spec!r} is not printer, simulated or none")


def _controlled_scale(control: str) -> SimulatedScale:
    return SimulatedScale(control=control)


def _serial_device(
    config: t.Mapping[str, str],
    name: str,
    simulated: t.Callable[[], t.Any],
    real: t.Callable,
    simulated_file: t.Callable[[str], t.Any] | None = None,
) -> t.Any:
    spec = config.get(name, "simulated").strip()
    kind, _, port = spec.partition(":")
    if kind == "none":
        return None
    if kind == "simulated" and not port:
        return simulated()
    if kind == "simulated" and simulated_file is not None:
        return simulated_file(port)
    if kind == "serial" and port:
        try:
            return real(port, _baudrate(config, name))
        except Exception as exc:  # pyserial raises SerialException, ValueError, OSError
            raise HardwareConfigError(f"{name}: cannot open {port!r}: {exc}") from None
    raise HardwareConfigError(f"{name}: {spec!r} is not simulated, serial:PORT or none")
