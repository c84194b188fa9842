"""The build stage: devices from profiles, implied uplinks, overrides, and stable decisions."""

from __future__ import annotations

from pathlib import Path

from conftest import copy_model
from govnet.model.types import Model
from govnet.pipeline import validate


def _model(root: Path) -> Model:
    result = validate(root, addresses=False)  # these tests judge the topology; test_ipam judges addresses
    assert result.ok, [d.as_text() for d in result.diagnostics]
    assert result.model is not None
    return result.model


def _copy(repo_model: Path, tmp_path: Path) -> Path:
    return copy_model(repo_model, tmp_path / "model")


def test_adding_a_township_changes_nothing_else(repo_model: Path, tmp_path: Path) -> None:
    root = _copy(repo_model, tmp_path)
    before = _model(root)
    city = root / "topology" / "3601.yaml"
    text = city.read_text(encoding="utf-8")
    anchor = "        - {code: 360102006, name: 大院街道}\n"
    assert anchor in text
    # A new street office inserted in the middle of the list, as a real edit would.
    city.write_text(text.replace(anchor, "        - {code: 360102003, name: 新设街道}\n" + anchor), encoding="utf-8")
    after = validate(root, addresses=False)
    assert after.model is not None
    # Not in the 2023 table: a warning, as intended (the example registry's own warnings aside).
    assert {d.code for d in after.diagnostics if not d.code.startswith("GN7")} == {"GN305"}
    old_links, new_links = set(before.links), set(after.model.links)
    assert old_links <= new_links
    assert {link.owner for link in new_links - old_links} == {"360102003"}
    assert set(after.model.devices) - set(before.devices) == {"JX-360102003-R01"}


def test_site_overrides_replace_only_what_they_name(repo_model: Path) -> None:
    model = _model(repo_model)
    dual = [link for link in model.links if link.owner == "360102002"]
    assert len(dual) == 2 and {link.carrier for link in dual} == {"电信", "联通"}
    assert {link.b for link in dual} == {"JX-360102-R01", "JX-360102-R02"}
    dr = [link for link in model.links if link.owner == "DR"]
    assert {link.carrier for link in dr} == {"电信", "移动"}  # override of carriers, profile count kept
    assert all(link.bandwidth == 10**10 for link in dr)
    assert {d.platform for d in model.devices_of("361102")} == {"huawei_vrp", "huawei_usg"}


def test_placeholder_cities_home_their_counties_to_the_province(tmp_path: Path) -> None:
    from govnet.scaffold.province import scaffold

    scaffold(tmp_path / "bj", "11")
    model = _model(tmp_path / "bj")
    uplinks = [link for link in model.links if link.owner == "110101"]
    assert {link.b for link in uplinks} == {"BJ-11-CR01", "BJ-11-CR02"}
    assert model.devices_of("1101") == []


def test_link_ends_may_name_a_site(repo_model: Path, tmp_path: Path) -> None:
    root = _copy(repo_model, tmp_path)
    province = root / "topology" / "province.yaml"
    province.write_text(province.read_text(encoding="utf-8").replace("b: JX-DR-CR02", "b: DR"), encoding="utf-8")
    model = _model(root)
    replication = [link for link in model.links if link.kind == "datacenter"]
    assert {link.b for link in replication} == {"JX-DR-CR01"}  # the DR site's first router
