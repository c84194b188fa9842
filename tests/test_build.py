"""The build stage: devices from profiles, implied uplinks, overrides, and stable decisions."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest

from conftest import BLOCK_ROUTES_CALL, copy_model, snapshot, validate_shared
from govnet.model.types import Model
from govnet.pipeline import validate


def _model(root: Path) -> Model:
    # these tests judge the topology; test_ipam judges addresses (the repository's own model: once per session)
    result = validate_shared(root, addresses=False)
    assert result.ok, [d.as_text() for d in result.diagnostics]
    assert result.model is not None
    return result.model


def _copy(repo_model: Path, tmp_path: Path) -> Path:
    return copy_model(repo_model, tmp_path / "model")


def test_adding_a_township_changes_nothing_else(repo_model: Path, tmp_path: Path) -> None:
    root = _copy(repo_model, tmp_path)
    before = _model(repo_model)  # the copy's files, unchanged yet
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


# --- pipeline.build: the library call that builds a model into a directory ---------------------------------------

MINI = Path(__file__).resolve().parent / "fixtures" / "mini"


def test_build_writes_every_artefact_family_then_skips_everything(tmp_path: Path) -> None:
    from govnet.pipeline import AFTER_WRITES, ARTEFACTS, build

    model, out = copy_model(MINI, tmp_path / "model"), tmp_path / "out"
    first = build(model, out, date="2024-05-01", workers=2)
    assert first.ok and not first.up_to_date and first.skipped == 0
    assert set(first.stages) == {name for name, _ in ARTEFACTS} | {name for name, _ in AFTER_WRITES}
    for made in ("summary.json", "ipam/report.txt", "diagrams/province.png", "diagrams/city-3601.svg",
                 "records/ledger.csv", "reports/compliance.md", "index.html", ".govnet-build.json"):
        assert (out / made).is_file(), made
    assert list((out / "configs").rglob("*.cfg"))
    before = snapshot(out)
    again = build(model, out, date="2024-05-01", workers=2)
    assert again.up_to_date and again.changed == 0 and again.skipped == first.changed + first.unchanged
    assert [d.as_text() for d in again.diagnostics] == [d.as_text() for d in first.diagnostics]
    assert snapshot(out) == before  # not one file touched, the record of the build included


def _count_whatif(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Counts the what-if page's analyses (govnet.site.whatif.script calls) the builds make."""
    from govnet.site import whatif

    analysed: list[int] = []
    script = whatif.script

    def counted(m: Model) -> str:
        analysed.append(1)
        return script(m)

    monkeypatch.setattr(whatif, "script", counted)
    return analysed


