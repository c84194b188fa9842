"""The README's command examples run as written. Each line of its ```sh examples that starts with 'govnet' is
run here on a copy of the mini model, in the README's order, with its placeholders (UNIT, WHO, '...', [options],
a|b) filled in; a new example line fails the first test until it is given its run here. The ```text example of
three mistakes shown in one run is tests/test_docs.py::test_readme_three_mistakes_show_in_one_run."""

from __future__ import annotations

import json
import re
from pathlib import Path

from conftest import copy_model, govnet_in_process
from govnet.registry import uscc

ROOT = Path(__file__).resolve().parents[1]
MINI = ROOT / "tests" / "fixtures" / "mini"
UNIT = "JX-360102-12"  # the README's example unit, added by its second example
WHO = "省信息中心"
_ADD = ["--id", UNIT, "--name", "东湖区财政局", "--uscc", uscc.make("11", "360102", "MB0105FF"), "--division",
        "360102", "--site", "360102", "--class", "D", "--zones", "public,hrss", "--internet", "unified", "--bandwidth",
        "100M", "--head", "甲", "--head-mobile", "13900000001", "--tech", "乙", "--tech-mobile", "13900000002"]
_LIST = ("registry", "list", "--city", "南昌市", "--zone", "hrss", "--class", "D", "--status", "active")

# README line -> the command lines that run it: the line itself when it has no placeholder.
RUNS: dict[str, list[list[str]]] = {
    "govnet registry add": [["registry", "add"]],  # off a terminal: says what is missing (exit 2)
    "govnet registry add ... --mlps-level 3 --mlps-filing 36010013001-20001 --mlps-assessed 2024-03-15": [
        ["registry", "add", *_ADD, "--mlps-level", "3", "--mlps-filing", "36010013001-20001", "--mlps-assessed",
         "2024-03-15"]],
    "govnet registry set JX-360102-12 granted=500M tech=张三 tech_mobile=13800000000 mlps_level=3 --by 省信息中心": [],
    "govnet registry approve JX-360102-12 --by 省协调小组办公室 --document 赣政网〔2024〕9号": [],
    "govnet registry activate|suspend|resume|revoke UNIT --by WHO [--date D] [--document N] [--remark R]": [
        ["registry", "activate", UNIT, "--by", WHO],
        ["registry", "suspend", UNIT, "--by", WHO, "--document", "赣政网〔2024〕10号", "--remark", "欠费"],
        ["registry", "resume", UNIT, "--by", WHO],
        ["registry", "revoke", "MINI-0002", "--by", WHO, "--remark", "撤并"]],  # UNIT stays active for list
    "govnet registry list --city 南昌市 --zone hrss --class D --status active [--format json]": [
        [*_LIST], [*_LIST, "--format", "json"]],
    "govnet registry show UNIT [--format json]": [
        ["registry", "show", UNIT], ["registry", "show", UNIT, "--format", "json"]],
    "govnet records [MODEL_DIR] [-o out] [--pdf] [--unit ID]": [["records", ".", "-o", "out", "--pdf", "--unit", UNIT]],
}
_SH = re.compile(r"```sh\n(.*?)```", re.DOTALL)


def _examples() -> list[str]:
    """Every 'govnet …' line of the README's ```sh blocks, without its trailing comment."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    return [line.split("  #")[0].strip() for block in _SH.findall(readme) for line in block.splitlines()
            if line.startswith("govnet ")]


def test_every_command_example_has_its_run_here() -> None:
    assert _examples() == list(RUNS), "a README example changed: give it its run in RUNS"


def test_the_command_examples_run_in_order(tmp_path: Path) -> None:
    model = copy_model(MINI, tmp_path / "model")
    results: dict[tuple[str, ...], tuple[int, str, str]] = {}
    for example in _examples():
        for argv in RUNS[example] or [example.split()[1:]]:
            done = govnet_in_process(*argv, cwd=model)
            results[tuple(argv)] = (done.returncode, done.stdout, done.stderr)
            assert "Traceback" not in done.stderr, (argv, done.stderr)
            expected = 2 if argv == ["registry", "add"] else 0
            assert done.returncode == expected, (argv, done.stdout, done.stderr)
    assert "missing --name" in results[("registry", "add")][2]  # what a terminal would have asked for
    listed = results[(*_LIST, "--format", "json")][1]
    assert [unit["id"] for unit in json.loads(listed)] == [UNIT]  # active, in 南昌市, class D, joins hrss
    shown = results[("registry", "show", UNIT)][1]
    assert "granted: 500M" in shown and "name: 张三" in shown and "action: activate" in shown
    as_json = json.loads(results[("registry", "show", UNIT, "--format", "json")][1])
    assert as_json["bandwidth"]["granted"] == "500M" and as_json["bandwidth"]["granted_bps"] == 500_000_000
    assert (model / "out" / "records" / "forms" / f"{UNIT}.pdf").read_bytes().startswith(b"%PDF")
