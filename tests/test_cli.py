"""The command line as a user drives it: exit codes, output formats, which model is used, what is written."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import copy_model, govnet_in_process, snapshot, validate_shared
from govnet.pipeline import validate


def run(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    return govnet_in_process(*args, cwd=cwd)


def run_process(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    """govnet as a separate process, where what is tested is the process itself (its exit, its start-up)."""
    env = {**os.environ, "NO_COLOR": "1", "COLUMNS": "200"}
    return subprocess.run([sys.executable, "-m", "govnet", *args], capture_output=True, text=True, cwd=cwd,
                          env=env, timeout=120)


def test_jiangxi_model_validates_clean_with_the_expected_counts(repo_model: Path) -> None:
    result = run("validate", str(repo_model), "--format", "json")
    assert result.returncode == 0, result.stdout + result.stderr
    report = json.loads(result.stdout)
    assert report["counts"]["sites"] == {"province": 1, "city": 11, "county": 100, "township": 1767, "village": 2263}
    assert report["counts"]["special_sites"] == 3
    assert report["counts"]["units"] >= 3000
    # The example registry deliberately holds a few problems only warnings show (old assessments, codes from
    # before a reorganisation, units that never re-registered); nothing else may be reported.
    assert {(d["code"][:4], d["severity"]) for d in report["diagnostics"]} == {("GN70", "warning"),
                                                                              ("GN71", "warning")}
    # dual core routers + dual firewalls at the province, every county dual-homed: far more devices than sites
    assert report["counts"]["devices"] > 1767 + 100 * 2 + 11 * 2


def test_jiangxi_redundancy_is_as_designed(repo_model: Path) -> None:
    model = validate_shared(repo_model).model
    assert model is not None
    uplinks: dict[str, list[tuple[str, str | None]]] = {}
    for link in model.links:
        if link.owner:
            uplinks.setdefault(link.owner, []).append((link.b, link.carrier))
    for site in model.sites:
        ups = uplinks.get(site.key, [])
        if site.level in ("city", "county"):
            assert len({b for b, _ in ups}) == 2, site.key  # two different parent devices
            assert len({c for _, c in ups}) == 2, site.key  # two different carriers
        elif site.level == "township" and site.profile is None:
            assert len(ups) == 1, site.key
    backbone = [link for link in model.links if link.kind == "backbone"]
    assert len(backbone) == 2 and len({link.carrier for link in backbone}) == 2


def test_text_output_is_compiler_style_with_hints_and_exit_1(tmp_path: Path, repo_model: Path) -> None:
    model = copy_model(repo_model, tmp_path / "model")  # its 21 known warnings are the point
    city = model / "topology" / "3601.yaml"
    text = city.read_text(encoding="utf-8")
    line = text.splitlines().index("  name: 南昌市") + 2  # 1-based, the line after (below the file's modeline)
    city.write_text(text.replace("  name: 南昌市\n", "  name: 南昌市\n  profle: city\n"), encoding="utf-8")
    result = run("validate", str(model))
    assert result.returncode == 1
    assert f"topology/3601.yaml:{line}:3: error GN201: unknown field 'profle'" in result.stdout
    assert "    hint: did you mean 'profile'?" in result.stdout
    # The schema error drops only the field: the rest of the model is still judged (its known warnings one line
    # per code), and the user's error is not buried among them.
    assert result.stdout.rstrip().endswith("1 error, 21 warnings")
    assert len(result.stdout.splitlines()) <= 8
    assert "Traceback" not in result.stderr


def test_warnings_pass_unless_strict(tmp_path: Path, repo_model: Path) -> None:
    model = _copy_small_model(repo_model, tmp_path)
    (model / "topology" / "notes.yaml").write_text("todo: []\n", encoding="utf-8")
    assert run("validate", str(model)).returncode == 0
    strict = run("validate", str(model), "--strict")
    assert strict.returncode == 1
    assert "warning GN206" in strict.stdout


@pytest.mark.parametrize("args, message", [
    (["validate", "/nonexistent/model"], "does not exist"),
    (["validate", "."], "not a govnet model"),
    (["validate", "--format", "xml"], "Invalid value"),
    (["init", "{tmp}/x", "--province", "Atlantis"], "no province"),
])
def test_usage_errors_exit_2_without_traceback(tmp_path: Path, args: list[str], message: str) -> None:
    result = run(*[a.replace("{tmp}", str(tmp_path)) for a in args], cwd=tmp_path)
    assert result.returncode == 2
    assert message in result.stderr
    assert "Traceback" not in result.stderr


def test_default_model_is_cwd_then_embedded(tmp_path: Path, repo_model: Path) -> None:
    outside = run("validate", cwd=tmp_path)
    assert outside.returncode == 0
    assert "embedded example" in outside.stderr
    inside = run("validate", cwd=repo_model)
    assert "(current directory)" in inside.stderr


def test_build_writes_summary_deterministically_and_skips_unchanged(tmp_path: Path, repo_model: Path) -> None:
    out = tmp_path / "out"
    first = run("build", str(repo_model), "-o", str(out))  # verify runs inside: the default model verifies clean
    assert first.returncode == 0, (first.stdout, first.stderr)
    summary = json.loads((out / "summary.json").read_text(encoding="utf-8"))
    assert summary["counts"]["sites"]["township"] == 1767
    markdown = (out / "summary.md").read_text(encoding="utf-8")
    assert "| 3601 | 南昌市 |" in markdown
    diagrams = sorted(p.name for p in (out / "diagrams").iterdir())
    zones = ["public", "hrss", "health", "market", "land", "medins", "internet", "office", "cloud"]
    counties = [f"county-{p.stem}" for p in (repo_model / "topology").glob("*/*.yaml")]  # those with villages
    assert len(counties) == 9  # 南昌市's
    names = ["province", *(f"city-36{n:02d}" for n in range(1, 12)), *counties, *(f"zone-{z}" for z in zones)]
    assert diagrams == sorted(f"{name}.{ext}" for name in names for ext in ("png", "svg"))
    # verify's read-back cache (.cache/) is no output of the build: the build's record does not list it
    files = [p for p in out.rglob("*") if p.is_file() and ".cache" not in p.relative_to(out).parts]
    assert len(files) > 3000  # the summary, the ledger and statistics, and one HTML form per unit
    before = snapshot(out)
    second = run("build", str(repo_model), "-o", str(out))
    assert second.returncode == 0 and "is up to date" in second.stderr and f"{len(files) - 3} file(s) skipped" in \
        second.stderr  # every file but the build's own record, govnet's mark and the builds' lock
    assert second.stdout == first.stdout  # the same diagnostics, repeated without validating again
    assert snapshot(out) == before


def test_internal_errors_exit_3_with_one_line_unless_debugging(tmp_path: Path, repo_model: Path) -> None:
    from govnet.cli import build

    def broken(*args: object, **kwargs: object) -> None:
        raise ZeroDivisionError("boom")

    original = build.resolve
    build.resolve = broken  # type: ignore[assignment]
    try:
        result = run("validate", str(repo_model))
    finally:
        build.resolve = original
    assert result.returncode == 3
    assert "internal error: ZeroDivisionError: boom" in result.stderr and "GOVNET_DEBUG=1" in result.stderr
    assert "Traceback" not in result.stderr


def test_version_short_help_and_completion() -> None:
    assert run("--version").stdout.startswith("govnet ")
    assert run("-h").returncode == 0 and "validate" in run("-h").stdout
    assert "--city" in run("draw", "-h").stdout
    assert "--install-completion" in run("--help").stdout


def test_build_refuses_a_broken_model_and_writes_nothing(tmp_path: Path, repo_model: Path) -> None:
    model = _copy_small_model(repo_model, tmp_path)
    (model / "topology" / "province.yaml").write_text("province: [\n", encoding="utf-8")
    result = run("build", str(model), "-o", str(tmp_path / "out"))
    assert result.returncode == 1
    assert "error GN101" in result.stdout
    assert not (tmp_path / "out").exists()


def test_init_writes_every_township_of_the_province(tmp_path: Path, repo_model: Path) -> None:
    nanchang = "360102,360103,360104,360111,360112,360113,360121,360123,360124"  # its villages are in the repo model
    result = run("init", str(tmp_path / "jx"), "--province", "江西省", "--with-special-zones", "--villages", nanchang)
    assert result.returncode == 0, result.stderr
    generated = validate(tmp_path / "jx")
    ours = validate_shared(repo_model)
    assert generated.ok and generated.diagnostics == []
    assert generated.model and ours.model
    codes = {s.key for s in generated.model.sites}
    assert codes == {s.key for s in ours.model.sites}  # the repo model was made with init, then edited


def test_init_leaves_out_statistics_zones_and_special_townships_unless_asked(tmp_path: Path) -> None:
    assert run("init", str(tmp_path / "jx"), "--province", "36").returncode == 0
    model = validate(tmp_path / "jx").model
    assert model is not None
    townships = [s.key for s in model.sites if s.level == "township"]
    assert len(townships) == 1580  # 1,767 less the 187 coded 400 and above
    assert all(int(code[6:9]) < 400 for code in townships)


@pytest.mark.parametrize("province", ["北京市", "46", "重庆"])
def test_init_handles_placeholder_cities(tmp_path: Path, province: str) -> None:
    assert run("init", str(tmp_path / "m"), "--province", province).returncode == 0
    result = validate(tmp_path / "m")
    assert result.diagnostics == []
    assert result.model is not None
    virtual = [s for s in result.model.sites if s.virtual]
    assert virtual and all(not result.model.devices_of(s.key) for s in virtual)


def test_init_never_overwrites(tmp_path: Path) -> None:
    target = tmp_path / "mine"
    target.mkdir()
    (target / "notes.txt").write_text("keep me", encoding="utf-8")
    result = run("init", str(target), "--province", "36")
    assert result.returncode == 2
    assert "not empty" in result.stderr
    assert [p.name for p in target.iterdir()] == ["notes.txt"]


def test_help_lists_the_commands() -> None:
    result = run_process("--help")
    assert result.returncode == 0
    for command in ("validate", "build", "draw", "init"):
        assert command in result.stdout


def _copy_small_model(repo_model: Path, tmp_path: Path) -> Path:
    """A small valid model's files (the mini fixture), so tests can break one without touching the repository:
    where the province's size is not the point, its 4 s validation is only cost."""
    return copy_model(Path(__file__).resolve().parent / "fixtures" / "mini", tmp_path / "model")


