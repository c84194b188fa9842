"""Layer 3, the IGP and LDP as the configs build them (the link graph held against the model's: verify.links)."""

from __future__ import annotations

from govnet.diagnostics import Diagnostic, some
from govnet.reference.hardware import INTERFACE_TYPES
from govnet.verify.context import Adjacency, VerifyContext, in_igp
from govnet.verify.scan import Facts, Interface

# Port type prefixes of every platform's usual naming (the table the templates and parsers use, so a type added
# there is known here), longest first so that a prefix never shadows a longer type, and their speed in Mbit/s.
_SPEEDS = tuple(sorted({(kind, speed // 1_000_000) for types in INTERFACE_TYPES.values() for speed, kind in types},
                       key=lambda entry: (-len(entry[0]), entry[0])))


def port_speed(ctx: VerifyContext, device: str, port: str) -> int | None:
    """A port's speed in Mbit/s: as the card holding it gives it, where the device names a hardware model whose
    cards hold that port (the NE40E's 10GE ports are GigabitEthernet: their name does not tell their speed),
    else from its type."""
    known = ctx.model.devices.get(device)
    hardware = ctx.model.hardware.get(known.hardware) if known is not None and known.hardware else None
    carded = hardware.speed_of(port) if hardware is not None else None
    return carded // 1_000_000 if carded is not None else speed(port)


def speed(port: str) -> int | None:
    """A port's speed from its type (what a device without a hardware model, or a port no card holds, has).

    >>> speed("100GE0/1/2"), speed("Ten-GigabitEthernet1/0/1"), speed("FortyGigabitEthernet0/1/0"), speed("LoopBack0")
    (100000, 10000, 40000, None)
    """
    base = port.split(".", 1)[0]
    return next((value for prefix, value in _SPEEDS if base.startswith(prefix)), None)


def check(ctx: VerifyContext) -> list[Diagnostic]:
    return _duplicates(ctx) + _partners(ctx) + _links(ctx) + _loopbacks(ctx) + _lonely(ctx)


def _duplicates(ctx: VerifyContext) -> list[Diagnostic]:
    """One address on two ports of the global table (VPN instances may reuse addresses: each is its own
    routing domain)."""
    holders: dict[tuple[str, object], list[tuple[Facts, Interface]]] = {}
    for facts in ctx.facts.values():
        for port in facts.interfaces.values():
            if port.ipv4 is not None:
                holders.setdefault((port.vrf, port.ipv4.ip), []).append((facts, port))
    found = []
    for (vrf, address), ports in holders.items():
        if len(ports) < 2 or vrf:
            continue
        first = f"{ports[0][0].device} {ports[0][1].name}"
        for facts, port in ports[1:]:
            if _shared_service(ctx, ports[0], (facts, port)):
                continue
            found.append(ctx.at("GN921", facts, port.ipv4_line, f"{facts.device} {port.name} has {address}, which "
                                f"{first} has too", "give each port its own address (render from one lock)"))
    return found


def _shared_service(ctx: VerifyContext, a: tuple[Facts, Interface], b: tuple[Facts, Interface]) -> bool:
    """A service address both devices of a hot-standby pair hold on a loopback or an SSL VPN AC interface (the
    access gateways' portal, their side of the client tunnels): the routers send it to the active one only
    (govnet.verify.paths judges that)."""
    from govnet.verify.firewall import ha_peers

    service = all(p.name.lower().startswith(("loopback", "sslvpn-ac")) for p in (a[1], b[1]))
    return service and ha_peers(ctx, a[0].device, b[0].device)


def _partners(ctx: VerifyContext) -> list[Diagnostic]:
    """Every port that names a device of ours at its far end shares its subnet with an up port there."""
    found = []
    for members in ctx.subnets.values():
        for facts, port in members:
            far = ctx.named_device(port.description)
            if far is None or far not in ctx.facts or far == facts.device:
                continue
            others = [(f, p) for f, p in members if f.device == far]
            if not others:
                found.append(ctx.at("GN901", facts, port.ipv4_line, f"{facts.device} {port.name} ({port.ipv4}) "
                                    f"faces {far}, but no port of {far} is in its subnet",
                                    f"give {far}'s port toward {facts.device} the other address of the subnet"))
            elif port.shutdown or all(p.shutdown for _, p in others):
                found.append(ctx.at("GN901", facts, port.line, f"the link {facts.device} {port.name} – {far} is "
                                    "shut down at one end", "remove 'shutdown' from both ends"))
            elif all(_tag(port) != _tag(p) for _, p in others):
                there = ", ".join(sorted({_tag(p) for _, p in others}))
                found.append(ctx.at("GN901", facts, port.line, f"{facts.device} {port.name} sends {_tag(port)} "
                                    f"toward {far}, whose port in its subnet takes {there}: no frame crosses",
                                    "use one VLAN id at both ends of the sub-interface"))
    return found


def _tag(port: Interface) -> str:
    """What a port sends on its cable: a sub-interface its VLAN's frames (none without its dot1q line: VRP,
    Comware and IOS XE forward nothing on such a sub-interface), a port untagged ones."""
    if port.vlan is not None:
        return f"VLAN {port.vlan}"
    return "no VLAN (the sub-interface has no dot1q id)" if "." in port.name else "untagged frames"


def _links(ctx: VerifyContext) -> list[Diagnostic]:
    found = []
    slower: dict[str, list[tuple[int, str]]] = {}  # device -> (line, far end) of links to slower ports
    for adj in ctx.adjacencies:
        a, b, pa, pb = adj.a, adj.b, adj.a_port, adj.b_port
        sa, sb = port_speed(ctx, a.device, pa.name), port_speed(ctx, b.device, pb.name)
        if sa and sb and sa != sb and "." not in pa.name and "." not in pb.name:
            fast, port, far = (a, pa, b) if sa > sb else (b, pb, a)
            slower.setdefault(fast.device, []).append((port.line, far.device))
        if pa.vrf or pb.vrf or not (a.igp and b.igp):
            continue  # legs into VPN instances and ports of firewalls carry no IGP
        for facts, port in ((a, pa), (b, pb)):
            if not in_igp(port):
                found.append(ctx.at("GN903", facts, port.line, f"{facts.device} {port.name} is left out of the IGP, "
                                    f"so no adjacency forms toward {(b if facts is a else a).device}",
                                    "cover the port's address with a network statement (OSPF) or enable IS-IS "
                                    "on it"))
        for facts, port in ((a, pa), (b, pb)) if _faces(ctx, adj) else ():  # a LAN of hosts may be passive
            if in_igp(port) and port.passive:
                found.append(ctx.at("GN903", facts, port.line, f"{facts.device} {port.name} is passive (silent) in "
                                    f"the IGP, so no adjacency forms toward {(b if facts is a else a).device}",
                                    "make only ports without an IGP neighbour passive"))
        if in_igp(pa) and in_igp(pb) and pa.auth != pb.auth:
            found.append(ctx.at("GN903", a, pa.line, f"IGP authentication differs on {a.device} {pa.name} "
                                f"({pa.auth or 'none'}) and {b.device} {pb.name} ({pb.auth or 'none'}): no adjacency "
                                "forms", "configure one authentication mode (and key) on both ends"))
        if in_igp(pa) and in_igp(pb) and pa.network_type != pb.network_type:
            found.append(ctx.at("GN903", a, pa.line, f"{a.device} {pa.name} ({pa.network_type or 'default'}) and "
                                f"{b.device} {pb.name} ({pb.network_type or 'default'}) differ in IGP network type: "
                                "the adjacency does not carry routes", "set one network type on both ends"))
        if pa.isis and pb.isis and a.isis_level and b.isis_level and a.isis_level != b.isis_level:
            found.append(ctx.at("GN903", a, a.isis_line, f"IS-IS on {a.device} is {a.isis_level} only and on "
                                f"{b.device} {b.isis_level} only: no adjacency forms on {pa.name}",
                                "run one level on both (the plan is one level-2 domain)"))
        if pa.isis and pb.isis and a.isis_lsp_auth != b.isis_lsp_auth:
            found.append(ctx.at("GN903", a, a.isis_line, f"IS-IS level-2 LSPs are authenticated with "
                                f"{a.isis_lsp_auth or 'none'} on {a.device} and {b.isis_lsp_auth or 'none'} on "
                                f"{b.device}: each drops the other's LSPs, so no routes cross {pa.name}",
                                "authenticate the LSPs alike on every router of the domain"))
        if in_igp(pa) and in_igp(pb) and pa.ospf_area != pb.ospf_area:
            found.append(ctx.at("GN903", a, pa.line, f"{a.device} {pa.name} is in OSPF area {pa.ospf_area} but "
                                f"{b.device} {pb.name} in area {pb.ospf_area}: no adjacency forms",
                                "put both ends of a link in one area"))
        if pa.ldp != pb.ldp:
            facts, port = (b, pb) if pa.ldp else (a, pa)
            found.append(ctx.at("GN905", facts, port.line, f"LDP runs on one end of {a.device} {pa.name} – "
                                f"{b.device} {pb.name} only: labelled VPN traffic stops there",
                                "enable MPLS LDP on both ends"))
    for device, ends in sorted(slower.items()):  # one warning per device: the ports are chosen by one rule
        ends.sort()
        found.append(ctx.at("GN902", ctx.facts[device], ends[0][0], f"{device} has {len(ends)} link(s) to ports "
                            f"of another speed ({some([far for _, far in ends])}): the two ends of a link differ",
                            "use ports of one speed at both ends (or set the faster port's speed)"))
    return found


def _loopbacks(ctx: VerifyContext) -> list[Diagnostic]:
    """Every router's Loopback0 is in the IGP and in the component of the province core."""
    found = []
    for facts in ctx.facts.values():
        if not facts.igp:
            continue
        loopback = facts.loopback(0)
        if not ctx.advertised(facts, loopback):
            line = loopback.line if loopback else 1
            found.append(ctx.at("GN904", facts, line, f"{facts.device}'s Loopback0 is not in the IGP: no router "
                                "reaches it", "advertise Loopback0 in the IGP"))
        elif ctx.igp_component.get(facts.device, 0) != 0:
            members = sorted(n for n, c in ctx.igp_component.items() if c == ctx.igp_component[facts.device])
            if members[0] == facts.device:  # one finding per cut-off island
                found.append(ctx.at("GN904", facts, 1, f"the IGP of {some(members)} is cut off from the "
                                    "province core: their loopbacks are unreachable from the other routers",
                                    "check the IGP on the links that join them to the rest"))
    return found


def _lonely(ctx: VerifyContext) -> list[Diagnostic]:
    """A port that runs the IGP actively (not passive/silent) on a segment that faces no router of ours: no other
    router runs the IGP there, or the port names no device of the model (govnet describes every link toward a
    router TO-<device>; the NOC's server LAN, TO-NOC, joins both province cores and servers). It sends hellos
    toward hosts, and anyone on that segment can form an adjacency and inject routes. Loopbacks and ports of VPN
    instances carry no IGP hellos."""
    found = []
    for network, members in ctx.subnets.items():
        routers = {f.device for f, p in members if f.igp and not p.vrf and not p.shutdown}
        for facts, port in members:
            if not facts.igp or not in_igp(port) or port.vrf or port.shutdown or port.passive \
                    or port.name.lower().startswith(("loopback", "null")):
                continue
            if len(routers) > 1 and ctx.named_device(port.description) is not None:
                continue  # a link toward a router of ours (TO-<device>; one left out of the IGP is GN903's)
            found.append(ctx.at("GN922", facts, port.line, f"{facts.device} {port.name} runs the IGP actively on "
                                f"{network}, a segment that faces no router of ours: hellos go to the hosts there, "
                                "and any of them can form an adjacency", "make the port passive (silent-interface, "
                                "isis silent, passive-interface): its subnet is still advertised"))
    return found


def _faces(ctx: VerifyContext, adj: Adjacency) -> bool:
    """Whether an adjacency is a link of the model: one of its ports names the other device (TO-<device>)."""
    return ctx.named_device(adj.a_port.description) == adj.b.device or \
        ctx.named_device(adj.b_port.description) == adj.a.device
