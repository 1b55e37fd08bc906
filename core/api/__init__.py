"""The REST API's shared machinery: declared endpoints, schemas, errors, OpenAPI."""

from ..paging import Page
from .blueprint import ApiBlueprint, json_body
from .errors import ApiError

__all__ = ["ApiBlueprint", "Page", "ApiError", "json_body"]
