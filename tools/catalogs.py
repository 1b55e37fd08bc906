"""The message catalogs of the core and of each bundled plugin: extract, update, compile, check.

    python tools/catalogs.py extract  # list the strings the code marks, per domain
    python tools/catalogs.py update   # extract the strings, merge them into every .po, compile .mo
    python tools/catalogs.py compile  # .po -> .mo only (after translating)
    python tools/catalogs.py check    # exit 1 when a catalog is out of date or incomplete

``check`` fails when a catalog misses a string of the code or keeps one the code dropped,
when a language leaves a message untranslated (fuzzy counts as untranslated), when a
translation's placeholders (``%(name)s``, ``%%``, ``{name}``) differ from the English,
when a compiled ``.mo`` is not its ``.po`` compiled, and when a plugin translates a message
of the core otherwise (the catalogs are merged: one would win). tests/test_catalogs.py
runs the same checks, one test per kind, by importing this file.

One catalog per *domain*: the core (its Python, the themes' templates, the receipts'
text templates; the till's JavaScript strings come from ``core/till/strings.py``) in
``core/translations``, and each bundled plugin in its own ``translations`` folder, which the
plugin declares through ``AssetFolders(translations=...)``. English is the source language:
its catalog is the code itself.

Compiled ``.mo`` files are committed beside their ``.po``: an installed Comptoir speaks every
language without a build step, and ``check`` fails when one is stale.
"""

from __future__ import annotations

import argparse
import io
import re
import sys
import typing as t
from dataclasses import dataclass
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import DEFAULT_KEYWORDS, extract_from_dir
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po, write_po

ROOT = Path(__file__).resolve().parents[1]
LANGUAGES = ("fr", "nl", "ru")
KEYWORDS = {**DEFAULT_KEYWORDS, "lazy_gettext": None, "_l": None}
JINJA = {"extensions": "jinja2.ext.do", "trimmed": "true"}


@dataclass(frozen=True)
class Domain:
    """Where one catalog's strings are written (``root``, by ``mapping``) and where the
    catalog lives (``folder``)."""

    name: str
    root: Path
    mapping: list[tuple[str, str]]
    folder: Path

    def extract(self) -> Catalog:
        template = Catalog(project="Comptoir", fuzzy=False)
        options = {pattern: JINJA for pattern, method in self.mapping if method == "jinja2"}
        for filename, lineno, message, comments, context in extract_from_dir(
            str(self.root), self.mapping, options, keywords=KEYWORDS, strip_comment_tags=True
        ):
            template.add(
                message,
                None,
                [(filename, lineno)],
                auto_comments=comments,
                context=context,
            )
        return template

    def po(self, language: str) -> Path:
        return self.folder / language / "LC_MESSAGES" / "messages.po"


def domains() -> list[Domain]:
    found = [
        Domain(
            "core",
            ROOT,
            [
                ("core/plugins/scaffold/**", "ignore"),
                ("core/**.py", "python"),
                ("themes/**/templates/**.html", "jinja2"),
                ("themes/**/templates/**.txt", "jinja2"),
            ],
            ROOT / "core" / "translations",
        )
    ]
    for package in sorted((ROOT / "plugins").iterdir()):
        if (package / "__init__.py").exists():
            found.append(
                Domain(
                    package.name,
                    package,
                    [
                        ("migrations/**", "ignore"),
                        ("tests/**", "ignore"),
                        ("**.py", "python"),
                        ("templates/**.html", "jinja2"),
                    ],
                    package / "translations",
                )
            )
    # The example plugins are distributions of their own (examples/<dist>/<package>): each
    # ships its catalog too, as a third-party plugin would.
    for package in sorted(ROOT.glob("examples/*/*/__init__.py")):
        folder = package.parent
        if folder.name != "tests":
            found.append(
                Domain(
                    folder.name,
                    folder,
                    [
                        ("migrations/**", "ignore"),
                        ("**.py", "python"),
                        ("templates/**.html", "jinja2"),
                    ],
                    folder / "translations",
                )
            )
    return found


def _read(path: Path, language: str) -> Catalog:
    if not path.exists():
        return Catalog(locale=language, project="Comptoir", fuzzy=False)
    with path.open("rb") as source:
        return read_po(source, locale=language)


def _po_bytes(catalog: Catalog) -> bytes:
    buffer = io.BytesIO()
    write_po(buffer, catalog, width=100, omit_header=False, sort_output=True, include_lineno=False)
    return buffer.getvalue()


def _mo_bytes(catalog: Catalog) -> bytes:
    buffer = io.BytesIO()
    write_mo(buffer, catalog, use_fuzzy=False)
    return buffer.getvalue()


def _write_if_changed(path: Path, content: bytes) -> None:
    """Files are rewritten only when their content changes: an update without new
    strings leaves the tree clean."""
    if not path.exists() or path.read_bytes() != content:
        path.write_bytes(content)


def update(domain: Domain) -> None:
    template = domain.extract()
    for language in LANGUAGES:
        path = domain.po(language)
        existed = path.exists()
        catalog = _read(path, language)
        # The header's creation date moves only when the catalog is created: updating an
        # unchanged catalog must not dirty it (nor its .mo, which embeds the header).
        catalog.update(template, no_fuzzy_matching=True, update_creation_date=not existed)
        catalog.obsolete.clear()
        catalog.fuzzy = False  # the header: a translated catalog is no draft
        path.parent.mkdir(parents=True, exist_ok=True)
        _write_if_changed(path, _po_bytes(catalog))
    compile_domain(domain)


