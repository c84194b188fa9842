"""A child process forked with a pipe back to its parent: what validation's prefetch (govnet.source.prefetch), the
checks beside the address stage (govnet.checks.beside) and verify's judge (govnet.verify) start."""

from __future__ import annotations

import contextlib
import os
import pickle
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


def fork_answering(work: Callable[[], object]) -> tuple[int, int] | None:
    """Fork a child that sends ``work()``'s answer, pickled, to its parent (receive_pickled) and leaves with
    os._exit whatever happens: no model torn down, none of the parent's exit code run twice. The parent gets (pid,
    read end), or None when the fork failed (the caller then does the work itself)."""
    return fork_piped(lambda read, write: _answer(read, write, work))


def _answer(read: int, write: int, work: Callable[[], object]) -> None:  # pragma: no cover - runs in the child
    try:
        os.close(read)
        send_pickled(write, work())
    finally:
        os._exit(0)


def send_pickled(write: int, value: object) -> None:  # pragma: no cover - runs in the child
    """Write ``value``, pickled, to the pipe ``write`` (a child's answer to its parent)."""
    blob = memoryview(pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL))
    while blob:
        blob = blob[os.write(write, blob):]


def receive_pickled(read: int, pid: int, *, abandon: bool = False) -> object | None:
    """The child's answer from the pipe ``read``, once it is done (the child reaped); None when it sent nothing
    readable (it failed or died: the caller then does the work itself). ``abandon``: only reap it."""
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
        value: object = pickle.loads(b"".join(chunks))
    except Exception:
        return None
    return value


def die_with_parent(parent: int) -> None:  # pragma: no cover - runs in a forked worker
    """In a worker forked by process ``parent``: be killed when it dies (Linux), and leave at once if it died
    already. A build killed outright (kill -9, the OOM killer, a CI timeout's SIGTERM) left its workers running:
    each blocked for ever writing its results into a pipe nobody read, holding a copy of the model and the
    terminal's or CI step's output pipe open, or went on staging files into the output folder."""
    import signal
    import sys

    if sys.platform.startswith("linux"):
        import ctypes

        with contextlib.suppress(OSError, AttributeError):
            ctypes.CDLL(None, use_errno=True).prctl(1, int(signal.SIGKILL), 0, 0, 0)  # 1: PR_SET_PDEATHSIG
    if os.getppid() != parent:
        os._exit(1)
