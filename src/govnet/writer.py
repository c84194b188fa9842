"""The only place (with the loader) that writes files: atomically, and only when the content changed."""

from __future__ import annotations

import os
import stat
import tempfile
import time
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from govnet.errors import GovnetIOError


def write_if_changed(path: Path, content: str | bytes, *, mode: int | None = None) -> bool:
    """Write ``content`` atomically (temp file + rename). Returns False when the file already held it.

    ``mode`` forces the permissions (0o600 for a config that holds real secrets), also of an unchanged file."""
    return TreeWriter().write(path, content, mode=mode)


class TreeWriter:
    """``write_if_changed`` for many files of one tree: folders made once each, and a new file created with the
    permissions the umask gives (no stat, no chmod). A fresh build writes 7,500 files; the kernel's create and
    rename are most of the cost, the other system calls per file were a third of it."""

    def __init__(self) -> None:
        self._folders: set[str] = set()

    def write(self, path: Path, content: str | bytes, *, mode: int | None = None) -> bool:
        data = content.encode("utf-8") if isinstance(content, str) else content
        name = os.fspath(path)
        try:
            with open(name, "rb") as handle:
                same = handle.read() == data
        except FileNotFoundError:
            existed = False
        except OSError:
            existed = True
        else:
            if same:
                if mode is not None and stat.S_IMODE(os.stat(name).st_mode) != mode:
                    os.chmod(name, mode)
                return False
            existed = True
        folder = os.path.dirname(name) or os.curdir  # a bare file name ('allocations.lock' of 'govnet allocate .')
        if folder not in self._folders:
            os.makedirs(folder, exist_ok=True)
            self._folders.add(folder)
        # A replaced file keeps its permissions; a new one gets what the umask gives, like any file the user makes.
        keep = (_mode_for(path) if existed else None) if mode is None else mode
        fd, temp = _temp_file(folder, os.path.basename(name), 0o666 if keep is None else 0o600)
        try:
            if keep is not None:
                os.fchmod(fd, keep)
            with os.fdopen(fd, "wb") as handle:
                handle.write(data)
            os.replace(temp, name)
        except BaseException:
            Path(temp).unlink(missing_ok=True)
            raise
        return True


def _mode_for(path: Path) -> int | None:
    """The replaced file's permissions (None: it is gone, a new file's default applies)."""
    try:
        return path.stat().st_mode & 0o7777
    except OSError:
        return None


def _temp_file(folder: str, name: str, mode: int) -> tuple[int, str]:
    """A new temp file beside ``name`` (``.name.<pid>.tmp``, what ModelLock's TEMP_GLOB removes), else mkstemp's."""
    temp = os.path.join(folder, f".{name}.{os.getpid()}.tmp")
    try:
        return os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_CLOEXEC", 0), mode), temp
    except FileExistsError:  # left by a killed process of the same id, or taken by another thread of this one
        return tempfile.mkstemp(dir=folder, prefix=f".{name}.", suffix=".tmp")


STAGING = ".govnet-staging"  # below the output directory: a build's files before verify has passed
_TREE = "tree"  # below the staging folder: the new top-level folders of the output, staged as they will be


