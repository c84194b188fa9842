"""The rule families in a forked process while this one does the next stage's work (the address checks) on the
same model: on a machine with two cores, validation takes the longer of the two instead of their sum.

The next stage runs on a sound model only, and whether the model is sound is known only once the checks are
done: so the work done beside them is speculative. The caller asks for its result only when the checks found no
error (:func:`run_checks_beside` returns a function for it), and otherwise drops it: the diagnostics are those
of checking first and then doing the work. Without fork, with one worker, with nothing to do beside the checks
or for a small model, the checks run here and the work runs when its result is asked for, as before. A child
that fails or dies leaves the checks to this process (an internal error then surfaces here, with its traceback).
"""

from __future__ import annotations

import os
from collections.abc import Callable
from typing import TypeVar

from govnet.checks import run_checks
from govnet.diagnostics import Diagnostic
from govnet.forked import fork_answering, receive_pickled
from govnet.model.types import Model

T = TypeVar("T")
MIN_SITES = 300  # a smaller model is checked in less time than a fork costs


def run_checks_beside(model: Model, work: Callable[[], T], *, speculate: bool = True,
                      workers: int | None = None) -> tuple[list[Diagnostic], Callable[[], T]]:
    """The checks' diagnostics, and a function that gives ``work()``'s result (or raises its exception).

    ``speculate``: whether to start the work before the checks' verdict is known (False when the model is
    already known to have errors); ``workers``: processes to use (default: the CPUs)."""
    workers = workers if workers is not None else (os.cpu_count() or 1)
    if not speculate or workers < 2 or not hasattr(os, "fork") or len(model.site_by_key) < MIN_SITES:
        return run_checks(model), work
    from govnet.model.ports import port_ends

    port_ends(model)  # both sides need them (the port checks, the port pool): worked out once, before the fork
    forked = fork_answering(lambda: run_checks(model))
    if forked is None:
        return run_checks(model), work
    pid, read = forked
    try:
        value: T | None = work()
        failure: BaseException | None = None
    except Exception as exc:
        value, failure = None, exc
    except BaseException:  # an interrupt: let the child go (it gets EPIPE) and reap it
        _receive(read, pid, abandon=True)
        raise
    checked = _receive(read, pid)
    if checked is None:  # the child failed: the checks run here
        checked = run_checks(model)

    def result() -> T:
        if failure is not None:
            raise failure
        return value  # type: ignore[return-value]

    return checked, result


def _receive(read: int, pid: int, *, abandon: bool = False) -> list[Diagnostic] | None:
    found = receive_pickled(read, pid, abandon=abandon)
    return found if isinstance(found, list) else None
