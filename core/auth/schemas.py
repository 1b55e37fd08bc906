"""Payloads of the auth API."""

from __future__ import annotations

from marshmallow import Schema, fields, validate

from ..fields import Id


class PasswordLoginSchema(Schema):
    username = fields.String(required=True, validate=validate.Length(1, 64))
    password = fields.String(required=True, validate=validate.Length(1, 256))


class PinLoginSchema(Schema):
    user_id = Id(required=True)
    pin = fields.String(required=True, validate=validate.Length(1, 16))


class ApprovalSchema(Schema):
    """A manager's one-shot approval typed on a cashier's till (core.auth.approvals):
    checked for this one request, throttled as a PIN sign-in; nobody is signed in."""

    user_id = Id(required=True, metadata={"description": "the approving manager"})
    pin = fields.String(
        required=True,
        validate=validate.Length(1, 16),
        metadata={"description": "the approving manager's till PIN"},
    )


def approval_field(what: str) -> fields.Nested:
    """The optional ``approval`` of a body: a manager approves ``what`` when the signed-in
    user lacks the permission."""
    return fields.Nested(
        ApprovalSchema,
        load_default=None,
        metadata={
            "description": f"a manager's PIN approving {what} when the signed-in user lacks "
            "the permission; the action stays theirs, recorded as approved by the manager"
        },
    )


class TillUserSchema(Schema):
    id = fields.Integer()
    full_name = fields.String()


class TillUsersQuerySchema(Schema):
    #: The till's register: only the users who may sell at it are listed.
    register_id = fields.Integer(
        strict=False,
        validate=validate.Range(1, 2**31 - 1),
        metadata={"description": "only the users who may work at this register"},
    )


class TokenCreateSchema(Schema):
    name = fields.String(load_default="", validate=validate.Length(0, 120))


class TokenSchema(Schema):
    id = fields.Integer()
    name = fields.String()
    prefix = fields.String()
    created_at = fields.DateTime()
    last_used_at = fields.DateTime(allow_none=True)
    revoked_at = fields.DateTime(allow_none=True)


class NewTokenSchema(TokenSchema):
    token = fields.String(metadata={"description": "the secret, shown this once"})


class UserSchema(Schema):
    id = fields.Integer(dump_only=True)
    username = fields.String(required=True, validate=validate.Length(1, 64))
    full_name = fields.String(load_default="")
    roles = fields.List(fields.String(), attribute="role_names", data_key="roles")
    active = fields.Boolean(dump_only=True)
    language = fields.String(allow_none=True, dump_only=True)
    has_password = fields.Function(lambda user: bool(user.password_hash), dump_only=True)
    has_pin = fields.Function(lambda user: bool(user.pin_hash), dump_only=True)


class UserCreateSchema(Schema):
    username = fields.String(required=True, validate=validate.Length(1, 64))
    full_name = fields.String(load_default="", validate=validate.Length(0, 120))
    roles = fields.List(fields.String(), required=True, validate=validate.Length(min=1))
    password = fields.String(load_default=None, validate=validate.Length(8, 256))
    pin = fields.String(load_default=None, validate=validate.Regexp(r"^\d{4,8}$"))


LANGUAGE_CODES = ("en", "fr", "nl", "ru")


class UserUpdateSchema(Schema):
    """A partial change of a user: only the fields given change."""

    full_name = fields.String(validate=validate.Length(0, 120))
    roles = fields.List(
        fields.String(validate=validate.Length(1, 64)), validate=validate.Length(min=1)
    )
    active = fields.Boolean(metadata={"description": "false: the user can sign in nowhere"})
    language = fields.String(allow_none=True, validate=validate.OneOf(LANGUAGE_CODES))
    password = fields.String(validate=validate.Length(8, 256))
    pin = fields.String(allow_none=True, validate=validate.Regexp(r"^\d{4,8}$"))


class RoleSchema(Schema):
    id = fields.Integer(dump_only=True)
    name = fields.String()
    title = fields.String()
    builtin = fields.Boolean()
    permissions = fields.List(fields.String())


class RoleCreateSchema(Schema):
    name = fields.String(
        required=True,
        validate=validate.Regexp(r"^[a-z][a-z0-9_-]{0,63}$"),
        metadata={"description": "lower-case letters, digits, - and _"},
    )
    title = fields.String(load_default="", validate=validate.Length(0, 120))
    permissions = fields.List(fields.String(validate=validate.Length(1, 120)), load_default=list)


class RoleUpdateSchema(Schema):
    title = fields.String(validate=validate.Length(0, 120))
    permissions = fields.List(fields.String(validate=validate.Length(1, 120)))


class PermissionSchema(Schema):
    code = fields.String()
    description = fields.String()
    default_roles = fields.List(fields.String())
