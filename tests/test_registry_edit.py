"""Registry writes: round trip (comments, order, untouched units byte-identical), refusal, concurrency, CLI."""

from __future__ import annotations

import datetime as dt
import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import govnet_in_process
from govnet.pipeline import validate
from govnet.registry import edit as regedit
from govnet.registry import uscc

DOC = "赣政网〔2024〕9号"
MINI = Path(__file__).resolve().parent / "fixtures" / "mini"


@pytest.fixture
def model(tmp_path: Path) -> Path:
    root = tmp_path / "model"
    shutil.copytree(MINI, root)
    registry = root / "registry.yaml"
    text = registry.read_text(encoding="utf-8")
    # a comment inside a unit and one between units: both must survive an edit
    text = text.replace("    bandwidth: {requested: 100M}\n",
                        "    bandwidth: {requested: 100M}  # 待核定\n    mlps: {level: 2}\n")
    text = text.replace("  - id: MINI-0004\n", "  # 市本级\n  - id: MINI-0004\n")
    registry.write_text(text, encoding="utf-8")
    return root


def _units(text: str) -> list[str]:
    """The text of each unit, split at the '- id:' lines."""
    parts = text.split("\n  - id: ")
    return parts[1:]


def test_transition_changes_only_that_unit(model: Path) -> None:
    path = model / "registry.yaml"
    before = path.read_text(encoding="utf-8")
    regedit.transition(model, "MINI-0003", "approve", by="省办", date=dt.date(2024, 6, 20), document=DOC)
    after = path.read_text(encoding="utf-8")
    old, new = _units(before), _units(after)
    assert [o == n for o, n in zip(old, new, strict=True)] == [True, True, False, True]
    assert before.split("\n  - id: MINI-0003")[0] == after.split("\n  - id: MINI-0003")[0]  # header, settings
    changed = new[2]
    assert re.search(r"bandwidth: \{requested: 100M, granted: 100M\} +# 待核定\n", changed)  # the comment stays
    assert "status: approved" in changed
    assert changed.endswith(f"- {{date: 2024-06-20, action: approve, by: 省办, document: {DOC}}}\n\n  # 市本级")
    assert "  # 市本级\n  - id: MINI-0004" in after
    result = validate(model)
    assert result.diagnostics == [], [d.as_text() for d in result.diagnostics]
    unit = result.model.registry.unit_by_id["MINI-0003"]  # type: ignore[union-attr]
    assert unit.status == "approved" and unit.history[-1].document == "赣政网〔2024〕9号"


def test_wrong_state_is_an_edit_error(model: Path) -> None:
    with pytest.raises(regedit.EditError, match="applies to units that are approved"):
        regedit.transition(model, "MINI-0003", "activate", by="x", date=dt.date(2024, 6, 20))
    with pytest.raises(regedit.EditError, match="no unit with id"):
        regedit.transition(model, "MINI-9999", "revoke", by="x", date=dt.date(2024, 6, 20))


def test_invalid_result_is_refused_and_the_file_untouched(model: Path) -> None:
    path = model / "registry.yaml"
    before = path.read_bytes()
    regedit.transition(model, "MINI-0003", "approve", by="x", date=dt.date(2024, 6, 20), document="d")
    approved = path.read_bytes()
    assert approved != before
    with pytest.raises(regedit.Refused) as refused:  # activation dated before the approval
        regedit.transition(model, "MINI-0003", "activate", by="x", date=dt.date(2024, 6, 1))
    assert {d.code for d in refused.value.diagnostics} == {"GN714", "GN716"}
    assert path.read_bytes() == approved
    assert not [p for p in model.iterdir() if p.name.endswith(".tmp")]


def _new_unit(unit_id: str, body: str) -> dict[str, object]:
    return {"id": unit_id, "name": f"东湖区测试单位{unit_id}", "uscc": uscc.make("11", "360102", body),
            "division": "360102", "site": "360102", "access_class": "A", "zones": ["public"],
            "bandwidth": {"requested": "100M"},
            "contacts": {"head": {"name": "甲", "mobile": "13900000001"},
                         "technical": {"name": "乙", "mobile": "13900000002"}},
            "status": "applied", "history": [{"date": dt.date(2024, 6, 25), "action": "apply", "by": "x"}]}


