"""GN935: the two ends of every layer-3 link carry one IPv4 MTU. The templates set none, so each port has its
platform's default; an 'mtu' or 'ip mtu' line at one end only (or two different ones) breaks the link:

- IS-IS pads its hellos, so a port whose MTU cannot take the far end's forms no adjacency ("By default, only
  IS-IS interfaces with the same MTU value can establish an IS-IS adjacency", NetEngine 8000 F feature description,
  MTU and protocols; VRP pads a point-to-point port's hellos to its LSP size until the adjacency is up, 'isis
  small-hello'; Comware "Any two IS-IS neighboring routers must negotiate a common MTU" and sends standard, padded
  hellos by default, HPE 10500 Layer 3 IP Routing Configuration Guide, small hello packets; IOS XE's padding is
  taken to be ISO 10589's, unconfirmed here).
- OSPF carries the MTU in its DD packets and, where an end checks it, a neighbour announcing a larger MTU stays in
  ExStart (RFC 2328 10.6). IOS XE sends its MTU and checks by default ('ip ospf mtu-ignore' turns the check off);
  VRP sends 0 and checks nothing unless 'ospf mtu-enable' (same NetEngine 8000 F page; Huawei forum, "MTU value of
  OSPF DD packets"); Comware "uses value 0 instead of its actual MTU value when transmitting DD packets" unless
  'ospf mtu-enable' (3Com Switch 7750 configuration guide, a Comware ancestor; its check taken as VRP's). Where the
  smaller end checks and the larger sends, the adjacency stays in ExStart; elsewhere it forms, but the larger end's
  full-size packets (LSUs among them) are dropped.
- Whatever the IGP, a packet the larger end sends at full size is dropped by the smaller end ("After changing the
  MTU of an Ethernet interface, also change the MTU of the peer Ethernet interface ... If the MTUs are different,
  services may be interrupted", Huawei, Configuring the MTU for an Ethernet Interface, EDOC1100126119).

The defaults, by platform (Ethernet ports and their sub-interfaces, the only ports govnet renders links on):
- VRP 8 (NE40E, NetEngine 8000): 1500 on an Ethernet interface and sub-interface alike (NetEngine 8000 F
  configuration guide, Interface MTU Setting, table "Interface default MTUs").
- VRP 5 (AR): 1500. The AR material found shows the 'mtu' command on a Layer 3 port but states no default (Huawei
  forum, "How is the MTU of an AR interface changed"); VRP's Ethernet default is taken, unconfirmed for AR.
- USG: 1500 on Layer-3 Ethernet ports and sub-interfaces (USG CLI reference, 'ipv6 mtu': "For other interfaces ...
  The default value is 1500 bytes"); the IPv4 'mtu' page was not found, the same default is taken.
- Comware 7 (SR6600, SecPath): 1500 on an Ethernet interface or subinterface ("mtu size: The default setting is
  1500", HP 6600/HSR6600 Routers Interface Configuration Guide, Setting the MTU for an Ethernet interface or
  subinterface).
- IOS XE (ASR 1000): 1500 on Gigabit Ethernet ("the default MTU size is 1500 bytes", ASR 1000 SIP and SPA Software
  Configuration Guide, Modifying the Interface MTU Size); IOS's 'mtu' excludes the layer-2 header (Cisco, MTU
  Behavior on Cisco IOS XR and Cisco IOS Routers, 116350), so it is the largest IP packet; "changing the values for
  the ip mtu configuration commands has no effect on the value for the mtu interface configuration command" (Cisco
  IOS MPLS Command Reference, mtu): 'ip mtu' lowers the IP MTU alone. A sub-interface's IP MTU is set with 'ip mtu'
  and bounded by the main interface's 'mtu', the physical one its sub-interfaces share (Cisco router FAQ on MTU);
  without its own, a sub-interface is taken to have its main interface's.

The IPv6 MTU of a dual-stack link is judged where a reference states it, VRP 8 and the USG: each takes 'ipv6 mtu'
alone, 1500 by default whatever the 'mtu' ("By default, the default value of POS interfaces is 4470 bytes, and
the default value of other interfaces is 1500 bytes"; "The directly connected interfaces must assigned the same
IPv6 MTU value", NE40E V800R012C10 Command Reference, ipv6 mtu; USG CLI reference, 'ipv6 mtu', as above). An IPv6
router does not fragment: the smaller end drops what the larger sends beyond its MTU. Not judged where an end is
Comware (its 'ipv6 mtu' "没有配置接口MTU" by default: whether it follows 'mtu' is not stated, Comware 7 MSR
Command Reference, IPv6基础配置命令), IOS XE or VRP 5 (no reference at hand).
"""

from __future__ import annotations

from govnet.diagnostics import Diagnostic
from govnet.reference.platforms import PLATFORMS
from govnet.verify.context import Adjacency, VerifyContext, in_igp
from govnet.verify.facts import Facts, Interface

