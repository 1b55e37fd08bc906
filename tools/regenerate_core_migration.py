"""Regenerate the core's initial migration (``core_0001``) from the models.

Only while Comptoir is unreleased: once a release has shipped, add new revisions with
``comptoir db revision --branch core -m "..."`` instead.
Run: ``python tools/regenerate_core_migration.py``.
"""

from __future__ import annotations

import re
import tempfile

from alembic import command

from core.app import create_app
from core.migrate import CORE_BRANCH, MIGRATIONS, alembic_config, branch_tables

TARGET = MIGRATIONS / "versions" / "core_0001_initial.py"


def main() -> None:
    TARGET.unlink(missing_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        app = create_app({"EXTRA_PLUGINS": ""}, instance_path=tmp)
        # The core alone: plugins have their own branches. Their models are imported (they
        # share the metadata), so their tables are filtered out by name, before forgetting
        # the plugins' migration folders.
        core_tables = branch_tables(app, CORE_BRANCH)
        app.installed.clear()
        try:
            with app.engine.begin() as connection:
                config = alembic_config(app, connection)
                config.attributes["include_object"] = core_tables
                command.revision(
                    config,
                    message="core tables",
                    autogenerate=True,
                    rev_id="core_0001",
                    branch_label="core",
                    version_path=str(MIGRATIONS / "versions"),
                    head="base",
                )
        finally:
            app.close()
    generated = next((MIGRATIONS / "versions").glob("core_0001_*.py"))
    text = re.sub(r"\nCreate Date: .*\n", "\n", generated.read_text())
    text = text.replace("Revises: \n", "Revises:\n")
    generated.unlink()
    TARGET.write_text(text)
    print(f"wrote {TARGET.relative_to(MIGRATIONS.parent)}")


if __name__ == "__main__":
    main()