def test_add_appends_and_allocates_the_units_addresses(model: Path) -> None:
    path = model / "registry.yaml"
    before = path.read_text(encoding="utf-8")
    lock_before = (model / "allocations.lock").read_text(encoding="utf-8")
    regedit.add(model, _new_unit("MINI-0005", "MB0105FF"))
    after = path.read_text(encoding="utf-8")
    assert after.startswith(before.rstrip("\n") + "\n\n  - id: MINI-0005\n")
    added = set((model / "allocations.lock").read_text(encoding="utf-8").splitlines()) - set(lock_before.splitlines())
    # the unit's subnet and its VLAN from its site's pool (govnet.ipam.vlans)
    assert {line.rsplit(" ", 1)[0] for line in added if not line.startswith("#")} == {
        "public ipv4 unit MINI-0005", "vlan ipv4 vlan MINI-0005:public"}
    assert validate(model).diagnostics == []
    with pytest.raises(regedit.EditError, match="already registered"):
        regedit.add(model, _new_unit("MINI-0005", "MB0106FF"))


def test_add_to_an_empty_registry_and_to_a_city_file(model: Path) -> None:
    (model / "registry.yaml").write_text("# 空\nunits: []  # 暂无\n", encoding="utf-8")
    regedit.add(model, _new_unit("MINI-0005", "MB0105FF"))
    text = (model / "registry.yaml").read_text(encoding="utf-8")
    assert text.startswith("# 空\nunits:\n  - id: MINI-0005\n")
    (model / "registry.d").mkdir()
    (model / "registry.d" / "3601.yaml").write_text("units: []\n", encoding="utf-8")
    assert regedit.add(model, _new_unit("MINI-0006", "MB0106FF")) == "registry.d/3601.yaml"
    # The units emptied out above by hand keep their addresses reserved (GN627) until pruned: nothing else.
    assert {d.code for d in validate(model).diagnostics} == {"GN627"}


_WRITER = """
import datetime as dt, sys
from pathlib import Path
from govnet.registry import edit as regedit
regedit.transition(Path(sys.argv[1]), sys.argv[2], sys.argv[3], by="w", date=dt.date(2024, 6, 29), document="d")
"""


def test_two_concurrent_writers_both_changes_kept(model: Path) -> None:
    regedit.transition(model, "MINI-0003", "approve", by="x", date=dt.date(2024, 6, 20), document="d")
    jobs = [subprocess.Popen([sys.executable, "-c", _WRITER, str(model), unit, action])
            for unit, action in (("MINI-0003", "activate"), ("MINI-0004", "activate"))]
    assert [job.wait(timeout=120) for job in jobs] == [0, 0]
    result = validate(model)
    assert result.model is not None and result.model.registry is not None
    units = result.model.registry.unit_by_id
    assert units["MINI-0003"].status == "active" and units["MINI-0004"].status == "active"


def _cli(*args: str) -> subprocess.CompletedProcess[str]:
    return govnet_in_process(*args)


def test_cli_registry_end_to_end(model: Path) -> None:
    m = str(model)
    listed = _cli("registry", "list", m, "--status", "active", "--format", "json")
    assert listed.returncode == 0, listed.stderr
    assert "deprecated" not in listed.stderr
    assert [u["id"] for u in json.loads(listed.stdout)] == ["MINI-0001", "MINI-0002"]
    by_city = _cli("registry", "list", "-m", m, "--city", "南昌市", "--zone", "public")  # the old spelling
    assert by_city.returncode == 0 and "MINI-0002" in by_city.stdout and "MINI-0001" not in by_city.stdout
    assert "-m/--model is deprecated" in by_city.stderr
    for flag, value in (("--status", "actve"), ("--class", "G"), ("--zone", "pubic"), ("--city", "南京市")):
        unknown = _cli("registry", "list", m, flag, value)
        assert unknown.returncode == 2 and f"{flag}: no such value '{value}'" in unknown.stderr, unknown.stderr
        assert "choose one of" in unknown.stderr
    shown = _cli("registry", "show", "MINI-0002", m, "--format", "json")
    assert json.loads(shown.stdout)["uscc"] == "11360102MB0102BB7G"
    missing = _cli("registry", "show", "MINI-0007", m)
    assert missing.returncode == 2 and "did you mean" in missing.stderr
    added = _cli("registry", "add", m, "--name", "东湖区财政局", "--uscc", uscc.make("11", "360102", "MB0105FF"),
                 "--division", "360102", "--site", "360102", "--class", "A", "--bandwidth", "100M", "--head", "甲",
                 "--head-mobile", "13900000001", "--tech", "乙", "--tech-mobile", "13900000002", "--date", "2024-06-25")
    assert added.returncode == 0, added.stderr
    assert added.stdout.strip() == "JX-360102-01"
    bad = _cli("registry", "add", m, "--uscc", "11360102MB0105FF3X")
    assert bad.returncode == 2 and "--uscc: USCC check character" in bad.stderr
    incomplete = _cli("registry", "add", m, "--name", "x")
    assert incomplete.returncode == 2 and "missing --uscc" in incomplete.stderr
    refused = _cli("registry", "approve", "JX-360102-01", m, "--by", "x", "--document", "d", "--date",
                   "2024-06-26")
    assert refused.returncode == 1 and "GN718" in refused.stdout and "nothing was written" in refused.stderr
    wrong = _cli("registry", "activate", "MINI-0003", m, "--by", "x")
    assert wrong.returncode == 2 and "applies to units that are approved" in wrong.stderr
    for result in (listed, by_city, shown, missing, added, bad, incomplete, refused, wrong):
        assert "Traceback" not in result.stderr


