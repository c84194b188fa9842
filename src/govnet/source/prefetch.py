"""The large model files loaded in a forked process, while this one imports the schemas and loads the rest.

A cold validation spends its first part importing pydantic and building the schemas (this process's work, one
core) and composing YAML (any process's): on a machine with two cores the two overlap. :func:`start` forks a
child that loads the largest files exactly as the loader does (govnet.source.loader.load_file, the loader's
cache included) and sends back what the loader's cache keeps of a file: its data, its warnings and the positions
of its values (marshal). :meth:`Prefetch.take` hands each file to load_model; a file the child could not send is
loaded here. The answers are the same as loading here: a file read back has the positions of its values as its
source map, like a cache hit (tests/test_prefetch.py holds the two paths to the same diagnostics).

Not used (None) with one worker, without fork, or for a model small enough to load in less time than a fork and
the read-back cost.
"""

from __future__ import annotations

import contextlib
import gc
import marshal
import os
import re
import signal
import weakref
from collections.abc import Iterable, Mapping
from pathlib import Path

from govnet.codes import Severity
from govnet.diagnostics import Diagnostic
from govnet.forked import fork_piped
from govnet.source.cache import LoadedCache
from govnet.source.layout import CITY_DIR, CITY_FILE, COUNTY_FILE, REGISTRY_DIR, REGISTRY_FILE
from govnet.source.loader import LoadedFile, load_file
from govnet.source.sourcemap import Marks, SourceMap, marks

MIN_BYTES = 512 * 1024  # a smaller model loads in about the time a fork and the read-back take
# The child's share of the bytes: more than half, as this process imports the schemas meanwhile, and reading a
# file back costs about a third of loading it.
SHARE = 0.45

Loaded = tuple[LoadedFile | None, list[Diagnostic]]


def candidates(root: Path) -> list[tuple[str, Path, int]]:
    """(name, path, bytes) of the files that can be large: registry.yaml, registry.d/, the city files and the
    county files. Regular files only (a FIFO or device is load_model's to report)."""
    found = []
    places: list[tuple[str, Path, re.Pattern[str] | None]] = [(REGISTRY_DIR, root / REGISTRY_DIR, None),
                                              ("topology", root / "topology", CITY_FILE)]
    with contextlib.suppress(OSError):
        for entry in os.scandir(root / "topology"):
            if CITY_DIR.match(entry.name) and entry.is_dir():
                places.append((f"topology/{entry.name}", Path(entry.path), COUNTY_FILE))
    top = root / REGISTRY_FILE
    with contextlib.suppress(OSError):
        if top.is_file():
            found.append((REGISTRY_FILE, top, top.stat().st_size))
    for rel_dir, directory, pattern in places:
        with contextlib.suppress(OSError):
            for entry in os.scandir(directory):
                named = pattern.match(entry.name) if pattern is not None else entry.name.endswith((".yaml", ".yml"))
                if named and entry.is_file():
                    found.append((f"{rel_dir}/{entry.name}", Path(entry.path), entry.stat().st_size))
    return sorted(found)


class Prefetch:
    """The child's files, taken one by one; and this process's share of the candidates, loaded before it waits
    for the child's first file."""

    def __init__(self, pid: int, fd: int, theirs: set[str], ours: list[tuple[str, Path]],
                 cache: LoadedCache | None) -> None:
        self.theirs, self.ours, self.cache = theirs, dict(ours), cache
        self.served = 0  # files taken from the child (the tests check the path was really used)
        self._fd: int | None = fd
        self._pid = pid
        self._received: dict[str, bytes] | None = None
        self._loaded: dict[str, Loaded] = {}
        self._finalizer = weakref.finalize(self, _reap, pid, [fd])

    def take(self, rel: str) -> Loaded | None:
        """The file loaded (by the child, or earlier here); None: not one of the candidates, load it yourself."""
        if rel in self._loaded:
            return self._loaded.pop(rel)
        if rel in self.ours:
            return load_file(self.ours.pop(rel), rel, self.cache)
        if rel not in self.theirs:
            return None
        if self._received is None:
            for name, path in list(self.ours.items()):  # this process's share first: the child works meanwhile
                self._loaded[name] = load_file(path, name, self.cache)
            self.ours.clear()
            self._received = self._receive()
        blob = self._received.pop(rel, None)
        if blob is None:
            return None
        try:
            ok, data, notes, positions = marshal.loads(blob)
            found = [Diagnostic(**{**note, "severity": Severity(note["severity"])}) for note in notes]
        except (EOFError, ValueError, TypeError, KeyError):
            return None
        self.served += 1
        if not ok:  # the file could not be loaded: its diagnostics say why
            return None, found
        return LoadedFile(rel, data, SourceMap(rel, None, positions=positions)), found

    def _receive(self) -> dict[str, bytes]:
        chunks = []
        fd, self._fd = self._fd, None
        if fd is None:
            return {}
        try:
            while chunk := os.read(fd, 1 << 20):
                chunks.append(chunk)
        except OSError:
            chunks = []
        finally:
            os.close(fd)
            # Reaped by close(), once this process has loaded the rest: the child writes its cache entries meanwhile.
            self._finalizer.detach()
            self._finalizer = weakref.finalize(self, _reap, self._pid, [])
        try:
            received = marshal.loads(b"".join(chunks))
        except (EOFError, ValueError, TypeError):  # the child died before it finished: load them here
            return {}
        return received if isinstance(received, dict) else {}

    def close(self) -> None:
        """Let the child go, whatever it still has to send (load_model calls it when done)."""
        self._finalizer()

    def cancel(self) -> None:
        """Stop a child whose files nobody will take (a build found up to date), without waiting for it to finish
        composing them; nothing once load_model has closed it (its process may be gone and its number reused)."""
        if self._finalizer.alive:
            with contextlib.suppress(ProcessLookupError):
                os.kill(self._pid, signal.SIGTERM)
            self._finalizer()


