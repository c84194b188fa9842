"""What an incremental build rewrites, per everyday change to the default model (issues 12 and 13).

Usage: python bench/incremental.py [--cases add_unit,comment,...] [--diff] [--clean] [--dir DIR] [--list]

Builds a copy of the repository's model (in a git repository of its own) once, then for each change: copies the
model and that build, makes the change (running `govnet allocate` where an engineer would), commits it, builds
again and again, and prints the files whose content changed per top-level folder, the files only rewritten (the
same bytes: there should be none), the build's own line (changed/skipped), whether the second build was up to
date, and the lock entries that moved (there must be none). --diff adds the devices `govnet diff HEAD~1` names
next to the configs whose content changed (they should be the same); --clean builds the changed model into an
empty folder too and names every file that differs from the incremental output (stale: there must be none).

A measurement, not a test: the wall seconds of each build are printed with the load average (bench/machine.py),
and on a loaded machine they are above what the code costs.
"""

from __future__ import annotations

import argparse
import hashlib
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import machine  # bench/machine.py: a script's own folder is on sys.path

ROOT = Path(__file__).resolve().parent.parent  # the repository: also the Jiangxi model
MODEL = ("govnet.yaml", "topology", "zones", "registry.yaml", "registry.d", "allocations.lock", "targets.yaml")
IGNORED = {".govnet-build.json", ".cache/verify-scan.pickle"}  # the build's own bookkeeping
ENV = {**os.environ, "GIT_AUTHOR_NAME": "bench", "GIT_AUTHOR_EMAIL": "bench@example.org",
       "GIT_COMMITTER_NAME": "bench", "GIT_COMMITTER_EMAIL": "bench@example.org",
       "GIT_AUTHOR_DATE": "2026-01-05T10:00:00", "GIT_COMMITTER_DATE": "2026-01-05T10:00:00"}
UNIT = "JX-360102004-01"  # an active unit of a street office with a router of its own
NEW_UNIT = """
  - id: JX-360102006-09
    name: 大院街道社区服务中心
    uscc: 11360102MB0099A163
    division: '360102006'
    site: '360102006'
    access_class: A
    zones: [public]
    bandwidth: {requested: 50M, granted: 50M}
    line: {type: MSTP, carrier: 移动}
    mlps: {level: 2, filing: 36010213999-23999, assessed: 2024-01-15}
    contacts: {head: {name: 谢霞, mobile: '17322345345'}, technical: {name: 彭明, mobile: '17484082111'}}
    status: active
    history:
      - {date: 2024-03-01, action: apply, by: 大院街道社区服务中心}
      - {date: 2024-03-20, action: approve, by: 省电子政务外网协调小组办公室, document: 赣政网〔2024〕999号}
      - {date: 2024-04-01, action: activate, by: 东湖区政务服务数据管理局}
"""

Change = Callable[[Path], None]


def _govnet(*args: str, cwd: Path, env: dict[str, str] | None = None) -> tuple[int, str, float]:
    start = time.perf_counter()
    done = subprocess.run([sys.executable, "-m", "govnet", *args], cwd=cwd, capture_output=True, text=True,
                          env=env or ENV, check=False)
    return done.returncode, done.stdout + done.stderr, time.perf_counter() - start


def _git(root: Path, *args: str) -> None:
    subprocess.run(["git", "-C", str(root), *args], check=True, capture_output=True, env=ENV)


def _replace(rel: str, old: str, new: str) -> Change:
    def change(root: Path) -> None:
        path = root / rel
        text = path.read_text(encoding="utf-8")
        assert old in text, f"{old!r} not in {rel}"
        path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return change


def _registry(*args: str) -> Change:
    def change(root: Path) -> None:
        code, text, _ = _govnet("registry", *args, "--by", "bench", "--date", "2024-06-01", str(root), cwd=root)
        assert code == 0, text
    return change


def _append_unit(root: Path) -> None:
    path = root / "registry.d" / "3601.yaml"
    path.write_text(path.read_text(encoding="utf-8") + NEW_UNIT, encoding="utf-8")


def _touch(root: Path) -> None:
    later = time.time() + 100
    os.utime(root / "topology" / "3601.yaml", (later, later))