def test_written_files_get_normal_permissions(tmp_path: Path) -> None:
    from govnet.writer import write_if_changed

    mask = os.umask(0o022)
    try:
        target = tmp_path / "a" / "out.txt"
        assert write_if_changed(target, "x")
        assert target.stat().st_mode & 0o777 == 0o644  # not mkstemp's 0600
        target.chmod(0o640)
        assert write_if_changed(target, "y")
        assert target.stat().st_mode & 0o777 == 0o640  # a replaced file keeps its permissions
    finally:
        os.umask(mask)


def test_quiet_errors_only_and_grouped_warnings(repo_model: Path) -> None:
    grouped = run("validate", str(repo_model))
    assert grouped.returncode == 0
    # 21 warnings of three codes: the two frequent codes one line each, the single one in full with its hint
    assert [line.split(": ")[1] for line in grouped.stdout.splitlines() if ": warning " in line] == \
        ["warning GN719", "warning GN704", "warning GN717"]
    assert grouped.stdout.splitlines()[-1] == "0 errors, 21 warnings"
    every = run("validate", str(repo_model), "--all-warnings")
    assert sum(": warning " in line for line in every.stdout.splitlines()) == 21
    errors_only = run("validate", str(repo_model), "--errors-only")
    assert errors_only.stdout == "0 errors, 21 warnings\n"
    quiet = run("validate", str(repo_model), "--quiet")
    assert quiet.returncode == 0 and quiet.stdout == "" and quiet.stderr == ""


