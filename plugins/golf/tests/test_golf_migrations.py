"""The golf migration branch gives exactly the golf models, and goes away cleanly."""

from __future__ import annotations

from core.testing import assert_migrations_match_models


def test_migrations_match_models(empty_database_url, tmp_path):
    assert_migrations_match_models(empty_database_url, tmp_path, "golf")
