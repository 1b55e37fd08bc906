"""HTML forms generated from a settings namespace's marshmallow schema.

A settings schema is the one source of truth for its namespace: the API validates a PATCH
with it, and the back office builds its form from it, field by field, then hands what was
typed to the same schema. The form only turns text into the JSON types the schema expects
(a checkbox into a boolean, ``"12.50"`` into minor units); every rule stays the schema's.

Fields become inputs by their type:

- ``Boolean``: a checkbox; ``Integer``, ``Decimal``, ``Percent``: a number field;
- ``Money``: a decimal in the store's currency (``12.50``), stored in minor units;
- ``String``: a text field, a text area beyond 200 characters, a list with ``OneOf``;
- ``List`` of ids: checkboxes of the catalog's categories with
  ``metadata={"widget": "categories"}``, else ids separated by commas;
- ``List`` of ``Nested`` records: a table with a row per record and two blank rows.

A field's ``metadata`` gives its ``label`` and ``description`` (help text), translated
through the catalogs; ``metadata={"form": False}`` leaves a field out of the form (it is
then only changed through the API).
"""

from __future__ import annotations

import typing as t
from dataclasses import dataclass, field
from decimal import Decimal

from flask_babel import gettext as _
from marshmallow import Schema, ValidationError, fields, validate
from werkzeug.datastructures import MultiDict

from ..catalog.records import list_categories
from ..fields import Money, Percent, money_from_text, money_text
from ..validation_messages import translate_messages

#: Blank rows offered under a list of records (a new tier, say).
BLANK_ROWS = 2


@dataclass
class FormField:
    """One input of a generated form, as the template draws it."""

    name: str
    label: str
    widget: str
    value: t.Any = ""
    help: str = ""
    required: bool = False
    choices: list[tuple[str, str]] = field(default_factory=list)
    columns: list[FormField] = field(default_factory=list)
    rows: list[dict[str, t.Any]] = field(default_factory=list)
    suffix: str = ""


def _label(name: str, schema_field: fields.Field) -> str:
    label = schema_field.metadata.get("label")
    return _(label) if label else name.replace("_", " ").capitalize()


def _help(schema_field: fields.Field) -> str:
    text = schema_field.metadata.get("description")
    return _(text) if text else ""


def _one_of(schema_field: fields.Field) -> list[t.Any] | None:
    validators = schema_field.validators or []
    for validator in validators:
        if isinstance(validator, validate.OneOf):
            return list(validator.choices)
    return None


def _max_length(schema_field: fields.Field) -> int | None:
    for validator in schema_field.validators or []:
        if isinstance(validator, validate.Length) and validator.max is not None:
            return validator.max
    return None


def _widget(schema_field: fields.Field) -> str:
    if isinstance(schema_field, Money):
        return "money"
    if isinstance(schema_field, fields.Boolean):
        return "checkbox"
    if _one_of(schema_field) is not None:
        return "select"
    if isinstance(schema_field, Percent):
        return "percent"
    if isinstance(schema_field, fields.Integer):
        return "integer"
    if isinstance(schema_field, fields.Decimal | fields.Float):
        return "decimal"
    if isinstance(schema_field, fields.List):
        inner = schema_field.inner
        if isinstance(inner, fields.Nested):
            return "rows"
        if schema_field.metadata.get("widget") == "categories":
            return "categories"
        if isinstance(inner, fields.Integer):
            return "ids"
        return "lines"
    if isinstance(schema_field, fields.String):
        length = _max_length(schema_field)
        return "textarea" if length is not None and length > 200 else "text"
    return "text"


def _shown(value: t.Any, widget: str, currency: str) -> t.Any:
    """A loaded setting as its input shows it."""
    if value is None:
        return ""
    if widget == "money":
        return money_text(value, currency)
    if widget in ("percent", "decimal"):
        return format(Decimal(str(value)).normalize(), "f")
    if widget == "ids":
        return ", ".join(str(item) for item in value)
    if widget == "lines":
        return "\n".join(str(item) for item in value)
    if widget == "categories":
        return {str(item) for item in value}
    return value


def visible_fields(schema: Schema) -> dict[str, fields.Field]:
    return {
        name: schema_field
        for name, schema_field in schema.fields.items()
        if schema_field.metadata.get("form", True) and not schema_field.dump_only
    }


def build_form(
    schema: Schema, values: dict[str, t.Any], currency: str, typed: MultiDict | None = None
) -> list[FormField]:
    """The inputs of ``schema`` filled with ``values`` (loaded settings), or with what was
    ``typed`` when the form comes back with errors."""
    dumped = schema.dump(values)
    result = []
    for name, schema_field in visible_fields(schema).items():
        widget = _widget(schema_field)
        item = FormField(
            name=name,
            label=_label(name, schema_field),
            widget=widget,
            help=_help(schema_field),
            required=schema_field.required,
            value=_shown(values.get(name), widget, currency),
        )
        if widget == "money":
            item.suffix = currency
        elif widget == "percent":
            item.suffix = "%"
        if widget == "select":
            item.choices = [(str(choice), str(choice)) for choice in _one_of(schema_field) or []]
        if widget == "categories":
            item.choices = [(str(c.id), c.name) for c in list_categories()]
        if widget == "rows":
            nested = t.cast(fields.Nested, t.cast(fields.List, schema_field).inner).schema
            item.columns = build_form(nested, {}, currency)
            item.rows = [
                {
                    column.name: _shown(row.get(column.name), column.widget, currency)
                    for column in item.columns
                }
                for row in dumped.get(name) or []
            ]
        if typed is not None:
            _refill(item, typed)
        result.append(item)
    return result


