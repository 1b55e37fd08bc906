"""``comptoir db revision``: autogenerate a branch's migration without picking up other
branches' tables."""

from __future__ import annotations

from pathlib import Path

import pytest


@pytest.mark.comptoir_extra_plugins("alpha=sample_plugins.alpha")
@pytest.mark.parametrize("branch", ["core", "alpha"])
def test_revision_of_an_up_to_date_branch_is_empty(app, branch):
    """With the models unchanged, a new revision of the core or of a plugin has nothing
    to do, even though other branches' tables exist (or do not) in the database."""
    from core.migrate import revision

    with app.app_context():
        path = Path(revision(app, branch, "probe"))
    try:
        text = path.read_text()
        body = text[text.index("def upgrade") : text.index("def downgrade")]
        assert "op." not in body, body
        if branch == "alpha":
            assert "down_revision = 'alpha_0001'" in text
    finally:
        path.unlink()
