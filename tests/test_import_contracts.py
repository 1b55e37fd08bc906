"""The import rules of the architecture (``.importlinter``): the code keeps them, and they
are able to catch a break."""

from __future__ import annotations

import copy
import pkgutil
import typing as t
from pathlib import Path

import grimp
import importlinter.api  # noqa: F401 - configures import-linter (readers, graph builder)
import pytest
from importlinter.application.use_cases import lint_imports, read_user_options
from importlinter.contracts.forbidden import ForbiddenContract
from importlinter.contracts.protected import ProtectedContract

import core

CONFIG = Path(__file__).resolve().parent.parent / ".importlinter"
CONTRACT_TYPES = {"forbidden": ForbiddenContract, "protected": ProtectedContract}
#: Direct children of ``core`` that are the HTTP layer or the framework, not a domain.
NOT_DOMAINS = {
    "core.admin",
    "core.api",
    "core.app",
    "core.cli",
    "core.config",
    "core.migrate",
    "core.plugins",
    "core.testing",
    "core.till",
    "core.web",
}


@pytest.fixture(scope="module")
def options():
    return read_user_options(str(CONFIG))


@pytest.fixture(scope="module")
def repository_graph(options) -> grimp.ImportGraph:
    return grimp.build_graph(*options.session_options["root_packages"], cache_dir=None)


def _contract(options, contract_id: str) -> t.Any:
    for contract_options in options.contracts_options:
        if contract_options["id"] == contract_id:
            kind = CONTRACT_TYPES[contract_options["type"]]
            return kind(contract_options["name"], options.session_options, contract_options)
    raise LookupError(contract_id)


def _kept(graph, options, contract_id: str) -> bool:
    # A copy: checking removes the contract's ignored imports from the graph it is given.
    return _contract(options, contract_id).check(copy.deepcopy(graph), verbose=False).kept


def _kept_with(repository_graph, options, contract_id: str, importer: str, imported: str) -> bool:
    graph = copy.deepcopy(repository_graph)
    graph.add_import(importer=importer, imported=imported, line_number=1, line_contents="import")
    return _kept(graph, options, contract_id)


def test_the_code_keeps_every_import_contract():
    """``lint-imports`` passes on the repository (its report is printed on failure)."""
    assert lint_imports(str(CONFIG), cache_dir=None, no_logo=True)


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
    ],
)
def test_a_forbidden_import_breaks_its_contract(
    repository_graph, options, contract_id, importer, imported
):
    """Each contract, as configured, reports an import it forbids: it can fail."""
    assert _kept(repository_graph, options, contract_id)
    assert not _kept_with(repository_graph, options, contract_id, importer, imported)


def test_a_hooks_module_may_import_its_adapters(repository_graph, options):
    """The contracts let through what the architecture allows: a domain's hooks module
    importing its endpoints, an endpoint module importing ``core.api``."""
    assert _kept_with(repository_graph, options, "adapters", "core.stock.hooks", "core.stock.api")
    assert _kept_with(repository_graph, options, "domains", "core.stock.api", "core.api.errors")


def test_every_core_module_is_a_domain_or_named_as_not_one(options):
    """A new module or package directly under ``core`` falls under the domains' contract
    unless it is added, on purpose, to the HTTP and framework modules above."""
    children = {f"core.{info.name}" for info in pkgutil.iter_modules(core.__path__)}
    domains = set(_contract(options, "domains").contract_options["source_modules"])
    assert children - NOT_DOMAINS == domains
    assert NOT_DOMAINS <= children
