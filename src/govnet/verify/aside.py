"""Part of verify's work in a forked child while this process judges the rest (the build's verify stage ends
alone on one core otherwise): the child inherits the read-back facts and the shared indexes, runs one job (the
route propagation of GN924 and the scan cache's writing, about half the judging) and sends back only the
diagnostics. The findings are the same whichever process found them; a child that fails or dies leaves its job
to this process (an internal error then surfaces here, with its traceback).
"""

from __future__ import annotations

import contextlib
import os
import pickle
from collections.abc import Callable

from govnet.diagnostics import Diagnostic
from govnet.forked import fork_piped

Job = Callable[[], list[Diagnostic]]


class Aside:
    """``job`` started in a forked child (or, without fork, nothing yet); ``result`` gives its diagnostics."""

    def __init__(self, job: Job) -> None:
        self.job = job
        self.forked = fork_piped(lambda read, write: _child(read, write, job)) if hasattr(os, "fork") else None

    def result(self) -> list[Diagnostic]:
        """The child's diagnostics, or the job's run here when there is no child or it failed."""
        if self.forked is not None:
            found = _receive(*self.forked)
            self.forked = None
            if found is not None:
                return found
        return self.job()

    def abandon(self) -> None:
        """Let the child go (this process stops before it needs the result) and reap it."""
        if self.forked is not None:
            _receive(*self.forked, abandon=True)
            self.forked = None


def _receive(pid: int, read: int, *, abandon: bool = False) -> list[Diagnostic] | None:
    chunks = []
    try:
        while not abandon and (chunk := os.read(read, 1 << 20)):
            chunks.append(chunk)
    except OSError:
        chunks = []
    finally:
        os.close(read)
        with contextlib.suppress(ChildProcessError, OSError):
            os.waitpid(pid, 0)
    try:
        found = pickle.loads(b"".join(chunks))
    except Exception:
        return None
    ok = isinstance(found, list) and all(isinstance(d, Diagnostic) for d in found)
    return found if ok else None


def _child(read: int, write: int, job: Job) -> None:  # pragma: no cover - runs in the child
    try:
        os.close(read)
        blob = memoryview(pickle.dumps(job(), protocol=pickle.HIGHEST_PROTOCOL))
        while blob:
            blob = blob[os.write(write, blob):]
    finally:
        os._exit(0)
