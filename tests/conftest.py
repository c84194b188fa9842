from __future__ import annotations

import contextlib
import io
import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
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


def govnet_in_process(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    """govnet run in this process as main() runs it (the same error mapping and exit codes, without ending the
    process): no interpreter start-up and imports per call. Subprocesses stay for what is about the process."""
    from govnet.cli.app import run as cli

    out, err = io.StringIO(), io.StringIO()
    before, env = Path.cwd(), {"NO_COLOR": "1", "COLUMNS": "200"}
    saved = {key: os.environ.get(key) for key in env}
    os.environ.update(env)
    try:
        os.chdir(cwd or before)
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            code = cli(list(args))
    finally:
        os.chdir(before)
        for key, value in saved.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value
    return subprocess.CompletedProcess(["govnet", *args], code, out.getvalue(), err.getvalue())


@pytest.fixture(autouse=True)
def _release_what_the_cli_keeps() -> Iterator[None]:
    """The CLI keeps each run's results alive until its process ends (it exits without tearing them down); in the
    one process of the suite that kept the model of every in-process call: gigabytes, freed only at exit."""
    yield
    cli = sys.modules.get("govnet.cli.app")
    if cli is not None:
        cli._KEEP.clear()


@pytest.fixture(autouse=True)
def _messages_in_english(monkeypatch: pytest.MonkeyPatch) -> None:
    """Tests read govnet's English output: a developer's Chinese locale must not change it (the i18n tests set
    the language they test explicitly)."""
    monkeypatch.setenv("LANGUAGE", "en")


@pytest.fixture(autouse=True, scope="session")
def _loader_cache_of_the_session(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """The command line keeps loaded files in the user's cache folder (govnet.source.cache): the suite's runs
    keep theirs in a folder of the session instead."""
    patch = pytest.MonkeyPatch()
    patch.setenv("XDG_CACHE_HOME", str(tmp_path_factory.mktemp("xdg-cache")))
    yield
    patch.undo()