class Staging:
    """A build's files written before verify has judged the configs, so that the writes use a core verify leaves
    idle: each goes to ``out/.govnet-staging/`` (by whichever process computed it) under a name of its own, and
    is moved into place, one rename each, by ``commit`` once verify passes; ``discard`` drops them all when it
    does not. Files of a folder the output does not have yet (configs/, records/ … of a first build) are staged in
    a copy of their tree, which the processes that stage them build while verify runs, and ``commit`` moves that
    whole folder with one rename: 7,500 renames and 2,000 folders made at the commit took 1.5 s of a first build's
    last, serial seconds. Other files are staged flat under names of their own. A file whose content (and forced
    mode) ``out`` already holds is not staged at all."""

    def __init__(self, out: Path, key: bytes = b"") -> None:
        self.out, self.root = out, out / STAGING
        self.key = key  # of the content hashes (govnet.recordkey: b'' unless the build holds real secrets)
        self._folders: set[str] = set()
        self._count = 0
        # what the output held when the build began (read here, before any process stages a file): the files of
        # any other top-level folder are staged as a tree
        try:
            with os.scandir(out) as entries:
                self._existing = frozenset(entry.name for entry in entries)
        except OSError:  # no output folder yet
            self._existing = frozenset()

    def stage(self, rel: str, content: str | bytes, *, mode: int | None = None) -> tuple[str, bool, str]:
        """(content hash, whether the content changes, the name it is staged under: '' when it is not, else it
        changes or only its mode does)."""
        data = content.encode("utf-8") if isinstance(content, str) else content
        target = os.fspath(self.out / rel)
        keep = mode
        try:
            with open(target, "rb") as handle:
                same = handle.read() == data
            current = stat.S_IMODE(os.stat(target).st_mode)
        except FileNotFoundError:
            same = False
        except OSError:  # unreadable: replaced like any changed file
            same = False
            keep = mode if mode is not None else _mode_for(Path(target))
        else:
            if same and (mode is None or current == mode):
                return content_hash(data, self.key), False, ""
            keep = mode if mode is not None else current  # a replaced file keeps its permissions
        root = os.fspath(self.root)
        top, _, below = rel.partition("/")
        if below and self._new_top(top):
            name = f"{_TREE}/{rel}"
            folder = os.path.dirname(os.path.join(root, name))
        else:
            self._count += 1
            name = f"{os.getpid()}.{self._count}"  # each process stages under names of its own
            folder = root
        if folder not in self._folders:
            os.makedirs(folder, exist_ok=True)
            self._folders.add(folder)
        staged = os.path.join(root, name)
        fd = os.open(staged, os.O_WRONLY | os.O_CREAT | os.O_TRUNC | getattr(os, "O_CLOEXEC", 0),
                     0o666 if keep is None else 0o600)
        try:
            if keep is not None:
                os.fchmod(fd, keep)
            with os.fdopen(fd, "wb") as handle:
                handle.write(data)
        except BaseException:
            Path(staged).unlink(missing_ok=True)
            raise
        return content_hash(data, self.key), not same, name

    def keep_mode(self, rel: str, mode: int) -> None:
        """Give the file ``rel`` of the output, which this build does not rewrite, the permissions ``mode``: at
        once, not at the commit (it only ever takes permissions away from a config holding secrets)."""
        keep_modes(self.out, {rel: mode})

    def commit(self, staged: Iterable[tuple[str, str]]) -> None:
        """Move the staged files, (staged name, path below ``out``), into place (each rename atomic), then drop
        the staging folder."""
        root, out = os.fspath(self.root), os.fspath(self.out)
        trees: set[str] = set()
        for name, rel in staged:
            top = rel.partition("/")[0]
            if name.startswith(_TREE + "/") and (top in trees or not os.path.lexists(os.path.join(out, top))):
                if top not in trees:  # the whole folder at once (nothing has made it meanwhile)
                    os.makedirs(out, exist_ok=True)
                    os.replace(os.path.join(root, _TREE, top), os.path.join(out, top))
                    trees.add(top)
                continue
            target = os.path.join(out, rel)
            folder = os.path.dirname(target)
            if folder not in self._folders:
                os.makedirs(folder, exist_ok=True)
                self._folders.add(folder)
            os.replace(os.path.join(root, name), target)
        self.discard()

    def _new_top(self, top: str) -> bool:
        """Whether the output's top-level entry ``top`` did not exist when this build began."""
        return top not in self._existing

    def discard(self) -> None:
        """Drop every staged file (a build that stopped, or one a killed build left)."""
        import shutil

        shutil.rmtree(self.root, ignore_errors=True)


