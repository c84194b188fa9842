"""The pre-commit hooks a model repository adds, and `govnet allocate --check` behind one of them."""

from __future__ import annotations

import re
import shlex
import subprocess
from pathlib import Path

from pre_commit.clientlib import load_config, load_manifest

from conftest import copy_model, govnet_in_process

TESTS = Path(__file__).resolve().parent
REPO = TESTS.parent
MINI = TESTS / "fixtures" / "mini"


def govnet(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return govnet_in_process(*args, cwd=cwd)  # the command line as the hook gives it, without a process per call


def test_hook_manifest_is_valid_and_its_patterns_match_model_files() -> None:
    hooks = {h["id"]: h for h in load_manifest(str(REPO / ".pre-commit-hooks.yaml"))}
    assert set(hooks) == {"govnet-validate", "govnet-allocate-check"}
    for hook in hooks.values():
        assert shlex.split(hook["entry"])[0] == "govnet" and hook["pass_filenames"] is False
        files = re.compile(hook["files"])
        assert files.search("topology/3601.yaml") and files.search("zones/zones.yaml")
        assert not files.search("out/configs/36/JX-36-CR01.cfg") and not files.search("README.md")


def test_init_writes_a_valid_pre_commit_config_naming_the_repository_hooks(tmp_path: Path) -> None:
    from govnet.scaffold.tooling import PRE_COMMIT

    (tmp_path / "c.yaml").write_text(PRE_COMMIT.format(version="0.1.0"), encoding="utf-8")
    config = load_config(str(tmp_path / "c.yaml"))
    ids = {h["id"] for repo in config["repos"] for h in repo["hooks"]}
    assert ids == {h["id"] for h in load_manifest(str(REPO / ".pre-commit-hooks.yaml"))}


def test_hook_entries_run_as_written_in_a_model_directory(tmp_path: Path) -> None:
    root = copy_model(MINI, tmp_path / "model")
    for hook in load_manifest(str(REPO / ".pre-commit-hooks.yaml")):
        done = govnet(*shlex.split(hook["entry"])[1:], cwd=root)
        assert done.returncode == 0, (hook["id"], done.stdout, done.stderr)


def test_allocate_check_fails_on_a_stale_lock_and_writes_nothing(tmp_path: Path) -> None:
    root = copy_model(MINI, tmp_path / "model")
    lock = (root / "allocations.lock").read_bytes()
    city = root / "topology" / "3602.yaml"
    city.write_text(city.read_text(encoding="utf-8").replace(
        "        - {code: 360202002, name: 新枫街道}",
        "        - {code: 360202002, name: 新枫街道}\n        - {code: 360202003, name: 里村街道}"), encoding="utf-8")
    stale = govnet("allocate", ".", "--check", cwd=root)
    assert stale.returncode == 1 and "stale" in stale.stderr, stale.stderr
    assert (root / "allocations.lock").read_bytes() == lock
    assert govnet("allocate", ".", cwd=root).returncode == 0
    fresh = govnet("allocate", ".", "--check", cwd=root)
    assert fresh.returncode == 0, fresh.stderr
