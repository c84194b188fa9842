"""How `pytest -n 2 --dist loadfile` (.ci/run) hands the test files to its workers, so that both finish together.

xdist gives each worker one file at a time, in the order of its queue; pytest-xdist >= 3.6 sorts that queue by the
number of tests per file, so a file of 20 slow tests (the CLI's full build) could start last, on one worker,
while the other sat idle. Here the queue is ordered by what each file costs instead, heaviest first (the
longest-processing-time rule), and files that share an expensive per-session fixture run on one worker, so the
fixture is computed once (conftest.render_shared: the default model's rendered configs).

COST holds CPU seconds per file as bench/suite.py reports them (its "files by CPU seconds"); a file that is not
listed costs nothing here and runs after the listed ones, in collection order. Refresh the table when a file's
cost moves by much: a stale entry costs balance, never correctness (every file still runs, in one worker).
"""

from __future__ import annotations

from typing import Any

import pytest

# CPU seconds per file (bench/suite.py --parallel's "files by CPU seconds", 2026-12-01 05:51, load ~2.4: the
# ratios are what matter).
COST: dict[str, float] = {
    "tests/test_cli.py": 34.4,
    "tests/test_hostile_probe.py": 24.5,
    "tests/test_site.py": 20.4,
    "tests/test_configs_verify.py": 18.8,
    "tests/test_i18n.py": 16.7,
    "tests/test_hostile_writes.py": 12.8,
    "tests/test_verify.py": 10.4,
    "tests/test_ipam.py": 10.1,
    "tests/test_build.py": 10.1,
    "tests/test_draw.py": 8.5,
    "tests/test_exports.py": 7.5,
    "tests/test_hostile_registry.py": 6.8,
    "tests/test_villages.py": 5.5,
    "tests/test_error_cases.py": 5.5,
    "tests/test_sourcemap.py": 4.9,
    "tests/test_editor_schema.py": 4.7,
    "tests/test_records.py": 4.6,
    "tests/test_loader_fuzz.py": 4.5,
    "tests/test_configs_units.py": 4.1,
    "tests/test_build_record.py": 4.1,
    "tests/test_beside.py": 3.6,
    "tests/test_registry_edit.py": 3.6,
    "tests/test_verify_semantics.py": 2.9,
    "tests/test_prefetch.py": 2.9,
    "tests/test_configs_golden.py": 2.7,
}
# Files run as one unit of work: they hold the default model's rendered configs (render_shared) against the model.
GROUPS: dict[str, str] = {
    "tests/test_configs_verify.py": "default model configs",
    "tests/test_verify.py": "default model configs",
}


def scope_of(nodeid: str) -> str:
    """The unit of work a test belongs to: its file, or the group its file is in.

    >>> scope_of("tests/test_verify.py::test_rd_clash"), scope_of("tests/test_cli.py::test_init_never_overwrites")
    ('default model configs', 'tests/test_cli.py')
    """
    file = nodeid.split("::", 1)[0]
    return GROUPS.get(file, file)


def cost_of(scope: str) -> float:
    return sum(seconds for file, seconds in COST.items() if scope_of(file) == scope)


@pytest.hookimpl(optionalhook=True)
def pytest_xdist_make_scheduler(config: pytest.Config, log: Any) -> Any:
    """--dist loadfile, with the grouped files as one unit and the queue in collection order (which
    pytest_collection_modifyitems below makes heaviest first) instead of xdist's order by number of tests."""
    if config.getvalue("dist") != "loadfile":
        return None
    from xdist.scheduler import LoadFileScheduling

    class CostOrdered(LoadFileScheduling):  # type: ignore[misc]
        def _split_scope(self, nodeid: str) -> str:
            return scope_of(nodeid)

    config.option.loadscopereorder = False  # xdist >= 3.6 sorts by test count unless told not to
    return CostOrdered(config, log)


def pytest_collection_modifyitems(session: pytest.Session, config: pytest.Config, items: list[pytest.Item]) -> None:
    """Heaviest units of work first, each file's tests in their own order (only under xdist: a plain run keeps
    pytest's order)."""
    if not hasattr(config, "workerinput"):
        return
    position = {scope: n for n, scope in enumerate(dict.fromkeys(scope_of(item.nodeid) for item in items))}
    items.sort(key=lambda item: (-cost_of(scope_of(item.nodeid)), position[scope_of(item.nodeid)]))
