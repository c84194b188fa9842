"""govnet whatif: the fast cuts (bridges, articulation points, the site-contracted graph) agree with one new
search per failure on random graphs and on the golden models; shared risk in the model is validated and fails
as one element."""

from __future__ import annotations

import json
import random
from collections import deque
from pathlib import Path

import pytest

from conftest import BLOCK_ROUTES_CALL, copy_model, govnet_in_process
from govnet.model.types import Model
from govnet.pipeline import validate
from govnet.whatif import UnknownElement, exhaustive, fail
from govnet.whatif.analysis import Analysis, sessions
from govnet.whatif.cuts import Tree
from govnet.whatif.network import Element, Network

GOLDEN = Path(__file__).resolve().parent / "golden"
ROOT_TEMPLATES = Path(__file__).resolve().parents[1] / "templates"
MODELS = [GOLDEN / "huawei-h3c" / "model", GOLDEN / "cisco-isis" / "model",
          Path(__file__).resolve().parent / "fixtures" / "mini"]


def _model(root: Path) -> Model:
    result = validate(root, addresses=False)
    assert result.model is not None
    return result.model


def _reach(adjacent: list[list[tuple[int, int]]], nodes: set[int], edges: set[int]) -> set[int]:
    seen, queue = {0}, deque([0])
    while queue:
        v = queue.popleft()
        for w, e in adjacent[v]:
            if w not in seen and w not in nodes and e not in edges:
                seen.add(w)
                queue.append(w)
    return seen


@pytest.mark.parametrize("seed", range(40))
def test_cuts_match_brute_force_on_random_graphs(seed: int) -> None:
    rng = random.Random(seed)
    n = rng.randint(2, 14)
    adjacent: list[list[tuple[int, int]]] = [[] for _ in range(n)]
    edges = []
    for v in range(1, n):  # a random tree, then extra edges (parallel ones included) and a few loose nodes
        if rng.random() < 0.9:
            edges.append((rng.randrange(v), v))
    edges += [(rng.randrange(n), rng.randrange(n)) for _ in range(rng.randint(0, n))]
    for e, (a, b) in enumerate((a, b) for a, b in edges if a != b):
        adjacent[a].append((b, e))
        adjacent[b].append((a, e))
    count = sum(len(a) for a in adjacent) // 2
    tree = Tree(adjacent)
    base = _reach(adjacent, set(), set())
    bridges = tree.bridges()
    for e in range(count):
        expected = base - _reach(adjacent, set(), {e})
        assert (set(tree.subtree(bridges[e])) if e in bridges else set()) == expected
    for v in range(1, n):
        expected = base - _reach(adjacent, {v}, set()) - {v}
        assert (set(tree.node_cut(v)) if tree.reached(v) else set()) == expected


@pytest.mark.parametrize("root", MODELS, ids=lambda p: p.parent.name if p.name == "model" else p.name)
def test_every_failure_matches_a_full_recomputation(root: Path) -> None:
    model = _model(root)
    analysis = Analysis(Network(model), sessions(model))
    fast = analysis.fast()
    for element in analysis.network.elements():
        assert fast[(element.kind, element.name)] == analysis.brute(element), element.label


@pytest.mark.parametrize("root", MODELS, ids=lambda p: p.parent.name if p.name == "model" else p.name)
def test_the_one_device_path_costs_what_the_general_one_does(root: Path) -> None:
    # Analysis.impact answers a cut of one device from a table per device; general_impact works every cut out
    model = _model(root)
    analysis = Analysis(Network(model), sessions(model))
    single = 0
    for element in analysis.network.elements():
        cut = analysis.brute(element)
        if cut:
            single += len(cut) == 1
            assert analysis.impact(element, cut) == analysis.general_impact(element, cut), element.label
            assert analysis.impact(element, cut) == analysis.general_impact(element, cut), element.label  # cached
    assert single  # the golden models have leaf devices whose failure cuts off only themselves


def test_pairs_of_upper_links_match_a_full_recomputation() -> None:
    model = _model(MODELS[0])
    analysis = Analysis(Network(model))
    pairs = analysis.pairs()
    assert pairs  # the golden's cities hang on two links each
    for element, cut in pairs:
        assert cut == analysis.brute(element), element.label
    # and no pair of upper links that cuts something beyond its single failures is missing
    upper = {e for element, _ in pairs for e in element.edges}
    single = analysis.base.bridges()
    listed = {element.edges for element, _ in pairs}
    for first in sorted(upper):
        for second in sorted(upper):
            if first < second and first not in single and second not in single:
                both = analysis.brute(Element("links", "", edges=frozenset((first, second))))
                assert bool(both) == (frozenset((first, second)) in listed)


