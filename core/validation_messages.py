"""marshmallow's own messages ("Missing data for required field.", "Not a valid
integer.", "Length must be between 1 and 64."...) in the reader's language.

marshmallow writes its fields' and validators' default messages in English, formatted
with their values, and Comptoir's schemas (the core's, the plugins', and the validators
other code adds) rely on them. Rather than giving each field and validator a translated
message, the places that show a refusal (the API's 422, the back office's forms) pass its
messages through :func:`translate_messages`: a message that is one of marshmallow's
defaults, values included, is written again from the catalog's translation with the same
values. Any other message is left as it is (Comptoir's own are translated where raised).

``tests/test_validation_messages.py`` fails when marshmallow has a default message this
table lacks (after an upgrade), so none is shown in English.
"""

from __future__ import annotations

import functools
import re
import typing as t

from flask_babel import gettext


def N_(text: str) -> str:  # noqa: N802 - the extraction keyword babel knows
    """Marks a message for the catalogs; translated where it is shown."""
    return text


#: Every default message of marshmallow's fields, schemas and validators, as it is written
#: once its ``{placeholders}`` that are not values are filled (a Range's "greater than").
MARSHMALLOW_MESSAGES: tuple[str, ...] = (
    # fields and schemas
    N_("Missing data for required field."),
    N_("Field may not be null."),
    N_("Invalid value."),
    N_("Invalid input type."),
    N_("Invalid input."),
    N_("Invalid type."),
    N_("Unknown field."),
    N_("Not a valid string."),
    N_("Not a valid utf-8 string."),
    N_("Not a valid integer."),
    N_("Not a valid number."),
    N_("Number too large."),
    N_("Special numeric values (nan or infinity) are not permitted."),
    N_("Not a valid boolean."),
    N_("Not a valid list."),
    N_("Not a valid tuple."),
    N_("Not a valid mapping type."),
    N_("Not a valid UUID."),
    N_("Not a valid URL."),
    N_("Not a valid email address."),
    N_("Not a valid IP address."),
    N_("Not a valid IPv4 address."),
    N_("Not a valid IPv6 address."),
    N_("Not a valid IP interface."),
    N_("Not a valid IPv4 interface."),
    N_("Not a valid IPv6 interface."),
    N_("Not a valid date."),
    N_("Not a valid datetime."),
    N_("Not a valid time."),
    N_("Not a valid aware datetime."),
    N_("Not a valid naive datetime."),
    N_("Not a valid aware time."),
    N_("Not a valid naive time."),
    N_("Not a valid period of time."),
    N_('"{input}" cannot be formatted as a date.'),
    N_('"{input}" cannot be formatted as a datetime.'),
    N_('"{input}" cannot be formatted as a time.'),
    N_("{input} cannot be formatted as a timedelta."),
    # validators
    N_("Shorter than minimum length {min}."),
    N_("Longer than maximum length {max}."),
    N_("Length must be between {min} and {max}."),
    N_("Length must be {equal}."),
    N_("Must be greater than or equal to {min}."),
    N_("Must be greater than {min}."),
    N_("Must be less than or equal to {max}."),
    N_("Must be less than {max}."),
    N_("Must be greater than or equal to {min} and less than or equal to {max}."),
    N_("Must be greater than or equal to {min} and less than {max}."),
    N_("Must be greater than {min} and less than or equal to {max}."),
    N_("Must be greater than {min} and less than {max}."),
    N_("Must be equal to {other}."),
    N_("Must be one of: {choices}."),
    N_("One or more of the choices you made was not in: {choices}."),
    N_("One or more of the choices you made was in: {values}."),
    N_("String does not match expected pattern."),
)

_PLACEHOLDER = re.compile(r"\{(\w+)\}")


def _pattern(template: str) -> re.Pattern[str]:
    parts = _PLACEHOLDER.split(template)  # text, name, text, name, ..., text
    regex = "".join(
        re.escape(part) if index % 2 == 0 else f"(?P<{part}>.+?)"
        for index, part in enumerate(parts)
    )
    return re.compile(f"^{regex}$", re.S)


@functools.cache
def _patterns() -> tuple[tuple[str, re.Pattern[str]], ...]:
    return tuple((template, _pattern(template)) for template in MARSHMALLOW_MESSAGES)


def translate_message(message: str) -> str:
    """One message in the reader's language when it is one of marshmallow's defaults."""
    for template, pattern in _patterns():
        found = pattern.match(message)
        if found:
            values = found.groupdict()
            return _PLACEHOLDER.sub(lambda m, v=values: v[m.group(1)], gettext(template))
    return message


def translate_messages(messages: t.Any) -> t.Any:
    """marshmallow's messages (a string, a list, nested dicts keyed by field or index),
    the same shape, with its default messages in the reader's language."""
    if isinstance(messages, str):
        return translate_message(messages)
    if isinstance(messages, dict):
        return {key: translate_messages(value) for key, value in messages.items()}
    if isinstance(messages, list | tuple):
        return [translate_messages(value) for value in messages]
    return messages