def test_cli_add_with_mlps_is_approvable_and_set_records_a_change(model: Path) -> None:
    m = str(model)
    added = _cli("registry", "add", m, "--name", "东湖区财政局", "--uscc", uscc.make("11", "360102", "MB0105FF"),
                 "--division", "360102", "--site", "360102", "--class", "A", "--bandwidth", "100M", "--head", "甲",
                 "--head-mobile", "13900000001", "--tech", "乙", "--tech-mobile", "13900000002", "--date", "2024-06-25",
                 "--mlps-level", "2", "--mlps-filing", "36010213005-24001", "--mlps-assessed", "2024-05-30")
    assert added.returncode == 0, added.stderr
    unit = added.stdout.strip()
    # without the MLPS record 'approve' is refused (GN718): with it the unit can be approved from the command line
    approved = _cli("registry", "approve", unit, m, "--by", "省协调小组办公室", "--document", DOC, "--date",
                    "2024-06-26")
    assert approved.returncode == 0, approved.stdout + approved.stderr
    before = (model / "registry.yaml").read_text(encoding="utf-8")
    changed = _cli("registry", "set", unit, "granted=500M", "tech=丙", "tech_mobile=13900000003", "mlps_level=3",
                   m, "--by", "省信息中心", "--date", "2024-09-01", "--document", "扩容〔2024〕1号")
    assert changed.returncode == 0, changed.stdout + changed.stderr
    after = (model / "registry.yaml").read_text(encoding="utf-8")
    assert _units(before)[:-1] == _units(after)[:-1]  # only the changed unit's lines differ
    result = validate(model)
    assert result.model is not None and result.model.registry is not None
    spec = result.model.registry.unit_by_id[unit]
    assert spec.bandwidth.granted == 500_000_000 and spec.contacts.technical.name == "丙" and spec.mlps is not None
    assert spec.mlps.level == 3 and spec.mlps.filing == "36010213005-24001"
    last = spec.history[-1]
    assert (last.action, last.by, last.document, last.date) == ("change", "省信息中心", "扩容〔2024〕1号",
                                                                dt.date(2024, 9, 1))
    assert last.remark is not None
    assert "bandwidth.granted: 100M → 500M" in last.remark and "mlps.level: 2 → 3" in last.remark
    shown = _cli("registry", "show", unit, m)
    assert "granted: 500M" in shown.stdout and "500000000" not in shown.stdout
    # JSON keeps the text form the file and the text output use, and names the figure in bit/s apart
    as_json = json.loads(_cli("registry", "show", unit, m, "--format", "json").stdout)
    assert as_json["bandwidth"] == {"requested": "100M", "granted": "500M", "requested_bps": 100_000_000,
                                    "granted_bps": 500_000_000}
    bad = _cli("registry", "set", unit, "granted=fast", m, "--by", "x")
    assert bad.returncode == 2 and "cannot read bandwidth" in bad.stderr
    unknown = _cli("registry", "set", unit, "uscc=1", m, "--by", "x")
    assert unknown.returncode == 2 and "FIELD one of" in unknown.stderr
    # a value written apart from its field is a missing '=', not a model directory named after the value
    spaced = _cli("registry", "set", unit, "granted", "500M", m, "--by", "x")
    assert spaced.returncode == 2 and "'granted': write FIELD=VALUE" in spaced.stderr
    alone = _cli("registry", "set", unit, "500M", "--by", "x")
    assert alone.returncode == 2 and "no FIELD=VALUE given ('500M' is read as the model directory)" in alone.stderr
    refused = _cli("registry", "set", unit, "tech_mobile=123", "-m", m, "--by", "x")  # old spelling
    assert refused.returncode == 1 and "nothing was written" in refused.stderr
    assert (model / "registry.yaml").read_text(encoding="utf-8") == after
    for result_ in (added, approved, changed, shown, bad, unknown, spaced, alone, refused):
        assert "Traceback" not in result_.stderr


