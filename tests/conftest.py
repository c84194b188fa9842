from __future__ import annotations

from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="session")
def repo_model() -> Path:
    """The repository's own model: the embedded Jiangxi default."""
    return REPO
