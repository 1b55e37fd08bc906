"""Views that take larger request bodies than the API's bound (``MAX_BODY_BYTES``).

The bound is sized for JSON sales (1 MiB by default); the back office's CSV import takes a
whole catalog (100,000 products is about 8 MB). A view says so with
:func:`allows_body_bytes`; ``core.api.body_limits`` reads it before the body is read.
"""

from __future__ import annotations

import typing as t

_MARK = "_comptoir_max_body_bytes"
F = t.TypeVar("F", bound=t.Callable[..., t.Any])


def allows_body_bytes(limit: int) -> t.Callable[[F], F]:
    """Let this view take bodies up to ``limit`` bytes. Put it under the route decorator,
    so that the registered view carries the mark."""

    def mark(view: F) -> F:
        setattr(view, _MARK, limit)
        return view

    return mark


def own_body_limit(view: t.Any) -> int | None:
    """The bound a view declared, or ``None`` (the app's bound applies)."""
    limit = getattr(view, _MARK, None)
    return None if limit is None else int(limit)
