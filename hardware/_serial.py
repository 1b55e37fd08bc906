"""Opening serial ports from configuration: a device path or any pyserial URL."""

from __future__ import annotations

import serial

__all__ = ["open_port"]


def open_port(url: str, baudrate: int = 9600, timeout: float = 1.0) -> serial.SerialBase:
    """Open ``url`` (``/dev/ttyUSB0``, ``COM3``, ``socket://host:port``, ``loop://``...).

    ``timeout`` bounds every read, so a silent device never blocks a caller forever.
    """
    return serial.serial_for_url(url, baudrate=baudrate, timeout=timeout, write_timeout=timeout)
