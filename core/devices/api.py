"""The devices API: a register's devices for the till and the back office, printing a
sale's receipt, "no sale", pairing codes; and the agent's outbound channel.

The agent's endpoints (``/api/v1/agent/...``) are public to users and answer only the
agent token of a paired agent (``Authorization: Agent <token>``: no session, no
cookie, hence no CSRF to carry): an agent is not a person and holds no
permission but driving its register's devices. They are all ``POST`` (the poll carries
the heartbeat), so that nothing about them is readable without the token.
"""

from __future__ import annotations

import time
import typing as t

from flask import request
from flask_babel import gettext as _
from flask_login import current_user

from ..api.blueprint import ApiBlueprint
from ..auth.throttle import client_address
from ..db import db
from ..errors import Forbidden
from ..registers.services import get_register
from . import agents, jobs, live, pairing, scans, services
from .schemas import (
    AgentSchema,
    AgentServesInSchema,
    DevicesInSchema,
    DevicesSchema,
    DisplayInSchema,
    JobSchema,
    NoSaleInSchema,
    NoSaleSchema,
    PairedSchema,
    PairingCodeSchema,
    PairInSchema,
    PollInSchema,
    PollSchema,
    PrintReceiptInSchema,
    PrintReceiptSchema,
    ResultInSchema,
    ScansAcceptedSchema,
    ScansInSchema,
    ScansQuerySchema,
    ScansSchema,
    WeightSchema,
)

api = ApiBlueprint("devices_api", __name__, tag="devices")

AGENT_SCHEME = "agent"
PAIRING_SCHEME = "pairing"
#: How often a waiting poll looks for new jobs.
POLL_STEP = 0.25


class Unauthorized(Forbidden):
    code = "bad_agent_token"


def _actor() -> t.Any:
    return current_user._get_current_object()


@api.endpoint("/registers/<int:register_id>/devices", permission="till.use", response=DevicesSchema)
def get_devices(register_id: int):
    """A register's devices, their last reported status and its paired agents."""
    get_register(register_id)
    return services.describe_devices(register_id)


@api.endpoint(
    "/registers/<int:register_id>/devices",
    methods=["PATCH"],
    permission="devices.manage",
    body=DevicesInSchema,
    response=DevicesSchema,
)
def change_devices(register_id: int, body):
    """Set a register's printer (none, browser, agent, direct), paper width, receipt
    number code and which other devices it has."""
    services.set_devices(register_id, body)
    return services.describe_devices(register_id)


@api.endpoint(
    "/registers/<int:register_id>/jobs",
    permission="devices.view",
    response=JobSchema,
    many=True,
)
def list_jobs(register_id: int):
    """The register's most recent device jobs, newest first."""
    get_register(register_id)
    return jobs.recent(register_id)


@api.endpoint(
    "/device-jobs/<job_id>/retry",
    methods=["POST"],
    permission="devices.manage",
    response=JobSchema,
    status=201,
)
def retry_job(job_id: str):
    """Run a failed job again, as a new job."""
    return jobs.retry(job_id)


@api.endpoint(
    "/registers/<int:register_id>/test-print",
    methods=["POST"],
    permission="devices.manage",
    response=JobSchema,
    status=201,
)
def test_print(register_id: int):
    """Queue a test page on the register's printer."""
    return services.test_print(register_id, _actor())


@api.endpoint(
    "/registers/<int:register_id>/pairing-code",
    methods=["POST"],
    permission="devices.manage",
    response=PairingCodeSchema,
    status=201,
)
def new_pairing_code(register_id: int):
    """A one-time code (ten minutes) to pair a hardware agent with the register:
    ``comptoir hardware serve --server URL --pair CODE``."""
    code, row = pairing.new_code(register_id, _actor().id)
    return {"code": code, "expires_at": row.expires_at}


@api.endpoint("/device-agents", permission="devices.view", response=AgentSchema, many=True)
def list_agents():
    """The paired hardware agents, the registers each serves and whether it is online; a
    user of one store (with ``multistore``) sees the agents serving their store's
    registers."""
    return [
        services.describe_agent(agent)
        for agent in agents.live_agents()
        if agents.serves_within_scope(agent)
    ]


@api.endpoint(
    "/registers/<int:register_id>/agent",
    methods=["PUT"],
    permission="devices.manage",
    body=AgentServesInSchema,
    response=DevicesSchema,
)
def serve_register(register_id: int, body):
    """Have a paired agent serve the register (one shop PC driving several registers'
    devices), taking it from the agent serving it before: audited, and the register's
    jobs handed to that agent and not answered are failed (retry them from the back
    office). 409 ``agent_of_other_store`` when the agent serves registers outside the
    user's scope (with ``multistore``: another store's) and the user is not of every
    store."""
    get_register(register_id)
    agents.serve(register_id, agents.get_agent(body["agent_id"]))
    return services.describe_devices(register_id)


