"""Turning a form post into what the API's schemas load, and refusals into the
``{field: message}`` dict the page macros show."""

from __future__ import annotations

import typing as t

from marshmallow import Schema, ValidationError

from ..errors import DomainError


class FormRefused(Exception):
    """A form that cannot be saved, with its messages by field (``""`` for the form)."""

    def __init__(self, errors: dict[str, t.Any]):
        super().__init__(errors)
        self.errors = errors


def load(schema: Schema, data: dict[str, t.Any], *, partial: bool = False) -> dict[str, t.Any]:
    """``data`` loaded by ``schema`` (the API's own), or :class:`FormRefused`."""
    try:
        return schema.load(data, partial=partial)
    except ValidationError as error:
        raise FormRefused(_messages(error.messages)) from None


def refusal(error: DomainError) -> dict[str, t.Any]:
    """A service's refusal as page errors: by field when it names them."""
    if error.fields:
        return {name.split(".")[0]: "; ".join(messages) for name, messages in error.fields.items()}
    return {"": error.message}


def _messages(messages: t.Any) -> dict[str, t.Any]:
    if isinstance(messages, dict):
        return {name: "; ".join(_flatten(value)) for name, value in messages.items()}
    return {"": "; ".join(_flatten(messages))}


def _flatten(value: t.Any) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [text for item in value.values() for text in _flatten(item)]
    return [text for item in value for text in _flatten(item)]
