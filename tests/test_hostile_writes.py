"""Issue 18: nothing lost, nothing refused for no reason. One writer lock for every model-writing command, queued
adds that all land, line endings and byte-order marks kept, stale temp files cleaned, init's clear errors."""

from __future__ import annotations

import datetime as dt
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import govnet_in_process
from govnet.pipeline import validate
from govnet.registry import edit as regedit
from govnet.registry import uscc

MINI = Path(__file__).resolve().parent / "fixtures" / "mini"
HOLD = """
import sys, time
from pathlib import Path
from govnet.writer import ModelLock
lock = ModelLock(Path(sys.argv[1]))
lock.acquire()
print("held", flush=True)
release = Path(sys.argv[2])
for _ in range(1200):  # until the test says so (at most 2 minutes): not a guess at how long the other side takes
    if release.exists():
        break
    time.sleep(0.1)
lock.release()
"""


def _cli(*args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "NO_COLOR": "1", "COLUMNS": "200"}
    return subprocess.run([sys.executable, "-m", "govnet", *args], capture_output=True, text=True, env=env,
                          timeout=300, stdin=subprocess.DEVNULL)


def _add_args(model: Path, n: int) -> list[str]:
    return ["registry", "add", "-m", str(model), "--id", f"T-{n:03d}", "--name", f"东湖区测试单位{n}",
            "--uscc", uscc.make("11", "360102", f"MB{n:04d}XX"), "--division", "360102", "--site", "360102",
            "--class", "A", "--bandwidth", "100M", "--head", "甲", "--head-mobile", "13900000001", "--tech", "乙",
            "--tech-mobile", "13900000002", "--date", "2024-06-25"]


def _units(text: str) -> list[str]:
    return ["  - id: " + part for part in text.split("\n  - id: ")[1:]]


# (6) allocate takes the writer lock ------------------------------------------------------------------------------

def test_allocate_waits_for_the_writer_lock(model: Path, tmp_path: Path) -> None:
    release = tmp_path / "release"
    holder = subprocess.Popen([sys.executable, "-c", HOLD, str(model), str(release)], stdout=subprocess.PIPE,
                              text=True)
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "held"
        env = {**os.environ, "NO_COLOR": "1", "COLUMNS": "200"}
        allocate = subprocess.Popen([sys.executable, "-m", "govnet", "allocate", str(model)], stderr=subprocess.PIPE,
                                    stdout=subprocess.DEVNULL, stdin=subprocess.DEVNULL, text=True, env=env)
        assert allocate.stderr is not None
        said = []
        for line in allocate.stderr:  # the holder keeps the lock until allocate says it waits (or ends)
            said.append(line)
            if "waiting" in line:
                break
        release.touch()
        said += allocate.stderr.readlines()
        assert allocate.wait(timeout=300) == 0, said
    finally:
        release.touch()
        holder.wait(timeout=60)
    assert any("waiting" in line for line in said), said  # it queued behind the holder instead of writing over it


# (7) concurrent adds all land -----------------------------------------------------------------------------------

def test_concurrent_adds_all_land_and_the_rest_is_untouched(model: Path) -> None:
    registry = model / "registry.yaml"
    before = registry.read_text(encoding="utf-8")
    jobs = [subprocess.Popen([sys.executable, "-m", "govnet", *_add_args(model, n)], stdout=subprocess.PIPE,
                             stderr=subprocess.PIPE, text=True, stdin=subprocess.DEVNULL) for n in range(12)]
    outcomes = [(job.wait(timeout=600), job.stderr.read() if job.stderr else "") for job in jobs]
    assert all(code == 0 for code, _ in outcomes), outcomes
    after = registry.read_text(encoding="utf-8")
    assert after.startswith(before.rstrip("\n"))  # comments and every earlier unit byte-identical
    added = {u.split("\n")[0].removeprefix("  - id: ") for u in _units(after)} - {
        u.split("\n")[0].removeprefix("  - id: ") for u in _units(before)}
    assert added == {f"T-{n:03d}" for n in range(12)}
    result = validate(model)
    assert result.ok, [d.as_text() for d in result.diagnostics]
    assert not list((model / regedit.QUEUE_DIR).iterdir())  # every request answered and cleared


