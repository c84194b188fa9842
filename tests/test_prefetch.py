"""govnet.source.prefetch: the large files loaded in a forked process give the answers loading them here gives."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from conftest import REPO, copy_model
from govnet.diagnostics import Diagnostic
from govnet.source import prefetch
from govnet.source.modeldir import ParsedModel, load_model

pytestmark = pytest.mark.skipif(not hasattr(os, "fork"), reason="the prefetch forks")


@pytest.fixture(scope="module")
def edited(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Part of the default model (large enough to fork for: a city's villages, three cities' units) with
    mistakes in files the child loads: a bad item (left out alone), a value YAML 1.1 reads as octal (a loader
    warning), a file that is no YAML, and an empty county file."""
    root = copy_model(REPO, tmp_path_factory.mktemp("prefetch"))
    for path in [*(root / "registry.d").iterdir(), *(root / "topology").glob("36*.yaml")]:
        if path.name not in ("3601.yaml", "3602.yaml", "3607.yaml"):
            path.unlink()
    part = root / "registry.d/3607.yaml"  # the largest: the child's
    text = part.read_text(encoding="utf-8")
    at = text.index("status: ", text.index("status: ") + 1)
    part.write_text(text[:at] + "status: bogus" + text[text.index("\n", at):] + "notes: 0777\n", encoding="utf-8")
    (root / "registry.d/3602.yaml").write_text("units: [\n" + "# padding\n" * 20_000, encoding="utf-8")
    (root / "topology/3601/360199.yaml").write_text("", encoding="utf-8")
    return root


@pytest.fixture(scope="module")
def loaded_here(edited: Path) -> tuple[ParsedModel, list[Diagnostic]]:
    return load_model(edited)


def _paths(marks: tuple[object, ...], prefix: tuple[str | int, ...] = ()) -> list[tuple[str | int, ...]]:
    """Every data path of a tree of positions (govnet.source.sourcemap.marks), and one step past each."""
    found = [prefix, (*prefix, "missing")]
    children = marks[2] if len(marks) == 3 else None
    if isinstance(children, dict):
        for k, (_, _, v) in children.items():
            found += _paths(v, (*prefix, k))
    elif isinstance(children, list):
        for i, v in enumerate(children):
            found += _paths(v, (*prefix, i))
    return found


def _answers(parsed: ParsedModel, problems: list[Diagnostic]) -> tuple[object, ...]:
    """What later stages see of the loaded files, but for positions: diagnostics, dropped items, the data."""
    shapes = (len(parsed.cities), len(parsed.counties), len(parsed.registry_parts),
              sum(len(part.units) for _, part in parsed.registry_parts), parsed.complete,
              [(rel, city.model_dump()) for rel, city in parsed.cities[:2]])
    return [p.as_text() for p in problems], sorted(parsed.dropped), shapes


def test_loading_in_a_child_gives_the_same_answers(edited: Path,
                                                   loaded_here: tuple[ParsedModel, list[Diagnostic]]) -> None:
    here = loaded_here
    early = prefetch.start(edited, workers=2)
    assert early is not None
    there = load_model(edited, None, None, early)
    assert early.served == len(early.theirs) >= 2  # the child's files really came from the child
    assert "registry.d/3607.yaml" in early.theirs
    assert _answers(*there) == _answers(*here)
    assert {"GN101", "GN112", "GN204"} <= {d.code for d in here[1]}
    for rel in sorted(early.theirs):  # every position, by value and by key, of the child's files
        source = there[0].sources.get(rel)
        if source is None or source.positions is None:
            continue
        at = here[0].sources[rel]
        paths = _paths(source.positions)
        assert [at.position(p) for p in paths] == [source.position(p) for p in paths], rel
        assert [at.position(p, key=True) for p in paths] == [source.position(p, key=True) for p in paths], rel


def test_a_child_that_dies_leaves_its_files_to_this_process(edited: Path, monkeypatch: pytest.MonkeyPatch,
                                                           loaded_here: tuple[ParsedModel, list[Diagnostic]]) -> None:
    here = _answers(*loaded_here)
    monkeypatch.setattr(prefetch, "_child", lambda *args: os._exit(1))
    early = prefetch.start(edited, workers=2)
    assert early is not None
    assert _answers(*load_model(edited, None, None, early)) == here
    assert early.served == 0


def test_no_child_for_one_worker_small_models_or_replaced_files(edited: Path, tmp_path: Path) -> None:
    assert prefetch.start(edited, workers=1) is None
    small = tmp_path / "small"
    (small / "registry.d").mkdir(parents=True)
    (small / "registry.d/3601.yaml").write_text("units: []\n", encoding="utf-8")
    assert prefetch.start(small, workers=2) is None
    replaced = {rel: "units: []\n" for rel, _, _ in prefetch.candidates(edited)}
    assert prefetch.start(edited, replaced, workers=2) is None


def test_a_child_nobody_takes_is_stopped_not_awaited(edited: Path) -> None:
    """A build forks the child before it knows whether anything changed; when nothing did, cancel() stops the
    child at once (it would otherwise compose every file first) and leaves no process behind; after load_model
    has taken the files, cancel() does nothing."""
    early = prefetch.start(edited, workers=2)
    assert early is not None
    pid = early._pid
    early.cancel()
    with pytest.raises(ChildProcessError):  # reaped: no zombie, no process
        os.waitpid(pid, os.WNOHANG)
    used = prefetch.start(edited, workers=2)
    assert used is not None
    load_model(edited, None, None, used)
    assert used.served > 0
    used.cancel()  # closed by load_model already: nothing left to stop
