"""Several model folders validated in one run (``govnet validate DIR DIR ...``, e.g. the 31 provinces of a national
model): up to one folder per CPU at a time, each in a forked process of its own.

Each child validates its folder exactly as :func:`govnet.pipeline.validate` does (with the CPUs left to it as its
workers, so two folders on two cores fork nothing more), sends back the diagnostics and leaves without tearing its
model down. The answers come back in the order the folders were given, whichever child finishes first. Without
fork, with one worker or one folder, the folders are validated here one after the other; a child that fails or
dies leaves its folder to this process (an internal error then surfaces here, with its traceback).
"""

from __future__ import annotations

import contextlib
import os
import pickle
import selectors
from collections.abc import Sequence
from functools import partial
from pathlib import Path

from govnet.diagnostics import Diagnostic
from govnet.forked import fork_answering


def validate_folders(roots: Sequence[Path], *, cache: Path | None = None,
                     workers: int | None = None) -> list[list[Diagnostic]]:
    """The diagnostics of each model folder in ``roots``, in that order. ``cache``: the loader's cache folder (as
    for validate); ``workers``: processes to use in all (default: the CPUs)."""
    from govnet.pipeline import cpus, validate

    workers = workers if workers is not None else cpus()  # the CPUs this process may run on, as a build counts
    if len(roots) < 2 or workers < 2 or not hasattr(os, "fork"):
        return [validate(root, cache=cache, workers=workers).diagnostics for root in roots]
    _import_stages()  # once here, not once per child
    each = max(1, workers // len(roots))  # the CPUs a child may use itself (two folders on four cores: two each)
    found = _forked(list(roots), cache, min(workers, len(roots)), each)
    return [answer if answer is not None else validate(root, cache=cache, workers=workers).diagnostics
            for root, answer in zip(roots, found, strict=True)]


def _forked(roots: list[Path], cache: Path | None, at_once: int, each: int) -> list[list[Diagnostic] | None]:
    """Each folder's diagnostics from a child of its own, ``at_once`` children at a time; None where one failed."""
    found: list[list[Diagnostic] | None] = [None] * len(roots)
    running: dict[int, tuple[int, int, list[bytes]]] = {}  # read end -> (folder index, pid, what it sent so far)
    waiting = list(enumerate(roots))
    with selectors.DefaultSelector() as selector:
        try:
            while waiting or running:
                while waiting and len(running) < at_once:
                    index, root = waiting.pop(0)
                    forked = fork_answering(partial(_diagnostics, root, cache, each))
                    if forked is not None:  # else: validated here afterwards
                        pid, read = forked
                        running[read] = (index, pid, [])
                        selector.register(read, selectors.EVENT_READ)
                for key, _ in selector.select():
                    read = int(key.fd)
                    index, pid, chunks = running[read]
                    chunk = os.read(read, 1 << 20)
                    if chunk:
                        chunks.append(chunk)
                        continue
                    selector.unregister(read)
                    del running[read]
                    _reap(read, pid)
                    with contextlib.suppress(Exception):  # a child that died sent nothing readable
                        answer = pickle.loads(b"".join(chunks))
                        found[index] = answer if isinstance(answer, list) else None
        finally:  # an interrupt: let the children go (they get EPIPE) and reap them
            for read, (_, pid, _) in running.items():
                _reap(read, pid)
    return found


def _reap(read: int, pid: int) -> None:
    with contextlib.suppress(OSError):
        os.close(read)
    with contextlib.suppress(ChildProcessError, OSError):
        os.waitpid(pid, 0)


def _import_stages() -> None:
    """The modules validation imports when it runs (govnet.pipeline imports them lazily)."""
    import govnet.checks.beside
    import govnet.checks.followons
    import govnet.ipam
    import govnet.model.build
    import govnet.source.cache
    import govnet.source.modeldir
    import govnet.source.prefetch  # noqa: F401


def _diagnostics(root: Path, cache: Path | None, workers: int) -> list[Diagnostic]:  # pragma: no cover - child
    """One folder's diagnostics (in the child: it leaves without tearing the model down)."""
    from govnet.pipeline import validate

    return validate(root, cache=cache, workers=workers).diagnostics
