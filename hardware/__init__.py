"""Shop devices: receipt printers, cash drawers, customer displays, barcode scanners and
scales, each with a real driver and a simulated twin behind one interface.

    from hardware import open_devices, load_hardware_config

    devices = open_devices(load_hardware_config(instance_path))
    devices.printer.write(receipt_bytes)
    devices.drawer.open()

``comptoir hardware serve`` exposes them to a browser till through :mod:`hardware.agent`.
This package does not import the Comptoir core: a shop PC can run the agent alone.
"""

from __future__ import annotations

from .display import CustomerDisplay, SerialDisplay, SimulatedDisplay
from .drawer import CashDrawer, PrinterDrawer, SimulatedDrawer
from .printer import (
    EscposBuilder,
    EscposPrinter,
    Printer,
    PrinterError,
    PrinterStatus,
    SimulatedPrinter,
)
from .registry import Devices, HardwareConfigError, load_hardware_config, open_devices
from .scale import Scale, ScaleError, SerialScale, SimulatedScale, Weight
from .scanner import BarcodeScanner, SerialScanner, SimulatedScanner

__all__ = [
    "BarcodeScanner",
    "CashDrawer",
    "CustomerDisplay",
    "Devices",
    "EscposBuilder",
    "EscposPrinter",
    "HardwareConfigError",
    "Printer",
    "PrinterDrawer",
    "PrinterError",
    "PrinterStatus",
    "Scale",
    "ScaleError",
    "SerialDisplay",
    "SerialScale",
    "SerialScanner",
    "SimulatedDisplay",
    "SimulatedDrawer",
    "SimulatedPrinter",
    "SimulatedScale",
    "SimulatedScanner",
    "Weight",
    "load_hardware_config",
    "open_devices",
]
