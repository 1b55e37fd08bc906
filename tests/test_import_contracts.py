"""The import rules of the architecture (``.importlinter``): the code keeps them, they are
able to catch a break, and they cover every module of the core and every plugin."""

from __future__ import annotations

import ast
import configparser
import copy
import importlib
import importlib.util
import os
import pkgutil
import subprocess
import sys
import typing as t
from pathlib import Path

import grimp
import importlinter.api  # noqa: F401 - configures import-linter (readers, graph builder)
import pytest
from importlinter.application.use_cases import lint_imports, read_user_options
from importlinter.contracts.forbidden import ForbiddenContract
from importlinter.contracts.protected import ProtectedContract

import core
import core.plugins
import plugins

ROOT = Path(__file__).resolve().parent.parent
CONFIG = ROOT / ".importlinter"
CONTRACT_TYPES = {"forbidden": ForbiddenContract, "protected": ProtectedContract}
#: Direct children of ``core`` that are the HTTP layer or the framework, not a domain.
NOT_DOMAINS = {
    "core.admin",
    "core.api",
    "core.app",
    "core.cli",
    "core.config",
    "core.migrate",
    "core.minify",
    "core.plugins",
    "core.testing",
    "core.till",
    "core.uploads",
    "core.web",
}
#: The contract keeping plugins to core.plugins, and each plugin's own (``plugin-<name>``).
PLUGINS_CONTRACT = "plugins-use-core-plugins"


def _children(package: t.Any) -> set[str]:
    return {f"{package.__name__}.{info.name}" for info in pkgutil.iter_modules(package.__path__)}


def _example_packages() -> dict[str, str]:
    """``{plugin name: package}`` of each plugin of ``examples/``, installed or not."""
    found = {}
    for setup in sorted(ROOT.glob("examples/*/setup.cfg")):
        parser = configparser.ConfigParser()
        parser.read(setup)
        entries = parser.get("options.entry_points", "comptoir.plugins", fallback="")
        for entry in filter(None, (line.strip() for line in entries.splitlines())):
            name, _, module = (part.strip() for part in entry.partition("="))
            found[name] = module
    return found


EXAMPLES = _example_packages()
#: Examples not installed here: ``examples/conftest.py`` leaves their tests out (and
#: ``.ci/run``, which installs them, makes a missing one an error).
MISSING_EXAMPLES = {
    package for package in EXAMPLES.values() if importlib.util.find_spec(package) is None
}


@pytest.fixture(scope="module")
def config(tmp_path_factory) -> Path:
    """``.importlinter``, without the examples that are not installed here (the contracts
    about them cannot be checked without their code)."""
    if not MISSING_EXAMPLES or os.environ.get("COMPTOIR_REQUIRE_EXAMPLES"):
        return CONFIG
    parser = configparser.ConfigParser()
    parser.optionxform = str  # type: ignore[assignment,method-assign]
    parser.read(CONFIG)
    for section in parser.sections():
        for key in ("root_packages", "source_modules", "forbidden_modules", "ignore_imports"):
            if key in parser[section]:
                kept = [
                    line
                    for line in parser[section][key].splitlines()
                    if line.strip() and not any(m in line for m in MISSING_EXAMPLES)
                ]
                parser[section][key] = "\n" + "\n".join(kept)
        if "source_modules" in parser[section] and not parser[section]["source_modules"].strip():
            parser.remove_section(section)
    path = tmp_path_factory.mktemp("importlinter") / ".importlinter"
    with path.open("w") as out:
        parser.write(out)
    return path


@pytest.fixture(scope="module")
def options(config):
    return read_user_options(str(config))


@pytest.fixture(scope="module")
def repository_graph(options) -> grimp.ImportGraph:
    return grimp.build_graph(*options.session_options["root_packages"], cache_dir=None)


def _options_of(options, contract_id: str) -> dict[str, t.Any]:
    for contract_options in options.contracts_options:
        if contract_options["id"] == contract_id:
            return contract_options
    raise LookupError(contract_id)


def _contract(options, contract_id: str) -> t.Any:
    contract_options = _options_of(options, contract_id)
    kind = CONTRACT_TYPES[contract_options["type"]]
    return kind(contract_options["name"], options.session_options, contract_options)


