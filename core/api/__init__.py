"""The REST API's shared machinery: declared endpoints, schemas, errors, OpenAPI."""

from ..paging import Page
from .blueprint import ApiBlueprint, json_body
from .errors import ApiError, Conflict, NotFound, Unprocessable

__all__ = ["ApiBlueprint", "Page", "ApiError", "Conflict", "NotFound", "Unprocessable", "json_body"]