def _reap(pid: int, fds: list[int]) -> None:
    for fd in fds:
        with contextlib.suppress(OSError):
            os.close(fd)  # a child still writing gets EPIPE and exits
    with contextlib.suppress(ChildProcessError, OSError):
        os.waitpid(pid, 0)


def start(root: Path, overrides: Mapping[str, str] | None = None, cache: LoadedCache | None = None,
          workers: int | None = None) -> Prefetch | None:
    """Fork the child for the largest files of the model at ``root`` (not those ``overrides`` replace);
    ``workers``: the processes to use (default: the CPUs); None when it is not worth it."""
    workers = workers if workers is not None else (os.cpu_count() or 1)
    if workers < 2 or not hasattr(os, "fork"):
        return None
    found = [(rel, path, size) for rel, path, size in candidates(root) if rel not in (overrides or {})]
    total = sum(size for _, _, size in found)
    if total < MIN_BYTES:
        return None
    theirs: list[tuple[str, Path]] = []
    given = 0
    for rel, path, size in sorted(found, key=lambda f: (-f[2], f[0])):
        if given >= SHARE * total:
            break
        theirs.append((rel, path))
        given += size
    ours = [(rel, path) for rel, path, _ in found if rel not in dict(theirs)]
    forked = fork_piped(lambda read, write: _child(read, write, theirs, cache))
    if forked is None:
        return None
    pid, read = forked
    return Prefetch(pid, read, {rel for rel, _ in theirs}, ours, cache)


class _Held(LoadedCache):
    """The child's cache: read as usual; what it would put is kept until the parent has its files."""

    def __init__(self, cache: LoadedCache) -> None:
        super().__init__(cache.directory)
        self.held: dict[str, tuple[str, object, list[Diagnostic], Marks]] = {}

    def put(self, text: str, rel: str, data: object, notes: list[Diagnostic], positions: Marks) -> None:
        if self.wants(text):
            self.held[rel] = (text, data, notes, positions)

    def write(self) -> None:
        for rel, (text, data, notes, positions) in self.held.items():
            LoadedCache.put(self, text, rel, data, notes, positions)


def _child(read: int, write: int, files: Iterable[tuple[str, Path]],
           cache: LoadedCache | None) -> None:  # pragma: no cover - runs in the child
    """Load the files, send them in one marshal blob, write the cache's new entries (the parent has its files
    by then: it reaps this process only once it has loaded the rest), and leave without running any of the
    parent's exit code."""
    try:
        os.close(read)
        # A short-lived process that only builds objects: no cyclic collection (what a caller's gc_paused gave it
        # when it was forked inside one, now whenever it is forked; it leaves by os._exit)
        gc.disable()
        held = _Held(cache) if cache is not None else None
        sent: dict[str, bytes] = {}
        for rel, path in files:
            loaded, notes = load_file(path, rel, held)
            positions = None
            if held is not None and rel in held.held:  # worked out for the cache already
                positions = held.held[rel][3]
            elif loaded is not None:
                root = loaded.source.root
                positions = marks(root) if root is not None else loaded.source.positions
            with contextlib.suppress(ValueError):  # data marshal cannot hold: the parent loads the file itself
                entry = (loaded is not None, loaded.data if loaded is not None else None,
                         [note.as_json() for note in notes], positions)
                sent[rel] = marshal.dumps(entry)  # type: ignore[arg-type]
        blob = memoryview(marshal.dumps(sent))
        while blob:
            blob = blob[os.write(write, blob):]
        os.close(write)  # the parent's end of file
        if held is not None:
            held.write()
    finally:
        os._exit(0)
