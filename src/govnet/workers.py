"""Jobs of a build run in forked worker processes while this process goes on with its own stages.

A build's stages that neither feed the verify stage nor read what another stage makes (records, compliance,
what-if, the address reports, the site's data) are independent of rendering and verifying the configs: on a
machine with several cores they run beside it. Each job is a function of no arguments, listed before the fork,
so a worker inherits the model instead of being sent a pickled copy; it returns a picklable value (the files it
computed). Its progress reaches this process through a queue and is reported here, where the terminal is.

The jobs are shared out as they go, not beforehand: their numbers wait in a pipe, one byte each, in the order
given (longest first), and each worker takes the next one when it is free; so does this process once its own
stages are done and it asks for a result. How long a job takes depends on the machine (staging a file costs ten
times more on some disks than on tmpfs): whoever is free takes the next, so neither side waits for the other.
With one worker, or where there is no fork, the jobs run here, in order, when their result is asked for: the
same answers (tests/test_build.py holds the two to the same files).

Each worker is a forked process of its own with a pipe of its own for its jobs' values, not a
multiprocessing.Pool: a pool's workers share its result queue's lock, and stopping them after the last result
(Pool.terminate) could kill one in the instant between sending its result and releasing that lock; the pool's
task thread then waited for the lock forever and the build never ended. Here no lock is shared: a worker
stopped at any moment leaves nothing held, and one that dies is an error where its result is asked for.
"""

from __future__ import annotations

import contextlib
import multiprocessing
import os
import threading
from collections.abc import Callable, Sequence
from typing import Any, cast

Progress = Callable[[str, int, int], None]  # (what, done, total)
Job = Callable[[Progress], Any]

# Set before a pool forks and read by its workers only: the jobs, the pipe their progress goes to, and the pipe
# their numbers are taken from.
_JOBS: list[Job] = []
_PIPE: list[Any] = []
_TOKENS: list[int] = []


class Jobs:
    """``jobs`` started in up to ``workers`` forked processes at once; ``result(i)`` waits for job ``i``, and
    first runs here each job no worker has started yet. ``processes``: fewer processes than that, when this one
    keeps a CPU busy meanwhile (still forked when it is 1: ``workers`` alone says whether to fork)."""

    def __init__(self, jobs: Sequence[Job], workers: int, progress: Progress, processes: int | None = None) -> None:
        self.jobs, self.progress = list(jobs), progress
        self.done: dict[int, Any] = {}
        self.processes: list[Any] = []  # every forked worker (multiprocessing.Process), until close
        self.pending: list[tuple[Any, Any]] = []  # (worker, the pipe its values come through) not yet read
        self.relay: threading.Thread | None = None
        self.tokens: int | None = None
        if (workers <= 1 or len(self.jobs) == 0 or len(self.jobs) > 255
                or "fork" not in multiprocessing.get_all_start_methods()):
            return
        context = multiprocessing.get_context("fork")
        # A message is one write of a few bytes, atomic on a pipe: the workers need no lock (a lock held by a
        # worker that ``close`` terminates would stay held). So is taking a job: a read of one byte.
        self.reader, writer = context.Pipe(duplex=False)
        self.tokens, filled = os.pipe()
        os.write(filled, bytes(range(len(self.jobs))))  # a few bytes: the pipe holds them all
        os.close(filled)  # an empty pipe then reads as its end: no job left
        _JOBS[:], _PIPE[:], _TOKENS[:] = self.jobs, [writer], [self.tokens]
        # Processes are forked here, before the relay thread starts: a fork copies only the calling thread.
        for _ in range(max(1, min(processes or workers, workers, len(self.jobs)))):
            values, sender = context.Pipe(duplex=False)
            process = context.Process(target=_drain, args=(sender, os.getpid()), daemon=True)
            process.start()
            sender.close()  # the worker's end: a worker forked later does not hold it, so a death reads as EOF
            self.processes.append(process)
            self.pending.append((process, values))
        self.stop = threading.Event()
        self.relay = threading.Thread(target=self._relay, daemon=True)
        self.relay.start()

    def _relay(self) -> None:
        while not self.stop.is_set():
            try:
                if self.reader.poll(0.1):
                    self.progress(*self.reader.recv())
            except (EOFError, OSError):
                return

    def result(self, index: int) -> Any:
        """Job ``index``'s value (an exception it raised is raised here)."""
        if index not in self.done:
            from govnet.gcpause import gc_paused

            if not self.processes:
                with gc_paused():  # as in a worker: the same cost with one process as with several
                    self.done[index] = self.jobs[index](self.progress)
                return self.done[index]
            with gc_paused():  # the jobs no worker has taken yet, here
                while (taken := _take(self.tokens)) is not None:
                    self.done[taken] = self.jobs[taken](self.progress)
            while index not in self.done and self.pending:
                self.done.update(_values(*self.pending.pop(0)))
        return self.done[index]

    def close(self) -> None:
        """Stop every worker (jobs still running are abandoned: the build stopped, or all results are in)."""
        if self.processes:
            for process, values in self.pending:  # those whose values were read are ending by themselves
                process.terminate()
                values.close()
            for process in self.processes:
                process.join()
            self.processes, self.pending = [], []
            self.stop.set()
            assert self.relay is not None
            self.relay.join()
            self.reader.close()
        if self.tokens is not None:
            os.close(self.tokens)
            self.tokens = None
        _JOBS.clear()
        _PIPE.clear()
        _TOKENS.clear()


def _take(tokens: int | None) -> int | None:
    """The number of the next job nobody has taken (None: none is left)."""
    if tokens is None:
        return None
    with contextlib.suppress(OSError):
        taken = os.read(tokens, 1)
        return taken[0] if taken else None
    return None


def _drain(values: Any, parent: int) -> None:
    """In a forked worker: the jobs it takes, one after the other, until none is left; their values by number
    sent through ``values`` (or the exception a job raised, raised again where the result is asked for). It dies
    with ``parent``, the build."""
    from govnet.forked import die_with_parent
    from govnet.gcpause import gc_paused

    die_with_parent(parent)

    pipe, tokens = _PIPE[0], _TOKENS[0]
    done: dict[int, Any] = {}
    try:
        with gc_paused():  # as in the parent: long-lived objects, few freed
            while (index := _take(tokens)) is not None:
                done[index] = _JOBS[index](lambda what, count, total: pipe.send((what, count, total)))
    except BaseException as exc:  # handed to the parent, which raises it where the result is asked for
        try:
            values.send((False, exc))
        except Exception:  # an exception that does not pickle: its text
            values.send((False, RuntimeError(f"{type(exc).__name__}: {exc}")))
        return
    values.send((True, done))


def _values(process: Any, values: Any) -> dict[int, Any]:
    """What a worker sent: its jobs' values by number; the exception a job raised is raised here."""
    try:
        ok, sent = values.recv()
    except EOFError:
        process.join()
        raise RuntimeError(f"a worker process ended without its results (exit code {process.exitcode})") from None
    finally:
        values.close()
    if not ok:
        raise sent
    return cast(dict[int, Any], sent)
