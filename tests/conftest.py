from __future__ import annotations

import contextlib
import gc
import io
import os
import resource
import shutil
import subprocess
import sys
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from govnet.model.types import Model
from govnet.pipeline import Result, validate
from scheduling import pytest_collection_modifyitems, pytest_xdist_make_scheduler  # noqa: F401  (hooks)

if TYPE_CHECKING:
    from govnet.render import Config
    from test_verify import Rendered

REPO = Path(__file__).resolve().parents[1]
MINI = Path(__file__).resolve().parent / "fixtures" / "mini"


@pytest.fixture
def model(tmp_path: Path) -> Path:
    """A copy of the mini model (tests/fixtures/mini) at tmp_path/model, for a test to change or break."""
    root = tmp_path / "model"
    shutil.copytree(MINI, root)
    return root


@pytest.fixture(scope="session")
def repo_model() -> Path:
    """The repository's own model: the embedded Jiangxi default."""
    return REPO


# The packaged Huawei router template's call that announces the site blocks: the tests that need configs which do
# not work (GN920) write a copy of the template without it (whitespace control: the macro ends its own line).
BLOCK_ROUTES_CALL = "{{ h.block_routes(d) -}}\n"


def copy_model(source: Path, target: Path) -> Path:
    """Every part of a model directory, so a test can change it without touching the original."""
    from govnet.source.layout import copy_model as copied

    return copied(source, target)


# Validations of the repository's own model, by (arguments, the model files' sizes and times): the default model
# is validated by many tests that are about something else (the CLI's output, a diagram), 3-5 s each.
_VALIDATED: dict[tuple[object, ...], Result] = {}


def _model_stamp(root: Path) -> tuple[tuple[str, int, int], ...]:
    from govnet.source.modeldir import MODEL_PARTS

    files = [p for part in MODEL_PARTS for p in ((root / part).rglob("*") if (root / part).is_dir() else
                                                 [root / part]) if p.is_file()]
    return tuple(sorted((str(p), p.stat().st_size, p.stat().st_mtime_ns) for p in files))


def validate_shared(root: Path, overrides: Mapping[str, str] | None = None, **options: bool) -> Result:
    """pipeline.validate, computed once per session for the repository's unchanged model (a copy or an edited
    file is validated afresh): a Result is immutable in use, and validation is deterministic."""
    if overrides is not None or Path(root).resolve() != REPO:
        return validate(root, overrides, **options)
    key = (tuple(sorted(options.items())), _model_stamp(REPO))
    if key not in _VALIDATED:
        _VALIDATED[key] = validate(root, **options)
    return _VALIDATED[key]


_RENDERED: dict[tuple[object, ...], tuple[Result, dict[str, Config]]] = {}


def render_shared(root: Path) -> tuple[Result, dict[str, Config]]:
    """The model's validation and its rendered configs (render_configs with the address decisions), computed once
    per session for the repository's unchanged model like validate_shared: several files hold the default model's
    configs against it (verify, the read-backs), each 4-6 s of rendering. Callers copy before they edit."""
    from govnet.render import render_configs

    key = (Path(root).resolve(), _model_stamp(REPO) if Path(root).resolve() == REPO else None)
    found = _RENDERED.get(key) if key[1] is not None else None
    if found is None:
        result = validate_shared(root)
        assert result.ok and result.model is not None and result.addresses is not None, \
            [d.as_text() for d in result.diagnostics]
        found = result, render_configs(result.model, result.addresses.outcome.decisions, model_root=root)
        if key[1] is not None:
            _RENDERED[key] = found
    return found[0], dict(found[1])


# The two golden models' rendered configs with their verify helpers (test_verify.Rendered), for the verify tests:
# once per module that asks (each injects its faults into copies, never into these).
@pytest.fixture(scope="module")
def huawei() -> Rendered:
    from test_verify import GOLDEN, _render

    return _render(GOLDEN / "huawei-h3c" / "model")


@pytest.fixture(scope="module")
def cisco() -> Rendered:
    from test_verify import GOLDEN, _render

    return _render(GOLDEN / "cisco-isis" / "model")


