"""``comptoir hardware``: the local agent a browser till talks to (SPEC section 8)."""

from __future__ import annotations

import click

from ..config import instance_path_from_env
from .language import gettext as _


@click.group("hardware")
def hardware_group() -> None:
    """Receipt printer, cash drawer, customer display, scanner and scale of this PC."""


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
def serve(host: str, port: int, token: str | None, origins: tuple[str, ...]) -> None:
    """Serve this PC's devices to the browser till (default: simulated devices).

    Devices are set in the [hardware] table of the instance's comptoir.toml or with
    COMPTOIR_HARDWARE_* variables (COMPTOIR_HARDWARE_PRINTER=network:192.168.1.50).
    """
    from hardware import HardwareConfigError, load_hardware_config, open_devices
    from hardware.agent import HardwareAgent, is_loopback, make_agent_server

    from ..receipts.render import render_escpos_dict

    try:
        config = load_hardware_config(instance_path_from_env())
        devices = open_devices(config)
    except HardwareConfigError as exc:
        raise click.ClickException(str(exc)) from None
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
        server = make_agent_server(agent, host, port)
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
    url = f"http://{host}:{server.server_port}"
    click.echo(_("Hardware agent on %(url)s (%(devices)s)", url=url, devices=kinds), err=False)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()
