"""The build's staging (govnet.writer.Staging): files are written before verify has passed, but nothing below the
output directory changes until the commit, and a discarded stage leaves it as it was."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from govnet.writer import STAGING, Staging, content_hash, write_if_changed


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_staged_files_appear_only_at_the_commit(tmp_path: Path) -> None:
    out = tmp_path / "out"
    staging = Staging(out)
    digest, changed, name = staging.stage("configs/3601/R1.cfg", "sysname R1\n")
    assert (digest, changed) == (content_hash("sysname R1\n"), True) and name
    assert not (out / "configs").exists()  # what verify has not passed is not in the output yet
    staging.commit([(name, "configs/3601/R1.cfg")])
    assert (out / "configs/3601/R1.cfg").read_text() == "sysname R1\n"
    assert not (out / STAGING).exists()
    mask = os.umask(0)
    os.umask(mask)
    assert _mode(out / "configs/3601/R1.cfg") == 0o666 & ~mask  # like any file the user makes


def test_unchanged_content_is_not_staged_and_a_replaced_file_keeps_its_mode(tmp_path: Path) -> None:
    out = tmp_path / "out"
    (out / "records").mkdir(parents=True)
    (out / "records/a.html").write_text("same")
    (out / "records/b.html").write_text("old")
    (out / "records/b.html").chmod(0o640)
    staging = Staging(out)
    assert staging.stage("records/a.html", "same") == (content_hash("same"), False, "")
    _, changed, name = staging.stage("records/b.html", b"new")
    assert changed and name
    assert (out / "records/b.html").read_text() == "old"
    staging.commit([(name, "records/b.html")])
    assert (out / "records/b.html").read_text() == "new" and _mode(out / "records/b.html") == 0o640


def test_a_forced_mode_is_staged_even_when_the_content_is_the_same(tmp_path: Path) -> None:
    out = tmp_path / "out"
    (out / "configs").mkdir(parents=True)
    (out / "configs/R1.cfg").write_text("secret")
    (out / "configs/R1.cfg").chmod(0o644)
    staging = Staging(out)
    _, changed, name = staging.stage("configs/R1.cfg", "secret", mode=0o600)
    assert not changed and name
    assert _mode(out / "configs/R1.cfg") == 0o644
    staging.commit([(name, "configs/R1.cfg")])
    assert _mode(out / "configs/R1.cfg") == 0o600


def test_a_discarded_stage_leaves_the_output_as_it_was(tmp_path: Path) -> None:
    out = tmp_path / "out"
    (out / "configs").mkdir(parents=True)
    (out / "configs/R1.cfg").write_text("works")
    staging = Staging(out)
    staging.stage("configs/R1.cfg", "does not work")
    staging.stage("configs/R2.cfg", "new")
    staging.discard()
    assert sorted(p.relative_to(out).as_posix() for p in out.rglob("*")) == ["configs", "configs/R1.cfg"]
    assert (out / "configs/R1.cfg").read_text() == "works"


def test_a_bare_file_name_is_written_in_the_working_directory(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """'govnet allocate .' writes Path('allocations.lock'): a path with no folder part is the current directory."""
    monkeypatch.chdir(tmp_path)
    assert write_if_changed(Path("allocations.lock"), "x\n")
    assert (tmp_path / "allocations.lock").read_text() == "x\n"
    assert not write_if_changed(Path("allocations.lock"), "x\n")


def test_a_folder_the_output_lacks_is_moved_into_place_whole(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A first build's configs/ is staged as a tree and moved with one rename; files of a folder the output
    already has are moved one by one; a folder that appears before the commit gets the files one by one too."""
    out = tmp_path / "out"
    (out / "records").mkdir(parents=True)
    (out / "records" / "kept.csv").write_text("kept\n")
    staging = Staging(out)
    paths = [f"configs/3601/{n}/R{i}.cfg" for n in ("360102", "360103") for i in range(3)]
    staged = [(staging.stage(p, f"sysname {p}\n")[2], p) for p in paths]
    staged += [(staging.stage("records/ledger.csv", "a,b\n")[2], "records/ledger.csv")]
    staged += [(staging.stage("diagrams/city.svg", "<svg/>")[2], "diagrams/city.svg")]
    (out / "diagrams").mkdir()  # made by someone else meanwhile: its files go one by one
    (out / "diagrams" / "other.svg").write_text("<svg/>")
    renames: list[str] = []
    real = os.replace

    def counting(source: str, target: str) -> None:
        renames.append(os.path.relpath(target, out))
        real(source, target)

    monkeypatch.setattr(os, "replace", counting)
    staging.commit(staged)
    assert sorted(renames) == ["configs", "diagrams/city.svg", "records/ledger.csv"]
    for path in paths:
        assert (out / path).read_text() == f"sysname {path}\n"
    assert (out / "records" / "kept.csv").read_text() == "kept\n" and (out / "records" / "ledger.csv").is_file()
    assert (out / "diagrams" / "other.svg").is_file() and (out / "diagrams" / "city.svg").read_text() == "<svg/>"
    assert not (out / STAGING).exists()
