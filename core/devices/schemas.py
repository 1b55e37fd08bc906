"""Payloads of the devices API: a register's devices, pairing, the agent's channel."""

from __future__ import annotations

from marshmallow import Schema, fields, validate

from .models import NUMBER_CODES, PAPER_WIDTHS, PRINTER_MODES


class DevicesInSchema(Schema):
    printer = fields.String(validate=validate.OneOf(PRINTER_MODES))
    paper_mm = fields.Integer(validate=validate.OneOf(PAPER_WIDTHS))
    number_code = fields.String(validate=validate.OneOf(NUMBER_CODES))
    drawer = fields.Boolean()
    display = fields.Boolean()
    scale = fields.Boolean()
    scanner = fields.Boolean()


class AgentSummarySchema(Schema):
    id = fields.Integer()
    name = fields.String()
    paired_at = fields.DateTime()
    last_seen = fields.DateTime(allow_none=True)
    #: The codes of the registers the agent serves.
    registers = fields.List(fields.String())


class AgentSchema(AgentSummarySchema):
    online = fields.Boolean()


class AgentServesInSchema(Schema):
    agent_id = fields.Integer(required=True, validate=validate.Range(min=1, max=2**31 - 1))


class ServedRegisterSchema(Schema):
    id = fields.Integer()
    code = fields.String()


class DevicesSchema(Schema):
    register_id = fields.Integer()
    printer = fields.String()
    paper_mm = fields.Integer()
    number_code = fields.String()
    drawer = fields.Boolean()
    display = fields.Boolean()
    scale = fields.Boolean()
    scanner = fields.Boolean()
    #: The last status the devices reported, by device (``online``, ``paper``, ``open``).
    status = fields.Dict()
    status_at = fields.DateTime(allow_none=True)
    #: Whether an agent reported within the last minute (or the server drives them).
    online = fields.Boolean()
    agents = fields.List(fields.Nested(AgentSummarySchema))
    #: What the till sends in ``X-Agent-Token`` to the paired agent's localhost answer.
    agent_local_token = fields.String(allow_none=True)


class JobSchema(Schema):
    id = fields.String()
    register_id = fields.Integer()
    target = fields.String()
    kind = fields.String()
    title = fields.String()
    status = fields.String()
    attempts = fields.Integer()
    created_at = fields.DateTime()
    done_at = fields.DateTime(allow_none=True)
    result = fields.Dict(allow_none=True)


class PrintReceiptInSchema(Schema):
    sale_id = fields.String(required=True, validate=validate.Length(1, 36))


class PrintReceiptSchema(Schema):
    printer = fields.String()
    job = fields.Nested(JobSchema, allow_none=True)


class NoSaleInSchema(Schema):
    reason = fields.String(load_default="", validate=validate.Length(0, 200))


class NoSaleSchema(Schema):
    id = fields.Integer()
    register_id = fields.Integer()
    at = fields.DateTime()
    reason = fields.String()


class PairingCodeSchema(Schema):
    code = fields.String()
    expires_at = fields.DateTime()


class PairInSchema(Schema):
    name = fields.String(load_default="", validate=validate.Length(0, 120))


class PairedSchema(Schema):
    token = fields.String()
    local_token = fields.String()
    register_id = fields.Integer()
    agent_id = fields.Integer()
    registers = fields.List(fields.Nested(ServedRegisterSchema))


class PollInSchema(Schema):
    wait = fields.Integer(load_default=0, validate=validate.Range(0, 30))
    status = fields.Dict(load_default=dict)


class AgentJobSchema(Schema):
    id = fields.String()
    register_id = fields.Integer()
    #: Which register's devices run the job (the agent's configuration is by code).
    register_code = fields.String()
    target = fields.String()
    kind = fields.String()
    title = fields.String()
    payload = fields.Dict()
    attempts = fields.Integer()


class PollSchema(Schema):
    jobs = fields.List(fields.Nested(AgentJobSchema))
    #: Where the server says the agent's registers' devices are driven (``agent``).
    register_id = fields.Integer()
    registers = fields.List(fields.Nested(ServedRegisterSchema))


class ResultInSchema(Schema):
    status = fields.String(required=True, validate=validate.OneOf(["done", "failed"]))
    result = fields.Dict(load_default=dict)


class DisplayInSchema(Schema):
    lines = fields.List(
        fields.String(validate=validate.Length(0, 40)),
        required=True,
        validate=validate.Length(1, 2),
    )


class WeightSchema(Schema):
    #: Kilograms, as a decimal string with 3 decimals (a sale line's quantity).
    weight = fields.String()
    unit = fields.String()
    stable = fields.Boolean()


class ScanInSchema(Schema):
    #: The agent's own id for this read: a retried upload keeps the code once.
    id = fields.String(required=True, validate=validate.Length(1, 64))
    code = fields.String(required=True, validate=validate.Length(1, 128))


class ScansInSchema(Schema):
    codes = fields.List(
        fields.Nested(ScanInSchema), required=True, validate=validate.Length(max=100)
    )
    #: The register whose scanner read them (one the agent serves).
    register_code = fields.String(validate=validate.Length(1, 32))


class ScansAcceptedSchema(Schema):
    accepted = fields.Integer()


class ScansQuerySchema(Schema):
    #: The last id the till saw; without it, only the cursor is answered.
    after = fields.Integer(validate=validate.Range(min=0))


class ScannedCodeSchema(Schema):
    id = fields.Integer()
    code = fields.String()


class ScansSchema(Schema):
    scans = fields.List(fields.Nested(ScannedCodeSchema))
    #: The cursor to send as ``after`` next time.
    last = fields.Integer()