@pytest.fixture(scope="session")
def jiangxi() -> Model:
    """The default model, validated once per session."""
    result = validate_shared(REPO)
    assert result.ok and result.model is not None
    return result.model


def govnet_in_process(*args: str, cwd: Path | None = None,
                      env: Mapping[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    """govnet run in this process as main() runs it (the same error mapping and exit codes, without ending the
    process): no interpreter start-up and imports per call. Subprocesses stay for what is about the process.
    The repository's own model, unchanged, is validated once per session (validate_shared). ``env`` adds to the
    environment for the call, as a subprocess's env would."""
    import govnet.pipeline
    from govnet.cli.app import run as cli
    from govnet.i18n import current, use

    out, err = io.StringIO(), io.StringIO()
    before, added = Path.cwd(), {"NO_COLOR": "1", "COLUMNS": "200", **(env or {})}
    saved = {key: os.environ.get(key) for key in added}
    os.environ.update(added)
    original, language = govnet.pipeline.validate, current()
    govnet.pipeline.validate = validate_shared  # type: ignore[assignment]
    try:
        os.chdir(cwd or before)
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            code = cli(list(args))
    finally:
        govnet.pipeline.validate = original  # type: ignore[assignment]
        use(language)  # the run chose its language (--lang): this process goes on in its own, as after a process
        os.chdir(before)
        for key, value in saved.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value
    return subprocess.CompletedProcess(["govnet", *args], code, out.getvalue(), err.getvalue())


@pytest.hookimpl(wrapper=True)
def pytest_collection(session: pytest.Session) -> Iterator[object]:
    """Collection (importing every test and source module, building the items) with the cyclic collector paused:
    it builds objects that live as long as the run and frees almost none, and the collector's passes over them
    were 2-3 s of each worker's start."""
    from govnet.gcpause import gc_paused

    with gc_paused():
        return (yield)


# The peak resident size (KiB) after the last full collection of this process: see pytest_runtest_protocol.
_COLLECTED_AT = [0]
COLLECT_AFTER_KIB = 512 * 1024


@pytest.hookimpl(wrapper=True)
def pytest_runtest_protocol(item: pytest.Item, nextitem: pytest.Item | None) -> Iterator[object]:
    """Each test, its fixtures' set-up and tear-down included, runs with the cyclic collector paused
    (govnet.gcpause, as the library's own stages run). A worker holds the default model's validation and configs
    for the session (validate_shared, render_shared: millions of objects), and each full pass of the collector
    walked all of them again: 20-30 s of the suite's CPU, billed to whichever test the pass fell in (why
    test_repo_modelines took 10 s in the suite and 3 s alone). Nothing a test asserts depends on when the
    collector runs. What tests leave in reference cycles (their models: millions of objects) is still freed, by a
    full collection once the process's peak size has grown by COLLECT_AFTER_KIB since the last one: each worker
    peaks at about the size it had with the collector running throughout (1.5-1.6 GB)."""
    from govnet.gcpause import gc_paused

    with gc_paused():
        outcome = yield
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss  # KiB on Linux
    if peak - _COLLECTED_AT[0] > COLLECT_AFTER_KIB:
        gc.collect()
        _COLLECTED_AT[0] = peak
    return outcome


@pytest.fixture(autouse=True)
def _release_what_the_cli_keeps() -> Iterator[None]:
    """The CLI keeps each run's results alive until its process ends (it exits without tearing them down); in the
    one process of the suite that kept the model of every in-process call: gigabytes, freed only at exit."""
    yield
    output = sys.modules.get("govnet.cli.output")
    if output is not None:
        output.KEPT.clear()


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


def snapshot(out: Path) -> dict[Path, tuple[int, bytes]]:
    """Each file below an output folder with its modification time and content: what a build touched. The builds'
    lock counts by its content alone: filelock before 4.x opens it with O_TRUNC at every acquire (its _unix.py), which
    moves its time at the lowest bound pyproject.toml allows; it is no output."""
    from govnet.writer import BUILD_LOCK

    return {p: (0 if p.name == BUILD_LOCK else p.stat().st_mtime_ns, p.read_bytes()) for p in out.rglob("*")
            if p.is_file()}
