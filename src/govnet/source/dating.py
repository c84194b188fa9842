"""The date printed on a diagram, chosen so the same model gives the same picture: the date of the last git
commit that touched the model's files, when the model is in a git work tree."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def is_iso_date(text: str) -> bool:
    """A real calendar day written YYYY-MM-DD (the pattern alone takes 2024-13-45, and '$' a trailing newline).

    >>> is_iso_date("2024-02-29"), is_iso_date("2024-13-45"), is_iso_date("2023-02-29"), is_iso_date("2024-01-01\\n")
    (True, False, False, False)
    """
    import datetime

    if not ISO_DATE.fullmatch(text):
        return False
    try:
        datetime.date.fromisoformat(text)
    except ValueError:
        return False
    return True


def commit_date(root: Path) -> str | None:
    """YYYY-MM-DD of the newest commit touching any of the model's files under ``root`` (those model_revision
    reads: a commit of registry.d/ alone moved the site's revision but not the diagrams' date); None outside git
    (or without git)."""
    from govnet.source.layout import MODEL_PARTS

    try:
        done = subprocess.run(["git", "-C", str(root), "log", "-1", "--format=%cs", "--", *MODEL_PARTS],
                              capture_output=True, text=True, timeout=10, check=False)
    except (OSError, subprocess.SubprocessError):
        return None
    stamp = done.stdout.strip()
    return stamp if done.returncode == 0 and ISO_DATE.fullmatch(stamp) else None


def model_revision(root: Path) -> str | None:
    """The short hash of the newest commit touching any of the model's files under ``root`` (the site shows it);
    None outside git. Of the model, not HEAD: a commit of other files of the repository leaves it (and a build
    that is up to date) as it was."""
    from govnet.source.layout import MODEL_PARTS

    try:
        done = subprocess.run(["git", "-C", str(root), "log", "-1", "--format=%h", "--", *MODEL_PARTS],
                              capture_output=True, text=True, timeout=10, check=False)
    except (OSError, subprocess.SubprocessError):
        return None
    return done.stdout.strip() if done.returncode == 0 and done.stdout.strip() else None