def test_a_bad_unit_in_a_batch_is_refused_alone(model: Path) -> None:
    queue = model / regedit.QUEUE_DIR
    queue.mkdir()
    good = {"id": "T-001", "site": "360102", "block": regedit.render_unit(
        {"id": "T-001", "name": "甲单位", "uscc": uscc.make("11", "360102", "MB0001XX"), "division": "360102",
         "site": "360102", "access_class": "A", "zones": ["public"], "bandwidth": {"requested": "100M"},
         "contacts": {"head": {"name": "甲", "mobile": "13900000001"},
                      "technical": {"name": "乙", "mobile": "13900000002"}}, "status": "applied",
         "history": [{"date": dt.date(2024, 6, 25), "action": "apply", "by": "甲"}]})}
    bad = {**good, "id": "T-002", "block": good["block"].replace("T-001", "T-002").replace("site: '360102'",
                                                                                           "site: '999999'")}

    (queue / "1-a.req").write_text(json.dumps(good, ensure_ascii=False), encoding="utf-8")
    (queue / "2-b.req").write_text(json.dumps(bad, ensure_ascii=False), encoding="utf-8")
    lock = regedit.ModelLock(model)
    assert lock.acquire()
    try:
        regedit._drain(model, lock)
    finally:
        lock.release()
    assert regedit._outcome(queue / "1-a.res") == "registry.yaml"
    with pytest.raises(regedit.Refused):
        regedit._outcome(queue / "2-b.res")
    assert "T-001" in (model / "registry.yaml").read_text(encoding="utf-8")
    assert "T-002" not in (model / "registry.yaml").read_text(encoding="utf-8")


# (8) line endings and BOM kept ----------------------------------------------------------------------------------

def test_crlf_and_bom_survive_a_suspend_and_an_add(model: Path) -> None:
    registry = model / "registry.yaml"
    original = registry.read_text(encoding="utf-8")
    registry.write_bytes(b"\xef\xbb\xbf" + original.replace("\n", "\r\n").encode("utf-8"))
    regedit.transition(model, "MINI-0002", "suspend", by="x", date=dt.date(2024, 6, 20), document="d")
    done = _cli(*_add_args(model, 7))
    assert done.returncode == 0, done.stderr
    raw = registry.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    assert raw.count(b"\n") == raw.count(b"\r\n") > original.count("\n")
    untouched = original.split("  - id: MINI-0002")[0].replace("\n", "\r\n")
    assert raw.decode("utf-8").removeprefix("\ufeff").startswith(untouched)
    assert validate(model).ok


# (9) temp files of a killed writer --------------------------------------------------------------------------------

def test_stale_temp_files_are_removed_by_the_next_write(model: Path) -> None:
    stale = [model / ".allocations.lock.k1ll3d.tmp", model / ".registry.yaml.x9.tmp"]
    for path in stale:
        path.write_text("half a file", encoding="utf-8")
    regedit.transition(model, "MINI-0002", "suspend", by="x", date=dt.date(2024, 6, 20), document="d")
    assert not any(p.exists() for p in stale)


def test_init_ignores_what_govnet_leaves_behind(tmp_path: Path) -> None:
    done = govnet_in_process("init", str(tmp_path / "new"), "--province", "36")
    assert done.returncode == 0, done.stderr
    ignored = (tmp_path / "new" / ".gitignore").read_text(encoding="utf-8").split()
    assert {".*.tmp", ".govnet.lock", ".govnet-queue/"} <= set(ignored)


# (10) init into a file: a clear error, not exit 3 ------------------------------------------------------------------

@pytest.mark.parametrize("where", ["file", "file/sub"])
def test_init_into_a_file_is_a_usage_error(tmp_path: Path, where: str) -> None:
    (tmp_path / "file").write_text("x", encoding="utf-8")
    done = govnet_in_process("init", str(tmp_path / where), "--province", "36")  # exit 3 would be a crash here too
    assert done.returncode == 2, (done.returncode, done.stderr)
    assert "Traceback" not in done.stderr and ("file" in done.stderr or "directory" in done.stderr)


