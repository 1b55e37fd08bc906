"""``comptoir plugins new NAME``: render a working plugin package from ``template/``.

Template files end in ``.tmpl``; in their paths and contents ``@@NAME@@`` (the plugin's
name), ``@@PACKAGE@@``, ``@@DISTRIBUTION@@``, ``@@TITLE@@``, ``@@CLASS@@`` and
``@@CORE_REVISION@@`` (the core's migration head, which the first revision depends on)
are replaced; message catalogs (``.po``) are compiled. The result installs with
``pip install -e``, migrates and passes its tests, a browser test of its till action
included.
"""

from __future__ import annotations

import keyword
import re
from pathlib import Path

from ..errors import PluginError

TEMPLATE = Path(__file__).resolve().parent / "template"
SUFFIX = ".tmpl"
NAME = re.compile(r"^[a-z][a-z0-9_]{1,30}$")


def check_name(name: str) -> None:
    """A plugin name is its namespace everywhere (tables, URLs, permissions, branch)."""
    if not NAME.match(name) or keyword.iskeyword(name) or name.endswith("_") or "__" in name:
        raise PluginError(
            f"bad plugin name {name!r}: use 2 to 31 lowercase letters, digits and single "
            "underscores, starting with a letter"
        )
    if name in {"core", "plugin", "plugins", "api", "admin", "static", "till"}:
        raise PluginError(f"bad plugin name {name!r}: it is reserved by the core")


def core_revision() -> str:
    """The core branch's head revision: what a new plugin's first migration needs."""
    from alembic.config import Config
    from alembic.script import ScriptDirectory

    from ...migrate import CORE_BRANCH, MIGRATIONS

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.set_main_option("path_separator", "os")
    config.set_main_option("version_locations", str(MIGRATIONS / "versions"))
    return ScriptDirectory.from_config(config).get_revision(f"{CORE_BRANCH}@head").revision


def render_plugin(name: str, directory: Path | None = None) -> Path:
    """Write a new plugin package for ``name`` into ``directory`` (default
    ``./comptoir-<name>``), which must not exist yet. Returns the directory."""
    check_name(name)
    target = Path(directory) if directory is not None else Path(f"comptoir-{name}")
    if target.exists():
        raise PluginError(f"{target} already exists; choose another --directory")
    values = {
        "@@NAME@@": name,
        "@@PACKAGE@@": f"comptoir_{name}",
        "@@DISTRIBUTION@@": f"comptoir-{name.replace('_', '-')}",
        "@@TITLE@@": name.replace("_", " ").title(),
        "@@CLASS@@": "".join(part.title() for part in name.split("_")),
        "@@CORE_REVISION@@": core_revision(),
    }

    def fill(text: str) -> str:
        for placeholder, value in values.items():
            text = text.replace(placeholder, value)
        return text

    for source in sorted(TEMPLATE.rglob(f"*{SUFFIX}")):
        relative = fill(str(source.relative_to(TEMPLATE)))[: -len(SUFFIX)]
        destination = target / relative
        destination.parent.mkdir(parents=True, exist_ok=True)
        destination.write_text(fill(source.read_text()))
    for catalog in target.rglob("*.po"):
        _compile(catalog)
    return target


def _compile(catalog: Path) -> None:
    """``messages.po`` -> ``messages.mo`` beside it (what ``pybabel compile`` does), so the
    new plugin speaks French from the start."""
    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po

    with catalog.open("rb") as source:
        messages = read_po(source)
    with catalog.with_suffix(".mo").open("wb") as compiled:
        write_mo(compiled, messages)