def _kept(graph, options, contract_id: str) -> bool:
    # A copy: checking removes the contract's ignored imports from the graph it is given.
    return _contract(options, contract_id).check(copy.deepcopy(graph), verbose=False).kept


def _kept_with(repository_graph, options, contract_id: str, importer: str, imported: str) -> bool:
    graph = copy.deepcopy(repository_graph)
    graph.add_import(importer=importer, imported=imported, line_number=1, line_contents="import")
    return _kept(graph, options, contract_id)


def _listed(value: str | list[str] | None) -> list[str]:
    if value is None:
        return []
    return [value] if isinstance(value, str) else list(value)


def test_the_code_keeps_every_import_contract(config):
    """``lint-imports`` passes on the repository (its report is printed on failure)."""
    assert lint_imports(str(config), cache_dir=None, no_logo=True)


@pytest.mark.parametrize(
    ("contract_id", "importer", "imported"),
    [
        ("domains", "core.catalog.services", "core.api.errors"),
        ("domains", "core.receipts.render", "core.web"),
        ("domains", "core.receipts.render", "hardware.printer"),
        ("domains", "core.stock.services", "plugins.crm.services"),
        ("domains", "core.errors", "core.app"),
        ("adapters", "core.sales.services", "core.sales.api"),
        ("adapters", "core.catalog.services", "core.auth.views"),
        ("core-without-plugins", "core.plugins.runtime", "plugins.crm"),
        (PLUGINS_CONTRACT, "plugins.crm.services", "core.sales.models"),
        (PLUGINS_CONTRACT, "plugins.giftcards.api", "core.auth.models"),
        (PLUGINS_CONTRACT, "plugins.promotions.hooks", "core.plugins.context"),
        (PLUGINS_CONTRACT, "plugins.loyalty.views", "core.testing"),
        ("plugin-loyalty", "plugins.loyalty.services", "plugins.crm.services"),
        ("plugin-loyalty", "plugins.loyalty", "plugins.crm.models"),
        ("plugin-loyalty", "plugins.loyalty.hooks", "plugins.giftcards.services"),
        ("plugin-crm", "plugins.crm.schemas", "plugins.loyalty.services"),
        ("plugin-giftcards", "plugins.giftcards.hooks", "plugins.crm.public"),
        ("plugin-promotions", "plugins.promotions.services", "plugins.crm.public"),
    ],
)
def test_a_forbidden_import_breaks_its_contract(
    repository_graph, options, contract_id, importer, imported
):
    """Each contract, as configured, reports an import it forbids: it can fail."""
    assert _kept(repository_graph, options, contract_id)
    assert not _kept_with(repository_graph, options, contract_id, importer, imported)


@pytest.mark.skipif(bool(MISSING_EXAMPLES), reason="the examples are not installed")
@pytest.mark.parametrize(
    ("contract_id", "importer", "imported"),
    [
        (PLUGINS_CONTRACT, "comptoir_tips.services", "core.auth.models"),
        ("plugin-tips", "comptoir_tips.api", "plugins.crm.public"),
        ("plugin-crm", "plugins.crm.hooks", "comptoir_tips.services"),
    ],
)
def test_an_example_is_held_to_the_same_contracts(
    repository_graph, options, contract_id, importer, imported
):
    assert _kept(repository_graph, options, contract_id)
    assert not _kept_with(repository_graph, options, contract_id, importer, imported)


def test_a_hooks_module_may_import_its_adapters(repository_graph, options):
    """The contracts let through what the architecture allows: a domain's hooks module
    importing its endpoints, an endpoint module importing ``core.api``."""
    assert _kept_with(repository_graph, options, "adapters", "core.stock.hooks", "core.stock.api")
    assert _kept_with(repository_graph, options, "domains", "core.stock.api", "core.api.errors")


def test_a_plugin_may_import_core_plugins_and_its_dependencys_public_module(
    repository_graph, options
):
    """What the plugin contracts let through: ``core.plugins`` itself, and a dependency's
    public module from anywhere in the plugin, its package module included."""
    for importer in ("plugins.loyalty", "plugins.loyalty.rules"):
        assert _kept_with(
            repository_graph, options, "plugin-loyalty", importer, "plugins.crm.public"
        )
    assert _kept_with(
        repository_graph, options, PLUGINS_CONTRACT, "plugins.crm.pricing", "core.plugins"
    )


