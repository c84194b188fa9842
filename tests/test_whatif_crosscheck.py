"""whatif against verify: every failure whatif judges on the model's graph is applied to the RENDERED configs (the
failed devices' configs dropped, 'shutdown' written into the ports of a failed link at both ends and the configs
read again) and verify's own judgements are read off the result. Per failure, the devices that lose
management reach (verify GN918, the failed ones included) and, per zone, the active units the province core no
longer reaches (their subnet on a PE whose BGP routes no longer reach a province-core member of the zone) must be
what whatif says."""

from __future__ import annotations

import dataclasses
import ipaddress
import time
from collections.abc import Mapping
from pathlib import Path

import pytest

from conftest import render_shared
from govnet import verify
from govnet.ipam.keys import LockKey
from govnet.ipam.prefix import Net
from govnet.model.types import Model
from govnet.reference.platforms import ROUTING_ROLES
from govnet.render import Config, config_path
from govnet.verify import management
from govnet.verify.bgp import Sessions
from govnet.verify.context import VerifyContext
from govnet.verify.facts import Facts
from govnet.verify.scan import scan
from govnet.whatif.analysis import Analysis, Impact, sessions
from govnet.whatif.network import Element, Network

TESTS = Path(__file__).resolve().parent
MODELS = [TESTS / "golden" / "huawei-h3c" / "model", TESTS / "golden" / "cisco-isis" / "model",
          TESTS / "fixtures" / "mini"]


@dataclasses.dataclass(frozen=True)
class Judged:
    """What one failure costs, as one side sees it: our devices that lose the core, and per zone the number of
    active units cut off."""

    devices: frozenset[str]
    units: Mapping[str, int]


def shut_ports(text: str, far_ends: set[str], ctx: VerifyContext) -> tuple[str, int]:
    """The config text with each physical port whose description names one of ``far_ends`` shut down, as an operator
    would write it: 'shutdown' in the port's block, in place of an 'undo shutdown'/'no shutdown'. Its
    sub-interfaces are left as written (they go down with their port: the reader's business). Also how many."""
    lines = text.splitlines()
    blocks: list[tuple[int, int]] = []  # (first line, end) of each physical port's block
    for i, line in enumerate(lines):
        if line.startswith("interface ") and "." not in line:
            end = i + 1
            while end < len(lines) and lines[end].startswith(" "):
                end += 1
            blocks.append((i, end))
    shut = 0
    for first, end in reversed(blocks):
        body = lines[first + 1:end]
        named = [line.split(None, 1)[1] for line in body if line.startswith(" description ")]
        if not named or ctx.named_device(named[0]) not in far_ends:
            continue
        body = [line for line in body if line.strip() not in ("undo shutdown", "no shutdown")]
        lines[first + 1:end] = [*body, " shutdown"]
        shut += 1
    return "\n".join(lines) + "\n", shut


def failed_facts(model: Model, configs: Mapping[str, Config], facts: Mapping[str, Facts], network: Network,
                 element: Element) -> dict[str, Facts]:
    """The configs' facts with the element failed: its devices' configs gone, and each failed link's ports (the
    physical ports whose TO-<device> description names the far end) shut down at both ends in the CONFIG TEXT,
    which verify then reads again, so the failure passes through the reader (a sub-interface down with its port)."""
    gone = {network.names[i] for i in element.devices}
    shut: dict[str, set[str]] = {}
    for e in element.edges:
        link = network.links[e]
        a, b = network.names[network.ends[e][0]], network.names[network.ends[e][1]]
        if link is not None:
            a, b = link.a, link.b
        shut.setdefault(a, set()).add(b)
        shut.setdefault(b, set()).add(a)
    ctx = VerifyContext(model, {})
    result = {}
    for name, found in facts.items():
        if name in gone:
            continue
        far_ends = shut.get(name)
        if far_ends:
            config = configs[name]
            text, count = shut_ports(config.text, far_ends, ctx)
            assert count, f"{name}: no port toward {sorted(far_ends)} to shut down"
            found = scan(name, str(config_path(config)), text)
        result[name] = found
    return result


