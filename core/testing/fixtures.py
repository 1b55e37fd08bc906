"""Pytest fixtures for Comptoir and its plugins, loaded automatically (entry point
``pytest11``) wherever Comptoir is installed.

    @pytest.mark.comptoir_plugins("crm", "loyalty")
    def test_points(manager_api):
        assert manager_api.get("/api/v1/customers").status_code == 200

Each test gets its own database, copied from a template that is migrated and seeded once
per plugin set: on SQLite a file copy, on PostgreSQL (``COMPTOIR_TEST_DATABASE_URL``)
``CREATE DATABASE ... TEMPLATE``. Users ``admin``, ``manager`` (PIN 1111) and ``cashier``
(PIN 1234) exist, with the passwords of :data:`PASSWORDS`.
"""

from __future__ import annotations

import os
import typing as t
import uuid
from pathlib import Path

import pytest

from .browser import browser_page, chromium, comptoir_server  # noqa: F401 - fixtures
from .databases import DatabaseFactory

PASSWORDS = {"admin": "admin-password", "manager": "manager-password", "cashier": "cashier-pass"}
PINS = {"manager": "1111", "cashier": "1234"}
#: Cheap hashing: the suite creates many users; production uses scrypt.
TEST_HASH_METHOD = "pbkdf2:sha256:1000"


def pytest_configure(config: pytest.Config) -> None:
    from . import xdist_groups

    if not config.pluginmanager.is_registered(xdist_groups):
        config.pluginmanager.register(xdist_groups, "comptoir-xdist-groups")
    config.addinivalue_line(
        "markers", "comptoir_plugins(*names): enable these plugins in the test's app"
    )
    config.addinivalue_line(
        "markers",
        "comptoir_extra_plugins(*specs): load plugin modules 'name=module' not installed",
    )
    config.addinivalue_line("markers", "postgresql: runs only on the PostgreSQL leg")
    config.addinivalue_line(
        "markers", "browser: drives a real Comptoir server in headless Chromium"
    )
    config.addinivalue_line("markers", "sqlite: checks SQLite specifics; runs only on SQLite")
    config.addinivalue_line(
        "markers",
        "comptoir_database: reaches the suite's database by a way its fixtures do not show "
        "(a pytest of its own, started with this run's environment)",
    )


