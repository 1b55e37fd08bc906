"""Access to the runtime serving the current request or command."""

from __future__ import annotations

from flask import current_app

from .runtime import Runtime


def current_runtime() -> Runtime:
    app = current_app._get_current_object()  # type: ignore[attr-defined]
    runtime = app.extensions.get("comptoir.runtime")
    if runtime is None:  # the host app (command line, tests): its current runtime
        runtime = app.comptoir_host.runtimes.current()
    return runtime