def test_carrier_failure_cuts_off_single_homed_townships() -> None:
    impact = fail(_model(MODELS[0]), ["电信"])
    assert "360102002" in impact.sites and "3601" not in impact.sites
    assert ("JX-3601-CR01", "JX-360102002-R01") in impact.sessions


def test_sessions_inside_a_cut_off_island_stay_up() -> None:
    impact = fail(_model(MODELS[0]), ["JX-36-CR01", "JX-36-CR02"])  # the province core goes: the cities are islands
    assert "3601" in impact.sites
    assert ("JX-36-CR01", "JX-3601-CR01") in impact.sessions  # with a failed reflector
    assert ("JX-3601-CR01", "JX-360102-R01") not in impact.sessions  # both in Nanchang's island


def test_management_loss_is_reported_per_zone() -> None:
    """A township cut off by its carrier loses its routers' management in the zones its site offers; the county
    above it keeps its own (and its dedicated zones lose nothing)."""
    from govnet.whatif.report import impact_json, management_by_zone, model_names

    model = _model(MODELS[0])
    impact = fail(model, ["电信"])
    lost = model_names(model, impact)
    per_zone = management_by_zone(model, impact)
    assert "JX-360102002-R01" in lost and "JX-360102-R01" not in lost
    assert per_zone["public"] == sum(1 for n in lost if "public" in model.zones_of(model.devices[n].site))
    assert sum(per_zone.values()) == sum(len(model.zones_of(model.devices[n].site)) for n in lost)
    township_zones = set(model.zones_of("360102002"))
    assert all(zone in per_zone for zone in township_zones)
    assert impact_json(model, impact)["devices_unmanageable_by_zone"] == per_zone


def test_unknown_element_is_named_with_a_hint() -> None:
    with pytest.raises(UnknownElement, match="did you mean 'JX-3601-CR02'"):
        fail(_model(MODELS[0]), ["JX-3601-CR0"])


def test_a_redundant_link_moves_paths_but_cuts_nothing() -> None:
    impact = fail(_model(MODELS[0]), ["JX-3601-CR01/JX-360102-R01"])
    assert impact.sites == [] and impact.moved


def _with_county(tmp_path: Path, extra: str) -> Path:
    root = copy_model(MODELS[0], tmp_path / "model")
    city = root / "topology" / "3601.yaml"
    text = city.read_text(encoding="utf-8")
    city.write_text(text.replace("      name: 东湖区\n", f"      name: 东湖区\n      {extra}\n", 1), encoding="utf-8")
    return root


def test_two_uplinks_in_one_conduit(tmp_path: Path) -> None:
    root = _with_county(tmp_path, "uplinks: {conduits: [G-0791-7, G-0791-7]}")
    result = validate(root, addresses=False)
    hits = [d for d in result.diagnostics if d.code == "GN415"]
    assert [(d.file, d.line) for d in hits] == [("topology/3601.yaml", 8)]
    assert result.model is not None
    impact = fail(result.model, ["G-0791-7"])  # the conduit is one element: the county and its townships go
    assert impact.sites == ["360102", "360102002", "360102004", "360102005"]


def test_diverse_conduits_are_no_finding(tmp_path: Path) -> None:
    root = _with_county(tmp_path, "uplinks: {conduits: [G-0791-7, G-0791-8]}")
    assert "GN415" not in {d.code for d in validate(root, addresses=False).diagnostics}


def test_county_on_one_uplink(tmp_path: Path) -> None:
    root = _with_county(tmp_path, "uplinks: {count: 1}")
    result = validate(root, addresses=False)
    assert [(d.code, d.file, d.line) for d in result.diagnostics if d.code == "GN416"] == [
        ("GN416", "topology/3601.yaml", 8)]
    assert result.model is not None
    spofs = dict(exhaustive(result.model).spofs["360102"])
    assert spofs.get("link JX-360102-R01/JX-3601-CR01", spofs.get("link JX-360102-R01/JX-3601-CR02")) == 4


def test_exhaustive_report_ranks_and_lists_spofs() -> None:
    model = _model(MODELS[0])
    report = exhaustive(model, depth=2)
    counts = [(i.unit_count, len(i.sites)) for i in report.impacts]
    assert [c[0] for c in counts] == sorted((c[0] for c in counts), reverse=True)
    assert any(i.element.kind == "links" for i in report.impacts)  # an N-2 pair of city uplinks
    assert "360102" in report.spofs  # its townships are single-homed