def _unit_subnets(model: Model, decisions: Mapping[str, Net]) -> list[tuple[str, str, Net]]:
    """(zone, unit id, subnet) of every active unit's IPv4 subnet."""
    active = {u.id for u in model.registry.units if u.status == "active"} if model.registry else set()
    found = []
    for text, net in decisions.items():
        parts = text.split(" ", 3)
        if len(parts) < 3 or parts[2] != "unit" or net.family != 4:
            continue
        key = LockKey.parse(text)
        if key.subject in active and key.pool in model.zone_by_name:
            found.append((key.pool, key.subject, net))
    return found


def verify_judges(model: Model, facts: Mapping[str, Facts], decisions: Mapping[str, Net]) -> tuple[
        frozenset[str], dict[str, frozenset[str]]]:
    """verify's view of configs: the devices that reach the core (a router: its IGP component holds a province
    core router, GN904's judgement; any device, where the model has management servers: no GN918, and some
    server still attached, GN917) and per zone the active units some province-core member of the zone holds or
    learns over BGP (GN924's judgement: the unit's subnet on an up port, BGP sessions that come up, reflection)."""
    ctx = VerifyContext(model, facts)
    bgp = Sessions(ctx)
    province = {d.name for d in model.devices_of(model.province.key)}
    cores = {ctx.igp_component[name] for name in province if name in ctx.igp_component}
    reaching = {name for name, f in facts.items() if f.igp and ctx.igp_component.get(name) in cores}
    listed = management.servers(ctx)
    if listed:
        found = management.check(ctx, bgp)
        unmanaged = {Path(d.file).stem for d in found if d.code == "GN918"}
        if sum(d.code == "GN917" for d in found) == len(listed):
            unmanaged = set(facts)  # no server attached anywhere: nothing is managed
        reaching = {n for n in facts if n not in unmanaged and (n in reaching or not facts[n].igp)}
    connected: dict[tuple[str, ipaddress.IPv4Network], set[str]] = {}  # (VPN instance, subnet of an up port)
    for f in facts.values():
        for port in f.interfaces.values():
            if port.vrf and port.ipv4 is not None and not port.shutdown:
                connected.setdefault((port.vrf, port.ipv4.network), set()).add(f.device)
    units: dict[str, set[str]] = {}
    for zone_name, unit, net in _unit_subnets(model, decisions):
        vrf = model.zone_by_name[zone_name].vrf
        subnet = ipaddress.IPv4Network(str(net))
        core = {name for name in province if name in facts and vrf in facts[name].vrfs}
        holders = {h for length in range(subnet.prefixlen, 7, -1)
                   for h in connected.get((vrf, subnet.supernet(new_prefix=length)), ())}
        if any(h in core or core & bgp.reach(h) for h in holders):
            units.setdefault(zone_name, set()).add(unit)
    return frozenset(reaching), {z: frozenset(u) for z, u in units.items()}


def whatif_judges(model: Model, impact: Impact, network: Network) -> Judged:
    """whatif's view of one failure: the devices of ours it loses, and per zone the units it cuts off."""
    devices = frozenset(network.names[i] for i in impact.lost if model.is_ours(model.devices[network.names[i]]))
    return Judged(devices, {zone: n for zone, n in impact.units.items() if zone and n})


def lost(before: tuple[frozenset[str], dict[str, frozenset[str]]],
         after: tuple[frozenset[str], dict[str, frozenset[str]]]) -> Judged:
    """What reached the core before and no longer does."""
    units = {zone: len(reached - after[1].get(zone, frozenset())) for zone, reached in before[1].items()}
    return Judged(before[0] - after[0], {zone: n for zone, n in units.items() if n})


def double_failures(network: Network) -> list[Element]:
    """Each router interconnect failing with one uplink of either router: the router must then reach the core
    over its other uplinks, never through the site's firewalls (their legs carry no IGP) or a LAN."""
    found = []
    for e, kind in network.internal.items():
        if kind != "interconnect":
            continue
        for other, link in enumerate(network.links):
            if link is not None and set(network.ends[e]) & set(network.ends[other]):
                name = f"{network.edge_name(e)} + {network.edge_name(other)}"
                found.append(Element("elements", name, edges=frozenset((e, other))))
    return found


