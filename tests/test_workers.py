"""govnet.workers: jobs shared out as they go between forked workers and the process that asks for them."""

from __future__ import annotations

import os
import signal
import threading
import time
from pathlib import Path
from typing import Any

import pytest

from govnet.workers import Jobs, Progress


def _jobs(tmp_path: Path, parent: int) -> list[Any]:
    """Three jobs that each leave a file (created exclusively: a job run twice fails) and return (number, pid).
    Job 0, when a worker runs it, waits for job 1's file: a worker busy with it cannot take job 1, so this
    process has to."""
    def job(index: int) -> Any:
        def run(progress: Progress) -> tuple[int, int]:
            with (tmp_path / str(index)).open("x"):
                pass
            if index == 0 and os.getpid() != parent:
                for _ in range(600):  # not a timing: a bound, so a broken build fails instead of hanging
                    if (tmp_path / "1").exists():
                        break
                    time.sleep(0.05)
            progress("job", index, 3)
            return index, os.getpid()
        return run

    return [job(i) for i in range(3)]


def test_this_process_takes_the_jobs_no_worker_has_started(tmp_path: Path) -> None:
    parent = os.getpid()
    seen: list[tuple[str, int, int]] = []
    jobs = Jobs(_jobs(tmp_path, parent), 2, lambda *event: seen.append(event), processes=1)
    try:
        results = [jobs.result(i) for i in range(3)]
    finally:
        jobs.close()
    assert [index for index, _ in results] == [0, 1, 2]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["0", "1", "2"]  # each ran once
    assert parent in {pid for _, pid in results}  # job 1 at least, while the worker was busy


def test_one_worker_means_every_job_here_in_order(tmp_path: Path) -> None:
    parent = os.getpid()
    jobs = Jobs(_jobs(tmp_path, parent), 1, lambda *event: None)
    assert jobs.processes == []
    assert [jobs.result(i) for i in range(3)] == [(0, parent), (1, parent), (2, parent)]
    jobs.close()


def _in_worker(tmp_path: Path, parent: int, how: str) -> Any:
    """A job that, in a forked worker, leaves a mark and then dies (SIGKILL) or raises; in this process (which
    takes a job no worker has started yet) it only returns."""
    def run(progress: Progress) -> str:
        if os.getpid() != parent:
            (tmp_path / "taken").touch()
            if how == "dies":
                os.kill(os.getpid(), signal.SIGKILL)
            raise ValueError("a job's own failure")
        return "run here"
    return run


def _answer_within(seconds: float, ask: Any) -> Any:
    """What ``ask()`` returns or raises, asked on a thread; a hang fails the test instead of the suite."""
    found: list[Any] = []

    def run() -> None:
        try:
            found.append(ask())
        except Exception as exc:
            found.append(exc)

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    thread.join(seconds)  # a bound, not a timing: the answer comes at once, or never
    assert not thread.is_alive(), "no answer: the build would hang here"
    return found[0]


@pytest.mark.parametrize(("how", "expected"), [("dies", "ended without its results"), ("fails", "own failure")])
def test_a_worker_that_dies_or_fails_is_an_error_not_a_hang(tmp_path: Path, how: str, expected: str) -> None:
    """A worker killed mid-job (the kernel's OOM killer, a signal) made multiprocessing.Pool start another and
    wait for the lost result forever; a job's exception reaches the caller as before. Either way close() leaves
    no process behind."""
    import multiprocessing

    jobs = Jobs([_in_worker(tmp_path, os.getpid(), how)], 2, lambda *event: None, processes=1)
    try:
        for _ in range(600):  # not a timing: a bound; the worker takes the job, not this process
            if (tmp_path / "taken").exists():
                break
            time.sleep(0.05)
        assert (tmp_path / "taken").exists()
        answer = _answer_within(60, lambda: jobs.result(0))
    finally:
        _answer_within(60, jobs.close)
    assert isinstance(answer, RuntimeError | ValueError) and expected in str(answer), answer
    assert multiprocessing.active_children() == []



_ORPHANED = """
import os, sys, time
from pathlib import Path
from govnet.workers import Jobs

marks = Path(sys.argv[1])

def job(progress):
    (marks / "worker").write_text(str(os.getpid()))
    time.sleep(120)  # the work of a large build's diagrams: the build is killed meanwhile
    return "done"

jobs = Jobs([job], 2, lambda *event: None, processes=1)
time.sleep(120)
"""


def _alive(pid: int) -> bool:
    """Whether ``pid`` runs (a zombie that nobody reaped yet counts as gone)."""
    try:
        status = Path(f"/proc/{pid}/status").read_text(encoding="utf-8")
    except OSError:
        return False
    return "\nState:\tZ" not in status


@pytest.mark.skipif(not Path("/proc/self/status").exists(), reason="reads /proc")
def test_a_worker_dies_with_its_build(tmp_path: Path) -> None:
    """A build killed outright (kill -9, the OOM killer, a CI timeout's SIGTERM) left its workers running: each
    blocked for ever writing its results into a pipe nobody read, holding a copy of the model and the caller's
    output pipe open (a killed 'govnet build | tee log' never ended), or went on staging files into out/."""
    import subprocess
    import sys

    build = subprocess.Popen([sys.executable, "-c", _ORPHANED, str(tmp_path)])
    mark = tmp_path / "worker"
    try:
        for _ in range(1200):  # bounds, not timings
            if mark.exists() and mark.read_text():
                break
            time.sleep(0.05)
        worker = int(mark.read_text())
        assert _alive(worker)
    finally:
        build.kill()
        build.wait()
    try:
        for _ in range(200):
            if not _alive(worker):
                break
            time.sleep(0.05)
        assert not _alive(worker)
    finally:
        if _alive(worker):
            os.kill(worker, signal.SIGKILL)
