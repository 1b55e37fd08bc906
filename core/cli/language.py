"""The language of the command line: the operator's (``LANG``), for every command.

Commands write for the person at the terminal, in the language of their environment
(``LC_ALL``, ``LC_MESSAGES``, ``LANG``) when Comptoir speaks it, else English, as other
command-line tools do; the store's language is for what customers read (receipts). The
messages come from the core's catalog, with or without an app (``comptoir hardware``
and ``comptoir plugins new`` run without one); an error a service raises inside a
command is written in the same language (the host app's locale, see :mod:`core.app`).
"""

from __future__ import annotations

import functools
import typing as t

from babel.support import NullTranslations, Translations

__all__ = ["gettext"]


@functools.cache
def _catalog(language: str) -> NullTranslations:
    from ..plugins.hooks import CORE_CATALOGS

    return Translations.load(str(CORE_CATALOGS), [language])


def gettext(message: str, **values: t.Any) -> str:
    """``message`` in the operator's language, ``%(name)s`` placeholders filled."""
    from ..app import operator_language

    translated = _catalog(operator_language()).gettext(message)
    return translated % values if values else translated