NANCHANG, PROVINCE = "topology/3601.yaml", "topology/province.yaml"
DAYUAN, YUZHANG = "        - {code: 360102006, name: 大院街道}", "        - {code: 360102007, name: 豫章街道}"
REPLICATION, REPLICATION2 = "{a: JX-CLOUD-CR01, b: JX-DR-CR01", "{a: JX-CLOUD-CR02, b: JX-DR-CR02"

# name: (change, govnet allocate arguments or None when an engineer would not run it, extra build arguments,
# environment additions)
CASES: dict[str, tuple[Change, tuple[str, ...] | None, tuple[str, ...], dict[str, str]]] = {
    "nothing": (lambda root: None, None, (), {}),
    "touch (mtime only)": (_touch, None, (), {}),
    "comment": (_replace("topology/3601.yaml", "# 南昌市: maintained", "# 南昌市 (edited): maintained"), None, (), {}),
    "add a unit (active)": (_append_unit, (), (), {}),
    "activate a unit": (_registry("activate", "JX-360102005-01"), None, (), {}),
    "suspend a unit": (_registry("suspend", UNIT), None, (), {}),
    "revoke a unit": (_registry("revoke", UNIT), None, (), {}),
    "unit bandwidth": (_replace("registry.d/3601.yaml", "    zones: [public, medins]\n    bandwidth: {requested: 50M, "
                                "granted: 50M}", "    zones: [public, medins]\n    bandwidth: {requested: 100M, "
                                "granted: 100M}"), None, (), {}),
    "unit joins a zone": (_replace("registry.d/3601.yaml", "    site: '360102004'\n    access_class: D\n    zones: "
                                   "[public, medins]", "    site: '360102004'\n    access_class: D\n    zones: "
                                   "[public, medins, hrss]"), (), (), {}),
    "unit moves site": (_replace("registry.d/3601.yaml", "    division: '360102004'\n    site: '360102004'",
                                 "    division: '360102004'\n    site: '360102'"), ("--release", UNIT), (), {}),
    "add a township": (_replace(NANCHANG, DAYUAN, f"        - {{code: 360102003, name: 新设街道}}\n{DAYUAN}"), (), (),
                       {}),
    "rename a site": (_replace(NANCHANG, "name: 大院街道}", "name: 大院街道办}"), None, (), {}),
    "link bandwidth": (_replace(PROVINCE, f"{REPLICATION}, bandwidth: 10G", f"{REPLICATION}, bandwidth: 1G"), None, (),
                       {}),
    "link carrier": (_replace(PROVINCE, f"{REPLICATION2}, bandwidth: 10G, carrier: 联通",
                              f"{REPLICATION2}, bandwidth: 10G, carrier: 移动"), None, (), {}),
    "uplink carriers": (_replace(PROVINCE, "uplinks: {bandwidth: 10G, carriers: [电信, 移动]}",
                                 "uplinks: {bandwidth: 10G, carriers: [电信, 联通]}"), None, (), {}),
    "reorder townships": (_replace(NANCHANG, f"{DAYUAN}\n{YUZHANG}", f"{YUZHANG}\n{DAYUAN}"), None, (), {}),
    "reorder keys": (_replace(NANCHANG, "  code: 3601\n  name: 南昌市", "  name: 南昌市\n  code: 3601"), None, (), {}),
    "a secret": (lambda root: None, None, (), {"GOVNET_SECRET_SNMP_COMMUNITY": "bench-secret"}),
    "the date": (lambda root: None, None, ("--date", "2026-01-06"), {}),
}


def _files(out: Path) -> dict[str, tuple[str, int, int]]:
    """Each file below ``out``: (content hash, inode, mtime)."""
    found = {}
    for path in out.rglob("*"):
        if path.is_file():
            rel = path.relative_to(out).as_posix()
            if rel not in IGNORED:
                stat = path.stat()
                found[rel] = (hashlib.sha256(path.read_bytes()).hexdigest(), stat.st_ino, stat.st_mtime_ns)
    return found


def _lock(root: Path) -> dict[str, str]:
    entries = {}
    for line in (root / "allocations.lock").read_text(encoding="utf-8").splitlines():
        if line and not line.startswith("#"):
            key, _, prefix = line.rpartition(" ")
            entries[key] = prefix
    return entries


def _summary(text: str) -> str:
    return next((line for line in reversed(text.splitlines()) if "wrote" in line or "up to date" in line),
                text.strip().splitlines()[-1] if text.strip() else "")


