"""The IPv6 underlay, judged like IPv4: OSPFv3 (per port, in the address-family form of IOS XE too) or IS-IS
carrying IPv6 (multi-topology on Huawei and Comware) on both ends of every IPv6 link between routers, in one OSPFv3
area or one IS-IS IPv6 topology mode, and every router's IPv6 Loopback0 advertised and in the province core's
IPv6 component (GN903, GN904, as for IPv4)."""

from __future__ import annotations

import ipaddress

import networkx as nx

from govnet.diagnostics import Diagnostic, some
from govnet.verify.context import VerifyContext
from govnet.verify.scan import Facts, Interface

Port = tuple[Facts, Interface]


def check(ctx: VerifyContext) -> list[Diagnostic]:
    found: list[Diagnostic] = []
    routers = {name: facts for name, facts in ctx.facts.items() if facts.igp and _runs6(facts)}
    graph = nx.Graph()
    graph.add_nodes_from(routers)
    for facts in routers.values():  # IS-IS ports carrying IPv6 while the process does not: no IPv6 adjacency
        if facts.isis_line and not facts.isis6 and any(p.isis6 for p in facts.interfaces.values()):
            found.append(ctx.at("GN903", facts, facts.isis_line, f"IS-IS on {facts.device} carries IPv6 on its "
                                "ports but the process has no IPv6 (no IPv6 topology): no IPv6 route is exchanged",
                                "enable IPv6 in the IS-IS process (Huawei 'ipv6 enable topology ipv6', Comware "
                                "and IOS XE 'address-family ipv6' with 'multi-topology')"))
    for segment in _segments(routers).values():
        for i, (a, pa) in enumerate(segment):
            for b, pb in segment[i + 1:]:
                if a is b or pa.shutdown or pb.shutdown:
                    continue
                problem = _adjacency(ctx, a, pa, b, pb)
                if problem is not None:
                    found.append(problem)
                elif _in6(a, pa) and _in6(b, pb) and not pa.passive and not pb.passive:
                    graph.add_edge(a.device, b.device)
    found += _loopbacks(ctx, routers, graph)
    return found


def _runs6(facts: Facts) -> bool:
    loopback = facts.loopback(0)
    return loopback is not None and loopback.ipv6 is not None


def _in6(facts: Facts, port: Interface) -> bool:
    """Whether the port runs the router's IPv6 IGP (and the router's process exists to run it)."""
    if port.isis6:
        return bool(facts.isis_line and facts.isis6)
    return port.ospf6_area is not None and facts.ospf6


def _segments(routers: dict[str, Facts]) -> dict[ipaddress.IPv6Network, list[Port]]:
    index: dict[ipaddress.IPv6Network, list[Port]] = {}
    for facts in routers.values():
        for port in facts.interfaces.values():
            if port.ipv6 is not None and not port.vrf and port.ipv6.network.prefixlen < 128:
                index.setdefault(port.ipv6.network, []).append((facts, port))
    return index


def _adjacency(ctx: VerifyContext, a: Facts, pa: Interface, b: Facts, pb: Interface) -> Diagnostic | None:
    """Why two routers on one IPv6 link exchange no IPv6 routes (None: they do)."""
    for facts, port, other in ((a, pa, b), (b, pb, a)):
        if not (port.isis6 or port.ospf6_area is not None):
            return ctx.at("GN903", facts, port.line, f"{facts.device} {port.name} ({port.ipv6}) is left out of the "
                          f"IPv6 IGP, so no IPv6 adjacency forms toward {other.device}",
                          "enable OSPFv3 (ospfv3 1 area A) or IS-IS IPv6 (isis ipv6 enable) on the port")
        if port.ospf6_area is not None and not facts.ospf6:
            return ctx.at("GN903", facts, port.line, f"{facts.device} {port.name} names OSPFv3 area "
                          f"{port.ospf6_area}, but {facts.device} has no OSPFv3 process",
                          "configure the OSPFv3 process (ospfv3 1, router-id)")
    if pa.isis6 != pb.isis6:
        return ctx.at("GN903", a, pa.line, f"{a.device} {pa.name} and {b.device} {pb.name} run different IPv6 "
                      "IGPs (OSPFv3 and IS-IS): no IPv6 adjacency forms", "run one IPv6 IGP on both ends")
    if pa.ospf6_area != pb.ospf6_area:
        return ctx.at("GN903", a, pa.line, f"{a.device} {pa.name} is in OSPFv3 area {pa.ospf6_area} but "
                      f"{b.device} {pb.name} in area {pb.ospf6_area}: no IPv6 adjacency forms",
                      "put both ends of a link in one area")
    if pa.isis6 and a.isis6 and b.isis6 and a.isis6 != b.isis6:
        single = a if a.isis6 == "st" else b
        return ctx.at("GN903", single, single.isis_line, f"IS-IS carries IPv6 in its own topology on one of "
                      f"{a.device} and {b.device} and in the IPv4 topology on the other: no IPv6 routes cross "
                      f"{pa.name}", "use multi-topology on both")
    return None


def _loopbacks(ctx: VerifyContext, routers: dict[str, Facts], graph: nx.Graph) -> list[Diagnostic]:
    """Every router's IPv6 Loopback0 is in the IPv6 IGP and in the component of the province core."""
    core = {d.name for d in ctx.model.devices_of(ctx.model.province.key)}
    components = sorted(nx.connected_components(graph), key=lambda c: (-bool(c & core), -len(c)))
    number = {name: i for i, members in enumerate(components) for name in members}
    found = []
    for facts in routers.values():
        loopback = facts.loopback(0)
        assert loopback is not None and loopback.ipv6 is not None  # _runs6
        if not _in6(facts, loopback):
            found.append(ctx.at("GN904", facts, loopback.ipv6_line, f"{facts.device}'s IPv6 Loopback0 "
                                f"({loopback.ipv6.ip}) is not in the IPv6 IGP: no router reaches it over IPv6",
                                "advertise Loopback0 in OSPFv3 or IS-IS IPv6"))
        elif number.get(facts.device, 0) != 0:
            members = sorted(components[number[facts.device]])
            if members[0] == facts.device:
                found.append(ctx.at("GN904", facts, 1, f"the IPv6 IGP of {some(members)} is cut off from the "
                                    "province core: their IPv6 loopbacks are unreachable from the other routers",
                                    "check OSPFv3 / IS-IS IPv6 on the links that join them to the rest"))
    return found
