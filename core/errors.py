"""The errors services raise: what went wrong, in the shop's words.

A domain error names a refusal (the input is invalid, the thing does not exist, it
conflicts with what is there, the user may not do it, too many tries), never an HTTP
status: ``core.api.errors`` is the one place that turns them into answers (422, 404, 409,
403, 429), and a page or a command may catch them to show the message its own way.

    from flask_babel import gettext as _

    raise NotFound(_("no register %(id)s", id=register_id))
    raise Invalid(_("a tax rate needs a name"), field="name")
    raise Conflict(_("register %(code)s is already open", code="R1"), code="register_open")

``code`` is the stable, machine-readable reason (``insufficient_stock``); ``message`` is
for people, in their language: through gettext, values as named placeholders (the API
answers in the reader's language, a command in the operator's); ``fields`` says which
inputs are at fault, with their messages.
"""

from __future__ import annotations

__all__ = [
    "Conflict",
    "DomainError",
    "Forbidden",
    "Invalid",
    "NotFound",
    "TooManyAttempts",
]


class DomainError(Exception):
    """A refusal of the shop's rules; nothing was changed by the service that raised it.

    :param message: what went wrong, for the person.
    :param code: the machine-readable reason; the class's ``code`` by default.
    :param field: shorthand for ``fields={field: [message]}``.
    :param fields: the inputs at fault and their messages (``{"lines.2.barcode": [...]}``).

    Example::

        try:
            reload_card(code, amount)
        except DomainError as error:  # any refusal, in a page that shows its message
            flash(error.message, "error")
    """

    code: str = "invalid"

    def __init__(
        self,
        message: str,
        *,
        code: str | None = None,
        field: str | None = None,
        fields: dict[str, list[str]] | None = None,
    ):
        super().__init__(message)
        self.message = message
        self.code = code or type(self).code
        self.fields: dict[str, list[str]] = dict(fields or {})
        if field is not None:
            self.fields.setdefault(field, [message])


class Invalid(DomainError):
    """The input breaks a rule (a missing name, payments short of the total).

    Example::

        raise Invalid("a parcel weighs at most 30 kg", field="weight")
    """

    code = "invalid"


class NotFound(DomainError):
    """What the caller names does not exist (a product, a register, a sale).

    Example::

        raise NotFound(f"no parcel {parcel_id}")
    """

    code = "not_found"


class Conflict(DomainError):
    """The request clashes with the current state (a register already open, a SKU
    already taken, a receipt number out of sequence).

    Example::

        raise Conflict("this parcel was handed over already", code="parcel_handed_over")
    """

    code = "conflict"


class Forbidden(DomainError):
    """The user may not do this particular thing (a discount beyond their limit), as
    opposed to lacking a permission altogether.

    Example::

        raise Forbidden("only the parcel's addressee may collect it", code="not_addressee")
    """

    code = "forbidden"


class TooManyAttempts(DomainError):
    """Too many failed tries in a while (wrong PINs, unknown gift card codes); try
    again after ``retry_after`` seconds when it is known.

    Example::

        raise TooManyAttempts("too many unknown codes: wait a minute", retry_after=60)
    """

    code = "too_many_attempts"

    def __init__(
        self,
        message: str,
        *,
        retry_after: int | None = None,
        code: str | None = None,
        field: str | None = None,
        fields: dict[str, list[str]] | None = None,
    ):
        super().__init__(message, code=code, field=field, fields=fields)
        self.retry_after = retry_after