def test_editing_one_township_recomputes_only_what_depends_on_it(tmp_path: Path,
                                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    from govnet.pipeline import build

    model, out = copy_model(MINI, tmp_path / "model"), tmp_path / "out"
    analysed = _count_whatif(monkeypatch)
    first = build(model, out, date="2024-05-01", workers=1)
    assert len(analysed) == 1
    before = snapshot(out)
    city = model / "topology" / "3602.yaml"
    text = city.read_text(encoding="utf-8")
    townships = re.findall(r"\{code: (\d{9}), name: ([^}]+)\}", text)
    _code, name = townships[0]
    city.write_text(text.replace(f"name: {name}}}", f"name: {name}新}}", 1), encoding="utf-8")
    second = build(model, out, date="2024-05-01", workers=1)
    assert second.ok and not second.up_to_date
    changed = {p.relative_to(out).as_posix() for p, seen in snapshot(out).items() if before.get(p) != seen}
    assert second.skipped > 0 and second.changed == len(changed - {".govnet-build.json"})
    assert "diagrams/city-3602.png" in changed and "diagrams/city-3601.png" not in changed
    assert not any(p.startswith("configs/3601") for p in changed)  # another city's routers are not touched
    # every file of the first build is accounted for: the site rewrites its font (and the font's key) only when its
    # text needs more characters, as here: the rename's GN306 warning, in Chinese on the site, brings new ones
    assert "site/font.woff" in changed
    assert second.changed + second.unchanged + second.skipped == first.changed + first.unchanged
    site_files = first.stages["site"] - 1 + first.stages["whatif"]  # less index.html, plus the what-if data
    assert (out / "site").is_dir() and len(list((out / "site").iterdir())) == site_files
    assert len(analysed) == 1  # a name is not what the N-1 analysis reads: the what-if page was not redone


def test_a_removed_township_takes_its_files_with_it(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from govnet.pipeline import build
    from govnet.site.whatif import SCRIPT

    model, out = copy_model(MINI, tmp_path / "model"), tmp_path / "out"
    analysed = _count_whatif(monkeypatch)
    build(model, out, date="2024-05-01", workers=1)
    assert "360103002" in (out / SCRIPT).read_text(encoding="utf-8")
    city = model / "topology" / "3601.yaml"
    text = city.read_text(encoding="utf-8")
    line = "        - {code: 360103002, name: 朝阳洲街道}\n"
    assert line in text and (out / "configs" / "360103002").is_dir()
    city.write_text(text.replace(line, ""), encoding="utf-8")
    done = build(model, out, date="2024-05-01", workers=1)
    assert done.ok and done.removed > 0
    assert len(analysed) == 2 and "360103002" not in (out / SCRIPT).read_text(encoding="utf-8")  # analysed again
    assert not (out / "configs" / "360103002").exists()


def test_build_of_a_broken_model_writes_nothing(tmp_path: Path) -> None:
    from govnet.pipeline import build

    model, out = copy_model(MINI, tmp_path / "model"), tmp_path / "out"
    (model / "topology" / "province.yaml").write_text("province: [\n", encoding="utf-8")
    done = build(model, out)
    assert not done.ok and {d.code for d in done.diagnostics} >= {"GN101"}
    assert not out.exists()


def test_one_exception_root_and_one_exit_code_mapping(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from govnet.cli.app import run
    from govnet.errors import GovnetError
    from govnet.registry.edit import EditError, Refused
    from govnet.render.diff import DiffError
    from govnet.render.engine import TemplateError
    from govnet.render.secrets import SecretsError
    from govnet.scaffold.province import ScaffoldError

    assert all(issubclass(kind, GovnetError) for kind in (EditError, Refused, DiffError, TemplateError, SecretsError,
                                                          ScaffoldError))
    assert run(["validate", str(tmp_path / "nowhere")]) == 2
    assert "govnet: error: model directory" in capsys.readouterr().err
    assert run(["draw", str(MINI), "--city", "南京市", "-o", str(tmp_path)]) == 2
    err = capsys.readouterr().err
    assert "no city '南京市'" in err and "3601 南昌市" in err and "GN" not in err  # refused before validating


def test_build_draws_a_county_view_per_county_with_villages_incrementally(tmp_path: Path) -> None:
    """County views join the diagrams (one per county that has villages); editing one village redraws its
    county's view, and the other views are skipped."""
    from govnet.pipeline import allocate, build
    from test_registry_edit import VILLAGE_PROFILE

    model, out = copy_model(MINI, tmp_path / "model"), tmp_path / "out"
    profiles = model / "topology" / "profiles.yaml"
    text = profiles.read_text(encoding="utf-8")
    profiles.write_text(text.replace("  gov-cloud:\n", VILLAGE_PROFILE + "  gov-cloud:\n"), encoding="utf-8")
    county = model / "topology" / "3601" / "360102.yaml"
    county.parent.mkdir()
    county.write_text("county: 360102\ntownships:\n  - code: 360102002\n    villages:\n"
                      "      - {code: 360102002001, name: 民巷社区居委会}\n"
                      "      - {code: 360102002002, name: 章江路社区居委会}\n", encoding="utf-8")
    _, allocation = allocate(model)
    assert allocation is not None
    (model / "allocations.lock").write_text(allocation.text, encoding="utf-8")
    first = build(model, out, date="2024-05-01", workers=1)
    assert first.ok
    assert sorted(p.name for p in (out / "diagrams").glob("county-*")) == ["county-360102.png", "county-360102.svg"]
    before = snapshot(out)
    county.write_text(county.read_text(encoding="utf-8").replace("章江路社区居委会", "章江路社区"), encoding="utf-8")
    second = build(model, out, date="2024-05-01", workers=1)
    assert second.ok and second.skipped > 0
    changed = {p.relative_to(out).as_posix() for p, seen in snapshot(out).items() if before.get(p) != seen}
    assert {"diagrams/county-360102.png", "diagrams/county-360102.svg"} <= changed
    assert "diagrams/city-3602.png" not in changed and "diagrams/province.png" not in changed


def test_workers_write_exactly_what_one_process_writes(tmp_path: Path) -> None:
    """With several workers the stages verify does not read run in forked processes beside the configs (and the
    diagrams in their own pool): the same files, byte for byte, the build's record included, as one process."""
    from govnet.pipeline import build

    model = copy_model(MINI, tmp_path / "model")
    alone = build(model, tmp_path / "alone", date="2024-05-01", workers=1)
    forked = build(model, tmp_path / "forked", date="2024-05-01", workers=2)
    assert alone.ok and forked.ok
    assert (alone.changed, alone.stages) == (forked.changed, forked.stages)

    def tree(out: Path) -> dict[str, bytes]:
        return {p.relative_to(out).as_posix(): p.read_bytes() for p in out.rglob("*") if p.is_file()}

    assert tree(tmp_path / "alone") == tree(tmp_path / "forked")


def test_a_verify_stop_leaves_no_worker_behind(tmp_path: Path) -> None:
    """The workers start before verify has judged the configs: a finding stops them all, and nothing is written
    but verify's read-back cache. The fault: the model's own router template forgets the block announcements."""
    import multiprocessing

    from govnet import verify
    from govnet.pipeline import build
    from govnet.writer import BUILD_LOCK

    model, out = copy_model(MINI, tmp_path / "model"), tmp_path / "out"
    packaged = Path(__file__).resolve().parent.parent / "templates" / "huawei_vrp" / "router.j2"
    (model / "templates" / "huawei_vrp").mkdir(parents=True)
    text = packaged.read_text(encoding="utf-8")
    assert BLOCK_ROUTES_CALL in text
    text = text.replace(BLOCK_ROUTES_CALL, "")
    (model / "templates" / "huawei_vrp" / "router.j2").write_text(text, encoding="utf-8")
    done = build(model, out, date="2024-05-01", workers=2)
    assert done.result.stopped_after == "verify" and "GN920" in {d.code for d in done.diagnostics}
    assert multiprocessing.active_children() == []
    assert {p.relative_to(out).as_posix() for p in out.rglob("*") if p.is_file()} == \
        {".govnet-output", verify.CACHE_FILE.as_posix(),  # govnet's mark: the next build may write there
         BUILD_LOCK}  # empty: the builds into out/ take turns by it


def test_without_verify_this_process_and_one_worker_share_the_jobs(tmp_path: Path,
                                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    """Without verify the build process stages the configs and then takes the background jobs one forked worker
    has not started (two busy processes on two CPUs, not three): every file is written, the same bytes as one
    process writes, and nothing is left in the staging folder."""
    from govnet import workers
    from govnet.pipeline import build
    from govnet.writer import STAGING

    pools: list[int] = []
    started = workers.Jobs.__init__

    def spy(self: workers.Jobs, *args: Any, **kwargs: Any) -> None:
        started(self, *args, **kwargs)
        if self.processes:
            pools.append(len(self.processes))

    monkeypatch.setattr(workers.Jobs, "__init__", spy)
    model = copy_model(MINI, tmp_path / "model")
    alone = build(model, tmp_path / "alone", date="2024-05-01", workers=1, verify=False)
    forked = build(model, tmp_path / "forked", date="2024-05-01", workers=2, verify=False)
    assert pools == [1]  # one worker, and no stager: the old layout forked 2 workers and a stager
    assert alone.ok and forked.ok and alone.stages == forked.stages and alone.stages["configs"] > 1

    def tree(out: Path) -> dict[str, bytes]:
        return {p.relative_to(out).as_posix(): p.read_bytes() for p in out.rglob("*") if p.is_file()}

    assert tree(tmp_path / "alone") == tree(tmp_path / "forked")
    assert not (tmp_path / "forked" / STAGING).exists()
