"""`govnet draw` as a user drives it: files written, formats, exit codes and clear usage errors."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from conftest import govnet_in_process


def run(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    return govnet_in_process(*args, cwd=cwd)


def test_draw_one_city_as_svg_with_a_highlight(tmp_path: Path, repo_model: Path) -> None:
    out = tmp_path / "out"
    result = run("draw", str(repo_model), "-o", str(out), "--city", "3605", "--format", "svg",
                 "--highlight", "360502001,JX-3605-CR01/JX-36-CR01", "--date", "2024-05-01")
    assert result.returncode == 0, result.stderr
    assert [p.name for p in (out / "diagrams").iterdir()] == ["city-3605.svg"]
    svg = (out / "diagrams" / "city-3605.svg").read_text(encoding="utf-8")
    assert "新余市" in svg and "渝水区" in svg and "2024-05-01" in svg and "重点标示" in svg
    again = run("draw", str(repo_model), "-o", str(out), "--city", "3605", "--format", "svg",
                "--highlight", "360502001,JX-3605-CR01/JX-36-CR01", "--date", "2024-05-01")
    assert "0 file(s) changed, 1 unchanged" in again.stderr


def test_draw_every_city_as_text_exports(tmp_path: Path, repo_model: Path) -> None:
    out = tmp_path / "out"
    assert run("draw", str(repo_model), "-o", str(out), "--view", "city", "--format", "mermaid").returncode == 0
    assert run("draw", str(repo_model), "-o", str(out), "--format", "dot").returncode == 0
    names = sorted(p.name for p in (out / "diagrams").iterdir())
    assert names == sorted(["province.dot"] + [f"city-36{n:02d}.mmd" for n in range(1, 12)])


@pytest.mark.parametrize("args, message", [
    (["--city", "9999"], "no city '9999' in the model; choose one of: 3601 南昌市, 3602 景德镇市"),
    (["--highlight", "3601,nowhere"], "'nowhere' is neither a site code/id nor a device name"),
    (["--highlight", "3601/3602/3603"], "a link is written END/END"),
    (["--date", "yesterday"], "--date must be YYYY-MM-DD"),
    (["--zone", "pubic"], "no zone 'pubic' in the model; did you mean 'public'?; choose one of: cloud, health, hrss"),
    (["--format", "jpeg"], "Invalid value"),
])
def test_draw_usage_errors_exit_2_without_traceback(tmp_path: Path, repo_model: Path, args: list[str],
                                                    message: str) -> None:
    result = run("draw", str(repo_model), "-o", str(tmp_path / "out"), "--format", "dot", *args)
    assert result.returncode == 2, result.stderr
    assert message in result.stderr
    assert "Traceback" not in result.stderr
    assert not (tmp_path / "out").exists()


def test_draw_city_by_name_like_by_code(tmp_path: Path) -> None:
    mini = Path(__file__).resolve().parent / "fixtures" / "mini"
    for given in ("南昌市", "南昌", "3601"):
        out = tmp_path / given
        assert run("draw", str(mini), "-o", str(out), "--city", given, "--format", "dot").returncode == 0
        assert [p.name for p in (out / "diagrams").iterdir()] == ["city-3601.dot"]


def test_draw_county_by_name_and_an_unknown_one_in_chinese(tmp_path: Path) -> None:
    mini = Path(__file__).resolve().parent / "fixtures" / "mini"
    done = run("draw", str(mini), "-o", str(tmp_path / "one"), "--county", "东湖区", "--format", "dot")
    assert done.returncode == 0, done.stderr
    assert [p.name for p in (tmp_path / "one" / "diagrams").iterdir()] == ["county-360102.dot"]
    # refused before validation (no warning printed first), in the language of the run, 'or' included
    wrong = run("--lang", "zh", "draw", str(mini), "-o", str(tmp_path / "two"), "--county", "东胡区")
    assert wrong.returncode == 2
    assert "--county：模型中没有区县 '东胡区'；是否应为 '东湖区'？；可选：360102 东湖区, 360103 西湖区" in wrong.stderr
    assert "GN" not in wrong.stderr


def test_draw_reports_a_broken_model_with_exit_1(tmp_path: Path) -> None:
    (tmp_path / "govnet.yaml").write_text("name: x\nprovince: [\n", encoding="utf-8")
    result = run("draw", str(tmp_path), "-o", str(tmp_path / "out"))
    assert result.returncode == 1
    assert "Traceback" not in result.stderr


def test_help_stays_light() -> None:
    code = "import sys; from govnet import cli; print(any(m.startswith('matplotlib') for m in sys.modules))"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert done.stdout.strip() == "False"
    assert "draw" in run("--help").stdout
