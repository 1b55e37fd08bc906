"""CI's PostgreSQL leg runs with ``--comptoir-database-only``: it must keep every test
that reaches the suite's database, whichever fixture leads there, and drop only those
that never do (the SQLite leg ran them exactly as they would run on PostgreSQL)."""

from __future__ import annotations

import os
import subprocess
import sys

MODULE = """
import pytest

def test_pure_arithmetic():
    assert 1 + 1 == 2

def test_through_the_app(app):
    assert app

def test_through_a_client(manager_api):
    assert manager_api

def test_through_an_empty_database(empty_database_url):
    assert empty_database_url

@pytest.fixture
def shop_name(app):
    return "x"

def test_through_a_fixture_of_its_own(shop_name):
    assert shop_name

@pytest.mark.comptoir_database
def test_through_a_process_of_its_own():
    assert True
"""


def collected(tmp_path, *options: str) -> set[str]:
    (tmp_path / "test_sample.py").write_text(MODULE)
    env = {k: v for k, v in os.environ.items() if k != "COMPTOIR_TEST_DATABASE_URL"}
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "pytest",
            "--collect-only",
            "-q",
            "-p",
            "no:cacheprovider",
            "-n",
            "0",
            *options,
            "test_sample.py",
        ],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    return {line.split("::")[1] for line in result.stdout.splitlines() if "::" in line}


def test_database_only_drops_only_the_tests_that_never_open_the_database(tmp_path):
    every = {
        "test_pure_arithmetic",
        "test_through_the_app",
        "test_through_a_client",
        "test_through_an_empty_database",
        "test_through_a_fixture_of_its_own",
        "test_through_a_process_of_its_own",
    }
    assert collected(tmp_path) == every
    assert collected(tmp_path, "--comptoir-database-only") == every - {"test_pure_arithmetic"}
