"""A cache of loaded files: the plain data, the loader's warnings and the positions of a large YAML text, by
its content.

Composing the node tree is most of the loader's time (0.4 s of the default model's registry.d, 2.4 MB); a
file that has not changed since the last run is read back from here instead (marshal: plain dicts, lists,
text and numbers are all a loaded file holds), with the positions of its values for the source map
(govnet.source.sourcemap.marks) in place of the node tree. The key is the text, the file's name (the
warnings carry it) and the loader's and source map's code, so an edit to any is a miss, never a stale
answer. Entries are written atomically; a damaged or unreadable entry is a miss. The least recently used
entries go when the folder holds more than MAX_BYTES.

The command line uses it (the user's cache folder); library calls do not unless given a folder.
"""

from __future__ import annotations

import contextlib
import hashlib
import marshal
import os
import sys
from functools import cache
from pathlib import Path

from govnet.codes import Severity
from govnet.diagnostics import Diagnostic
from govnet.source.sourcemap import Marks

MIN_BYTES = 4 * 1024  # smaller files (most of the model but the registry and county files) load in a moment
MAX_BYTES = 1024 * 1024 * 1024  # a few versions of a national model's files; then the least recently used go
_FORMAT = b"govnet-loaded-1"


def default_dir() -> Path | None:
    """$XDG_CACHE_HOME/govnet/loaded, else ~/.cache/govnet/loaded; None without a home (no cache then)."""
    base = os.environ.get("XDG_CACHE_HOME")
    if not base:
        try:
            base = str(Path.home() / ".cache")
        except (RuntimeError, KeyError):  # no HOME and no passwd entry: a container's anonymous user, say
            return None
    return Path(base) / "govnet" / "loaded"


@cache
def _salt() -> bytes:
    """What else decides a loaded file: govnet's loader and source map, PyYAML's and Python's versions."""
    import yaml

    from govnet.source import loader, sourcemap

    digest = hashlib.sha256(_FORMAT)
    for module in (loader, sourcemap):
        digest.update(Path(module.__file__ or "").read_bytes())
    digest.update(f"{yaml.__version__} {sys.version_info[:2]} {marshal.version}".encode())
    return digest.digest()


def _key(text: str, rel: str) -> str:
    digest = hashlib.sha256(_salt())  # SHA-256: 3-4x BLAKE2b's speed where the CPU has SHA extensions
    digest.update(rel.encode("utf-8", "surrogatepass") + b"\0")
    digest.update(text.encode("utf-8", "surrogatepass"))
    return digest.hexdigest()[:40]


class LoadedCache:
    """Loaded files by content, in one folder."""

    def __init__(self, directory: Path) -> None:
        self.directory = directory
        self._pruned = False  # the folder is pruned once per run, before its first write

    def wants(self, text: str) -> bool:
        """Whether a text is large enough to be worth an entry."""
        return len(text) >= MIN_BYTES

    def get(self, text: str, rel: str) -> tuple[object, list[Diagnostic], Marks] | None:
        """The data, warnings and positions of ``text`` loaded as ``rel``, when an earlier run cached them."""
        if not self.wants(text):
            return None
        path = self.directory / _key(text, rel)
        try:
            data, notes, positions = marshal.loads(path.read_bytes())
            found = [Diagnostic(**{**note, "severity": Severity(note["severity"])}) for note in notes]
        except (OSError, EOFError, ValueError, TypeError, KeyError):  # none yet, or damaged: load it again
            return None
        with contextlib.suppress(OSError):
            os.utime(path)  # recently used: pruned last
        return data, found, positions

    def put(self, text: str, rel: str, data: object, notes: list[Diagnostic], positions: Marks) -> None:
        """Remember a loaded file; a cache that cannot be written is no error (the next run loads it again)."""
        if not self.wants(text):
            return
        path = self.directory / _key(text, rel)
        temp = path.with_name(f"{path.name}.{os.getpid()}.tmp")
        try:
            blob = marshal.dumps((data, [note.as_json() for note in notes], positions))  # type: ignore[arg-type]
            self.directory.mkdir(mode=0o700, parents=True, exist_ok=True)
            if not self._pruned:
                self._pruned = True
                self._prune()
            temp.write_bytes(blob)
            os.replace(temp, path)
        except (OSError, ValueError):  # read-only home, full disk, a file in the way, or data marshal cannot hold
            with contextlib.suppress(OSError):  # missing_ok covers no folder, not a file where a folder should be
                temp.unlink(missing_ok=True)

    def _prune(self) -> None:
        """Least recently used first, until the folder holds no more than MAX_BYTES."""
        entries = []
        for entry in self.directory.iterdir():
            with contextlib.suppress(OSError):  # another run may remove it meanwhile
                info = entry.stat()
                entries.append((info.st_mtime, info.st_size, entry))
        total = sum(size for _, size, _ in entries)
        for _, size, entry in sorted(entries):
            if total <= MAX_BYTES:
                break
            entry.unlink(missing_ok=True)
            total -= size
