"""The only place (with the loader) that writes files: atomically, and only when the content changed."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterable
from pathlib import Path
from typing import Any


def write_if_changed(path: Path, content: str | bytes) -> bool:
    """Write ``content`` atomically (temp file + rename). Returns False when the file already held it."""
    data = content.encode("utf-8") if isinstance(content, str) else content
    try:
        if path.read_bytes() == data:
            return False
    except OSError:
        pass
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, temp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        os.fchmod(fd, _mode_for(path))  # mkstemp makes 0600; the file should read like any other the user makes
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


STATE_FILE = ".govnet-build.json"  # below the output directory: what each file of the last build was made from


def content_hash(data: bytes | str) -> str:
    import hashlib

    return hashlib.blake2b(data.encode("utf-8") if isinstance(data, str) else data, digest_size=16).hexdigest()


def file_hash(path: Path) -> str | None:
    try:
        return content_hash(path.read_bytes())
    except OSError:
        return None


def read_state(out: Path) -> dict[str, Any]:
    """The last build's record (empty when there is none or it cannot be read: everything is then stale)."""
    import json

    try:
        state = json.loads((out / STATE_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return state if isinstance(state, dict) and state.get("format") == 1 else {}


def write_state(out: Path, state: dict[str, Any]) -> None:
    import json

    write_if_changed(out / STATE_FILE, json.dumps({"format": 1, **state}, ensure_ascii=False, sort_keys=True))


def remove_files(out: Path, paths: Iterable[str]) -> int:
    """Delete files below ``out`` (outputs of things no longer in the model) and directories left empty."""
    removed = 0
    for rel in paths:
        path = out / rel
        if path.is_file():
            path.unlink()
            removed += 1
            parent = path.parent
            while parent != out and parent.is_dir() and not any(parent.iterdir()):
                parent.rmdir()
                parent = parent.parent
    return removed
