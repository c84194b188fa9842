"""allocations.lock in git: after a merge of two branches that each allocated (what validation says, and the way out
its hint names), and a hand edit of the committed lock accepted with --reseal."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

from conftest import copy_model
from govnet.ipam.lockfile import read_lock
from govnet.pipeline import allocate, validate
from govnet.source.modeldir import LOCK_FILE

MINI = Path(__file__).resolve().parent / "fixtures" / "mini"


def _git(root: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.org", "GIT_COMMITTER_NAME": "t",
           "GIT_COMMITTER_EMAIL": "t@example.org"}
    return subprocess.run(["git", "-C", str(root), *args], capture_output=True, text=True, env=env, check=False)


def _add_township(root: Path, city: str, after: str, new: str) -> None:
    path = root / "topology" / city
    text = path.read_text(encoding="utf-8")
    assert after in text
    path.write_text(text.replace(after, f"{after}\n        - {new}", 1), encoding="utf-8")
    result, allocation = allocate(root)
    assert allocation is not None, [d.as_text() for d in result.diagnostics]
    (root / LOCK_FILE).write_text(allocation.text, encoding="utf-8")
    assert _git(root, "commit", "-qam", f"add {new}").returncode == 0


def test_a_lock_git_could_not_merge_is_one_diagnostic_per_conflict_with_the_way_out(tmp_path: Path) -> None:
    """Two branches each add a township and allocate: git merges most lines of the lock by itself (so the merged
    lock gives both new routers the same loopback) and stops at the digest and plan lines. Validation said 19
    errors: each marker a 'cannot read lock entry', the digest 'edited by hand', every entry of the other side
    'not in the committed lock' with the hint 'git checkout allocations.lock' (which git refuses during a
    merge), and the overlaps with a hint about pins."""
    root = copy_model(MINI, tmp_path / "model")
    assert _git(root, "init", "-q", "-b", "main").returncode == 0
    _git(root, "add", "-A")
    assert _git(root, "commit", "-qm", "model").returncode == 0
    _git(root, "checkout", "-qb", "west")
    _add_township(root, "3601.yaml", "        - {code: 360103002, name: 朝阳洲街道}",
                  "{code: 360103003, name: 广润门街道}")
    _git(root, "checkout", "-q", "main")
    _add_township(root, "3602.yaml", "        - {code: 360202002, name: 新枫街道}", "{code: 360202003, name: 吕蒙街道}")
    ours = read_lock((root / LOCK_FILE).read_text(encoding="utf-8")).entries
    merge = _git(root, "merge", "west")
    assert merge.returncode != 0 and "CONFLICT (content): Merge conflict in allocations.lock" in merge.stdout

    text = (root / LOCK_FILE).read_text(encoding="utf-8")
    markers = [n for n, line in enumerate(text.splitlines(), 1) if line.startswith("<<<<<<<")]
    found = [d for d in validate(root).diagnostics if d.severity == "error"]
    assert [(d.file, d.line, d.code) for d in found] == [(LOCK_FILE, n, "GN628") for n in markers]
    assert all("unresolved merge conflict" in d.message and d.hint and "git checkout --ours allocations.lock" in d.hint
               and "govnet allocate" in d.hint for d in found)
    result, allocation = allocate(root)
    assert allocation is None and [d.line for d in result.diagnostics if d.code == "GN628"] == markers

    # The way out the hint names: one side whole, then allocate what the other side added.
    assert _git(root, "checkout", "--ours", LOCK_FILE).returncode == 0
    result, allocation = allocate(root)
    assert allocation is not None, [d.as_text() for d in result.diagnostics]
    (root / LOCK_FILE).write_text(allocation.text, encoding="utf-8")
    assert validate(root).ok
    merged = read_lock(allocation.text).entries
    assert {k: merged[k] for k in ours} == ours  # nothing of this side moved
    assert any("JX-360103003-R01" in k for k in merged)  # the other side's router has addresses of its own


def test_reseal_accepts_a_hand_edit_of_a_committed_lock(tmp_path: Path) -> None:
    """'govnet allocate --reseal' accepts a hand-edited lock whose entries pass every check, but in a git repository
    (where the lock is committed, as it must be) it stopped at the GN628 naming where the lock differs from the
    committed one: the option worked only outside git."""
    root = copy_model(MINI, tmp_path / "model")
    assert _git(root, "init", "-q").returncode == 0
    _git(root, "add", "-A")
    assert _git(root, "commit", "-qm", "model").returncode == 0
    lock = root / LOCK_FILE
    old = read_lock(lock.read_text(encoding="utf-8")).entries["loopback ipv4 device JX-36-CR01"]
    text = lock.read_text(encoding="utf-8")
    lock.write_text(text.replace(f"loopback ipv4 device JX-36-CR01 {old}\n",
                                 "loopback ipv4 device JX-36-CR01 10.0.99.1/32\n"), encoding="utf-8")
    refused = validate(root)
    assert {d.code for d in refused.diagnostics} == {"GN628"} and any("committed" in d.message
                                                                       for d in refused.diagnostics)
    result, allocation = allocate(root, reseal=True)
    assert allocation is not None, [d.as_text() for d in result.diagnostics]
    lock.write_text(allocation.text, encoding="utf-8")
    assert validate(root).ok
    assert str(read_lock(allocation.text).entries["loopback ipv4 device JX-36-CR01"]) == "10.0.99.1/32"


def test_an_overlap_the_lock_holds_by_itself_is_not_blamed_on_a_pin(tmp_path: Path) -> None:
    """Two lock entries given the same block by hand (or by a merge) without any pin: GN624's hint said 'pins must not
    reuse addresses already handed out', sending the engineer to look for a pin there is none of."""
    root = copy_model(MINI, tmp_path / "model")
    lock = root / LOCK_FILE
    entries = read_lock(lock.read_text(encoding="utf-8")).entries
    one, other = "public ipv4 site 360202001", "public ipv4 site 360202002"
    text = lock.read_text(encoding="utf-8")
    lock.write_text(text.replace(f"{one} {entries[one]}\n", f"{one} {entries[other]}\n"), encoding="utf-8")
    [overlap] = [d for d in validate(root).diagnostics if d.code == "GN624"]
    assert overlap.hint is not None and "neither is a pin" in overlap.hint and "pins must not" not in overlap.hint
    result, allocation = allocate(root, reseal=True, release=("360202001",))  # the way out the hint names
    assert allocation is not None, [d.as_text() for d in result.diagnostics]
    lock.write_text(allocation.text, encoding="utf-8")
    assert validate(root).ok
