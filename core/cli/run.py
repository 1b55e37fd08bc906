"""``comptoir run``: serve with gunicorn, a production WSGI server."""

from __future__ import annotations

import gc
import ipaddress
import logging
import os
import socket
import typing as t

import click

from .base import expected_errors
from .language import gettext as _


def check_port_free(host: str, port: int) -> None:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind((host, port))
        except OSError as exc:
            raise click.ClickException(
                _(
                    "cannot listen on %(host)s:%(port)s: %(error)s",
                    host=host,
                    port=port,
                    error=exc.strerror,
                )
            ) from None


def is_local(host: str) -> bool:
    """Whether ``host`` only listens on this machine (loopback)."""
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def warn_if_cookies_travel_in_clear(app: t.Any, host: str) -> None:
    """Served on a non-local address without ``SECURE_COOKIES``, a session cookie may
    cross the network in clear (plain HTTP, or a proxy that forgets HTTPS): say so loudly,
    every start, until the operator decides."""
    if is_local(host) or app.config.get("SESSION_COOKIE_SECURE"):
        return
    message = (
        f"WARNING: serving on {host} with SECURE_COOKIES off: sign-in cookies are sent over "
        "plain HTTP too. Serve through HTTPS and set COMPTOIR_SECURE_COOKIES=1 "
        "(docs/operators/README.md, security settings)."
    )
    click.secho(message, fg="red", bold=True, err=True)
    logging.getLogger("comptoir").warning(message)


def warm_up_plugins(app: t.Any) -> None:
    """Build the plugin runtime once in the master, before the fork, and throw it away:
    the enabled plugins' modules (and the core's hooks) are then imported in every worker
    from the start, so a worker's first request only registers them (measured: 0.45 s of
    CPU instead of 1.0-1.2 s with the twelve bundled plugins), and the workers share those
    modules' memory. The runtime's connections are closed with the app's engine just after.
    A failure here is only a lost warm-up: each worker builds its runtime anyway, and
    says what went wrong then."""
    try:
        app.runtimes.current()
    except Exception:  # noqa: BLE001 - the worker's own build reports it
        logging.getLogger("comptoir").warning(
            "could not load the plugins before starting the workers", exc_info=True
        )


def serve(app: t.Any, *, host: str, port: int, workers: int) -> None:
    from gunicorn.app.base import BaseApplication

    warn_if_cookies_travel_in_clear(app, host)
    instance_path = app.instance_path
    # SQLite has one writer at a time and its lock waits sleep with back-off: more
    # threads than workers only adds sleeping writers. PostgreSQL takes threads.
    sqlite = app.config["SQLALCHEMY_DATABASE_URI"].startswith("sqlite")
    threads = int(os.environ.get("COMPTOIR_THREADS", 1 if sqlite else 4))
    # With one thread, keep-alive pins each client to the worker that accepted it, and
    # the load splits unevenly; sync workers take each request afresh (measured: steady
    # ~270 sales/s with 4 to 16 clients, where gthread fell to 174 with 16).
    worker_class = "gthread" if threads > 1 else "sync"
    warm_up_plugins(app)
    # Workers build their own app after the fork: no connection crosses a fork.
    app.close()
    # The master's objects (the modules above, above all) go to the collector's permanent
    # generation: a worker's collections then never write to their pages, which stay
    # shared between the workers instead of being copied into each.
    gc.freeze()

    class Server(BaseApplication):
        def load_config(self) -> None:
            self.cfg.set("bind", f"{host}:{port}")
            self.cfg.set("workers", workers)
            self.cfg.set("worker_class", worker_class)
            self.cfg.set("threads", threads)
            self.cfg.set("timeout", 60)
            self.cfg.set("accesslog", os.environ.get("COMPTOIR_ACCESS_LOG", "-") or None)
            self.cfg.set("proc_name", "comptoir")

        def load(self) -> t.Any:
            from ..app import create_app

            return create_app(instance_path=instance_path)

    Server().run()


@click.command()
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=5000, show_default=True, type=click.IntRange(1, 65535))
@click.option("--workers", default=2, show_default=True, type=click.IntRange(1, 64))
@click.pass_obj
@expected_errors
def run(state, host: str, port: int, workers: int) -> None:
    """Serve the till, the back office and the API with gunicorn."""
    from .base import require_initialised

    check_port_free(host, port)
    app = state.app
    require_initialised(app)
    url = f"http://{host}:{port}"
    click.echo(_("Comptoir on %(url)s with %(count)s worker(s)", url=url, count=workers))
    serve(app, host=host, port=port, workers=workers)
