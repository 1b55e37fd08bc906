"""``comptoir hardware``: the shop PC's agent, and the server driving its own devices
(SPEC section 8)."""

from __future__ import annotations

import logging
import socket
import threading
import typing as t
from pathlib import Path
from urllib.parse import urlsplit

import click

from ..config import instance_path_from_env
from .base import app_command, require_initialised
from .language import gettext as _


@click.group("hardware")
def hardware_group() -> None:
    """Receipt printer, cash drawer, customer display, scanner and scale of this PC."""


def _open(config_path: Path) -> tuple[dict[str, str], t.Any, dict[str, t.Any]]:
    from hardware import HardwareConfigError, load_hardware_config, open_devices
    from hardware.registry import open_named_printers

    try:
        config = load_hardware_config(config_path)
        return config, open_devices(config), open_named_printers(config)
    except HardwareConfigError as exc:
        raise click.ClickException(str(exc)) from None


def _open_registers(config_path: Path) -> dict[str, tuple[t.Any, dict[str, t.Any]]]:
    """Each register's own devices and named printers, by code
    (``[hardware.registers.CODE]``)."""
    from hardware import HardwareConfigError, open_devices
    from hardware.registry import load_register_configs, open_named_printers

    try:
        return {
            code: (open_devices(config), open_named_printers(config))
            for code, config in load_register_configs(config_path).items()
        }
    except HardwareConfigError as exc:
        raise click.ClickException(str(exc)) from None


def _origin(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}"


@hardware_group.command("serve")
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option("--port", default=8765, show_default=True, type=click.IntRange(0, 65535))
@click.option(
    "--token",
    envvar="COMPTOIR_HARDWARE_TOKEN",
    default=None,
    help="Shared secret callers send in X-Agent-Token (required off localhost).",
)
@click.option(
    "--allow-origin",
    "origins",
    multiple=True,
    help="Web origin of the till allowed to call the agent (repeatable).",
)
@click.option(
    "--server",
    default=None,
    help="URL of the Comptoir server to take device jobs from (connects outward).",
)
@click.option("--pair", "code", default=None, help="One-time pairing code from the back office.")
@click.option(
    "--state",
    "state_dir",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help="Folder of the agent's token and job spool (default: INSTANCE/agent).",
)
@click.option("--wait", default=25, show_default=True, type=click.IntRange(0, 30), hidden=True)
def serve(
    host: str,
    port: int,
    token: str | None,
    origins: tuple[str, ...],
    server: str | None,
    code: str | None,
    state_dir: Path | None,
    wait: int,
) -> None:
    """Serve this PC's devices (default: simulated devices).

    With --server, pair once with --pair CODE (shown on the register's Devices page),
    then take the device jobs of the registers it serves from the server, each run
    exactly once. The localhost answer then serves the paired server's tills only (its
    origin and token).

    Devices are set in the [hardware] table of the instance's comptoir.toml or with
    COMPTOIR_HARDWARE_* variables (COMPTOIR_HARDWARE_PRINTER=network:192.168.1.50); an
    agent serving several registers finds each one's own in [hardware.registers.CODE].
    """
    from hardware.agent import HardwareAgent, is_loopback, make_agent_server

    from ..receipts.render import render_escpos_dict

    instance = instance_path_from_env()
    config, devices, named = _open(instance)
    credentials = None
    if server is not None or code is not None:
        credentials = _credentials(server, code, state_dir or instance / "agent")
        # Only the paired server's tills, with the token it gave them.
        token = credentials["local_token"]
        origins = (*origins, _origin(credentials["server"]))
    token = token or config.get("token") or None
    allowed = set(origins) | {
        o.strip() for o in config.get("allowed_origins", "").split(",") if o.strip()
    }
    if token is None and not is_loopback(host):
        raise click.ClickException(
            _(
                "listening on %(host)s needs a --token: without one only localhost may call",
                host=host,
            )
        )
    agent = HardwareAgent(
        devices, token=token, allowed_origins=allowed, render_receipt=render_escpos_dict
    )
    try:
        http = make_agent_server(agent, host, port)
    except OSError as exc:
        raise click.ClickException(
            _(
                "cannot listen on %(host)s:%(port)s: %(error)s",
                host=host,
                port=port,
                error=exc.strerror,
            )
        ) from None
    kinds = ", ".join(
        f"{name}: {status['kind'] if status else _('none')}"
        for name, status in devices.status().items()
    )
    url = f"http://{host}:{http.server_port}"
    click.echo(_("Hardware agent on %(url)s (%(devices)s)", url=url, devices=kinds))
    worker = None
    if credentials is not None:
        registers = _open_registers(instance)
        worker = _start_worker(
            credentials, devices, named, registers, state_dir or instance / "agent", wait
        )
        click.echo(_("Taking device jobs from %(server)s", server=credentials["server"]), err=False)
    try:
        http.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        if worker is not None:
            worker.stopping.set()
        http.server_close()


