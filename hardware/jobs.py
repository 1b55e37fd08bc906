"""Running device jobs on this machine's devices, exactly once, through a :class:`Spool`.

A :class:`JobWorker` takes jobs from a source (the server, through the agent's outbound
channel, or the server's own job table for devices attached to it), keeps each in the
spool before it runs, runs what is waiting, and reports what finished. A job for a
device that cannot be reached (a printer switched off) stays waiting, and runs when the
device answers again.

A job is a dict: ``id``, ``kind`` (``print``, ``drawer``, ``display`` or ``scale``),
``target`` (``printer``, ``drawer``, ``printer:<name>``, ``display``, ``scale``) and
``payload`` (``{"escpos": "<base64>"}`` to print, ``{"lines": [...]}`` to display). A
``scale`` job's result is the weight read (``{"weight": "1.234", "unit": "kg",
"stable": true}``).
"""

from __future__ import annotations

import base64
import binascii
import logging
import threading
import typing as t

from .display import fit_lines
from .printer import Printer, PrinterError
from .registry import Devices
from .scale import ScaleError
from .spool import Spool

__all__ = ["DeviceUnavailable", "JobRunner", "JobSource", "JobWorker", "RegisterRouter"]

log = logging.getLogger("comptoir.hardware")


class DeviceUnavailable(Exception):
    """The device did not answer and nothing was sent to it: try again later."""


class JobRunner:
    """Drives this machine's devices for one job at a time."""

    def __init__(self, devices: Devices, named: t.Mapping[str, Printer] | None = None) -> None:
        self.devices = devices
        self.named = dict(named or {})
        #: The last problem of each target, for the status heartbeat.
        self.problems: dict[str, str] = {}
        self._lock = threading.Lock()

    def run(self, job: t.Mapping[str, t.Any]) -> tuple[bool, dict[str, t.Any]]:
        """Run ``job``: ``(ok, result)``.

        :raise DeviceUnavailable: the device could not be reached; nothing was sent.
        """
        target = str(job.get("target", ""))
        with self._lock:
            try:
                if job.get("kind") == "drawer":
                    result = self._drawer()
                elif job.get("kind") == "print":
                    result = self._print(target, job.get("payload") or {})
                elif job.get("kind") == "display":
                    result = self._display(job.get("payload") or {})
                elif job.get("kind") == "scale":
                    result = self._scale()
                else:
                    return False, {"error": f"unknown job kind {job.get('kind')!r}"}
            except DeviceUnavailable as exc:
                self.problems[target] = str(exc)
                raise
            self.problems.pop(target, None)
            return result

    def _print(self, target: str, payload: t.Mapping[str, t.Any]) -> tuple[bool, dict]:
        name = target.partition(":")[2]
        printer = self.named.get(name) if name else self.devices.printer
        if printer is None:
            return False, {"error": f"no printer {name or ''} is set up on this agent".strip()}
        try:
            data = base64.b64decode(str(payload.get("escpos", "")), validate=True)
        except (binascii.Error, ValueError):
            return False, {"error": "the job's bytes are not valid base64"}
        try:
            printer.write(data)
        except PrinterError as exc:
            raise DeviceUnavailable(str(exc)) from exc
        return True, {"bytes": len(data)}

    def _drawer(self) -> tuple[bool, dict]:
        drawer = self.devices.drawer
        if drawer is None:
            return False, {"error": "no cash drawer is set up on this agent"}
        try:
            drawer.open()
        except PrinterError as exc:
            raise DeviceUnavailable(str(exc)) from exc
        return True, {"opened": True}

    def _display(self, payload: t.Mapping[str, t.Any]) -> tuple[bool, dict]:
        display = self.devices.display
        lines = payload.get("lines")
        if display is None:
            return False, {"error": "no customer display is set up on this agent"}
        if not isinstance(lines, list) or not all(isinstance(line, str) for line in lines):
            return False, {"error": "lines: a list of strings expected"}
        try:
            fit_lines(lines)
            display.show(lines)
        except (ValueError, OSError) as exc:
            return False, {"error": str(exc)}
        return True, {"shown": True}

    def _scale(self) -> tuple[bool, dict]:
        # A weight is wanted now or never: a scale that does not answer fails the job
        # (the till says so) rather than weighing minutes later.
        scale = self.devices.scale
        if scale is None:
            return False, {"error": "no scale is set up on this agent"}
        try:
            return True, scale.weigh().as_dict()
        except ScaleError as exc:
            # The reason (motion, negative, ...) lets the server tell the cashier what
            # to do, in the cashier's language.
            return False, {"error": str(exc), "reason": exc.reason}
        except OSError as exc:
            return False, {"error": str(exc)}

    def status(self) -> dict[str, t.Any]:
        """Each device's status, with ``online: false`` and the error for a device
        whose last job could not reach it."""
        found: dict[str, t.Any] = {}
        for name, value in self.devices.status().items():
            found[name] = None if value is None else {**value, "online": True}
        for name, printer in self.named.items():
            found[f"printer:{name}"] = {**printer.status(), "online": True}
        for target, problem in self.problems.items():
            key = "printer" if target == "" else target
            if found.get(key) is not None:
                found[key] = {**found[key], "online": False, "error": problem}
        return found