def ticked(typed: MultiDict, name: str) -> bool:
    """Whether a checkbox was ticked: browsers send its value ("on", or the "1" of the
    layout's checkbox macro), and nothing at all when it is not."""
    return typed.get(name) not in (None, "", "0", "off")


def _refill(item: FormField, typed: MultiDict) -> None:
    if item.widget == "checkbox":
        item.value = ticked(typed, item.name)
    elif item.widget == "categories":
        item.value = set(typed.getlist(item.name))
    elif item.widget == "rows":
        rows = [
            {
                column.name: typed.get(f"{item.name}-{index}-{column.name}", "")
                for column in item.columns
            }
            for index in _row_indexes(typed, item.name)
        ]
        # Blank rows were not records: the template adds its own blank rows again.
        item.rows = [row for row in rows if any(str(v).strip() for v in row.values())]
    else:
        item.value = typed.get(item.name, "")


def _row_indexes(typed: MultiDict, name: str) -> list[int]:
    prefix = f"{name}-"
    found = set()
    for key in typed:
        if key.startswith(prefix):
            index, _sep, _rest = key[len(prefix) :].partition("-")
            if index.isdigit():
                found.add(int(index))
    return sorted(found)


def _number(text: str) -> t.Any:
    """Digits as an int (the schema's strict integers want one); anything else as typed,
    for the schema to refuse with its own message."""
    text = text.strip()
    if text.lstrip("-").isdigit():
        return int(text)
    return text


def _read(
    schema_field: fields.Field, widget: str, name: str, typed: MultiDict, currency: str
) -> t.Any:
    raw = typed.get(name, "")
    if widget == "checkbox":
        return ticked(typed, name)
    if widget == "money":
        if not raw.strip() and schema_field.allow_none:
            return None
        return money_from_text(
            raw,
            currency,
            minimum=getattr(schema_field, "minimum", 0),
            maximum=getattr(schema_field, "maximum", 10**11),
        )
    if widget == "integer":
        if not raw.strip() and schema_field.allow_none:
            return None
        return _number(raw)
    if widget == "select":
        choices = _one_of(schema_field) or []
        fallback = _number(raw) if isinstance(schema_field, fields.Integer) else raw
        return next((choice for choice in choices if str(choice) == raw), fallback)
    if widget in ("percent", "decimal"):
        return raw.strip().replace(",", ".")
    if widget == "ids":
        return [_number(part) for part in raw.replace(",", " ").split()]
    if widget == "categories":
        return [_number(part) for part in typed.getlist(name)]
    if widget == "lines":
        return [line.strip() for line in raw.splitlines() if line.strip()]
    if widget == "rows":
        nested = t.cast(fields.Nested, t.cast(fields.List, schema_field).inner).schema
        rows = []
        for index in _row_indexes(typed, name):
            prefix = f"{name}-{index}-"
            if not any(typed.get(prefix + column, "").strip() for column in visible_fields(nested)):
                continue  # a blank row: nothing to add
            row = {}
            for column, column_field in visible_fields(nested).items():
                row[column] = _read(
                    column_field, _widget(column_field), prefix + column, typed, currency
                )
            rows.append(row)
        return rows
    return raw


def read_form(
    schema: Schema, typed: MultiDict, currency: str, only: t.Iterable[str] | None = None
) -> dict[str, t.Any]:
    """What the person typed, in the JSON types the schema loads (``"12.50"`` becomes
    ``1250`` for a money field), for every visible field (or those in ``only``).

    :raise ValidationError: naming each field whose text could not even be converted
        (an amount with three decimals, say); the schema then judges the rest.
    """
    names = set(only) if only is not None else None
    changes: dict[str, t.Any] = {}
    problems: dict[str, list[str]] = {}
    for name, schema_field in visible_fields(schema).items():
        if names is not None and name not in names:
            continue
        try:
            changes[name] = _read(schema_field, _widget(schema_field), name, typed, currency)
        except ValidationError as error:
            messages = error.messages
            problems[name] = messages if isinstance(messages, list) else [str(messages)]
    if problems:
        raise ValidationError(problems)
    return changes


def flat_errors(messages: t.Any) -> dict[str, list[str]]:
    """marshmallow's nested messages (``{"tiers": {0: {"name": [...]}}}``) as
    ``{"tiers.0.name": [...]}``, for a list at the top of the form."""
    flat: dict[str, list[str]] = {}
    messages = translate_messages(messages)  # marshmallow's own, in the reader's language

    def walk(prefix: str, value: t.Any) -> None:
        if isinstance(value, dict):
            for key, inner in value.items():
                walk(f"{prefix}.{key}" if prefix else str(key), inner)
        elif isinstance(value, list) and all(isinstance(v, str) for v in value):
            flat[prefix] = list(value)
        else:
            flat[prefix] = [str(value)]

    walk("", messages)
    return flat
