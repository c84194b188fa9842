from __future__ import annotations

from pathlib import Path

import pytest

from govnet.model import Model
from govnet.pipeline import validate

REPO = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="session")
def repo_model() -> Path:
    """The repository's own model: the embedded Jiangxi default."""
    return REPO


@pytest.fixture(scope="session")
def jiangxi() -> Model:
    """The default model, validated once per session."""
    result = validate(REPO)
    assert result.ok and result.model is not None
    return result.model