@api.endpoint(
    "/device-print/receipt",
    methods=["POST"],
    permission="till.use",
    body=PrintReceiptInSchema,
    response=PrintReceiptSchema,
)
def print_receipt(body):
    """Print a completed sale's receipt on its register's ESC/POS printer (and open the
    drawer when paid in cash), once per sale. ``printer`` says how the register prints:
    for ``browser`` no job is queued and the till opens the print window."""
    return services.print_sale_receipt(body["sale_id"])


@api.endpoint(
    "/registers/<int:register_id>/no-sale",
    methods=["POST"],
    permission="till.no_sale",
    body=NoSaleInSchema,
    response=NoSaleSchema,
    status=201,
)
def no_sale(register_id: int, body):
    """Open the cash drawer without a sale; journaled (``no_sale``) and audited."""
    return services.no_sale(register_id, _actor(), body["reason"])


@api.endpoint(
    "/registers/<int:register_id>/display",
    methods=["POST"],
    permission="till.use",
    body=DisplayInSchema,
    response=JobSchema,
    status=201,
)
def show_on_display(register_id: int, body):
    """Show two lines on the register's customer pole display (20 characters each)."""
    return live.show_on_display(register_id, body["lines"])


@api.endpoint(
    "/registers/<int:register_id>/scale/read",
    methods=["POST"],
    permission="till.use",
    response=WeightSchema,
)
def read_scale(register_id: int):
    """The weight on the register's scale: stable and positive only (409
    ``scale_unstable``, ``scale_negative``, ``scale_empty``, ``scale_no_answer``)."""
    return live.read_scale(register_id)


@api.endpoint(
    "/registers/<int:register_id>/scans",
    permission="till.use",
    query=ScansQuerySchema,
    response=ScansSchema,
)
def list_scans(register_id: int, query):
    """The codes the register's serial scanner read (through its agent) after the id
    ``after``, from the last 30 seconds only; without ``after``, only the cursor."""
    get_register(register_id)
    return scans.since(register_id, query.get("after"))


# -- the agent's channel ---------------------------------------------------------------------


def _agent():
    scheme, _sep, token = request.headers.get("Authorization", "").partition(" ")
    agent = pairing.agent_for(token.strip()) if scheme.lower() == AGENT_SCHEME else None
    if agent is None:
        raise Unauthorized(_("send a paired agent's token: Authorization: Agent <token>"))
    return agent


@api.endpoint(
    "/agent/pair",
    methods=["POST"],
    permission=None,
    body=PairInSchema,
    response=PairedSchema,
    status=201,
    statuses=[403, 429],
)
def pair(body):
    """Exchange a one-time pairing code, sent as ``Authorization: Pairing <code>``, for
    the agent's token (shown once)."""
    scheme, _sep, code = request.headers.get("Authorization", "").partition(" ")
    code = code if scheme.lower() == PAIRING_SCHEME else ""
    token, agent = pairing.pair(code, client_address(), body["name"])
    served = agents.registers_of(agent.id)
    return {
        "token": token,
        "local_token": agent.local_token,
        "register_id": agent.register_id,
        "agent_id": agent.id,
        "registers": [{"id": register.id, "code": register.code} for register in served],
    }


@api.endpoint(
    "/agent/poll",
    methods=["POST"],
    permission=None,
    body=PollInSchema,
    response=PollSchema,
    statuses=[403],
)
def poll(body):
    """The agent's heartbeat (its devices' status; ``status.registers`` by register code
    for an agent serving several) and its long poll: the jobs of its registers not
    answered yet, each naming its register, waiting up to ``wait`` seconds for one."""
    agent = _agent()
    agent_id = agent.id
    served = agents.registers_of(agent_id)
    services.heartbeat(agent, body["status"], served)
    answer = {
        "register_id": agent.register_id,
        "registers": [{"id": register.id, "code": register.code} for register in served],
    }
    db.session.commit()
    deadline = time.monotonic() + body["wait"]
    while True:
        found = jobs.claim_for_agent(agent_id)
        if found or time.monotonic() >= deadline:
            break
        db.session.rollback()  # end the read, to see jobs written meanwhile
        time.sleep(POLL_STEP)
    return {"jobs": [jobs.describe(job) for job in found], **answer}


@api.endpoint(
    "/agent/jobs/<job_id>/result",
    methods=["POST"],
    permission=None,
    body=ResultInSchema,
    response=JobSchema,
    statuses=[403],
)
def job_result(job_id: str, body):
    """The outcome of a job the agent ran (or found it had run already)."""
    agent = _agent()
    ok, result = jobs.check_result(body)
    return jobs.answer_from_agent(job_id, agent.id, ok, result)


@api.endpoint(
    "/agent/scans",
    methods=["POST"],
    permission=None,
    body=ScansInSchema,
    response=ScansAcceptedSchema,
    statuses=[403],
)
def agent_scans(body):
    """Codes a serial scanner of the agent read, each with the agent's id for it (a retry
    keeps it once), for the till of ``register_code`` (one of the agent's registers; by
    default the one it was paired for, or its only one)."""
    agent = _agent()
    register_id = scans.register_for(agent, body.get("register_code"))
    return {"accepted": scans.receive(register_id, body["codes"])}