class RegisterRouter:
    """Several registers' devices on one agent: each job runs on the devices of the
    register it names (``register_code``), those of ``default`` (the ``[hardware]``
    table) for a register without devices of its own."""

    def __init__(self, default: JobRunner, registers: t.Mapping[str, JobRunner]) -> None:
        self.default = default
        self.registers = dict(registers)

    def runner_for(self, job: t.Mapping[str, t.Any]) -> JobRunner:
        return self.registers.get(str(job.get("register_code") or ""), self.default)

    def run(self, job: t.Mapping[str, t.Any]) -> tuple[bool, dict[str, t.Any]]:
        return self.runner_for(job).run(job)

    def status(self) -> dict[str, t.Any]:
        """The ``[hardware]`` devices' status, and each register's own under
        ``registers`` (by code): the server files each under its register."""
        found = self.default.status()
        if self.registers:
            found["registers"] = {code: r.status() for code, r in self.registers.items()}
        return found


class JobSource(t.Protocol):
    """Where jobs come from and where their results go."""

    def fetch(self, wait: float, status: dict[str, t.Any]) -> list[dict[str, t.Any]]: ...

    def report(self, job_id: str, ok: bool, result: dict[str, t.Any]) -> None: ...


class JobWorker:
    """Fetch, spool, run, report: one :meth:`step` at a time (``run_forever`` loops)."""

    def __init__(self, source: JobSource, spool: Spool, runner: JobRunner | RegisterRouter) -> None:
        self.source = source
        self.spool = spool
        self.runner = runner
        self.stopping = threading.Event()

    def receive(self, wait: float = 0) -> int:
        """Fetch the jobs handed out and keep each in the spool; how many were new."""
        jobs = self.source.fetch(wait, self.runner.status())
        return sum(self.spool.receive(job) for job in jobs)

    def run_waiting(self) -> int:
        """Run the jobs waiting in the spool, oldest first; how many finished. The rest
        wait for their device."""
        finished = 0
        for job in self.spool.waiting():
            if not self.spool.start(job["id"]):
                continue
            try:
                ok, result = self.runner.run(job)
            except DeviceUnavailable as exc:
                self.spool.back(job["id"])
                log.warning("job %s waits for its device: %s", job["id"], exc)
                continue
            except Exception as exc:  # a driver bug must not stop the agent
                log.exception("job %s failed", job["id"])
                ok, result = False, {"error": str(exc)}
            self.spool.finish(job["id"], ok, result)
            finished += 1
        return finished

    def report_finished(self) -> int:
        """Send the answers the server has not confirmed; how many it took."""
        sent = 0
        for job_id, ok, result in self.spool.unreported():
            self.source.report(job_id, ok, result)
            self.spool.reported(job_id)
            sent += 1
        return sent

    def step(self, wait: float = 0) -> None:
        self.receive(wait)
        self.run_waiting()
        self.report_finished()

    def run_forever(self, wait: float = 25, pause: float = 2) -> None:
        """Loop until :attr:`stopping` is set; a lost connection is retried after
        ``pause`` seconds (the jobs in the spool keep)."""
        while not self.stopping.is_set():
            try:
                self.step(wait)
            except OSError as exc:
                log.warning("hardware jobs: %s; trying again in %s s", exc, pause)
                # Jobs already received still run while the server is away.
                self.run_waiting()
                self.stopping.wait(pause)
            else:
                if self.spool.waiting():
                    self.stopping.wait(pause)  # a device is away: do not spin
