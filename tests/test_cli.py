"""The command line: expected mistakes give one `Error:` line and a non-zero exit, never a
traceback; `tokens create` prints a working token alone on its last line."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest
from click.testing import CliRunner

from core.cli import main
from core.testing.fixtures import TEST_HASH_METHOD


def assert_one_line_error(result, *fragments: str) -> None:
    assert result.exit_code not in (0, None), result.output
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(
        result.exception
    )
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("Error: "), result.stderr
    assert "Traceback" not in result.output
    for fragment in fragments:
        assert fragment in lines[0]


def test_enabling_an_unknown_plugin(cli_runner):
    assert_one_line_error(cli_runner("plugins", "enable", "nope"), "'nope'")


def test_disabling_an_unknown_plugin(cli_runner):
    assert_one_line_error(cli_runner("plugins", "disable", "nope"), "'nope'")


def test_creating_a_user_with_a_bad_role(cli_runner):
    result = cli_runner("users", "create", "zoe", "--role", "wizard", "--pin", "5678")
    assert_one_line_error(result, "'wizard'", "cashier")


@pytest.mark.parametrize("pin", ["12", "abcd", "123456789"])
def test_creating_a_user_with_a_bad_pin(cli_runner, pin):
    result = cli_runner("users", "create", "zoe", "--role", "cashier", "--pin", pin)
    assert_one_line_error(result, "4 to 8 digits")


def test_creating_a_user_with_a_short_password(cli_runner):
    result = cli_runner("users", "create", "zoe", "--role", "manager", "--password", "short")
    assert_one_line_error(result, "8 characters")


def test_creating_a_duplicate_user(cli_runner):
    assert_one_line_error(
        cli_runner("users", "create", "cashier", "--role", "cashier"), "already exists"
    )


def test_created_user_can_sign_in(app, cli_runner):
    result = cli_runner("users", "create", "zoe", "--role", "cashier", "--pin", "5678")
    assert result.exit_code == 0 and "Created user zoe (cashier)" in result.output
    from core.auth.services import authenticate_pin

    with app.app_context():
        import sqlalchemy as sa

        from core.auth.models import User
        from core.db import db

        user_id = db.session.scalar(sa.select(User.id).where(User.username == "zoe"))
        user = authenticate_pin(user_id, "5678", max_attempts=5, lockout=None)
        assert user.username == "zoe" and user.can("till.use")


def test_token_for_an_unknown_user(cli_runner):
    assert_one_line_error(cli_runner("tokens", "create", "ghost"), "'ghost'")


def test_token_is_printed_alone_on_the_last_line_and_works(app, cli_runner):
    """`tokens create NAME` ends with the token alone on a line; it is a Bearer token."""
    result = cli_runner("tokens", "create", "manager")
    assert result.exit_code == 0
    token = result.output.rstrip("\n").splitlines()[-1]
    assert token == token.strip() and " " not in token
    response = app.test_client().get("/api/v1/me", headers={"Authorization": f"Bearer {token}"})
    assert response.status_code == 200 and response.json["username"] == "manager"


@pytest.fixture
def uninitialised(empty_database_url, tmp_path):
    """Runs `comptoir` against an empty database (no `comptoir init` yet)."""
    env = {
        "COMPTOIR_INSTANCE": str(tmp_path / "instance"),
        "COMPTOIR_DATABASE_URL": empty_database_url,
        "COMPTOIR_PASSWORD_HASH_METHOD": TEST_HASH_METHOD,
    }
    return lambda *args: CliRunner().invoke(main, list(args), env=env, catch_exceptions=False)


@pytest.mark.parametrize(
    "args",
    [
        ("plugins", "list"),
        ("plugins", "list", "--json"),
        ("plugins", "enable", "alpha"),
        ("plugins", "disable", "alpha"),
        ("users", "create", "zoe", "--role", "cashier"),
        ("tokens", "create", "admin"),
        ("outbox", "run"),
        ("run", "--port", "1"),
    ],
)
def test_commands_before_init_say_so(uninitialised, args):
    result = uninitialised(*args)
    if args[0] == "run":  # the port is refused first, or the database: both are one line
        assert_one_line_error(result)
    else:
        assert_one_line_error(result, "comptoir init")


def test_init_creates_the_database_and_prints_the_admin_password(uninitialised):
    """A first `comptoir init` creates everything and prints the generated admin
    password once; the second prints none."""
    first = uninitialised("init")
    assert first.exit_code == 0, first.output
    assert "Admin user: admin, password: " in first.output
    second = uninitialised("init")
    assert second.exit_code == 0 and "password" not in second.output
    listed = uninitialised("plugins", "list", "--json")
    assert listed.exit_code == 0


def test_bad_database_url_is_one_line(tmp_path):
    env = {"COMPTOIR_INSTANCE": str(tmp_path), "COMPTOIR_DATABASE_URL": "nonsense://x"}
    result = CliRunner().invoke(main, ["plugins", "list"], env=env, catch_exceptions=False)
    assert_one_line_error(result, "database")


def test_broken_config_file_is_one_line(tmp_path):
    (tmp_path / "comptoir.toml").write_text("= nope")
    result = CliRunner().invoke(
        main, ["plugins", "list"], env={"COMPTOIR_INSTANCE": str(tmp_path)}, catch_exceptions=False
    )
    assert_one_line_error(result, "comptoir.toml")


def test_real_process_error_goes_to_stderr(app):
    """The installed command itself: an error on stderr, exit code 1, no traceback."""
    env = {
        **os.environ,
        "COMPTOIR_INSTANCE": app.instance_path,
        "COMPTOIR_DATABASE_URL": app.config["SQLALCHEMY_DATABASE_URI"],
    }
    completed = subprocess.run(
        [sys.executable, "-c", "from core.cli import main; main()", "plugins", "enable", "nope"],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert completed.returncode == 1
    assert completed.stdout == ""
    assert completed.stderr == "Error: no installed plugin is named 'nope'\n"


BUILT_IN = ("init", "demo", "run", "plugins", "users", "tokens", "products", "journal")


@pytest.mark.parametrize(
    ("args", "listed"),
    [
        (["--help"], BUILT_IN),
        ([], BUILT_IN),
        (["plugins", "--help"], ("list", "enable", "disable", "new")),
        (["users", "--help"], ("create",)),
    ],
    ids=["--help", "no-arguments", "plugins--help", "users--help"],
)
def test_listing_the_commands_creates_nothing(tmp_path, args, listed):
    """`comptoir --help`, `comptoir` alone and `comptoir GROUP --help` in a directory
    without an instance list the built-in commands and leave the directory empty (no
    ./instance, no database, no secret key, no logs). The command line runs in a process
    of its own, without any COMPTOIR_* variable, so that the defaults apply."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("COMPTOIR_")}
    completed = subprocess.run(
        [sys.executable, "-c", "from core.cli import main; main()", *args],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    # A group called without a command shows its help: Click 8.2+ on stderr with exit
    # code 2, Click 8.1 (the lowest this project allows) on stdout with 0.
    assert completed.returncode in ((0,) if args else (0, 2)), completed.stderr
    assert "Traceback" not in completed.stderr
    for name in listed:
        assert f"\n  {name} " in completed.stdout + completed.stderr, completed
    assert list(tmp_path.iterdir()) == []


def test_listing_the_commands_of_an_instance_without_its_database_creates_nothing(tmp_path):
    """An instance folder whose SQLite database does not exist yet (a comptoir.toml
    written before `comptoir init`) stays as it is: no database file, no secret key."""
    (tmp_path / "comptoir.toml").write_text('LOG_LEVEL = "INFO"\n')
    env = {"COMPTOIR_INSTANCE": str(tmp_path)}
    result = CliRunner().invoke(main, ["--help"], env=env, catch_exceptions=False)
    assert result.exit_code == 0 and "\n  init " in result.output
    assert [path.name for path in tmp_path.iterdir()] == ["comptoir.toml"]


@pytest.mark.comptoir_extra_plugins("alpha=sample_plugins.alpha")
@pytest.mark.comptoir_plugins("alpha")
def test_help_of_an_initialised_instance_lists_the_plugins_commands(cli_runner):
    """On an initialised instance `comptoir --help` lists the enabled plugins' commands
    beside the built-in ones, and they run."""
    result = cli_runner("--help")
    assert result.exit_code == 0, result.output
    for name in (*BUILT_IN, "alpha"):
        assert f"\n  {name} " in result.output, result.output
    assert cli_runner("alpha", "hello").output.strip() == "alpha says hello"