def test_every_core_module_is_a_domain_or_named_as_not_one(options):
    """A new module or package directly under ``core`` falls under the domains' contract
    unless it is added, on purpose, to the HTTP and framework modules above."""
    children = _children(core)
    domains = set(_options_of(options, "domains")["source_modules"])
    assert children - NOT_DOMAINS == domains
    assert NOT_DOMAINS <= children


def test_plugins_may_import_nothing_of_the_core_but_core_plugins(options):
    """The plugins' contract forbids every other module of ``core``, and the framework's
    own modules inside ``core.plugins``: a new one is forbidden the day it appears (or
    this test says to add it)."""
    contract = _options_of(options, PLUGINS_CONTRACT)
    expected = (_children(core) - {"core.plugins"}) | _children(core.plugins)
    assert set(_listed(contract["forbidden_modules"])) == expected
    assert contract.get("allow_indirect_imports") == "True"  # core.plugins imports the core


# -- every plugin has its contract, matching its metadata --------------------------------------


def _bundled() -> dict[str, t.Any]:
    """``{package: module}`` of every bundled plugin (a package of ``plugins/``)."""
    return {name: importlib.import_module(name) for name in sorted(_children(plugins))}


def _plugin_packages() -> dict[str, t.Any]:
    """Every plugin checked here, bundled or example, by package: its module."""
    found = _bundled()
    for package in sorted(set(EXAMPLES.values()) - MISSING_EXAMPLES):
        found[package] = importlib.import_module(package)
    return found


def _contract_for(options, package: str) -> dict[str, t.Any]:
    owned = [
        contract
        for contract in options.contracts_options
        if contract["id"] != PLUGINS_CONTRACT
        and _listed(contract.get("source_modules")) == [package]
    ]
    assert len(owned) == 1, f"{package}: add one [importlinter:contract:plugin-<name>] for it"
    return owned[0]


def _public_module(package: str) -> str | None:
    """The declared public module of the plugin named ``name`` (``plugins.crm.public``)."""
    info = _plugin_packages()[package].plugin_info
    return f"{package}.{info.public}" if info.public else None


@pytest.mark.parametrize("package", sorted(_plugin_packages()))
def test_every_plugin_is_held_to_core_plugins(options, package):
    """A new bundled plugin is covered by the plugins' contract (its package is under
    ``plugins``); an example is named in it."""
    sources = _listed(_options_of(options, PLUGINS_CONTRACT)["source_modules"])
    assert any(package == source or package.startswith(f"{source}.") for source in sources)


@pytest.mark.parametrize("package", sorted(_plugin_packages()))
def test_every_plugin_imports_only_what_its_metadata_allows_of_the_others(options, package):
    """Each plugin has a contract of its own forbidding every other plugin, but the public
    module (``PluginInfo.public``) of each plugin it depends on (``PluginInfo.depends``) or
    uses when enabled (``PluginInfo.optional``): the contract and the metadata must say
    the same."""
    everyone = _plugin_packages()
    by_name = {module.plugin_info.name: name for name, module in everyone.items()}
    info = everyone[package].plugin_info
    contract = _contract_for(options, package)
    assert contract["type"] == "forbidden" and contract.get("allow_indirect_imports") == "True"
    others = set(everyone) - {package}
    forbidden = set(_listed(contract["forbidden_modules"]))
    if package.startswith("plugins."):
        assert forbidden == others
    else:  # an example: the bundled plugins as one package
        assert forbidden == {"plugins"} | {p for p in others if not p.startswith("plugins.")}
    allowed = set()
    for dependency in (*info.depends, *info.optional):
        assert dependency in by_name, f"{info.name} depends on {dependency}, not found"
        public = _public_module(by_name[dependency])
        if public is not None:
            allowed |= {f"{package} -> {public}", f"{package}.** -> {public}"}
    assert set(_listed(contract.get("ignore_imports"))) == allowed


