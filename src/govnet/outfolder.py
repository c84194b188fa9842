"""Whether govnet may write into an output folder. Its commands replace files there by name (summary.md,
index.html …) and a build deletes the configs of devices no longer in the model, so a folder that already holds
files govnet did not write is refused: they would be lost. A folder may take outputs when it does not exist yet,
is empty, or carries govnet's mark (left by every command that writes outputs; a build's record counts too).
A user who wants govnet to write into a folder of their own creates the mark there themselves."""

from __future__ import annotations

import os
from pathlib import Path

from govnet.errors import UsageError
from govnet.writer import BUILD_LOCK, STAGING, STATE_FILE, write_if_changed

MARK = ".govnet-output"
# a build's record (folders built before the mark existed) and its staging folder (a build writing right now)
_MARKS = (MARK, STATE_FILE, STAGING)
MARK_TEXT = ("This folder holds govnet's outputs: govnet replaces and deletes files here.\n"
             "Delete this file and govnet will refuse to write here while the folder holds anything.\n")
SHOWN = 3  # entries named in the refusal


def foreign_entries(out: Path) -> list[str]:
    """The first entries (sorted) of ``out`` when it holds files and carries no mark; [] when govnet may write."""
    try:
        with os.scandir(out) as found:
            names = sorted(entry.name for entry in found if entry.name != BUILD_LOCK)  # a build's, not the user's
    except OSError:  # none yet (made by the command), or a file or a closed folder in the way: the write says so
        return []
    if not names or any(mark in names for mark in _MARKS):
        return []
    return names


class ForeignOutput(UsageError):
    """The output folder holds files govnet did not write (exit 2); ``entries``: some of them."""

    def __init__(self, out: Path, entries: list[str]) -> None:
        self.out, self.entries = out, entries
        super().__init__(f"{out} holds files govnet did not write ({shown(entries)}), which its outputs would replace "
                         f"or delete; write to a new or empty folder, or create an empty file '{MARK}' in it to let "
                         "govnet replace and delete files there")


def shown(entries: list[str]) -> str:
    """The first SHOWN entries, '…' when there are more (no words: the message around it is translated)."""
    return ", ".join(entries[:SHOWN]) + (", …" if len(entries) > SHOWN else "")


def claim(out: Path) -> None:
    """Raise ForeignOutput when ``out`` may not take govnet's outputs."""
    entries = foreign_entries(out)
    if entries:
        raise ForeignOutput(out, entries)


def mark(out: Path) -> None:
    """Mark ``out`` (made if needed) as govnet's: called just before a command writes its first output there."""
    write_if_changed(out / MARK, MARK_TEXT)
