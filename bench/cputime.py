"""A pytest plugin for bench/suite.py: the CPU seconds (user + system, this process and the children it waited for)
of each test's set-up, call and tear-down, written as JSON lines to $GOVNET_CPU_LOG (one file per xdist worker).

Wall times taken while others share the machine are noise; CPU seconds are not (much): they are what the suite
costs, and with --dist loadfile the per-file sums tell how evenly two workers can finish.

Use: PYTHONPATH=bench GOVNET_CPU_LOG=/tmp/cpu pytest -p cputime ...   (bench/suite.py does this)
"""

from __future__ import annotations

import json
import os
import resource
from collections.abc import Generator
from pathlib import Path

import pytest


def _cpu() -> float:
    own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def _log(item: pytest.Item, phase: str, seconds: float) -> None:
    folder = os.environ.get("GOVNET_CPU_LOG")
    if not folder:
        return
    worker = os.environ.get("PYTEST_XDIST_WORKER", "main")
    with (Path(folder) / f"{worker}.jsonl").open("a", encoding="utf-8") as f:
        f.write(json.dumps({"id": item.nodeid, "phase": phase, "cpu": round(seconds, 3), "worker": worker}) + "\n")


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_setup(item: pytest.Item) -> Generator[None, None, None]:
    began = _cpu()
    yield
    _log(item, "setup", _cpu() - began)


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_call(item: pytest.Item) -> Generator[None, None, None]:
    began = _cpu()
    yield
    _log(item, "call", _cpu() - began)


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_teardown(item: pytest.Item) -> Generator[None, None, None]:
    began = _cpu()
    yield
    _log(item, "teardown", _cpu() - began)