def test_fifo_in_registry_d_is_an_edit_error_not_a_hang(model: Path) -> None:
    (model / "registry.d").mkdir()
    os.mkfifo(model / "registry.d" / "3601.yaml")
    with pytest.raises(regedit.Refused) as refused:  # the unit is found in registry.yaml; validation says why
        regedit.transition(model, "MINI-0002", "suspend", by="x", date=dt.date(2024, 6, 20), document="d")
    assert [(d.code, d.file) for d in refused.value.diagnostics] == [("GN109", "registry.d/3601.yaml")]
    assert "FIFO" in refused.value.diagnostics[0].message
    with pytest.raises(regedit.EditError, match="FIFO"):  # an add reads every registry file first
        regedit._ids(model)


@pytest.mark.parametrize(("command", "out", "where"), [
    (("build",), ".", "is the model folder itself"),
    (("build",), "topology/out", "is inside the model's topology"),
    (("records",), "./", "is the model folder itself"),
    (("render",), "zones", "is inside the model's zones"),
    (("draw",), "templates/x", "is inside the model's templates"),
    (("export", "netbox"), "registry.d/x", "is inside the model's registry.d"),
])
def test_outputs_never_go_into_the_model(model: Path, command: tuple[str, ...], out: str, where: str) -> None:
    """`govnet build -o .` wrote its summary.md over the user's own (and index.html, configs/ … among the model's
    files); an output inside topology/ or zones/ would become part of the model's input. Refused before any work,
    naming the clash; nothing is written, the user's file is as it was."""
    from conftest import govnet_in_process

    (model / "summary.md").write_text("my notes\n", encoding="utf-8")
    before = sorted(p.relative_to(model).as_posix() for p in model.rglob("*"))
    done = govnet_in_process(*command, str(model), "-o", str(model / out))
    assert done.returncode == 2 and where in done.stderr, done.stderr
    assert (model / "summary.md").read_text(encoding="utf-8") == "my notes\n"
    assert sorted(p.relative_to(model).as_posix() for p in model.rglob("*")) == before


def test_the_library_build_refuses_the_model_folder_as_its_output(model: Path) -> None:
    from govnet.errors import UsageError
    from govnet.pipeline import build

    with pytest.raises(UsageError, match="the model folder or inside its files"):
        build(model, model / "zones" / "out")
    assert not (model / "zones" / "out").exists()


def _users_folder(folder: Path) -> dict[str, str]:
    """A folder of the user's: notes and a hand-written config where govnet would put its own."""
    (folder / "configs" / "edge").mkdir(parents=True)
    files = {"summary.md": "my notes\n", "index.html": "<p>my page</p>\n", "configs/edge/R1.cfg": "sysname R1\n"}
    for rel, text in files.items():
        (folder / rel).write_text(text, encoding="utf-8")
    return files


@pytest.mark.parametrize("command", [("build",), ("render",), ("draw",), ("records",), ("export", "netbox"),
                                     ("report", "compliance")])
def test_outputs_never_replace_files_govnet_did_not_write(model: Path, tmp_path: Path,
                                                           command: tuple[str, ...]) -> None:
    """`govnet build -o docs` into a folder of the user's wrote its summary.md and index.html over theirs and
    deleted their configs/edge/R1.cfg (a build removes configs of devices not in the model). A folder that holds
    files and no govnet mark is refused before any work, naming some of them; everything in it stays as it was."""
    docs = tmp_path / "docs"
    files = _users_folder(docs)
    done = govnet_in_process(*command, str(model), "-o", str(docs))
    assert done.returncode == 2, done.stderr
    assert "holds files govnet did not write (configs, index.html, summary.md)" in done.stderr
    assert ".govnet-output" in done.stderr  # what to do when govnet may write there
    assert {p.relative_to(docs).as_posix(): p.read_text(encoding="utf-8")
            for p in docs.rglob("*") if p.is_file()} == files