def test_cli_whatif(tmp_path: Path) -> None:
    root = str(MODELS[0])
    result = govnet_in_process("whatif", root, "--all", "--format", "json")
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["impacts"][0]["sites_lost"]
    result = govnet_in_process("whatif", root, "--fail", "nowhere")
    assert result.returncode == 2
    result = govnet_in_process("whatif", root)
    assert result.returncode == 2
    result = govnet_in_process("whatif", root, "--fail", "JX-3601-CR01", "--format", "html")
    assert result.returncode == 0 and "<svg" in result.stdout
    png = tmp_path / "cut.png"
    result = govnet_in_process("whatif", root, "--fail", "JX-3601-CR01", "--format", "png", "-o", str(png))
    assert result.returncode == 0 and png.read_bytes().startswith(b"\x89PNG")
    assert govnet_in_process("whatif", root, "--all", "--format", "png").returncode == 2


def test_cli_verify_reports_findings_with_exit_code(tmp_path: Path) -> None:
    # stdout alone: CliRunner mixes stderr into result.stdout before click 8.2, which typer 0.15 requires
    clean = govnet_in_process("verify", str(MODELS[0]), "--format", "json")
    assert clean.returncode == 0 and json.loads(clean.stdout)["diagnostics"] == []
    model = copy_model(MODELS[2], tmp_path / "model")  # its router template forgets the site blocks' announcements
    router = (ROOT_TEMPLATES / "huawei_vrp" / "router.j2").read_text(encoding="utf-8")
    assert BLOCK_ROUTES_CALL in router
    (model / "templates" / "huawei_vrp").mkdir(parents=True)
    (model / "templates" / "huawei_vrp" / "router.j2").write_text(router.replace(BLOCK_ROUTES_CALL, ""),
                                                                  encoding="utf-8")
    broken = govnet_in_process("verify", str(model), "--format", "json")
    assert broken.returncode == 1, broken.stderr
    assert "GN920" in {d["code"] for d in json.loads(broken.stdout)["diagnostics"]}


@pytest.mark.parametrize("root", MODELS[:2], ids=lambda p: p.parent.name)
def test_bgp_sessions_of_the_model_are_those_the_configs_bring_up(root: Path) -> None:
    """whatif judges dropped sessions on the model's reflector plan: it must be the configs' sessions."""
    from govnet import verify
    from govnet.render import render_configs
    from govnet.verify.bgp import Sessions
    from govnet.verify.context import VerifyContext

    result = validate(root)
    assert result.model is not None and result.addresses is not None
    configs = render_configs(result.model, result.addresses.outcome.decisions, model_root=root)
    up = Sessions(VerifyContext(result.model, verify.scan_configs(configs))).up
    assert {(a, b) if a < b else (b, a) for a, peers in up.items() for b in peers} == set(sessions(result.model))


def test_units_are_cut_off_with_their_attach_router() -> None:
    """A unit's sub-interfaces are on its site's attach router alone (govnet.model.attach): losing that router
    cuts the unit off although the site's other router still reaches the core; losing the other one does not."""
    model = _model(MODELS[0])
    first = fail(model, ["JX-36-CR01"])
    assert first.sites == [] and first.units == {"": 1, "public": 1, "hrss": 1}
    assert fail(model, ["JX-36-CR02"]).units == {}
    assert any(i.element.name == "JX-36-CR01" for i in exhaustive(model).impacts)  # ranked though no site is lost


def test_a_router_does_not_reach_the_core_through_its_sites_firewall() -> None:
    """The interconnect of a county's routers fails with one router's uplink: the configs carry that router's IGP
    (its management, its BGP sessions, its units' routes) over nothing else, since the firewall's legs are
    sub-interfaces in VPN instances. The 'site LAN' whatif used to assume carried it through the firewall."""
    model = _model(MODELS[0])
    impact = fail(model, ["JX-360102-R01/JX-360102-R02", "JX-360102-R01/JX-3601-CR01"])
    lost = {name for i, name in enumerate(model.devices, 1) if i in impact.lost}
    assert {"JX-360102-R01", "JX-360102002-R01", "JX-360102004-R01"} <= lost
    assert "JX-360102-R02" not in lost and "JX-360102-FW01" not in lost  # its legs to R02 hold it
    assert impact.units == {"": 1, "public": 1}  # MINI-0002, at a township that hangs off R01 alone
    assert fail(model, ["JX-360102-R01/JX-360102-R02"]).lost == frozenset()  # the interconnect alone: nothing


def test_the_national_backbones_pes_are_no_devices_the_province_loses_management_of() -> None:
    """Its operator manages them: losing the national access point (or its link, now that no 'site LAN' joins
    its two PEs) costs the province its handoff, not the management of devices it never managed."""
    from govnet.whatif.report import impact_json

    model = _model(MODELS[0])
    for names in (["NATIONAL"], ["JX-36-CR01/JX-NATIONAL-PE01"]):
        found = impact_json(model, fail(model, names))
        assert found["devices_unmanageable"] == [] and found["devices_unmanageable_by_zone"] == {}, names