def _case(name: str, base: Path, built: Path, work: Path, *, diff: bool, clean: bool) -> None:
    change, allocate, extra, env_extra = CASES[name]
    env = {**ENV, **env_extra}
    root, out = work / "model", work / "out"
    shutil.rmtree(work, ignore_errors=True)
    shutil.copytree(base, root, symlinks=True)
    shutil.copytree(built, out, symlinks=True)
    before, lock_before = _files(out), _lock(root)
    change(root)
    if allocate is not None:
        code, text, _ = _govnet("allocate", ".", *allocate, cwd=root, env=env)
        assert code == 0, text
    _git(root, "add", "-A")
    _git(root, "commit", "-qm", name, "--allow-empty")
    moved = sorted(k for k, v in _lock(root).items() if k in lock_before and lock_before[k] != v)
    code, first, seconds = _govnet("build", ".", "-o", str(out), *extra, cwd=root, env=env)
    assert code == 0, first
    after = _files(out)
    _, second, again = _govnet("build", ".", "-o", str(out), *extra, cwd=root, env=env)
    changed = sorted(k for k in after if k not in before or before[k][0] != after[k][0])
    same = sorted(k for k in after if k in before and before[k][0] == after[k][0] and before[k][1:] != after[k][1:])
    folders: dict[str, int] = {}
    for rel in changed:
        folders[rel.split("/")[0]] = folders.get(rel.split("/")[0], 0) + 1
    print(f"{name:20} {seconds:6.1f} s  changed {len(changed):4} {dict(sorted(folders.items()))}")
    print(f"{'':20} build: {_summary(first)}")
    print(f"{'':20} again {again:4.1f} s: {'up to date' if 'up to date' in _summary(second) else _summary(second)}; "
          f"rewritten with the same bytes: {len(same)}; lock entries moved: {len(moved)} {moved[:3]}")
    if diff:
        _, text, _ = _govnet("diff", "HEAD~1", cwd=root, env=env)
        named = sorted(set(re.findall(r"^\+\+\+ \S*?/([^/\s]+)\.cfg$", text, re.M)))
        configs = sorted(Path(rel).stem for rel in changed if rel.startswith("configs/"))
        print(f"{'':20} diff names {len(named)} device(s), {len(configs)} config(s) changed: "
              f"{'the same' if named == configs else f'diff {named[:5]} build {configs[:5]}'}")
    if clean:
        fresh = work / "clean"
        _govnet("build", ".", "-o", str(fresh), *extra, cwd=root, env=env)
        made = _files(fresh)
        stale = sorted(k for k in set(made) | set(after) if made.get(k, ("",))[0] != after.get(k, ("",))[0])
        print(f"{'':20} against a clean build: {len(stale)} file(s) differ {stale[:5]}")
    shutil.rmtree(work, ignore_errors=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", help="comma-separated case names (default: all)")
    parser.add_argument("--diff", action="store_true", help="compare with the devices govnet diff names")
    parser.add_argument("--clean", action="store_true", help="compare with a build into an empty folder")
    parser.add_argument("--dir", type=Path, help="where to work (default: a temporary folder)")
    parser.add_argument("--list", action="store_true", help="list the cases")
    args = parser.parse_args()
    if args.list:
        print("\n".join(CASES))
        return
    names = args.cases.split(",") if args.cases else list(CASES)
    unknown = [n for n in names if n not in CASES]
    if unknown:
        parser.error(f"unknown case(s) {unknown}; --list shows them")
    top = Path(tempfile.mkdtemp(prefix="govnet-incremental-", dir=args.dir))
    try:
        base, built = top / "base", top / "built"
        from govnet.source.layout import copy_model

        copy_model(ROOT, base, MODEL)
        _git(base, "init", "-q")
        _git(base, "add", "-A")
        _git(base, "commit", "-qm", "base")
        print(machine.state("before"))
        code, text, seconds = _govnet("build", ".", "-o", str(built), cwd=base)
        assert code == 0, text
        print(f"{'fresh build':20} {seconds:6.1f} s  {_summary(text)}")
        for name in names:
            _case(name, base, built, top / "case", diff=args.diff, clean=args.clean)
        print(machine.state("after"))
    finally:
        shutil.rmtree(top, ignore_errors=True)


if __name__ == "__main__":
    main()
