"""Jobs of a build run in forked worker processes while this process goes on with its own stages.

A build's stages that neither feed the verify stage nor read what another stage makes (records, compliance,
what-if, the address reports, the site's data) are independent of rendering and verifying the configs: on a
machine with several cores they run beside it. Each job is a function of no arguments, listed before the fork,
so a worker inherits the model instead of being sent a pickled copy; it returns a picklable value (the files it
computed). Its progress reaches this process through a queue and is reported here, where the terminal is.
With one worker, or where there is no fork, the jobs run here, in order, when their result is asked for: the
same answers (tests/test_build.py holds the two to the same files).
"""

from __future__ import annotations

import multiprocessing
import threading
from collections.abc import Callable, Sequence
from typing import Any

Progress = Callable[[str, int, int], None]  # (what, done, total)
Job = Callable[[Progress], Any]

# Set before a pool forks and read by its workers only: the jobs and the pipe their progress goes to.
_JOBS: list[Job] = []
_PIPE: list[Any] = []


class Jobs:
    """``jobs`` started in up to ``workers`` forked processes at once; ``result(i)`` waits for job ``i``.
    ``processes``: fewer processes than that, when this one keeps a CPU busy meanwhile (still forked when it is 1:
    ``workers`` alone says whether to fork)."""

    def __init__(self, jobs: Sequence[Job], workers: int, progress: Progress, processes: int | None = None) -> None:
        self.jobs, self.progress = list(jobs), progress
        self.done: dict[int, Any] = {}
        self.pool: Any = None
        self.pending: dict[int, Any] = {}
        self.relay: threading.Thread | None = None
        if workers <= 1 or len(self.jobs) == 0 or "fork" not in multiprocessing.get_all_start_methods():
            return
        context = multiprocessing.get_context("fork")
        # A message is one write of a few bytes, atomic on a pipe: the workers need no lock (a lock held by a
        # worker that ``close`` terminates would stay held).
        self.reader, writer = context.Pipe(duplex=False)
        _JOBS[:], _PIPE[:] = self.jobs, [writer]
        # Processes are forked here, before the relay thread starts: a fork copies only the calling thread.
        self.pool = context.Pool(max(1, min(processes or workers, workers, len(self.jobs))))
        self.pending = {i: self.pool.apply_async(_run, (i,)) for i in range(len(self.jobs))}
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
            if self.pool is None:
                from govnet.gcpause import gc_paused

                with gc_paused():  # as in a worker: the same cost with one process as with several
                    self.done[index] = self.jobs[index](self.progress)
            else:
                self.done[index] = self.pending[index].get()
        return self.done[index]

    def close(self) -> None:
        """Stop every worker (jobs still running are abandoned: the build stopped, or all results are in)."""
        if self.pool is not None:
            self.pool.terminate()
            self.pool.join()
            self.pool = None
            self.stop.set()
            assert self.relay is not None
            self.relay.join()
            self.reader.close()
        _JOBS.clear()
        _PIPE.clear()


def _run(index: int) -> Any:
    """In a forked worker: job ``index`` of the list the parent made before the fork."""
    from govnet.gcpause import gc_paused

    pipe = _PIPE[0]
    with gc_paused():  # as in the parent: long-lived objects, few freed
        return _JOBS[index](lambda what, done, total: pipe.send((what, done, total)))