def _credentials(server: str | None, code: str | None, state_dir: Path) -> dict[str, t.Any]:
    from hardware.channel import AgentState, ChannelError, pair

    state = AgentState(state_dir)
    saved = state.load()
    if code is None:
        if saved is None:
            raise click.ClickException(
                _("this agent is not paired: run it once with --server URL --pair CODE")
            )
        if server is not None and server.rstrip("/") != saved["server"]:
            raise click.ClickException(
                _(
                    "this agent is paired with %(server)s: pair it again with --pair CODE",
                    server=saved["server"],
                )
            )
        return saved
    if server is None:
        raise click.ClickException(_("--pair needs --server URL"))
    try:
        credentials = pair(server, code, socket.gethostname())
    except ChannelError as exc:
        raise click.ClickException(exc.message) from None
    except OSError as exc:
        raise click.ClickException(str(exc)) from None
    state.save(credentials)
    click.echo(_("Paired with %(server)s.", server=credentials["server"]))
    return credentials


def _start_worker(credentials, devices, named, registers, state_dir: Path, wait: int):
    from hardware.channel import AgentState, ServerChannel
    from hardware.jobs import JobRunner, JobWorker, RegisterRouter
    from hardware.spool import Spool

    spool = Spool(AgentState(state_dir).spool_path)
    runner = JobRunner(devices, named)
    if registers:
        # Each job runs on the devices of the register it names.
        runner = RegisterRouter(
            runner, {code: JobRunner(*register) for code, register in registers.items()}
        )
    worker = JobWorker(ServerChannel(credentials["server"], credentials["token"]), spool, runner)
    thread = threading.Thread(target=_guarded, args=(worker, wait), name="device-jobs", daemon=True)
    thread.start()
    if devices.scanner is not None:
        _start_scan_forwarder(devices.scanner, worker, None)
    for code, (register_devices, _named) in registers.items():
        if register_devices.scanner is not None:
            _start_scan_forwarder(register_devices.scanner, worker, code)
    return worker


def _start_scan_forwarder(scanner, worker, register_code: str | None) -> None:
    """Send what a serial scanner reads to the server, for its register's till (the
    worker's stop stops it too)."""
    from hardware.scans import ScanForwarder

    forwarder = ScanForwarder(scanner, worker.source, register_code)
    forwarder.stopping = worker.stopping
    threading.Thread(target=forwarder.run_forever, name="scanner-codes", daemon=True).start()


def _guarded(worker, wait: int) -> None:
    from hardware.channel import ChannelError

    try:
        worker.run_forever(wait=wait, pause=1)
    except ChannelError as exc:
        # A revoked agent: stop asking, say so; the localhost answer keeps serving.
        logging.getLogger("comptoir.hardware").error("device jobs stopped: %s", exc.message)
        click.echo(_("Device jobs stopped: %(error)s", error=exc.message), err=True)


@hardware_group.command("run-jobs")
@click.option("--once", is_flag=True, help="Run what is queued now, then stop.")
@app_command
def run_jobs(app, once: bool) -> None:
    """Drive the devices attached to this server for registers set to print "on the
    server" (their jobs run exactly once, spooled in INSTANCE/device-spool.sqlite)."""
    from hardware.jobs import JobRunner, JobWorker
    from hardware.spool import Spool

    from .device_jobs import DatabaseSource

    require_initialised(app)
    _config, devices, named = _open(Path(app.instance_path))
    spool = Spool(Path(app.instance_path) / "device-spool.sqlite")
    worker = JobWorker(DatabaseSource(), spool, JobRunner(devices, named))
    if once:
        worker.step(0)
        click.echo(_("Device jobs run."))
        return
    try:
        worker.run_forever(wait=5, pause=1)
    except KeyboardInterrupt:
        pass