def compile_domain(domain: Domain) -> None:
    for language in LANGUAGES:
        path = domain.po(language)
        if path.exists():
            _write_if_changed(path.with_suffix(".mo"), _mo_bytes(_read(path, language)))


def _catalogs(domain: Domain) -> t.Iterator[tuple[str, Path, Catalog | None]]:
    for language in LANGUAGES:
        path = domain.po(language)
        yield language, path, (_read(path, language) if path.exists() else None)


def _where(path: Path) -> str:
    return str(path.relative_to(ROOT)) if path.is_relative_to(ROOT) else str(path)


def out_of_date(domain: Domain) -> t.Iterator[str]:
    """Strings the code marks that a catalog lacks, and strings it keeps that the code no
    longer has."""
    wanted = {message.id for message in domain.extract() if message.id}
    for _language, path, catalog in _catalogs(domain):
        if catalog is None:
            yield f"{_where(path)}: missing (run: python tools/catalogs.py update)"
            continue
        have = {message.id for message in catalog if message.id}
        for missing in sorted(map(str, wanted - have)):
            yield f"{_where(path)}: not in the catalog (run update): {missing!r}"
        for stale in sorted(map(str, have - wanted)):
            yield f"{_where(path)}: no longer in the code (run update): {stale!r}"


def _translations(message: t.Any) -> tuple[str, ...]:
    return message.string if isinstance(message.string, tuple) else (message.string,)


def untranslated(domain: Domain) -> t.Iterator[str]:
    """Messages without a translation in some language; a fuzzy one counts as none, as
    the compiled catalog leaves it out."""
    for _language, path, catalog in _catalogs(domain):
        for message in catalog or ():
            if message.id and (message.fuzzy or not all(_translations(message))):
                yield f"{_where(path)}: untranslated: {message.id!r}"


#: ``%(name)s``, ``%s``, ``%%`` and ``{name}``: what a translation must keep, each as many
#: times as the English has it (a lost ``%(amount)s`` hides the amount; an invented one
#: raises at run time).
_PLACEHOLDER = re.compile(r"%(?:\([^)]*\))?[-#0 +]*\d*(?:\.\d+)?[diouxXeEfFgGcrsa%]|\{[^{}]*\}")


def placeholders(text: str) -> list[str]:
    return sorted(_PLACEHOLDER.findall(text))


def placeholder_mismatches(domain: Domain) -> t.Iterator[str]:
    for _language, path, catalog in _catalogs(domain):
        for message in catalog or ():
            if not message.id:
                continue
            plural = isinstance(message.id, tuple)
            expected = placeholders(message.id[-1] if plural else message.id)
            for text in _translations(message):
                found = placeholders(text)
                # A plural's forms may leave the count out ("one item" for the singular);
                # they never add one. Every other translation keeps the English's exactly.
                wrong = not set(found) <= set(expected) if plural else found != expected
                if text and wrong:
                    yield f"{_where(path)}: {message.id!r}: {found} instead of {expected}"
        for message, errors in catalog.check() if catalog else ():
            for error in errors:
                yield f"{_where(path)}: {message.id!r}: {error}"


def stale_compiled(domain: Domain) -> t.Iterator[str]:
    for _language, path, catalog in _catalogs(domain):
        if catalog is None:
            continue
        compiled = path.with_suffix(".mo")
        if not compiled.exists() or compiled.read_bytes() != _mo_bytes(catalog):
            yield f"{_where(compiled)}: stale (run: python tools/catalogs.py compile)"


def collisions(domain: Domain) -> t.Iterator[str]:
    """A plugin's message that the core's catalog translates otherwise: Flask-Babel merges
    every catalog into one, so one of the two would show the other's words ("Change" as
    money given back on a receipt, and as "edit" on a plugin's page). Reword the plugin's
    message, or translate it as the core does."""
    core = next(found for found in domains() if found.name == "core")
    if domain == core:
        return
    for language, path, catalog in _catalogs(domain):
        theirs = _read(core.po(language), language) if core.po(language).exists() else None
        if catalog is None or theirs is None:
            continue
        for message in catalog:
            other = theirs.get(message.id) if message.id else None
            if other is not None and other.string and other.string != message.string:
                yield (
                    f"{_where(path)}: {message.id!r} is {message.string!r} here but "
                    f"{other.string!r} in the core's catalog (the catalogs are merged)"
                )


CHECKS = (out_of_date, untranslated, placeholder_mismatches, stale_compiled, collisions)


def problems(domain: Domain) -> t.Iterator[str]:
    """What is wrong with a domain's catalogs, one line each."""
    for check in CHECKS:
        yield from check(domain)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("command", choices=["extract", "update", "compile", "check"])
    args = parser.parse_args(argv)
    if args.command == "extract":
        for domain in domains():
            for message in domain.extract():
                if message.id:
                    print(f"{domain.name}: {message.id!r}")
        return 0
    if args.command in ("update", "compile"):
        for domain in domains():
            (update if args.command == "update" else compile_domain)(domain)
            print(f"{domain.name}: {_where(domain.folder)}")
        return 0
    found = [line for domain in domains() for line in problems(domain)]
    print("\n".join(found) or "every catalog is complete and up to date")
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main())
