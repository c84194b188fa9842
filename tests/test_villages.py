"""Villages (村/社区): the shipped table, county files, both uplink forms, their checks, stable addresses, the
county view and coverage. Models are made by `govnet init --villages` for one or two counties."""

from __future__ import annotations

from pathlib import Path

import pytest

from govnet.draw import ViewOptions, build_drawings
from govnet.ipam.lockfile import read_lock
from govnet.model.types import Model
from govnet.pipeline import allocate, validate
from govnet.records.coverage import village_coverage
from govnet.reference import divisions
from govnet.scaffold.province import ScaffoldError, scaffold
from test_draw import _label_boxes, _overlap

COUNTY = "360121"  # 南昌县: 24 townships, 471 villages


@pytest.fixture(scope="module")
def pilot(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("pilot") / "model"
    scaffold(root, "36", villages="南昌县, 360102")  # by name (the county COUNTY) and by code
    return root


def _codes(result: object) -> list[str]:
    return [d.code for d in result.diagnostics]  # type: ignore[attr-defined]


def test_the_table_names_villages_and_lists_a_townships() -> None:
    assert divisions.official_name("360121100208") == "墨山村委会"
    assert divisions.official_name("360121100999") is None
    listed = divisions.villages_of("360121100")
    assert len(listed) == 48 and all(code.startswith("360121100") for code, _ in listed)
    assert sum(len(divisions.villages_of(t)) for t in {r.township_code for r in divisions.rows()
                                                        if r.county_code == COUNTY}) == 471


def test_init_writes_county_files_that_validate_clean(pilot: Path) -> None:
    assert sorted(p.name for p in (pilot / "topology" / "3601").iterdir()) == ["360102.yaml", "360121.yaml"]
    result = validate(pilot)
    assert result.ok and result.diagnostics == []
    assert result.model is not None
    villages = [s for s in result.model.sites if s.level == "village"]
    assert {s.key[:6] for s in villages} == {COUNTY, "360102"}
    first = villages[0]
    assert first.parent == first.key[:9] and result.model.devices_of(first.key)


def test_init_refuses_an_unknown_county(tmp_path: Path) -> None:
    with pytest.raises(ScaffoldError, match="369999"):
        scaffold(tmp_path / "m", "36", villages="369999")
    with pytest.raises(ScaffoldError, match="not counties: 南昌市"):  # a city's name is no county's
        scaffold(tmp_path / "m", "36", villages="南昌市")
    assert not (tmp_path / "m").exists()


def test_a_county_name_several_counties_bear_is_refused_with_their_codes() -> None:
    from govnet.scaffold.villages import SelectionError, selected_counties

    known = {"130102": "长安区", "610116": "长安区", "360121": "南昌县"}
    with pytest.raises(SelectionError, match="'长安区' names several counties; write one code: 130102 长安区, 610116"):
        selected_counties("长安区", known)
    assert selected_counties("南昌", known) == {"360121"}


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_both_uplink_forms(pilot: Path, tmp_path: Path) -> None:
    from conftest import copy_model

    model_dir = copy_model(pilot, tmp_path / "m")
    _edit(model_dir / "topology/3601/360121.yaml", "county: 360121\n", "county: 360121\nprofile: village-direct\n")
    result = validate(model_dir)
    assert result.model is not None
    model = result.model
    up = {link.owner: model.devices[link.b].site for link in model.links if link.owner and len(link.owner) == 12}
    assert up["360121100208"] == COUNTY  # homed on the county platform
    assert up["360102002001"] == "360102002"  # homed on its township
    assert "GN412" not in _codes(result)


def test_county_file_errors_point_at_the_line(pilot: Path, tmp_path: Path) -> None:
    from conftest import copy_model

    model_dir = copy_model(pilot, tmp_path / "m")
    _edit(model_dir / "topology/3601/360102.yaml", "  - code: 360102002", "  - code: 360103002")
    result = validate(model_dir)
    found = [d for d in result.diagnostics if d.code == "GN311"]
    assert len(found) == 1 and found[0].file == "topology/3601/360102.yaml" and found[0].line > 3


def test_county_uplinks_to_county_are_refused_and_capacity_warned(pilot: Path, tmp_path: Path) -> None:
    from conftest import copy_model

    model_dir = copy_model(pilot, tmp_path / "m")
    profiles = model_dir / "topology/profiles.yaml"
    _edit(profiles, "carriers: [电信, 联通], diverse_carriers: true,\n              oversubscription: 10}",
          "carriers: [电信, 联通], diverse_carriers: true, to: county}")
    _edit(profiles, "carriers: [电信], oversubscription: 20}", "carriers: [电信], oversubscription: 2}")
    codes = _codes(validate(model_dir))
    assert "GN413" in codes
    assert codes.count("GN412") >= 1  # townships of ~48 villages × 30M on 100M allow 2:1


def test_adding_one_village_moves_nothing_else(pilot: Path, tmp_path: Path) -> None:
    from conftest import copy_model

    model_dir = copy_model(pilot, tmp_path / "m")
    path = model_dir / "topology/3601/360121.yaml"
    text = path.read_text(encoding="utf-8")
    removed = "      - {code: 360121100208, name: 墨山村委会}\n"
    path.write_text(text.replace(removed, ""), encoding="utf-8")
    (model_dir / "allocations.lock").unlink()
    _, first = allocate(model_dir)
    assert first is not None
    (model_dir / "allocations.lock").write_text(first.text, encoding="utf-8")
    path.write_text(text, encoding="utf-8")
    _, second = allocate(model_dir)
    assert second is not None
    before, after = read_lock(first.text).entries, read_lock(second.text).entries
    assert {k: after[k] for k in before} == before
    assert sorted(set(after) - set(before)) == sorted(k for k in after if "360121100208" in k)
    assert len(set(after) - set(before)) >= 4  # public v4 block, management, loopback, uplink


def test_county_view_labels_do_not_overlap(jiangxi: Model) -> None:
    drawing = build_drawings(jiangxi, "county", ViewOptions(date="2024-05-01", subject=COUNTY))[0]
    assert sum(1 for n in drawing.nodes if n.kind == "village") == 471
    boxes = _label_boxes(drawing)
    clashes = [(a, c) for i, (a, p) in enumerate(boxes) for c, q in boxes[i + 1:] if _overlap(p, q)]
    assert clashes == []


def test_coverage_per_county_city_and_province(jiangxi: Model) -> None:
    found = village_coverage(jiangxi)
    assert found is not None
    assert found["counties"][COUNTY]["covered"] == found["counties"][COUNTY]["villages"] == 471
    assert found["cities"]["3601"]["covered"] == 2263
    assert found["province"]["villages"] == 22080 and found["province"]["covered"] == 2263
    assert "3602" in found["cities"] and found["cities"]["3602"]["covered"] == 0


@pytest.mark.parametrize(("old", "new", "code"), [
    ("{code: 360102002001, name: 民巷社区居委会}", "{code: 360102004001, name: 民巷社区居委会}", "GN302"),
    ("{code: 360102002001, name: 民巷社区居委会}", "{code: 36010200200, name: 民巷社区居委会}", "GN301"),
    ("{code: 360102002001, name: 民巷社区居委会}", "{code: 360102002001, name: 民巷居委会}", "GN306"),
    ("{code: 360102002001, name: 民巷社区居委会}", "{code: 360102002999, name: 民巷社区居委会}", "GN305"),
    ("{code: 360102002002, name: 章江路社区居委会}", "{code: 360102002001, name: 章江路社区居委会}", "GN303"),
    ("{code: 360102002001, name: 民巷社区居委会}", "{code: 360102002001, name: \"民巷\\n社区\"}", "GN501"),
    ("{code: 360102002001, name: 民巷社区居委会}",
     "{code: 360102002001, name: 民巷社区居委会, uplinks: {bandwidth: 10M}}", "GN405"),
])
def test_township_checks_apply_to_villages(pilot: Path, tmp_path: Path, old: str, new: str, code: str) -> None:
    from conftest import copy_model

    model_dir = copy_model(pilot, tmp_path / "m")
    _edit(model_dir / "topology/3601/360102.yaml", old, new)
    found = [d for d in validate(model_dir).diagnostics if d.code == code]
    assert found and all(d.file == "topology/3601/360102.yaml" for d in found)


def test_coverage_reads_the_same_in_the_statistics_and_the_compliance_report(jiangxi: Model) -> None:
    """Villages connected or with an active unit, over every village of the national table: the registry
    statistics (statistics.md) and the compliance report give the same figures per province, city and county."""
    from govnet.records.stats import markdown, statistics
    from govnet.reports.compliance import compliance

    stats = statistics(jiangxi)
    assert stats["village_coverage"]["province"]["covered"] == 2263
    text = markdown(stats)
    assert "| 江西省 | 2263 | 22080 | 10.2% |" in text and "| 南昌县 | 471 | 471 | 100.0% |" in text
    assert "| 景德镇市 | 0 | 718 | 0.0% |" in text
    section = next(s for s in compliance(jiangxi, date="2024-05-01").sections if s.key == "village_coverage")
    figures = [line.figures for line in section.lines]
    assert figures[0]["covered"] == 2263 and figures[0]["villages"] == 22080
    assert {"county": COUNTY, "covered": 471, "villages": 471} in figures
    assert {"city": "3602", "covered": 0, "villages": 718} in figures
    assert not any(f.get("county", "").startswith("3602") for f in figures)  # counties only where a city began


def test_an_active_units_village_counts_as_covered_without_a_village_site(jiangxi: Model) -> None:
    """An active unit whose division is a village covers it, even where the model has no village sites yet."""
    before = village_coverage(jiangxi)
    after = village_coverage(jiangxi, {"360222105201", "360222105"})  # a village of 浮梁县, and a township
    assert before is not None and after is not None
    assert after["counties"]["360222"]["covered"] == before["counties"]["360222"]["covered"] + 1
    assert after["province"]["covered"] == before["province"]["covered"] + 1
