"""Piped output is whole: a command whose stdout is not a terminal prints every line in full, whatever width the
environment claims (rich would cut or fold tables and YAML would fold values at a terminal's width)."""

from __future__ import annotations

import contextlib
import io
import os
import re
import subprocess
import sys
import unicodedata
from pathlib import Path

import pytest

from conftest import copy_model

MINI = Path(__file__).resolve().parent / "fixtures" / "mini"
NARROW = "40"  # a terminal this narrow would cut every line below
LAN = "core switch pair in the server room plus access switches on every floor of the building " * 3


@pytest.fixture(scope="module")
def model(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The mini model with a long LAN description (spaces: where YAML folds) and an old MLPS assessment (a
    warning for validate --all-warnings)."""
    root = copy_model(MINI, tmp_path_factory.mktemp("pipes"))
    registry = root / "registry.yaml"
    text = registry.read_text(encoding="utf-8")
    assert "    lan: 核心交换机双机，约800个终端\n" in text and "assessed: 2024-03-15" in text
    text = text.replace("    lan: 核心交换机双机，约800个终端\n", f"    lan: {LAN.strip()}\n", 1)
    registry.write_text(text.replace("assessed: 2024-03-15", "assessed: 2019-03-15", 1), encoding="utf-8")
    return root


def _cells(line: str) -> int:
    """Terminal columns a line takes (a Chinese character takes two), as rich measures it."""
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in line)


def _piped(*args: str, cwd: Path, monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """stdout of govnet run in this process into a buffer (not a terminal), with a narrow COLUMNS."""
    from govnet.cli.app import run

    monkeypatch.setenv("COLUMNS", NARROW)
    monkeypatch.setenv("NO_COLOR", "1")
    monkeypatch.chdir(cwd)
    out = io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(io.StringIO()):
        run(list(args))
    return out.getvalue().splitlines()


def test_registry_show_through_a_real_pipe_keeps_each_value_on_one_line(model: Path) -> None:
    env = {**os.environ, "COLUMNS": NARROW, "NO_COLOR": "1"}
    shown = subprocess.run([sys.executable, "-m", "govnet", "registry", "show", "MINI-0001", str(model)],
                           stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True, env=env, timeout=120,
                           check=True).stdout
    assert f"lan: {LAN.strip()}" in shown.splitlines()


@pytest.mark.parametrize("command", [
    ("registry", "list"),
    ("validate", "--all-warnings"),
    ("verify",),
    ("whatif", "--all"),
    ("whatif", "--fail", "36"),
    ("report", "compliance"),
])
def test_tables_and_lists_are_not_cut_to_the_terminal_width(command: tuple[str, ...], model: Path,
                                                            monkeypatch: pytest.MonkeyPatch) -> None:
    lines = _piped(*command, str(model), cwd=model, monkeypatch=monkeypatch)
    assert lines, command
    assert max(_cells(line) for line in lines) > int(NARROW), lines  # nothing was fitted to 40 columns
    assert not any(line.rstrip().endswith("…") for line in lines), lines  # rich's mark of a cut cell


def test_registry_list_prints_each_unit_on_one_row(model: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    lines = _piped("registry", "list", str(model), cwd=model, monkeypatch=monkeypatch)
    row = next(line for line in lines if "MINI-0001" in line)
    assert "江西省人力资源和社会保障厅" in row and "public, hrss" in row


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_registry_list_on_a_narrow_terminal_folds_names_and_cuts_none(model: Path,
                                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    """On a terminal the table fits its width: a unit's Chinese name was cut there ('江西省人力资 …'), as Rich cuts
    a 'word' longer than its column and a Chinese name has no space to wrap at. Folded, every character is shown."""
    from govnet.cli.app import run

    monkeypatch.setenv("COLUMNS", "100")
    monkeypatch.setenv("NO_COLOR", "1")
    monkeypatch.chdir(model)
    out = _Terminal()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(io.StringIO()):
        run(["registry", "list", str(model)])
    text = re.sub(r"\x1b\[[0-9;]*m", "", out.getvalue())  # the header's bold
    assert "…" not in text
    assert all(_cells(line) <= 100 for line in text.splitlines())
    cells = "".join(line.split("│")[2].strip() for line in text.splitlines() if line.count("│") > 3)
    assert "江西省人力资源和社会保障厅" in cells


EXIT_PIPE = 141  # 128 + SIGPIPE, what a shell reports for `yes | head -c1`


@pytest.mark.parametrize("command", [
    ("registry", "list"),
    ("registry", "show", "MINI-0001"),
    ("validate", "--all-warnings"),
    ("validate", "--format", "json"),
    ("verify",),
    ("whatif", "--all"),
    ("report", "compliance"),
    ("ipam", "report"),
    ("diff", str(MINI)),  # to the model with another AS number: every config changes
    ("--help",),
    ("registry", "--help"),
])
def test_a_reader_that_goes_away_ends_the_command_quietly_with_141(command: tuple[str, ...], model: Path,
                                                                   tmp_path: Path) -> None:
    """`govnet registry list | head -c1` exited 1 (which says the model has errors): rich and Typer each exit 1 on
    EPIPE, and a broken pipe at the last flush kept the command's own status. A reader gone is 141 (128 + SIGPIPE),
    like any command cut short so, and nothing is said on stderr. The pipe's reader is gone before govnet writes:
    the same for every command, however little it prints."""
    args = [*command, str(model)] if command[-1] != "--help" else list(command)
    if command[0] == "diff":
        changed = copy_model(MINI, tmp_path / "changed")
        zones = changed / "zones" / "zones.yaml"
        text = zones.read_text(encoding="utf-8")
        assert "  asn: 64548\n" in text
        zones.write_text(text.replace("  asn: 64548\n", "  asn: 64549\n"), encoding="utf-8")
        args = [*command, str(changed)]
    read, write = os.pipe()
    os.close(read)
    try:
        run = subprocess.run([sys.executable, "-m", "govnet", *args], stdout=write, stderr=subprocess.PIPE, text=True,
                             env={**os.environ, "NO_COLOR": "1"}, cwd=model, timeout=120)
    finally:
        os.close(write)
    assert run.returncode == EXIT_PIPE, run.stderr
    assert not re.search(r"Traceback|rror|Broken pipe|BrokenPipe", run.stderr), run.stderr
