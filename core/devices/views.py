"""Back-office pages of devices: every register's devices, and one register's Devices
page (its printer and devices, named printers, the paired agent and its status, the
recent jobs with "retry", a test print, a pairing code)."""

from __future__ import annotations

import sqlalchemy as sa
from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from ..auth.permissions import has_permission, require_back_office
from ..db import db
from ..errors import DomainError, NotFound
from ..plugins.scope import scoped_registers
from ..registers.models import Register
from ..registers.services import get_register
from . import agents, jobs, pairing, services
from .models import NUMBER_CODES, PRINTER_MODES

bp = Blueprint("devices", __name__, url_prefix="/admin")


def _register_or_404(register_id: int) -> Register:
    try:
        return get_register(register_id)
    except NotFound:
        abort(404)


@bp.route("/devices/")
@require_back_office("devices.view")
def index():
    registers = db.session.scalars(sa.select(Register).order_by(Register.code)).all()
    return render_template(
        "admin/devices/index.html",
        registers=registers,
        devices={r.id: services.describe_devices(r.id) for r in registers},
    )


@bp.route("/devices/<int:register_id>")
@require_back_office("devices.view")
def show(register_id: int):
    return _page(_register_or_404(register_id))


def _page(register: Register, code: str | None = None, status: int = 200):
    # Only what the user may act on: their stores' registers, and agents serving no
    # other store's (the choices the server would refuse are not offered).
    mine = scoped_registers()
    others = [
        other
        for other in db.session.scalars(
            sa.select(Register).where(Register.id != register.id).order_by(Register.code)
        )
        if mine is None or other.id in mine
    ]
    serving = {agent.id for agent in pairing.agents_of(register.id)}
    choices = [
        (agent.id, f"{agent.name or _('Agent %(id)s', id=agent.id)} ({agent.id})")
        for agent in agents.live_agents()
        if agent.id not in serving and agents.within_scope(agent)
    ]
    return (
        render_template(
            "admin/devices/show.html",
            register=register,
            devices=services.describe_devices(register.id),
            printers=services.named_printers(register.id),
            jobs=jobs.recent(register.id),
            modes=PRINTER_MODES,
            number_codes=NUMBER_CODES,
            pairing_code=code,
            other_registers=others,
            other_agents=choices,
            can_manage=has_permission("devices.manage"),
        ),
        status,
    )


def _done(register_id: int, message: str):
    db.session.commit()
    flash(message, "success")
    return redirect(url_for("devices.show", register_id=register_id))


def _refused(register_id: int, error: DomainError):
    db.session.rollback()
    flash(error.message, "error")
    return redirect(url_for("devices.show", register_id=register_id))


@bp.route("/devices/<int:register_id>", methods=["POST"])
@require_back_office("devices.manage")
def save(register_id: int):
    _register_or_404(register_id)
    form = request.form
    try:
        paper = int(form.get("paper_mm", "80"))
    except ValueError:
        paper = 0
    values = {
        "printer": form.get("printer", ""),
        "paper_mm": paper,
        "number_code": form.get("number_code", ""),
        **{name: form.get(name) == "on" for name in services.DEVICE_FLAGS},
    }
    try:
        services.set_devices(register_id, values)
    except DomainError as error:
        return _refused(register_id, error)
    return _done(register_id, _("Devices saved."))


@bp.route("/devices/<int:register_id>/pair", methods=["POST"])
@require_back_office("devices.manage")
def pair(register_id: int):
    register = _register_or_404(register_id)
    try:
        also = [int(value) for value in request.form.getlist("also")]
        code, _row = pairing.new_code(register_id, current_user.id, also)
    except ValueError:
        abort(400)
    except DomainError as error:
        return _refused(register_id, error)
    db.session.commit()
    return _page(register, code)


@bp.route("/devices/<int:register_id>/agent", methods=["POST"])
@require_back_office("devices.manage")
def serve(register_id: int):
    _register_or_404(register_id)
    try:
        agent = agents.get_agent(int(request.form.get("agent_id", "")))
        agents.serve(register_id, agent)
    except ValueError:
        abort(400)
    except DomainError as error:
        return _refused(register_id, error)
    return _done(register_id, _("The register is served by the chosen agent."))


@bp.route("/devices/<int:register_id>/unpair/<int:agent_id>", methods=["POST"])
@require_back_office("devices.manage")
def unpair(register_id: int, agent_id: int):
    _register_or_404(register_id)
    pairing.unpair(agent_id)
    return _done(register_id, _("The agent was unpaired."))


@bp.route("/devices/<int:register_id>/test-print", methods=["POST"])
@require_back_office("devices.manage")
def test_print(register_id: int):
    _register_or_404(register_id)
    services.test_print(register_id, current_user)
    return _done(register_id, _("Test print queued."))


@bp.route("/devices/<int:register_id>/retry/<job_id>", methods=["POST"])
@require_back_office("devices.manage")
def retry(register_id: int, job_id: str):
    _register_or_404(register_id)
    try:
        jobs.retry(job_id)
    except DomainError as error:
        return _refused(register_id, error)
    return _done(register_id, _("The job will run again."))


@bp.route("/devices/<int:register_id>/printers", methods=["POST"])
@require_back_office("devices.manage")
def add_printer(register_id: int):
    _register_or_404(register_id)
    try:
        paper = int(request.form.get("paper_mm", "80"))
    except ValueError:
        paper = 0
    try:
        services.add_named_printer(register_id, request.form.get("name", ""), paper)
    except DomainError as error:
        return _refused(register_id, error)
    return _done(register_id, _("Printer added."))


@bp.route("/devices/<int:register_id>/printers/<int:printer_id>/delete", methods=["POST"])
@require_back_office("devices.manage")
def remove_printer(register_id: int, printer_id: int):
    _register_or_404(register_id)
    services.remove_named_printer(printer_id)
    return _done(register_id, _("Printer removed."))
