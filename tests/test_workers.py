"""govnet.workers: jobs shared out as they go between forked workers and the process that asks for them."""

from __future__ import annotations

import os
import time
from pathlib import Path
from typing import Any

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
    assert jobs.pool is None
    assert [jobs.result(i) for i in range(3)] == [(0, parent), (1, parent), (2, parent)]
    jobs.close()
