"""remove_stale: what a full render or build deletes below configs/ (outputs of devices no longer in the model)."""

from __future__ import annotations

from pathlib import Path

from govnet.writer import remove_stale


def _files(root: Path) -> set[str]:
    return {p.relative_to(root).as_posix() for p in root.rglob("*")}


def test_removes_stale_configs_and_the_folders_they_leave_empty(tmp_path: Path) -> None:
    configs = tmp_path / "configs"
    for rel in ("3601/A.cfg", "3601/B.cfg", "3602/C.cfg", "3603/deep/D.cfg", "3604/notes.txt", "3604/E.cfg"):
        (configs / rel).parent.mkdir(parents=True, exist_ok=True)
        (configs / rel).write_text("x", encoding="utf-8")
    (configs / "3605" / "empty").mkdir(parents=True)
    outside = tmp_path / "elsewhere"
    outside.mkdir()
    (outside / "F.cfg").write_text("x", encoding="utf-8")
    (configs / "link").symlink_to(outside, target_is_directory=True)
    keep = {configs / "3601" / "A.cfg", tmp_path / "configs" / "3602" / "C.cfg"}
    assert remove_stale(configs, keep, ".cfg") == 3  # B, D, E
    assert _files(configs) == {"3601", "3601/A.cfg", "3602", "3602/C.cfg", "3604", "3604/notes.txt", "link"}
    assert (outside / "F.cfg").is_file()  # a symlinked folder is not walked into


def test_missing_folder_removes_nothing(tmp_path: Path) -> None:
    assert remove_stale(tmp_path / "configs", set(), ".cfg") == 0
