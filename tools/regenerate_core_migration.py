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
from core.migrate import MIGRATIONS, alembic_config

TARGET = MIGRATIONS / "versions" / "core_0001_initial.py"


def main() -> None:
    TARGET.unlink(missing_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        app = create_app({"EXTRA_PLUGINS": ""}, instance_path=tmp)
        app.installed.clear()  # the core alone: plugins have their own branches
        try:
            with app.engine.begin() as connection:
                command.revision(
                    alembic_config(app, connection),
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