def write_new(path: Path, content: str) -> None:
    """Create a file that must not exist yet: never overwrite what a user wrote."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("x", encoding="utf-8") as handle:
        handle.write(content)


def remove_stale(directory: Path, keep: set[Path], suffix: str) -> int:
    """Delete files ending in ``suffix`` below ``directory`` that are not in ``keep`` (outputs of things no
    longer in the model), and directories left empty. Returns how many files went."""
    if not directory.is_dir():
        return 0
    # One scandir walk comparing path strings: rglob and a Path per file cost ~1.5 s on 24,000 village configs.
    return _remove_stale(os.fspath(directory), {os.fspath(p) for p in keep}, suffix)[0]


def _remove_stale(folder: str, keep: set[str], suffix: str) -> tuple[int, bool]:
    """(files removed below ``folder``, whether ``folder`` is left empty); empty subfolders are removed."""
    removed = 0
    left = False
    with os.scandir(folder) as entries:
        found = list(entries)
    for entry in found:
        if entry.is_dir(follow_symlinks=False):
            gone, empty = _remove_stale(entry.path, keep, suffix)
            removed += gone
            if empty:
                os.rmdir(entry.path)
                continue
        elif entry.name.endswith(suffix) and entry.is_file() and entry.path not in keep:
            os.unlink(entry.path)
            removed += 1
            continue
        left = True
    return removed, not left


STATE_FILE = ".govnet-build.json"  # below the output directory: what each file of the last build was made from


def new_digest(key: bytes = b"") -> Any:
    """The hash of every content fingerprint govnet records (outputs, inputs, its own code): SHA-256, which
    CPUs with SHA extensions compute 3-4x faster than BLAKE2b (1.0 against 0.23-0.3 GB/s on the reference
    machine), and a build hashes every byte it writes (112 MB for the default model). With ``key``, HMAC-SHA-256:
    the record of a build holding real secrets (govnet.recordkey says why)."""
    import hashlib

    if key:
        import hmac

        return hmac.new(key, digestmod=hashlib.sha256)
    return hashlib.sha256()


def content_hash(data: bytes | str, key: bytes = b"") -> str:
    digest = new_digest(key)
    digest.update(data.encode("utf-8") if isinstance(data, str) else data)
    return str(digest.hexdigest()[:32])  # 128 bits: a fingerprint, not a signature


def file_hash(path: Path, key: bytes = b"") -> str | None:
    try:
        return content_hash(path.read_bytes(), key)
    except OSError:
        return None


def read_state(out: Path) -> dict[str, Any]:
    """The last build's record (empty when there is none or it cannot be read: everything is then stale)."""
    import json

    try:
        state = json.loads((out / STATE_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return state if _sound_state(state) else {}


def _sound_state(state: object) -> bool:
    """Whether ``state`` has the shape write_state gives it. The record sits in the output folder, where anyone may
    edit, truncate or replace it: a malformed entry crashed the next build, and a path outside the folder
    ('../model/registry.yaml') was deleted by it as the output of something no longer in the model."""
    if not isinstance(state, dict) or state.get("format") != 1:
        return False
    files, diagnostics, modes = state.get("files"), state.get("diagnostics"), state.get("modes", {})
    return (isinstance(state.get("inputs"), str) and isinstance(files, dict) and isinstance(diagnostics, list)
            and isinstance(modes, dict) and all(type(mode) is int for mode in modes.values())
            and all(isinstance(d, dict) for d in diagnostics)
            and all(inside_output(path) and isinstance(entry, list) and len(entry) == 2
                    and all(isinstance(part, str) for part in entry) for path, entry in files.items()))


def inside_output(rel: object) -> bool:
    """Whether ``rel`` is a path govnet may write or delete below an output folder: relative, '/'-separated, with no
    '..', '.' or empty part.

    >>> inside_output("configs/36/JX-36-CR01.cfg"), inside_output("../model/registry.yaml"), inside_output("/etc/x")
    (True, False, False)
    """
    if not isinstance(rel, str) or not rel or "\\" in rel or "\0" in rel:
        return False
    return all(part not in ("", ".", "..") for part in rel.split("/"))


def keep_modes(out: Path, modes: dict[str, int]) -> None:
    """Take from each file ``rel`` below ``out`` the permissions ``modes[rel]`` does not grant (a config holding
    secrets that a user or a tool made readable by others). Only ever takes away: the modes may come from a record
    anyone who can write the output folder may have edited."""
    for rel, mode in modes.items():
        if not inside_output(rel):
            continue
        path = os.path.join(out, rel)
        try:
            info = os.lstat(path)
            if stat.S_ISREG(info.st_mode) and stat.S_IMODE(info.st_mode) & ~mode:
                os.chmod(path, stat.S_IMODE(info.st_mode) & mode)
        except OSError:  # gone meanwhile, or not ours: the build's writes say so if it matters
            continue


def write_state(out: Path, state: dict[str, Any]) -> None:
    import json

    write_if_changed(out / STATE_FILE, json.dumps({"format": 1, **state}, ensure_ascii=False, sort_keys=True))


def remove_files(out: Path, paths: Iterable[str]) -> int:
    """Delete files below ``out`` (outputs of things no longer in the model) and directories left empty."""
    removed = 0
    for rel in paths:
        path = out / rel
        # never a file outside the output folder, whatever a record says (nor through a folder linked out of it)
        if not inside_output(rel) or not path.parent.resolve().is_relative_to(out.resolve()):
            continue
        if path.is_file():
            path.unlink()
            removed += 1
            parent = path.parent
            while parent != out and parent.is_dir() and not any(parent.iterdir()):
                parent.rmdir()
                parent = parent.parent
    return removed


# --------------------------------------------------------------------------------------------------------------
# The model's writer lock: every command that writes the model (allocate, registry add/approve/...) holds it
# from reading the files to replacing them, so no writer writes back a stale copy over another's change.
# --------------------------------------------------------------------------------------------------------------

LOCK_NAME = ".govnet.lock"
PROGRESS_NAME = ".govnet.lock.progress"  # bumped by each writer as it finishes: waiters see the queue move
STALL_SECONDS = 120.0  # a waiter gives up only when nothing at all has moved for this long
POLL_SECONDS = 0.2
# Temp files of model files a killed writer may leave (write_if_changed's names): removed under the lock.
TEMP_GLOB = ".*.tmp"


class LockStalled(GovnetIOError):
    """The lock was held, and nothing moved, for STALL_SECONDS: the holder is stuck (or the lock is stale)."""


BUILD_LOCK = ".govnet-build.lock"  # below the output directory: held by the build writing there


@contextmanager
def output_lock(out: Path, waiting: Callable[[str], None] | None = None) -> Iterator[None]:
    """One build at a time writes into an output folder. A second build into the same folder waits for the first
    (``waiting`` is told so, once), then finds the folder as the first left it, instead of discarding the first
    one's staged files and failing, or mixing the two. The lock file is in the output folder (made if need be): the
    one thing two builds into it share, whatever their environment (a lock in the user's cache folder serialised
    only builds that had the same $XDG_CACHE_HOME or home). When the folder cannot be made or written, builds are
    not serialised: the build's own writes then say what is wrong."""
    from filelock import FileLock, Timeout

    lock: FileLock | None = None
    try:
        out.mkdir(parents=True, exist_ok=True)
        lock = FileLock(str(out / BUILD_LOCK))
        try:
            lock.acquire(timeout=0)
        except Timeout:
            if waiting is not None:
                waiting(f"another govnet build is writing into {out}; waiting for it to finish")
            lock.acquire()
    except OSError:
        lock = None
    try:
        yield
    finally:
        if lock is not None:
            lock.release()


class ModelLock:
    """The writer lock of one model directory (a FileLock on .govnet.lock, released by the OS if the holder dies).

    ``waiting`` is told once, in words, that this writer waits; ``until`` (a callable) ends the wait early and
    without the lock when it returns True (another writer has done our work)."""

    def __init__(self, root: Path, *, waiting: Callable[[str], None] | None = None,
                 stall: float = STALL_SECONDS) -> None:
        from filelock import FileLock

        self.root = root
        self.lock = FileLock(str(root / LOCK_NAME))
        self.waiting = waiting
        self.stall = stall

    def acquire(self, until: Callable[[], bool] | None = None) -> bool:
        """True with the lock held; False when ``until`` said the wait is over."""
        from filelock import Timeout

        told = False
        seen, moved = self._progress(), time.monotonic()
        while True:
            if until is not None and until():
                return False
            try:
                self.lock.acquire(timeout=POLL_SECONDS)
            except Timeout:
                now, progress = time.monotonic(), self._progress()
                if progress != seen:
                    seen, moved = progress, now
                elif now - moved > self.stall:
                    raise LockStalled(f"another govnet has held the model's lock ({LOCK_NAME}) for {self.stall:g} s "
                                      "without finishing a write; is it stuck? Try again later") from None
                if not told and self.waiting is not None:
                    self.waiting("another govnet is writing this model; waiting for it (the queue is moving)")
                    told = True
                continue
            remove_stale_temps(self.root)
            return True

    def release(self) -> None:
        self.bump()
        self.lock.release()

    def bump(self) -> None:
        """Tell waiters the queue moved."""
        path = self.root / PROGRESS_NAME
        try:
            count = int(path.read_text(encoding="ascii") or 0) + 1
        except (OSError, ValueError):
            count = 1
        path.write_text(str(count), encoding="ascii")

    def _progress(self) -> tuple[int, int]:
        try:
            info = (self.root / PROGRESS_NAME).stat()
        except OSError:
            return (0, 0)
        return (info.st_mtime_ns, info.st_size)

    def __enter__(self) -> ModelLock:
        self.acquire()
        return self

    def __exit__(self, *exc: object) -> None:
        self.release()


def remove_stale_temps(root: Path) -> int:
    """Temp files a killed writer left beside the model's files (call only with the model's lock held: then no
    live writer owns one). Returns how many went."""
    removed = 0
    for folder in (root, root / "registry.d"):
        for path in folder.glob(TEMP_GLOB) if folder.is_dir() else ():
            if path.is_file() and not path.is_symlink():
                path.unlink(missing_ok=True)
                removed += 1
    return removed