@pytest.mark.parametrize("package", sorted(_plugin_packages()))
def test_a_declared_public_module_exists(package):
    public = _public_module(package)
    if public is not None:
        assert importlib.util.find_spec(public) is not None, f"{public} does not exist"


# -- what import-linter cannot see ---------------------------------------------------------------


def _imported(tree: ast.AST) -> t.Iterator[tuple[int, str]]:
    """``(line, module)`` of each absolute import; ``from a import b`` names ``a.b`` when
    that is a module, else ``a``."""
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield node.lineno, alias.name
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            for alias in node.names:
                candidate = f"{node.module}.{alias.name}"
                yield node.lineno, candidate if _is_module(candidate) else node.module


def _is_module(name: str) -> bool:
    """Whether ``name`` is a module of the core or of a plugin (other names are not
    looked up: finding a module imports its package)."""
    if name.split(".")[0] not in {"core", "plugins", *EXAMPLES.values()}:
        return False
    try:
        return importlib.util.find_spec(name) is not None
    except (ImportError, ValueError):
        return False


def _plugin_folders() -> dict[str, Path]:
    """The folder of each plugin checked here, bundled or example, by package."""
    return {package: Path(module.__file__).parent for package, module in _plugin_packages().items()}


def _files_of(package: str, folder: Path) -> list[Path]:
    """Every Python file of a plugin: its package's and those import-linter does not see
    (tests and migration scripts, in folders that are not packages). An example's tests
    sit next to its package."""
    files = set(folder.rglob("*.py"))
    if not package.startswith("plugins."):
        files |= set(folder.parent.glob("tests/**/*.py"))
    return sorted(path for path in files if "__pycache__" not in path.parts)


@pytest.mark.parametrize("package", sorted(_plugin_packages()))
def test_every_file_of_a_plugin_keeps_the_rules(package):
    """Test folders and migration scripts are no packages, so import-linter never reads
    them; nor can it forbid ``from core import ...`` (the package ``core`` holds
    ``core.plugins``). Every file of a plugin imports from the core only ``core.plugins``
    (its tests also ``core.testing``) and from other plugins only the public module of a
    plugin it depends on."""
    everyone = _plugin_packages()
    by_name = {module.plugin_info.name: name for name, module in everyone.items()}
    info = everyone[package].plugin_info
    public = {
        _public_module(by_name[dependency])
        for dependency in (*info.depends, *info.optional)
        if dependency in by_name
    } - {None}
    optional = {_public_module(by_name[name]) for name in info.optional if name in by_name} - {None}
    broken = []
    for path in _files_of(package, _plugin_folders()[package]):
        allowed_core = {"core.plugins"} | ({"core.testing"} if "tests" in path.parts else set())
        tree = ast.parse(path.read_text(), str(path))
        for line, module in _imported(tree):
            owner = next((p for p in everyone if module == p or module.startswith(f"{p}.")), None)
            if module.split(".")[0] == "core" and module not in allowed_core:
                broken.append(f"{path.relative_to(ROOT)}:{line} imports {module}")
            elif owner not in (None, package) and module not in public:
                broken.append(f"{path.relative_to(ROOT)}:{line} imports {module}")
        # An optional plugin may be missing: its module is imported where it is used,
        # never when the plugin's own modules load (tests may: they enable it).
        if "tests" not in path.parts:
            for line, module in _top_level_imports(tree):
                if module in optional:
                    broken.append(f"{path.relative_to(ROOT)}:{line} imports {module} on load")
    assert not broken, "\n".join(broken)


def _top_level_imports(tree: ast.Module) -> t.Iterator[tuple[int, str]]:
    """The imports run when the module loads (outside every function)."""
    for node in tree.body:
        if not isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
            yield from _imported(node)
        elif isinstance(node, ast.ClassDef):
            for item in node.body:
                if not isinstance(item, ast.FunctionDef | ast.AsyncFunctionDef):
                    yield from _imported(item)


def test_the_generated_plugin_contracts_are_up_to_date():
    """The per-plugin section of .importlinter is what tools/import_contracts.py writes
    from the plugins' metadata now (run it after adding a plugin or a dependency)."""
    result = subprocess.run(
        [sys.executable, str(ROOT / "tools" / "import_contracts.py"), "--check"],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr
