"""Defects a hostile afternoon with the CLI found: each case failed (traceback, exit 3 or silence) before its fix."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import govnet_in_process
from govnet.pipeline import validate
from govnet.source import loader

MINI = Path(__file__).resolve().parent / "fixtures" / "mini"


def _govnet(*args: str, cwd: Path | None = None, timeout: int = 600) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "govnet", *args], capture_output=True, text=True, cwd=cwd,
                          env={**os.environ, "NO_COLOR": "1"}, check=False, timeout=timeout)


@pytest.mark.parametrize("digits", ["9" * 5000, "1" * 4301])
def test_a_number_too_long_for_python_is_a_diagnostic(digits: str) -> None:
    # int() refuses more than 4,300 decimal digits with a ValueError, which reached the user as exit 3.
    loaded, problems = loader.load_text(f"city:\n  code: {digits}\n", "topology/3602.yaml")
    assert loaded is None
    assert [(d.code, d.line, d.column) for d in problems] == [("GN106", 2, 9)]
    assert problems[0].hint


def test_a_number_too_long_for_python_fails_validate_with_exit_1(model: Path) -> None:
    (model / "topology" / "3602.yaml").write_text("city:\n  code: " + "9" * 5000 + "\nlinks: []\n", encoding="utf-8")
    run = _govnet("validate", str(model))
    assert run.returncode == 1, run.stderr
    assert "topology/3602.yaml:2:9: error GN106" in run.stdout + run.stderr
    assert "Traceback" not in run.stderr


@pytest.mark.parametrize("target", ["topology/3601.yaml", "govnet.yaml", "allocations.lock", "zones/new.txt"])
def test_whatif_output_never_replaces_a_model_file(model: Path, target: str) -> None:
    # whatif -o wrote its report over topology/3601.yaml: the user's city was gone.
    before = {p: p.read_bytes() for p in model.rglob("*") if p.is_file()}
    run = _govnet("whatif", "--fail", "JX-36-CR01", "-o", str(model / target), str(model))
    assert run.returncode == 2, run.stderr
    assert "lies in the model's files" in run.stderr and "Traceback" not in run.stderr
    assert {p: p.read_bytes() for p in model.rglob("*") if p.is_file()} == before


def test_whatif_output_beside_the_model_files_is_written(model: Path) -> None:
    run = _govnet("whatif", "--fail", "JX-36-CR01", "-o", str(model / "whatif.txt"), str(model))
    assert run.returncode == 0, run.stderr
    assert "JX-36-CR01" in (model / "whatif.txt").read_text(encoding="utf-8")


def test_diff_of_an_unknown_revision_outside_git_names_the_revision(model: Path, tmp_path: Path) -> None:
    # The message named git's subcommand instead: "'rev-parse' is neither a model directory nor a git revision".
    run = _govnet("diff", "nosuchrev", "-m", str(model), cwd=tmp_path)  # a model in no git repository
    assert run.returncode == 2, run.stderr
    assert "'nosuchrev' is neither a model directory nor a git revision" in run.stderr
    assert "rev-parse" not in run.stderr


@pytest.mark.parametrize("command", ["draw", "build"])
@pytest.mark.parametrize("date", ["2024-13-45", "2023-02-29", "2024-01-01\n"])
def test_a_date_that_is_no_day_is_a_usage_error(model: Path, tmp_path: Path, command: str, date: str) -> None:
    # draw printed '2024-13-45' in every diagram's title; build took it as the diagrams' date too.
    run = _govnet(command, "--date", date, "-o", str(tmp_path / "out"), str(model))
    assert run.returncode == 2, run.stderr
    assert "--date must be YYYY-MM-DD" in run.stderr
    assert not (tmp_path / "out").exists()


@pytest.mark.parametrize(("args", "chinese"), [
    (["whatif", "--fail="], "'' 不是模型中的链路、设备、站点、运营商或共享风险组"),
    (["allocate", "--release="], "没有以此命名且分配了地址的对象"),
])
def test_an_empty_value_gets_its_error_in_chinese(model: Path, args: list[str], chinese: str) -> None:
    # A message template's fields matched one character or more, so an empty value left the message in English.
    run = _govnet("--lang", "zh", *args, str(model))
    assert run.returncode == 2, run.stderr
    assert chinese in run.stderr


def _without_file_permission_override(*args: str) -> subprocess.CompletedProcess[str]:
    """govnet as a user whom file modes bind: as root, without the capabilities that skip permission checks."""
    prefix: list[str] = []
    if os.geteuid() == 0:
        setpriv = shutil.which("setpriv")
        if setpriv is None:
            pytest.skip("root ignores file modes, and setpriv (util-linux) is missing to drop that")
        caps = "-dac_override,-dac_read_search"
        prefix = [setpriv, f"--bounding-set={caps}", f"--inh-caps={caps}", "--"]
    return subprocess.run([*prefix, sys.executable, "-m", "govnet", *args], capture_output=True, text=True,
                          env={**os.environ, "NO_COLOR": "1"}, check=False, timeout=600)


@pytest.mark.parametrize("command", [["validate"], ["whatif", "--all"], ["ipam", "report"], ["report", "compliance"]])
def test_a_model_folder_that_cannot_be_listed_is_gn109(model: Path, command: list[str]) -> None:
    # topology/ without read permission: iterdir() raised PermissionError, exit 3 in every command.
    (model / "topology").chmod(0)
    try:
        run = _without_file_permission_override(*command, str(model))
    finally:
        (model / "topology").chmod(0o755)
    assert run.returncode == 1, run.stderr
    assert "topology:1:1: error GN109: topology/ cannot be listed" in run.stdout + run.stderr
    assert "internal error" not in run.stderr


@pytest.mark.parametrize(("path", "mode"), [("topology/3602.yaml", 0), ("zones/zones.yaml", 0), ("topology", 0o644)])
def test_build_of_a_model_with_an_unreadable_file_reports_it(model: Path, tmp_path: Path, path: str, mode: int) -> None:
    # build fingerprints every model file before validating: the unreadable one raised PermissionError there.
    (model / path).chmod(mode)
    try:
        run = _without_file_permission_override("build", "-o", str(tmp_path / "out"), str(model))
    finally:
        (model / path).chmod(0o755 if (model / path).is_dir() else 0o644)
    assert run.returncode == 1, run.stderr
    assert "error GN109" in run.stdout + run.stderr
    assert "internal error" not in run.stderr


@pytest.mark.parametrize("rel", ["topology/3602.YAML", "registry.d/3602.YAML", "topology/3601/360102.Yml"])
def test_an_upper_case_yaml_file_is_named_not_silently_skipped(model: Path, rel: str) -> None:
    # topology/3602.YAML (or a registry part, or a county's villages) was neither read nor mentioned: the city
    # vanished with only its lock entries warning.
    if rel == "topology/3602.YAML":
        (model / "topology" / "3602.yaml").rename(model / rel)
    else:
        (model / rel).parent.mkdir(exist_ok=True)
        (model / rel).write_text("units: []\n" if rel.startswith("registry") else "villages: []\n", encoding="utf-8")
    found = [(d.code, d.file, d.hint) for d in validate(model).diagnostics]
    renamed = rel.rsplit("/", 1)[1].rsplit(".", 1)[0] + "." + rel.rsplit(".", 1)[1].lower()
    assert ("GN206", rel, f"model files end in lower-case .yaml or .yml: rename it to {renamed}") in found


def test_permission_errors_are_explained_in_chinese(model: Path) -> None:
    (model / "topology").chmod(0)
    try:
        run = _without_file_permission_override("--lang", "zh", "validate", str(model))
    finally:
        (model / "topology").chmod(0o755)
    assert "无法列出 topology/ 的内容" in run.stdout + run.stderr
    assert "请给模型的文件夹读取和进入权限" in run.stdout + run.stderr


def test_sarif_uris_of_a_model_folder_with_spaces_and_chinese_are_uri_references(model: Path) -> None:
    # SARIF 3.10.2 wants URI references; 'my model 江西/topology/notes #1.yaml' went out raw, which a consumer
    # resolves to another file ('#' starts a fragment) or rejects.
    import json
    import re
    from urllib.parse import unquote

    folder = model.parent / "my model 江西"
    model.rename(folder)
    (folder / "topology" / "notes #1.yaml").write_text("whatever: 1\n", encoding="utf-8")
    run = _govnet("validate", "--format", "sarif", "my model 江西", cwd=folder.parent)
    uris = [loc["physicalLocation"]["artifactLocation"]["uri"]
            for r in json.loads(run.stdout)["runs"][0]["results"] for loc in r["locations"]]
    assert uris == ["my%20model%20%E6%B1%9F%E8%A5%BF/topology/notes%20%231.yaml"]
    assert all(re.fullmatch(r"[A-Za-z0-9\-._~/%!$&'()*+,;=:@]*", uri) for uri in uris)
    assert unquote(uris[0]) == "my model 江西/topology/notes #1.yaml"


@pytest.mark.parametrize("second", ["电信", "'电信 '", '"电信\\u00a0"', '"电\\u200b信"', "''"])
def test_one_carrier_written_two_ways_is_not_diverse(model: Path, second: str) -> None:
    # carriers: [电信, '电信 '] passed GN407: a trailing space (or a zero-width one) made a second carrier.
    province = model / "topology" / "province.yaml"
    text = province.read_text(encoding="utf-8")
    assert "carriers: [电信, 移动]" in text
    province.write_text(text.replace("carriers: [电信, 移动]", f"carriers: [电信, {second}]"), encoding="utf-8")
    assert "GN407" in [d.code for d in validate(model).diagnostics]


def test_whatif_fails_a_carrier_whatever_the_spelling_of_its_links(model: Path) -> None:
    """GN407 counts '电信 ' and '电信' as one carrier; whatif --fail 电信 failed only the links spelled exactly so,
    and listed '电信 ' as a carrier of its own: a carrier outage that left 'surviving' links on that carrier."""
    from govnet.text import carrier_key
    from govnet.whatif.network import Network

    profiles = model / "topology" / "profiles.yaml"
    text = profiles.read_text(encoding="utf-8")
    profiles.write_text(text.replace("carriers: [电信]}", "carriers: ['电信 ']}", 1), encoding="utf-8")
    built = validate(model, addresses=False).model
    assert built is not None
    network = Network(built)
    spelled = {link.carrier for link in network.links if link is not None and carrier_key(link.carrier) == "电信"}
    assert spelled == {"电信", "电信 "}  # the model does hold both spellings
    on_it = {e for e, link in enumerate(network.links) if link is not None and carrier_key(link.carrier) == "电信"}
    for given in ("电信", "电信 ", "carrier:电信"):
        found = network.find(given)
        assert found is not None and found.edges == on_it, given
    assert [e.name for e in network.elements(("carrier",))].count("电信") == 1
    assert "电信 " not in [e.name for e in network.elements(("carrier",))]


def test_two_carriers_stay_diverse(model: Path) -> None:
    assert "GN407" not in [d.code for d in validate(model).diagnostics]


@pytest.mark.parametrize(("given", "devices"), [("3602", 9), ("景德镇市", 9), ("景德镇", 9)])
def test_export_takes_the_city_by_code_or_name_as_draw_does(model: Path, tmp_path: Path, given: str,
                                                            devices: int) -> None:
    # draw --city 南昌市 worked; export --city 南昌市 said "no site 南昌市 in the model", with no choices.
    run = _govnet("export", "netbox", "--city", given, "-o", str(tmp_path / "out"), str(model))
    assert run.returncode == 0, run.stderr
    assert f"{devices} devices" in run.stderr


def test_export_of_an_unknown_city_lists_the_choices_before_validating(model: Path, tmp_path: Path) -> None:
    run = _govnet("export", "netbox", "--city", "9999", "-o", str(tmp_path / "out"), str(model))
    assert run.returncode == 2
    assert "no city '9999' in the model; choose one of: 3601 南昌市, 3602 景德镇市" in run.stderr
    assert not (tmp_path / "out").exists()


@pytest.mark.parametrize("command", [["draw", "--city", "3602"], ["export", "netbox", "--city", "3602"]])
def test_city_choices_survive_an_unreadable_city_file(model: Path, tmp_path: Path, command: list[str]) -> None:
    # --city reads the city files' first lines for their names: an unreadable one raised PermissionError.
    (model / "topology" / "3602.yaml").chmod(0)
    try:
        run = _without_file_permission_override(*command, "-o", str(tmp_path / "out"), str(model))
    finally:
        (model / "topology" / "3602.yaml").chmod(0o644)
    assert run.returncode == 1, run.stderr
    assert "topology/3602.yaml:1:1: error GN109" in run.stdout


def test_verify_cache_never_replaces_a_file_it_did_not_write(model: Path, tmp_path: Path) -> None:
    # verify --cache renamed its pickle over whatever it was given: govnet.yaml, the user's notes.txt.
    notes = tmp_path / "notes.txt"
    notes.write_text("my notes\n", encoding="utf-8")
    for given in (notes, model / "govnet.yaml"):
        before = given.read_bytes()
        run = _govnet("verify", "--cache", str(given), str(model))
        assert run.returncode == 2, run.stderr
        assert "--cache" in run.stderr and "Traceback" not in run.stderr
        assert given.read_bytes() == before


def test_verify_cache_refuses_what_is_no_regular_file(model: Path, tmp_path: Path) -> None:
    # As root, 'verify --cache /dev/null' renamed a regular file over /dev/null; a FIFO here stands for any
    # special file (no test replaces the machine's /dev/null).
    fifo = tmp_path / "fifo"
    os.mkfifo(fifo)
    run = _govnet("verify", "--cache", str(fifo), str(model))
    assert run.returncode == 2, run.stderr
    assert "is not a regular file" in run.stderr
    assert fifo.is_fifo()


def test_verify_cache_it_wrote_is_used_again(model: Path, tmp_path: Path) -> None:
    cache = tmp_path / "scan.cache"
    assert _govnet("verify", "--cache", str(cache), str(model)).returncode == 0
    written = cache.read_bytes()
    assert written
    assert _govnet("verify", "--cache", str(cache), str(model)).returncode == 0
    assert cache.read_bytes() == written


@pytest.mark.parametrize("fmt", ["text", "png"])
def test_whatif_output_to_a_device_writes_to_it_and_leaves_it_a_device(model: Path, tmp_path: Path, fmt: str) -> None:
    # 'whatif -o /dev/null' renamed a regular file over /dev/null (as root). A null device of our own stands in.
    import stat

    if os.geteuid() != 0:
        pytest.skip("making a device node needs root (and only root could replace /dev/null)")
    null = tmp_path / "null"
    os.mknod(null, stat.S_IFCHR | 0o666, os.makedev(1, 3))
    run = _govnet("whatif", "--fail", "JX-36-CR01", "--format", fmt, "-o", str(null), str(model))
    assert run.returncode == 0, run.stderr
    assert stat.S_ISCHR(null.stat().st_mode)


def test_whatif_output_to_dev_stdout_prints(model: Path) -> None:
    # It opened /dev/stdout (a pipe here) for reading first, to compare, and waited there for ever.
    run = _govnet("whatif", "--fail", "JX-36-CR01", "-o", "/dev/stdout", str(model), timeout=120)
    assert run.returncode == 0, run.stderr
    assert "JX-36-CR01" in run.stdout


def _srlg_named_like_a_site(model: Path) -> None:
    province = model / "topology" / "province.yaml"
    text = province.read_text(encoding="utf-8")
    link = "  - {a: JX-36-CR01, b: JX-NATIONAL-PE01, bandwidth: 10G, carrier: 电信, kind: backbone}"
    assert link in text
    province.write_text(text.replace(link, link[:-1] + ", srlg: ['3601']}"), encoding="utf-8")


def test_whatif_fail_of_a_name_two_kinds_bear_is_refused_with_the_choices(model: Path) -> None:
    # An SRLG named 3601 and the site 3601: '--fail 3601' failed the SRLG without a word.
    _srlg_named_like_a_site(model)
    run = _govnet("whatif", "--fail", "3601", str(model))
    assert run.returncode == 2, run.stderr
    assert "'3601' names more than one element (site, srlg); write site:3601 or srlg:3601" in run.stderr


def test_whatif_fail_takes_a_site_by_name_and_lists_the_sites_a_name_several_bear(model: Path) -> None:
    """draw --city took 南昌市, whatif --fail said it 'is no link, device, site …': a site is now named by its name
    too. A township name two counties have is refused with each site's code to write instead."""
    from govnet.whatif import AmbiguousElement, fail

    result = validate(model, addresses=False)
    assert result.model is not None
    by_name, by_code = fail(result.model, ["南昌市"]), fail(result.model, ["3601"])
    assert by_name.sites == by_code.sites and by_name.sites  # the same sites cut off
    assert fail(result.model, ["site:墩子塘街道"]).sites == fail(result.model, ["360102005"]).sites
    city = model / "topology" / "3601.yaml"
    city.write_text(city.read_text(encoding="utf-8").replace("name: 南浦街道}", "name: 墩子塘街道}"), encoding="utf-8")
    twice = validate(model, addresses=False).model
    assert twice is not None
    with pytest.raises(AmbiguousElement, match="write site:360102005 or site:360103001"):
        fail(twice, ["墩子塘街道"])


@pytest.mark.parametrize(("given", "shown"), [("site:3601", "site site:3601"), ("srlg:3601", "srlg srlg:3601"),
                                               ("电信", "carrier 电信")])
def test_whatif_fail_takes_a_kind_prefix(model: Path, given: str, shown: str) -> None:
    from govnet.whatif import fail

    _srlg_named_like_a_site(model)
    result = validate(model, addresses=False)
    assert result.model is not None
    impact = fail(result.model, [given])
    assert f"{impact.element.kind} {impact.element.name}" == shown


@pytest.mark.parametrize("date", ["2024-13-45", "20240101", "2024-W01-1"])
def test_report_compliance_judges_its_date_before_the_model(model: Path, date: str) -> None:
    """'report compliance --date' was judged after a whole validation (build and draw judge theirs first), and by
    date.fromisoformat alone, which takes 20240101 and 2024-W01-1 and printed them as the report's date."""
    (model / "topology" / "3601.yaml").write_text("bad: [unclosed\n", encoding="utf-8")  # a model with errors
    run = govnet_in_process("report", "compliance", "--date", date, str(model))
    assert run.returncode == 2, run.stderr
    assert f"--date must be YYYY-MM-DD, not '{date}'" in run.stderr and "GN101" not in run.stdout + run.stderr