def test_a_grouped_line_names_what_lists_each_warning(repo_model: Path, tmp_path: Path) -> None:
    """The grouped line of a command that has --all-warnings names it, and the option lists each: verify has it
    (the cisco golden's three GN932 warnings, one per SecPath pair). A command without the option (draw, which
    prints the model's warnings) names validate's; verify's option used to be named without existing."""
    golden = Path(__file__).resolve().parent / "golden" / "cisco-isis" / "model"
    grouped = run("verify", str(golden))
    assert grouped.returncode == 0, grouped.stderr
    lines = [line for line in grouped.stdout.splitlines() if ": warning " in line]
    assert lines == ["configs/36/JX-36-VPN01.cfg:13:1: warning GN932: 3 warnings: one router leg of an RBM firewall "
                     "down sends a router to the RBM standby (unproven) (--all-warnings lists each)"]
    every = run("verify", str(golden), "--all-warnings")
    assert sum(": warning GN932: " in line for line in every.stdout.splitlines()) == 3
    quiet = run("verify", str(golden), "--quiet")
    assert quiet.returncode == 0 and quiet.stdout == ""
    drawn = run("draw", str(repo_model), "--city", "3601", "-o", str(tmp_path))
    assert "warning GN719: 8 warnings: " in drawn.stdout
    assert "(govnet validate --all-warnings lists each)" in drawn.stdout


