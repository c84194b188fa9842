"""The only place (with the loader) that writes files: atomically, and only when the content changed."""

from __future__ import annotations

import os
import stat
import tempfile
from pathlib import Path


def write_if_changed(path: Path, content: str | bytes, *, mode: int | None = None) -> bool:
    """Write ``content`` atomically (temp file + rename). Returns False when the file already held it.

    ``mode`` forces the permissions (0o600 for a config that holds real secrets), also of an unchanged file."""
    data = content.encode("utf-8") if isinstance(content, str) else content
    try:
        if path.read_bytes() == data:
            if mode is not None and stat.S_IMODE(path.stat().st_mode) != mode:
                path.chmod(mode)
            return False
    except OSError:
        pass
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, temp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        # mkstemp makes 0600; the file should read like any other the user makes, unless told otherwise
        os.fchmod(fd, _mode_for(path) if mode is None else mode)
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        os.replace(temp, path)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise
    return True


def _mode_for(path: Path) -> int:
    """The replaced file's permissions, or what the umask gives a new file."""
    try:
        return path.stat().st_mode & 0o7777
    except OSError:
        mask = os.umask(0)
        os.umask(mask)
        return 0o666 & ~mask


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
    removed = 0
    for path in sorted(directory.rglob(f"*{suffix}")):
        if path.is_file() and path not in keep:
            path.unlink()
            removed += 1
    for sub in sorted((p for p in directory.rglob("*") if p.is_dir()), reverse=True):
        if not any(sub.iterdir()):
            sub.rmdir()
    return removed
