"""What a build finds in its output folder from the last one (out/.govnet-build.json, the site's font key) and what
it does with it: an edited, damaged or hostile record costs a full build, never a crash or a file outside out/; a
file edited by hand is rewritten; a commit of the built files is shown by the next build."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest

from govnet.pipeline import build
from govnet.writer import STATE_FILE, read_state

MINI = Path(__file__).resolve().parent / "fixtures" / "mini"
DATE = "2024-06-30"


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """The mini model and its output, built once for the module; each test works on copies."""
    base = tmp_path_factory.mktemp("built")
    root, out = base / "model", base / "out"
    shutil.copytree(MINI, root)
    assert build(root, out, date=DATE, workers=1).ok
    return root, out


def _copies(built: tuple[Path, Path], tmp_path: Path) -> tuple[Path, Path]:
    root, out = tmp_path / "model", tmp_path / "out"
    shutil.copytree(built[0], root)
    shutil.copytree(built[1], out)
    return root, out


def _edit_record(out: Path, change: Any) -> None:
    path = out / STATE_FILE
    state = json.loads(path.read_text(encoding="utf-8"))
    change(state)
    path.write_text(json.dumps(state), encoding="utf-8")


def test_a_record_naming_files_outside_the_output_deletes_none_of_them(built: tuple[Path, Path],
                                                                      tmp_path: Path) -> None:
    """A record is a file in out/ anyone may edit or replace (a restored CI cache, a colleague's folder): the build
    deleted every file it named that the model no longer makes, '../model/registry.yaml' and absolute paths too."""
    root, out = _copies(built, tmp_path)
    precious = tmp_path / "precious.txt"
    precious.write_text("the user's", encoding="utf-8")

    def hostile(state: dict[str, Any]) -> None:
        state["inputs"] = "changed"  # not up to date: the build runs and removes what the record lists
        state["files"]["../precious.txt"] = ["x", "y"]
        state["files"][str(precious)] = ["x", "y"]
        state["files"]["../model/registry.yaml"] = ["x", "y"]

    _edit_record(out, hostile)
    assert build(root, out, date=DATE, workers=1).ok
    assert precious.read_text(encoding="utf-8") == "the user's"
    assert (root / "registry.yaml").is_file()
    assert all(".." not in path and not path.startswith("/") for path in read_state(out)["files"])


def test_a_link_out_of_the_output_folder_is_not_followed_to_delete(built: tuple[Path, Path], tmp_path: Path) -> None:
    root, out = _copies(built, tmp_path)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (elsewhere / "notes.md").write_text("mine", encoding="utf-8")
    (out / "linked").symlink_to(elsewhere, target_is_directory=True)
    _edit_record(out, lambda state: state.update(inputs="changed", files={**state["files"],
                                                                          "linked/notes.md": ["x", "y"]}))
    assert build(root, out, date=DATE, workers=1).ok
    assert (elsewhere / "notes.md").read_text(encoding="utf-8") == "mine"


@pytest.mark.parametrize("change", [
    lambda s: s.update(diagnostics=[{"code": "GN1"}]),  # was KeyError: 'severity', an internal error
    lambda s: s.update(diagnostics=[{**_warning(), "line": "seven"}]),
    lambda s: s.update(diagnostics=5),
    lambda s: s.pop("diagnostics"),
    lambda s: s.pop("files"),
    lambda s: s.update(files=[]),
    lambda s: s["files"].update({"configs/36/JX-36-CR01.cfg": []}),  # was IndexError in the incremental build
    lambda s: s["files"].update({"summary.md": None}),
    lambda s: s.update(inputs=None),
], ids=["diagnostic-without-severity", "diagnostic-line-text", "diagnostics-number", "no-diagnostics", "no-files",
        "files-list", "entry-empty", "entry-null", "inputs-null"])
def test_a_damaged_record_costs_a_full_build_not_a_crash(built: tuple[Path, Path], tmp_path: Path,
                                                          change: Any) -> None:
    root, out = _copies(built, tmp_path)
    _edit_record(out, change)
    again = build(root, out, date=DATE, workers=1)
    assert again.ok and not again.up_to_date
    assert read_state(out)["files"] == read_state(built[1])["files"]  # every file as the first build made it
    assert build(root, out, date=DATE, workers=1).up_to_date  # and the record is sound again


def _warning() -> dict[str, Any]:
    return {"code": "GN305", "severity": "warning", "file": "a.yaml", "line": 1, "column": 1, "path": "",
            "message": "m", "hint": None}


def test_a_replayed_sound_record_keeps_its_diagnostics(built: tuple[Path, Path], tmp_path: Path) -> None:
    root, out = _copies(built, tmp_path)
    _edit_record(out, lambda state: state.update(diagnostics=[_warning()]))
    again = build(root, out, date=DATE, workers=1)
    assert again.up_to_date and [d.code for d in again.diagnostics] == ["GN305"]


def test_a_font_edited_by_hand_is_cut_again(built: tuple[Path, Path], tmp_path: Path) -> None:
    """site/font.woff was re-subset only when the characters changed: edited or damaged by hand, it was kept (and
    recorded as it was) by every later build, and the site showed boxes."""
    root, out = _copies(built, tmp_path)
    font = out / "site" / "font.woff"
    good = font.read_bytes()
    font.write_bytes(good[: len(good) // 2])
    again = build(root, out, date=DATE, workers=1)
    assert again.ok and font.read_bytes() == good
    assert build(root, out, date=DATE, workers=1).up_to_date


def _git(root: Path, *args: str) -> str:
    env = {**os.environ, "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.org", "GIT_COMMITTER_NAME": "t",
           "GIT_COMMITTER_EMAIL": "t@example.org"}
    return subprocess.run(["git", "-C", str(root), *args], check=True, capture_output=True, text=True,
                          env=env).stdout.strip()


def _revision_shown(out: Path) -> str:
    text = (out / "site" / "data.js").read_text(encoding="utf-8")
    return str(json.loads(text.removeprefix("window.GOVNET_DATA = ").rstrip().rstrip(";"))["revision"])


def test_a_commit_of_what_was_built_reaches_the_site(built: tuple[Path, Path], tmp_path: Path) -> None:
    """Edit, build, commit, build: the second build found the same model files and said 'up to date', so the site
    went on showing the revision before the commit. A commit of other files of the repository changes nothing."""
    root, out = _copies(built, tmp_path)
    _git(root, "init", "-q")
    _git(root, "add", "-A")
    _git(root, "commit", "-qm", "model")
    assert build(root, out, date=DATE, workers=1).ok
    registry = root / "registry.yaml"
    registry.write_text(registry.read_text(encoding="utf-8").replace("granted: 20M", "granted: 30M"), encoding="utf-8")
    assert build(root, out, date=DATE, workers=1).ok
    _git(root, "commit", "-qam", "bandwidth")
    committed = _git(root, "log", "-1", "--format=%h")
    after = build(root, out, date=DATE, workers=1)
    assert after.ok and not after.up_to_date
    assert _revision_shown(out) == committed
    (root / "NOTES.md").write_text("not the model", encoding="utf-8")
    _git(root, "add", "NOTES.md")
    _git(root, "commit", "-qm", "notes")
    assert build(root, out, date=DATE, workers=1).up_to_date
    assert _revision_shown(out) == committed



def _commit_on(root: Path, day: str, message: str) -> None:
    env = {**os.environ, "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.org", "GIT_COMMITTER_NAME": "t",
           "GIT_COMMITTER_EMAIL": "t@example.org", "GIT_COMMITTER_DATE": f"{day}T10:00:00"}
    subprocess.run(["git", "-C", str(root), "add", "-A"], check=True, capture_output=True, env=env)
    subprocess.run(["git", "-C", str(root), "commit", "-qm", message], check=True, capture_output=True, env=env)


def test_the_diagrams_date_and_the_sites_revision_follow_the_same_files(tmp_path: Path) -> None:
    """The diagrams' date looked at govnet.yaml, topology/, zones/ and registry.yaml only: a commit of registry.d/
    alone moved the site's revision (every model file) and left the diagrams dated before it."""
    from govnet.source.dating import commit_date, model_revision

    root = tmp_path / "model"
    shutil.copytree(MINI, root)
    _git(root, "init", "-q")
    _commit_on(root, "2024-01-02", "model")
    (root / "registry.d").mkdir()
    (root / "registry.d" / "3602.yaml").write_text("units: []\n", encoding="utf-8")
    _commit_on(root, "2024-03-04", "units of 3602")
    assert model_revision(root) == _git(root, "log", "-1", "--format=%h")
    assert commit_date(root) == "2024-03-04"