def test_several_folders_in_one_run_prefix_each_diagnostic_by_its_folder(tmp_path: Path) -> None:
    """`govnet validate A B`: both folders judged in one run (side by side), each diagnostic's file prefixed by its
    folder as given, one summary, and the exit status a run of each alone would give together."""
    mini = Path(__file__).resolve().parent / "fixtures" / "mini"
    good, bad = copy_model(mini, tmp_path / "a"), copy_model(mini, tmp_path / "b")
    (good / "topology" / "notes.yaml").write_text("todo: []\n", encoding="utf-8")  # a warning (GN206)
    city = bad / "topology" / "3601.yaml"
    city.write_text(city.read_text(encoding="utf-8").replace("  name: ", "  profle: city\n  name: ", 1),
                    encoding="utf-8")
    alone = {folder: validate(folder).diagnostics for folder in (good, bad)}
    assert [d.code for d in alone[good]] == ["GN206"] and [d.code for d in alone[bad]] == ["GN201"]

    both = run("validate", str(good), f"{bad}/", cwd=tmp_path)
    assert both.returncode == 1, both.stdout + both.stderr
    line = alone[bad][0]
    assert f"{bad}/topology/3601.yaml:{line.line}:{line.column}: error GN201: unknown field 'profle'" in both.stdout
    assert f"{good}/topology/notes.yaml:1:1: warning GN206" in both.stdout
    assert both.stdout.rstrip().endswith("1 error, 1 warning")
    relative = run("validate", "a", "a", "--strict", cwd=tmp_path)
    assert relative.returncode == 1 and relative.stdout.count("a/topology/notes.yaml:1:1: warning GN206") == 2
    assert run("validate", "a", "a", cwd=tmp_path).returncode == 0


@pytest.mark.parametrize("args, message", [
    (["validate", "a", "/nonexistent/model"], "does not exist"),
    (["validate", "a", "a", "--format", "json"], "takes one model folder"),
    (["validate", "a", "a", "--format", "sarif"], "takes one model folder"),
])
def test_several_folders_usage_errors_exit_2_before_any_is_validated(tmp_path: Path, args: list[str],
                                                                    message: str) -> None:
    copy_model(Path(__file__).resolve().parent / "fixtures" / "mini", tmp_path / "a")
    result = run(*args, cwd=tmp_path)
    assert result.returncode == 2 and message in result.stderr
    assert result.stdout == "" and "Traceback" not in result.stderr


def test_folders_side_by_side_give_what_one_after_the_other_gives(tmp_path: Path) -> None:
    """govnet.folders: forked workers (one folder each) and this process alone give the same diagnostics, in the
    order the folders were given."""
    from govnet.folders import validate_folders

    mini = Path(__file__).resolve().parent / "fixtures" / "mini"
    roots = [copy_model(mini, tmp_path / name) for name in ("a", "b", "c")]
    (roots[1] / "topology" / "notes.yaml").write_text("todo: []\n", encoding="utf-8")
    forked = validate_folders(roots, workers=2)
    assert forked == validate_folders(roots, workers=1) == [validate(root).diagnostics for root in roots]
    assert [len(found) for found in forked] == [0, 1, 0]


def test_ipam_report_offers_only_its_own_formats(repo_model: Path) -> None:
    """SARIF carries diagnostics; the utilisation report has none, and '--format sarif' printed the text report."""
    refused = run("ipam", "report", str(repo_model), "--format", "sarif")
    assert refused.returncode == 2 and refused.stdout == ""
    assert "'sarif' is not one of 'text', 'json'" in " ".join(refused.stderr.split())