DEFAULT_MTU = 1500  # every platform's Ethernet default (see above)
IPV6_JUDGED = frozenset({"vrp8", "usg"})  # the software whose IPv6 MTU a reference states (see above)


def ip_mtu(facts: Facts, port: Interface) -> tuple[int, int]:
    """The largest IPv4 packet the port sends and takes, and the line that sets it (0: the default): its 'ip mtu',
    else its 'mtu', else (an IOS XE sub-interface) its main interface's 'mtu', else the platform's default."""
    mtu, ip, line, _ = facts.mtus.get(port.name, (None, None, 0, ""))
    if mtu or ip:
        return ip or mtu or DEFAULT_MTU, line
    if facts.ios and "." in port.name:
        parent = facts.mtus.get(port.name.split(".", 1)[0])
        if parent is not None and parent[0]:
            return parent[0], parent[2]
    return DEFAULT_MTU, 0


def _dd(facts: Facts, port: Interface) -> tuple[bool, bool]:
    """Whether the port sends its MTU in OSPF's DD packets, and whether it refuses a larger one: IOS XE does both
    unless 'ip ospf mtu-ignore' (then it still sends); VRP and Comware do neither unless 'ospf mtu-enable'."""
    dd = facts.mtus[port.name][3] if port.name in facts.mtus else ""
    return facts.ios or dd == "enable", (facts.ios and dd != "ignore") or dd == "enable"


def check(ctx: VerifyContext) -> list[Diagnostic]:
    found = []
    for adj in ctx.adjacencies:
        a, b = ip_mtu(adj.a, adj.a_port), ip_mtu(adj.b, adj.b_port)
        if a[0] != b[0]:
            # The finding points at the line that sets an MTU: the first end's, unless only the second has one.
            facts, line = (adj.b, b[1]) if b[1] and not a[1] else (adj.a, a[1] or adj.a_port.line)
            found.append(_finding(ctx, adj, a[0], b[0], facts, line))
        if adj.a_port.ipv6 is not None and adj.b_port.ipv6 is not None and _os(ctx, adj.a) in IPV6_JUDGED \
                and _os(ctx, adj.b) in IPV6_JUDGED:
            found += _ipv6(ctx, adj)
    return found


def _os(ctx: VerifyContext, facts: Facts) -> str:
    device = ctx.model.devices.get(facts.device)
    platform = PLATFORMS.get(device.platform) if device is not None else None
    return platform.os if platform is not None else ""


def _ipv6(ctx: VerifyContext, adj: Adjacency) -> list[Diagnostic]:
    """GN935 for the IPv6 MTU of a link both of whose ends take 'ipv6 mtu' alone (1500 without it)."""
    a = adj.a.ipv6_mtus.get(adj.a_port.name, (DEFAULT_MTU, 0))
    b = adj.b.ipv6_mtus.get(adj.b_port.name, (DEFAULT_MTU, 0))
    if a[0] == b[0]:
        return []
    facts, line = (adj.b, b[1]) if b[1] and not a[1] else (adj.a, a[1] or adj.a_port.line)
    return [ctx.at("GN935", facts, line, f"{adj.a.device} {adj.a_port.name} has an IPv6 MTU of {a[0]} bytes and "
                   f"{adj.b.device} {adj.b_port.name} of {b[0]}: the smaller end drops every IPv6 packet the larger "
                   "sends beyond its MTU (IPv6 routers do not fragment)",
                   "set one 'ipv6 mtu' at both ends of the link (or leave both at the default)")]


def _finding(ctx: VerifyContext, adj: Adjacency, a: int, b: int, facts: Facts, line: int) -> Diagnostic:
    head = (f"{adj.a.device} {adj.a_port.name} has an IP MTU of {a} bytes and {adj.b.device} {adj.b_port.name} "
            f"of {b}")
    hint = "set one MTU at both ends of the link (or leave both at the default)"
    ends = ((adj.a, adj.a_port), (adj.b, adj.b_port))
    smaller, larger = ends if a < b else ends[::-1]
    if adj.a_port.isis and adj.b_port.isis:
        return ctx.at("GN935", facts, line, f"{head}: the smaller end drops the IS-IS hellos the larger end pads "
                      "beyond its MTU (no adjacency), and every packet larger than its MTU", hint)
    if adj.a_port.ospf_area is not None and adj.b_port.ospf_area is not None and _dd(*smaller)[1] and _dd(*larger)[0]:
        return ctx.at("GN935", facts, line, f"{head}: the smaller end refuses the OSPF DD packets that announce the "
                      "larger MTU, so the adjacency stays in ExStart", hint)
    if in_igp(adj.a_port) and in_igp(adj.b_port):
        return ctx.at("GN935", facts, line, f"{head}: the adjacency forms, but the smaller end drops the IGP's "
                      "full-size packets (LSUs among them) and every other packet larger than its MTU", hint)
    return ctx.at("GN935", facts, line, f"{head}: the smaller end drops every packet larger than its MTU", hint)
