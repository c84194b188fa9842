from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from govnet.model.types import Model
from govnet.pipeline import validate

REPO = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="session")
def repo_model() -> Path:
    """The repository's own model: the embedded Jiangxi default."""
    return REPO


def copy_model(source: Path, target: Path) -> Path:
    """Every part of a model directory, so a test can change it without touching the original."""
    from govnet.source.modeldir import MODEL_PARTS

    target.mkdir(parents=True, exist_ok=True)
    for part in MODEL_PARTS:
        if (source / part).is_dir():
            shutil.copytree(source / part, target / part)
        elif (source / part).is_file():
            shutil.copy2(source / part, target / part)
    return target


@pytest.fixture(scope="session")
def jiangxi() -> Model:
    """The default model, validated once per session."""
    result = validate(REPO)
    assert result.ok and result.model is not None
    return result.model


@pytest.fixture(autouse=True)
def _messages_in_english(monkeypatch: pytest.MonkeyPatch) -> None:
    """Tests read govnet's English output: a developer's Chinese locale must not change it (the i18n tests set
    the language they test explicitly)."""
    monkeypatch.setenv("LANGUAGE", "en")
