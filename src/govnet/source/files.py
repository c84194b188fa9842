"""Reading one file govnet did not write: refuse what is not a regular file, or too large, before opening it.

A FIFO blocks ``open()`` forever, a symlink to /dev/zero never ends, a directory named like a model file cannot
be read: each gets a sentence that says what the path actually is, instead of a hang, a MemoryError or "missing".
"""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path

from govnet.errors import GovnetIOError


class Unreadable(GovnetIOError):
    """The path cannot be read as a file; the message says why, in words for the user."""


def describe(path: Path) -> str | None:
    """None for a regular file (through symlinks); else what the path is instead, as a phrase.

    >>> describe(Path("/dev/null"))
    'is a character device, not a file'
    """
    try:
        link = os.lstat(path)
    except FileNotFoundError:
        return "does not exist"
    except OSError as exc:
        return f"cannot be read ({exc.strerror or exc})"
    try:
        info = os.stat(path)
    except OSError as exc:
        if stat.S_ISLNK(link.st_mode):
            if exc.errno == errno.ELOOP:
                return f"is a symlink loop ({path.name} -> {os.readlink(path)})"
            return f"is a dangling symlink (to {os.readlink(path)}, which does not exist)"
        return f"cannot be read ({exc.strerror or exc})"
    kind = _kind(info.st_mode)
    if kind is None:
        return None
    via = f" (through the symlink to {os.readlink(path)})" if stat.S_ISLNK(link.st_mode) else ""
    return f"is {kind}{via}, not a file"


def _kind(mode: int) -> str | None:
    if stat.S_ISREG(mode):
        return None
    if stat.S_ISDIR(mode):
        return "a directory"
    if stat.S_ISFIFO(mode):
        return "a FIFO (named pipe)"
    if stat.S_ISCHR(mode):
        return "a character device"
    if stat.S_ISBLK(mode):
        return "a block device"
    if stat.S_ISSOCK(mode):
        return "a socket"
    return "not a regular file"


def outside(path: Path, root: Path) -> str | None:
    """None when ``path``'s real path is inside ``root`` (where ``root`` really is); else a phrase naming where it
    leads. A model read from someone else's repository may link a model file to ~/.ssh/id_rsa or
    /proc/self/environ: the diagnostics of a file that is not YAML quote its first line, and CI logs and SARIF
    uploads are read by others, so such a file is never opened.

    >>> outside(Path("/etc/passwd"), Path("/etc")), outside(Path("/etc/passwd"), Path("/usr"))
    (None, 'resolves to /etc/passwd, outside the model folder: govnet reads only files inside it')
    """
    try:
        real = path.resolve()
        inside = real.is_relative_to(root.resolve())
    except (OSError, RuntimeError):  # a symlink loop: describe() says what it is
        return None
    return None if inside else f"resolves to {real}, outside the model folder: govnet reads only files inside it"


def read_limited(path: Path, limit: int, *, root: Path | None = None) -> bytes:
    """The bytes of a regular file of at most ``limit`` bytes; raises Unreadable with the reason otherwise.

    The file is opened non-blocking and checked again after opening (it may have been swapped for a FIFO
    between the two looks), and at most ``limit + 1`` bytes are ever read. ``root``: the model folder the file
    belongs to; a file whose real path is outside it (through a symlink) is refused unread."""
    problem = describe(path) or (outside(path, root) if root is not None else None)
    if problem is not None:
        raise Unreadable(problem)
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
    except OSError as exc:
        raise Unreadable(f"cannot be read ({exc.strerror or exc})") from None
    try:
        info = os.fstat(fd)
        kind = _kind(info.st_mode)
        if kind is not None:
            raise Unreadable(f"is {kind}, not a file")
        if info.st_size > limit:
            raise Unreadable(f"is {info.st_size:,} bytes; the limit is {limit:,}")
        chunks, size = [], 0
        while size <= limit:
            chunk = os.read(fd, min(1 << 20, limit + 1 - size))
            if not chunk:
                break
            chunks.append(chunk)
            size += len(chunk)
        if size > limit:
            raise Unreadable(f"is more than {limit:,} bytes; the limit is {limit:,}")
        return b"".join(chunks)
    except OSError as exc:
        raise Unreadable(f"cannot be read ({exc.strerror or exc})") from None
    finally:
        os.close(fd)
