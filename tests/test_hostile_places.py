"""Issue 18 (12): diagnostics placed where the fix is, and values shown as the user wrote them."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from govnet.pipeline import validate
from govnet.source.loader import load_text

MINI = Path(__file__).resolve().parent / "fixtures" / "mini"


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_wrong_province_in_govnet_yaml_is_reported_there(model: Path) -> None:
    _edit(model / "govnet.yaml", "province: 36", "province: abc")
    errors = [(d.code, d.file, d.line) for d in validate(model).diagnostics if str(d.severity) == "error"]
    assert errors == [("GN309", "govnet.yaml", 3)]


def test_shrunk_links_pool_is_reported_at_the_pool(model: Path) -> None:
    _edit(model / "zones" / "infrastructure.yaml", "10.1.0.0/16", "10.1.0.0/28")
    errors = [d for d in validate(model).diagnostics if str(d.severity) == "error"]
    at_pool = [d for d in errors if d.file == "zones/infrastructure.yaml"]
    assert at_pool and at_pool[0].line == 5 and "shrunk" in at_pool[0].message
    assert len(errors) < 10  # the pool's error speaks for the entries it no longer holds


def test_hand_edited_lock_entry_is_reported_at_its_line(model: Path) -> None:
    for args in (["init", "-q"], ["add", "-A"], ["-c", "user.email=t@t", "-c", "user.name=t", "commit", "-qm", "m"]):
        subprocess.run(["git", "-C", str(model), *args], check=True, capture_output=True)
    lock = model / "allocations.lock"
    lines = lock.read_text(encoding="utf-8").splitlines(keepends=True)
    number = next(i for i, line in enumerate(lines) if line.startswith("links ipv4 link ")) + 1
    key, _, net = lines[number - 1].rstrip("\n").rpartition(" ")
    moved = net.replace(".0/31", ".200/31") if ".0/31" in net else net.rsplit(".", 1)[0] + ".250/31"
    lines[number - 1] = f"{key} {moved}\n"
    lock.write_text("".join(lines), encoding="utf-8")
    found = [(d.code, d.file, d.line) for d in validate(model).diagnostics]
    assert ("GN628", "allocations.lock", number) in found, found


@pytest.mark.parametrize(("text", "shown"), [("division: 0360111\n", "0360111"), ("mobile: 1:30\n", "1:30")])
def test_yaml_11_numbers_are_kept_as_written_and_explained(text: str, shown: str) -> None:
    loaded, notes = load_text(text, "registry.yaml")
    assert loaded is not None and list(loaded.data.values()) == [shown]  # type: ignore[union-attr]
    assert [(d.code, d.line) for d in notes] == [("GN112", 1)]
    assert shown in notes[0].message and "quote" in (notes[0].hint or "")


def test_octal_division_code_is_shown_as_written(model: Path) -> None:
    _edit(model / "registry.yaml", "division: 360000", "division: 0360111")
    messages = [d.message for d in validate(model).diagnostics if d.file == "registry.yaml"]
    assert any("0360111" in m for m in messages), messages
    assert not any("122953" in m for m in messages if "GN112" not in m and "YAML 1.1" not in m), messages
