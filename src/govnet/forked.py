"""A child process forked with a pipe back to its parent: what validation's prefetch (govnet.source.prefetch) and
checks beside the address stage (govnet.checks.beside) both start."""

from __future__ import annotations

import os
from collections.abc import Callable


def fork_piped(child: Callable[[int, int], object]) -> tuple[int, int] | None:
    """Fork; the child runs ``child(read, write)`` (it closes ``read``, writes its answer to ``write`` and leaves
    with os._exit, so none of the parent's exit code runs twice). The parent gets (pid, read end), or None when
    the fork failed (the caller then does the work itself)."""
    read, write = os.pipe()
    try:
        pid = os.fork()
    except OSError:
        os.close(read)
        os.close(write)
        return None
    if pid == 0:  # pragma: no cover - the child (coverage is not collected there)
        child(read, write)
        os._exit(0)
    os.close(write)
    return pid, read