VILLAGE_PROFILE = """  village:
    zones: [public]
    devices:
      - {name: "{prefix}-{code}-R{n:02d}", role: router, platform: huawei_vrp, count: 1, port_speed: 1G}
    uplinks: {count: 1, bandwidth: 100M, min_bandwidth: 20M, carriers: [电信]}

"""


def test_add_validates_a_unit_in_a_village_of_a_county_file(model: Path) -> None:
    """The candidate is validated with the per-county files (topology/<city>/<county>.yaml): a unit attached to
    a village written only there is accepted with its addresses, and one attached to a village no file has is
    refused, the registry and the lock untouched."""
    from govnet.pipeline import allocate

    profiles = model / "topology" / "profiles.yaml"
    text = profiles.read_text(encoding="utf-8")
    profiles.write_text(text.replace("  gov-cloud:\n", VILLAGE_PROFILE + "  gov-cloud:\n"), encoding="utf-8")
    county = model / "topology" / "3601" / "360102.yaml"
    county.parent.mkdir()
    county.write_text("county: 360102\ntownships:\n  - code: 360102002\n    villages:\n"
                      "      - {code: 360102002001, name: 民巷社区居委会}\n", encoding="utf-8")
    _, allocation = allocate(model)
    assert allocation is not None
    (model / "allocations.lock").write_text(allocation.text, encoding="utf-8")
    assert validate(model).ok
    in_village = {**_new_unit("MINI-0005", "MB0105FF"), "site": "360102002001", "division": "360102002001"}
    assert regedit.add(model, in_village) == "registry.yaml"
    lock = (model / "allocations.lock").read_text(encoding="utf-8")
    assert "public ipv4 unit MINI-0005 " in lock
    result = validate(model)
    assert result.ok and result.model is not None
    assert result.model.registry.unit_by_id["MINI-0005"].site == "360102002001"  # type: ignore[union-attr]
    # a village's 12-digit code is a division code like a township's 9 digits: no "malformed" warning (GN705)
    assert [d for d in result.diagnostics if d.code == "GN705"] == []
    registry, lock_before = (model / "registry.yaml").read_bytes(), (model / "allocations.lock").read_bytes()
    with pytest.raises(regedit.Refused) as refused:
        regedit.add(model, {**_new_unit("MINI-0006", "MB0106FF"), "site": "360102002002",
                             "division": "360102002002"})
    assert any("360102002002" in d.message for d in refused.value.diagnostics)
    assert (model / "registry.yaml").read_bytes() == registry
    assert (model / "allocations.lock").read_bytes() == lock_before


def test_registry_show_prints_what_the_unit_has_not_nulls_for_what_it_has_not() -> None:
    """MINI-0002 has no servers, no period and no contact phones: the text output listed them as `servers: []`,
    `period: null`, `phone: null`; JSON keeps every field for scripts."""
    shown = _cli("registry", "show", "MINI-0002", str(MINI))
    assert shown.returncode == 0 and "name: 滕王阁街道办事处" in shown.stdout
    assert "mobile: '13807910003'" in shown.stdout
    assert "null" not in shown.stdout and "[]" not in shown.stdout and "{}" not in shown.stdout
    as_json = json.loads(_cli("registry", "show", "MINI-0002", str(MINI), "--format", "json").stdout)
    assert as_json["period"] is None and as_json["servers"] == [] and as_json["contacts"]["head"]["phone"] is None