def test_a_folder_govnet_wrote_or_the_user_marked_takes_outputs(model: Path, tmp_path: Path) -> None:
    """What may take outputs: a new folder; one a govnet command wrote (render, then build, into the same folder);
    one the user marked by creating the empty mark file themselves, where govnet then replaces and deletes."""
    out = tmp_path / "out"
    assert govnet_in_process("render", str(model), "-o", str(out)).returncode == 0
    assert (out / ".govnet-output").is_file()
    assert govnet_in_process("build", str(model), "-o", str(out), "-q", "--no-verify").returncode == 0
    docs = tmp_path / "docs"
    _users_folder(docs)
    (docs / ".govnet-output").touch()
    done = govnet_in_process("build", str(model), "-o", str(docs), "-q", "--no-verify")
    assert done.returncode == 0, done.stderr
    assert (docs / "summary.md").read_text(encoding="utf-8") != "my notes\n"
    assert not (docs / "configs" / "edge" / "R1.cfg").exists()  # as the mark says: govnet deletes there


def test_the_library_build_refuses_a_folder_of_the_users(model: Path, tmp_path: Path) -> None:
    from govnet.outfolder import ForeignOutput
    from govnet.pipeline import build

    docs = tmp_path / "docs"
    files = _users_folder(docs)
    with pytest.raises(ForeignOutput) as refused:
        build(model, docs, verify=False)
    assert refused.value.entries == ["configs", "index.html", "summary.md"]
    assert sorted(p.relative_to(docs).as_posix() for p in docs.rglob("*") if p.is_file()) == sorted(files)


def test_two_builds_into_one_output_folder_both_finish(model: Path, tmp_path: Path) -> None:
    """Two `govnet build -o out` at once (two terminals, two CI steps): each discarded the other's staged files, so
    one or both stopped with "cannot write to out: No such file or directory" (4 of 4 tries before the fix). The
    second now waits for the first (a lock per output folder, in the user's cache) and both finish; out/ ends as
    the last one left it, every file its record names in place and nothing staged."""
    from govnet.writer import STAGING, read_state

    out = tmp_path / "out"
    # each with a cache folder of its own (two CI jobs, two users' shells): the lock is the output folder's
    runs = [subprocess.Popen([sys.executable, "-m", "govnet", "build", str(model), "-o", str(out), "-q",
                              "--date", date], env={**os.environ, "XDG_CACHE_HOME": str(tmp_path / f"cache-{date}")},
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
            for date in ("2024-05-01", "2024-06-01")]
    for run in runs:
        _, stderr = run.communicate(timeout=300)
        assert run.returncode == 0, stderr
    state = read_state(out)
    assert state["files"] and all((out / path).is_file() for path in state["files"])
    assert not (out / STAGING).exists()


def test_a_build_waits_for_one_writing_into_its_output_folder_whatever_its_cache_folder(
        model: Path, tmp_path: Path) -> None:
    """The build lock was a file in the user's cache folder: two builds into one out/ with different
    $XDG_CACHE_HOME (or homes) took no turns. This process holds out/'s lock, as a build writing there does; a
    `govnet build` with another cache folder must say it waits, and finish once the lock is released."""
    from govnet.writer import output_lock

    out = tmp_path / "out"
    env = {**os.environ, "XDG_CACHE_HOME": str(tmp_path / "another-cache")}
    with output_lock(out):
        run = subprocess.Popen([sys.executable, "-m", "govnet", "build", str(model), "-o", str(out), "--date",
                                "2024-05-01"], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
        assert run.stderr is not None
        said = []
        for line in run.stderr:  # until it says it waits, or ends: then it built while the lock was held
            said.append(line)
            if "waiting for it to finish" in line:
                break
        assert "waiting for it to finish" in said[-1], f"built while out/ was locked (exit {run.wait()}): {said}"
        assert not (out / "summary.json").exists()
    rest = run.communicate(timeout=300)[1]
    assert run.returncode == 0, rest
    assert (out / "summary.json").is_file()