def cross_check(root: Path) -> tuple[int, int, list[str]]:
    """Every element whatif lists, judged by both: how many, how many cut something off, the disagreements."""
    result, configs = render_shared(root)
    assert result.model is not None and result.addresses is not None
    model, decisions = result.model, result.addresses.outcome.decisions
    facts = verify.scan_configs(configs)
    before = verify_judges(model, facts, decisions)
    routers = {d.name for d in model.devices.values() if d.role in ROUTING_ROLES and model.is_ours(d)}
    assert routers <= before[0]  # the configs as rendered: every router of ours reaches the core
    network = Network(model)
    analysis = Analysis(network, sessions(model))
    cuts = analysis.fast()
    disagreements = []
    elements = network.elements()
    cutting = 0
    for element in [*elements, *double_failures(network)]:
        cut = cuts[(element.kind, element.name)] if element.kind != "elements" else analysis.brute(element)
        impact = analysis.impact(element, cut)
        theirs = lost(before, verify_judges(model, failed_facts(model, configs, facts, network, element), decisions))
        ours = whatif_judges(model, impact, network)
        ours = dataclasses.replace(ours, devices=ours.devices & before[0])  # what verify judges (a firewall: by
        # its management reach, where the model has management servers)
        cutting += bool(theirs.devices or theirs.units)
        if ours != theirs:
            disagreements.append(f"{element.label}: devices whatif only {sorted(ours.devices - theirs.devices)}, "
                                 f"verify only {sorted(theirs.devices - ours.devices)}; units per zone whatif "
                                 f"{dict(ours.units)}, verify {dict(theirs.units)}")
    return len(elements) + len(double_failures(network)), cutting, disagreements


@pytest.mark.parametrize("root", MODELS, ids=lambda p: p.parent.name if p.name == "model" else p.name)
def test_whatif_agrees_with_verify_on_the_rendered_configs(root: Path) -> None:
    count, cutting, disagreements = cross_check(root)
    assert count > 100  # links, devices, sites, carriers and shared-risk groups of a city-and-counties model
    assert cutting > 40  # most of them cut something off in the configs: the check has something to compare
    assert not disagreements, "\n".join(disagreements)


if __name__ == "__main__":  # the counts for the report: python tests/test_whatif_crosscheck.py
    for root in MODELS:
        start = time.perf_counter()
        count, cutting, found = cross_check(root)
        print(f"{root}: {count} elements ({cutting} cut something off), {len(found)} disagreements, "
              f"{time.perf_counter() - start:.1f} s")
        for line in found:
            print("  ", line)


@pytest.mark.parametrize("root", MODELS, ids=lambda p: p.parent.name if p.name == "model" else p.name)
def test_whatif_searches_the_igp_the_configs_build_and_hangs_firewalls_on_their_legs(root: Path) -> None:
    """The edges whatif searches for paths to the core are the IGP adjacencies of the rendered configs between
    devices of ours, no more (no 'site LAN' joining every pair of a site's devices: a router does not reach the
    core through a firewall) and no fewer; the legs it hangs firewalls and access gateways on are the configs'
    adjacencies between a router and such a device."""
    result, configs = render_shared(root)
    assert result.model is not None
    model = result.model
    ctx = VerifyContext(model, verify.scan_configs(configs))
    network = Network(model)
    ours = {name for name, device in model.devices.items() if model.is_ours(device)}
    names = network.names
    searched = {frozenset((names[v], names[w])) for v, edges in enumerate(network.adjacent) for w, _ in edges
                if names[v] in ours and names[w] in ours}
    igp = {frozenset(pair) for pair in ctx.igp.edges()}
    assert searched == igp
    legs = {frozenset((names[r], names[v])) for v, found in network.attached.items() for r, _ in found}
    rendered = {frozenset((a.a.device, a.b.device)) for a in ctx.adjacencies
                if {ctx.role(a.a.device), ctx.role(a.b.device)} & {"firewall", "access-gateway"}
                and {ctx.role(a.a.device), ctx.role(a.b.device)} & set(ROUTING_ROLES)}
    assert legs == rendered and legs