@pytest.hookimpl(tryfirst=True)  # before xdist reads the groups off the items
def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Deselect, not skip: the other leg of CI runs these, so nothing is left unchecked.

    Under xdist's ``--dist loadgroup`` (the suite's default, see setup.cfg) the browser
    tests form one group, run by one worker in their order: one server and one Chromium
    for all of them, as in a single process, while the other workers run the rest."""
    if config.pluginmanager.hasplugin("xdist"):
        for item in items:
            if "browser" in item.keywords:
                item.add_marker(pytest.mark.xdist_group("browser"))
    on_postgresql = os.environ.get("COMPTOIR_TEST_DATABASE_URL", "").startswith("postgresql")
    other_leg = "sqlite" if on_postgresql else "postgresql"
    database_only = config.getoption("comptoir_database_only")
    kept, dropped = [], []
    for item in items:
        if other_leg in item.keywords or (database_only and not _opens_the_database(item)):
            dropped.append(item)
        else:
            kept.append(item)
    if dropped:
        config.hook.pytest_deselected(items=dropped)
        items[:] = kept


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--comptoir-database-only",
        action="store_true",
        default=False,
        help="run only the tests that open the suite's database (CI's second database leg: "
        "the others ran the same on the first)",
    )


def _opens_the_database(item: pytest.Item) -> bool:
    """Whether the test reaches the suite's database: every way to it (``app``, the
    clients, ``empty_database_url``...) goes through the ``comptoir_databases`` fixture,
    and no test asks for fixtures by name at run time (``getfixturevalue``); a test that
    hands the database to a process of its own says so with ``comptoir_database``."""
    return "comptoir_databases" in getattr(item, "fixturenames", ()) or (
        item.get_closest_marker("comptoir_database") is not None
    )


def _marker_args(request: pytest.FixtureRequest, name: str) -> tuple[str, ...]:
    args: list[str] = []
    for marker in request.node.iter_markers(name):
        args.extend(marker.args)
    return tuple(sorted(set(args)))


@pytest.fixture(scope="session")
def comptoir_databases(tmp_path_factory: pytest.TempPathFactory) -> t.Iterator[DatabaseFactory]:
    """Creates per-test databases from per-plugin-set templates."""
    factory = DatabaseFactory(
        os.environ.get("COMPTOIR_TEST_DATABASE_URL", ""),
        tmp_path_factory.mktemp("comptoir-templates"),
        seed=seed_test_database,
    )
    yield factory
    factory.close()


@pytest.fixture
def comptoir_config() -> dict[str, t.Any]:
    """Configuration overrides of the test app; override the fixture to add yours."""
    return {}


def make_test_app(
    database_url: str, instance: Path, extra_plugins: t.Iterable[str] = (), **config: t.Any
):
    from core.app import create_app

    settings = {
        "DATABASE_URL": database_url,
        "PASSWORD_HASH_METHOD": TEST_HASH_METHOD,
        "STRICT_PLUGINS": True,
        "PLUGIN_CHECK_INTERVAL": 0,
        "EXTRA_PLUGINS": ",".join(extra_plugins),
        "TESTING": True,
    }
    settings.update(config)
    return create_app(settings, instance_path=instance)


def seed_test_database(
    database_url: str, workdir: Path, plugins: tuple[str, ...], extra: tuple[str, ...]
) -> None:
    """Migrate and seed a template: ``comptoir init``, the test users, the plugins."""
    from core.auth.services import create_user
    from core.cli.init import initialise
    from core.db import db
    from core.plugins.service import enable_plugins

    app = make_test_app(database_url, workdir / f"instance-{uuid.uuid4().hex}", extra)
    try:
        with app.app_context():
            initialise(app, demo=False, admin_password=PASSWORDS["admin"])
            create_user(
                "manager",
                ["manager"],
                password=PASSWORDS["manager"],
                pin=PINS["manager"],
                full_name="Marie Manager",
            )
            create_user(
                "cashier",
                ["cashier"],
                password=PASSWORDS["cashier"],
                pin=PINS["cashier"],
                full_name="Camille Cashier",
            )
            db.session.commit()
            if plugins:
                enable_plugins(app, plugins)
    finally:
        app.close()


@pytest.fixture
def app(comptoir_databases: DatabaseFactory, comptoir_config, tmp_path, request):
    """A Comptoir app on a fresh database, with the plugins of ``comptoir_plugins``."""
    plugins = _marker_args(request, "comptoir_plugins")
    extra = _marker_args(request, "comptoir_extra_plugins")
    database_url = comptoir_databases.create(plugins, extra)
    application = make_test_app(database_url, tmp_path / "instance", extra, **comptoir_config)
    yield application
    application.close()
    comptoir_databases.drop(database_url)


@pytest.fixture
def empty_database_url(comptoir_databases: DatabaseFactory) -> t.Iterator[str]:
    """The URL of a new, empty database (before ``comptoir init``), dropped afterwards."""
    url = comptoir_databases.create_empty()
    yield url
    comptoir_databases.drop(url)


@pytest.fixture
def client(app):
    """A browser-like client without credentials."""
    return app.test_client()


class TokenClient:
    """A test client that sends ``Authorization: Bearer <token>`` with every request."""

    def __init__(self, app, token: str, username: str):
        self.app = app
        self.token = token
        self.username = username
        self._client = app.test_client()

    def open(self, path: str, method: str = "GET", **kwargs: t.Any):
        headers = dict(kwargs.pop("headers", {}) or {})
        headers.setdefault("Authorization", f"Bearer {self.token}")
        return self._client.open(path, method=method, headers=headers, **kwargs)

    def get(self, path: str, **kwargs: t.Any):
        return self.open(path, "GET", **kwargs)

    def post(self, path: str, **kwargs: t.Any):
        return self.open(path, "POST", **kwargs)

    def patch(self, path: str, **kwargs: t.Any):
        return self.open(path, "PATCH", **kwargs)

    def put(self, path: str, **kwargs: t.Any):
        return self.open(path, "PUT", **kwargs)

    def delete(self, path: str, **kwargs: t.Any):
        return self.open(path, "DELETE", **kwargs)


def token_for(app, username: str) -> str:
    """A new API token for ``username``."""
    import sqlalchemy as sa

    from core.auth.models import User
    from core.auth.tokens import create_token
    from core.db import db

    with app.app_context():
        user = db.session.scalar(sa.select(User).where(User.username == username))
        _token, secret = create_token(user, "test")
        db.session.commit()
        return secret


@pytest.fixture
def api_as(app) -> t.Callable[[str], TokenClient]:
    """``api_as("cashier")``: a token client for a user of the test database."""
    return lambda username: TokenClient(app, token_for(app, username), username)


@pytest.fixture
def admin_api(api_as) -> TokenClient:
    return api_as("admin")


@pytest.fixture
def manager_api(api_as) -> TokenClient:
    return api_as("manager")


@pytest.fixture
def cashier_api(api_as) -> TokenClient:
    return api_as("cashier")


@pytest.fixture
def roleless_api(app, api_as) -> TokenClient:
    """A client of ``nobody``, a signed-in user with no role at all: holding no
    permission, it checks that a view refuses whoever lacks its own (403). The command
    line and the API always give a user a role."""
    from core.auth.services import create_user
    from core.db import db

    with app.app_context():
        create_user("nobody", [], password="nobody-password")
        db.session.commit()
    return api_as("nobody")


@pytest.fixture
def shop(manager_api):
    """A small shop, through the API: COFFEE 2.50 and TEA 4.00 at 20 %, CROISSANT 1.20 at
    5.5 %, each with a barcode and 100 in stock, register 1 open (float 100.00). A
    :class:`core.testing.Shop`: ``shop["COFFEE"]`` is an id, ``shop.line("TEA", 2)`` a
    sale line. Override it in your conftest with :func:`core.testing.make_shop`."""
    from .kit import Item, make_shop

    return make_shop(
        manager_api,
        [
            Item("COFFEE", 250, barcode="3017620422003"),
            Item("TEA", 400, barcode="4006381333931"),
            Item("CROISSANT", 120, "5.5", barcode="3560070012749"),
        ],
    )


@pytest.fixture
def cli_runner(app):
    """Runs ``comptoir`` commands against the test app's instance and database."""
    from click.testing import CliRunner

    from core.cli import main

    runner = CliRunner()
    env = {
        "COMPTOIR_INSTANCE": app.instance_path,
        "COMPTOIR_DATABASE_URL": app.config["SQLALCHEMY_DATABASE_URI"],
        "COMPTOIR_PASSWORD_HASH_METHOD": TEST_HASH_METHOD,
        "COMPTOIR_EXTRA_PLUGINS": app.config["EXTRA_PLUGINS"],
    }

    def invoke(*args: str, input: str | None = None):
        """``cli_runner("plugins", "list", "--json")``: the click result (``exit_code``,
        ``output``); an unexpected exception propagates."""
        return runner.invoke(main, list(args), env=env, input=input, catch_exceptions=False)

    return invoke
