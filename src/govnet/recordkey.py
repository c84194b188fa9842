"""The key of a build record's hashes when the build holds real secrets.

A build records, in its output folder, a hash of each file it wrote and of what each was made from
(out/.govnet-build.json; verify's read-back cache, out/.cache/, is keyed by the configs' hashes too). The configs
and their inputs hold the secrets, and everything else they are made of is the model, which sits in git: with plain
hashes, anyone who can read the record could render the model with a guessed password, hash the config and compare,
offline and as often as they like. So with real secrets every hash of the record is an HMAC-SHA-256 under a random
key that never leaves the owner's cache folder (a file only they can read). Keeping the record itself 0o600 was the
other way: it holds only while the folder's permissions do, and an output folder is copied whole (a CI artefact, the
office's site published from it); the keyed record reveals nothing wherever it goes. The price: another user, another
machine or a wiped cache has another key, so its first build computes everything again.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

KEY_FILE = "record.key"  # in govnet's cache folder, beside loaded/
KEY_BYTES = 32


def record_key(private: bool) -> bytes:
    """b'' (plain hashes) when ``private`` is False (no real secret in the build), else this user's key; without a
    cache folder that can keep it, a new key each run (nothing is up to date next time, and nothing leaks)."""
    if not private:
        return b""
    from govnet.source.cache import default_dir

    base = default_dir()
    if base is not None:
        try:
            return _stored_key(base.parent / KEY_FILE)
        except OSError:
            pass
    return os.urandom(KEY_BYTES)


def _stored_key(path: Path) -> bytes:
    """The key kept at ``path``; a new one when there is none, or when the file may be known to others (readable by
    them, not ours, not a plain file: a key someone else could read or chose protects nothing)."""
    found = _read_own(path)
    if found is not None:
        return found
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    key = os.urandom(KEY_BYTES)
    temp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    fd = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_CLOEXEC", 0), 0o600)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(key)
        if os.path.lexists(path):
            os.replace(temp, path)  # an unsafe key goes
        else:
            try:  # two first builds at once keep one key: the second reads the first's
                os.link(temp, path)
            except FileExistsError:
                return _read_own(path) or key
    finally:
        Path(temp).unlink(missing_ok=True)
    return key


def _read_own(path: Path) -> bytes | None:
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_CLOEXEC", 0))
    except OSError:
        return None
    with os.fdopen(fd, "rb") as handle:
        info = os.fstat(handle.fileno())
        key = handle.read(KEY_BYTES + 1)
    mine = not hasattr(os, "geteuid") or info.st_uid == os.geteuid()
    if stat.S_ISREG(info.st_mode) and not info.st_mode & 0o077 and mine and len(key) == KEY_BYTES:
        return key
    return None
