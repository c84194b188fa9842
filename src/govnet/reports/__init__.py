"""Stage 'reports': what the office answers with — the compliance report against the policy documents, the
address plan's utilisation in Chinese — and the build date they all print."""

from __future__ import annotations

import datetime as dt
from pathlib import Path


def build_date(root: Path) -> str:
    """The date a build prints: the model's last commit date (so the same commit gives the same files, as the
    diagrams do), today outside git."""
    from govnet.source.dating import commit_date

    return commit_date(root) or dt.date.today().isoformat()
