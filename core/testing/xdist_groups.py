"""``--dist loadgroup`` that works: the tests of one ``xdist_group`` run on one worker.

pytest-xdist (3.8) tells its controller a test's group by appending ``@group`` to the test's
id on the worker, through an attribute that pytest 9.2 no longer reads, so every group is
silently scattered over the workers (pytest-xdist issue 1386). Here each worker writes the
groups it collected to a file, and the controller's scheduler reads them: the browser tests
(one group, see :mod:`core.testing.fixtures`) share one server and one Chromium again.

When xdist's own suffix does reach the controller, it is used as before.
"""

from __future__ import annotations

import json
import shutil
import tempfile
import typing as t
from pathlib import Path

import pytest

#: The key of ``workerinput`` naming the folder where workers write their groups.
GROUPS_FOLDER = "comptoir_xdist_groups"


def groups_of(items: t.Iterable[pytest.Item]) -> dict[str, str]:
    """``{test id: group}`` of the tests marked ``xdist_group``, named as xdist names them
    (several groups joined with ``_``)."""
    found: dict[str, str] = {}
    for item in items:
        names = {
            str(mark.args[0] if mark.args else mark.kwargs.get("name", "default"))
            for mark in item.iter_markers("xdist_group")
        }
        if names:
            found[item.nodeid] = "_".join(sorted(names))
    return found


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """On a worker: write down the groups, before the collection goes to the controller."""
    folder = getattr(config, "workerinput", {}).get(GROUPS_FOLDER)
    if not folder:
        return
    worker = config.workerinput["workerid"]  # type: ignore[attr-defined]
    written = Path(folder) / f"{worker}.json.part"
    written.write_text(json.dumps(groups_of(items)))
    written.rename(written.with_suffix(""))


@pytest.hookimpl(optionalhook=True)
def pytest_configure_node(node: t.Any) -> None:
    """On the controller, for each worker it starts: where to write the groups."""
    config = node.config
    if config.getvalue("dist") != "loadgroup":
        return
    folder = config.stash.get(_folder_key, None)
    if folder is None:
        folder = Path(tempfile.mkdtemp(prefix="comptoir-xdist-groups-"))
        config.stash[_folder_key] = folder
    node.workerinput[GROUPS_FOLDER] = str(folder)


def pytest_unconfigure(config: pytest.Config) -> None:
    folder = config.stash.get(_folder_key, None)
    if folder is not None:
        shutil.rmtree(folder, ignore_errors=True)


@pytest.hookimpl(optionalhook=True)
def pytest_xdist_make_scheduler(config: pytest.Config, log: t.Any) -> t.Any:
    if config.getvalue("dist") != "loadgroup":
        return None
    from xdist.scheduler import LoadGroupScheduling

    folder = config.stash[_folder_key]

    class WrittenGroupScheduling(LoadGroupScheduling):
        """xdist's loadgroup, reading the groups the workers wrote down."""

        _groups: dict[str, str] | None = None

        def _split_scope(self, nodeid: str) -> str:
            if nodeid.rfind("@") > nodeid.rfind("]"):
                return super()._split_scope(nodeid)
            if self._groups is None:
                # Read once every worker has collected (the first split comes after).
                self._groups = {}
                for written in sorted(folder.glob("*.json")):
                    self._groups.update(json.loads(written.read_text()))
            return self._groups.get(nodeid, nodeid)

    return WrittenGroupScheduling(config, log)


_folder_key = pytest.StashKey[Path]()
