"""The typed context of one device's config: everything its template needs, already decided.

Built from the validated model and its address plan; templates receive these frozen objects only. All text in a
context is ASCII (descriptions name far ends by device name, which the string checks keep ASCII): Chinese
titles stay in the model, where every vendor's CLI length and encoding rules cannot bite.

The values built for every device (Ip, Interface, Vrf, BgpPeer, Block: some 150,000 a province; OspfArea, Igp, Bgp,
Services, DeviceContext) are named tuples: as immutable as the frozen dataclasses the others are, and built several
times faster (a frozen dataclass's __init__ sets each field through object.__setattr__, a tenth of rendering).
Their repr has the dataclasses' form.
"""

from __future__ import annotations

import dataclasses
import json
import re
from dataclasses import dataclass
from functools import lru_cache
from typing import NamedTuple

from govnet.ipam.prefix import Net, address_text


class Ip(NamedTuple):
    """An interface address (or a prefix, for networks): address, length, and the forms vendors want."""

    address: str
    length: int
    family: int
    mask: str  # dotted mask for IPv4, '' for IPv6
    wildcard: str  # inverse mask for IPv4 (OSPF, ACLs), '' for IPv6
    network: str  # the network address

    def __str__(self) -> str:
        return f"{self.address}/{self.length}"


def host(net: Net, offset: int = 0) -> Ip:
    """Address ``offset`` inside ``net``, with the prefix's length.

    >>> from govnet.ipam.prefix import parse_net
    >>> ip = host(parse_net("10.1.0.2/31"), 1)
    >>> str(ip), ip.mask, ip.wildcard, ip.network
    ('10.1.0.3/31', '255.255.255.254', '0.0.0.1', '10.1.0.2')
    """
    return _host(net, offset)


@lru_cache(maxsize=1 << 16)
def _host(net: Net, offset: int) -> Ip:
    # Half the questions repeat (a reflector's loopback on each of its clients; a link seen from both ends asks
    # its network twice), and a frozen Ip is safe to share.
    mask, wildcard = _MASKS[net.length] if net.family == 4 else ("", "")
    return Ip(address_text(net.family, net.start + offset), net.length, net.family, mask, wildcard,
              address_text(net.family, net.start))


def network_of(ip: Ip) -> Ip:
    """The prefix ``ip`` is in, as ``host`` gives it for that prefix (no text parsed again).

    >>> from govnet.ipam.prefix import parse_net
    >>> network_of(host(parse_net("10.1.0.2/31"), 1)) == host(parse_net("10.1.0.2/31"))
    True
    """
    return Ip(ip.network, ip.length, ip.family, ip.mask, ip.wildcard, ip.network)


def _mask(length: int) -> tuple[str, str]:
    bits = (0xFFFFFFFF << (32 - length)) & 0xFFFFFFFF
    return address_text(4, bits), address_text(4, bits ^ 0xFFFFFFFF)


_MASKS = {length: _mask(length) for length in range(33)}  # dotted mask and wildcard by prefix length


class Interface(NamedTuple):
    name: str
    description: str
    # loopback, management, uplink, downlink, link, site (to a firewall/router), zone (sub-interface), mgmt
    # (management sub-interface), noc, access (a zone's unit port), unit (a unit's sub-interface)
    kind: str
    ipv4: Ip | None = None
    ipv6: Ip | None = None
    vrf: str | None = None  # VPN instance the interface is bound to
    vlan: int | None = None  # dot1q VLAN of a sub-interface
    peer: str | None = None  # the device at the other end
    igp: bool = False  # runs the underlay IGP and MPLS LDP
    area: str | None = None  # OSPF area (dotted) when igp
    security_zone: str | None = None  # firewall security zone it belongs to
    parent: str | None = None  # the physical port of a sub-interface
    shutdown: bool = False  # administratively down (a suspended unit's sub-interface)
    cost: int | None = None  # IGP cost from the link's bandwidth (reference bandwidth: render.underlay.igp_cost)
    p2p: bool = False  # a point-to-point link (/31): OSPF p2p network type, IS-IS p2p circuit, no DR/DIS
    qos: str | None = None  # the QoS policy applied inbound (a unit's access class, registry settings 'qos')
    bfd: bool = False  # a BFD session for static routes runs on it (IOS XE needs its 'bfd interval' here)
    # the link group of an HA firewall's ports toward the routers: losing one takes the others down with it, so
    # every router leaves the firewall together (govnet.render.interfaces; USG 'link-group', templates/common)
    link_group: int | None = None

    @property
    def igp6(self) -> bool:
        """Runs the IPv6 underlay (OSPFv3, or IS-IS's IPv6 topology): an IGP interface with an IPv6 address."""
        return self.igp and self.ipv6 is not None


@dataclass(frozen=True, slots=True)
class Probe:
    """An NQA ICMP probe of a carrier's gateway from a firewall (govnet.render.failover): the firewall's default
    route toward that carrier's router is withdrawn while the gateway does not answer."""

    name: str  # ISP-<carrier tag>: the NQA test name
    track: int  # the NQA / track number
    gateway: str  # the carrier's gateway
    source: str  # an address of the carrier's NAT pool (the carrier routes it back), on ``loopback``
    loopback: str
    next_hop: str  # the carrier's router on the firewall's internet leg toward it
    zone: str  # the internet security zone
    router: str  # the carrier's router
    family: int = 4  # 6: an ICMPv6 probe of the carrier's IPv6 gateway, which the IPv6 default route follows
    bfd: BfdSession | None = None  # the leg's BFD session, which its host route toward the router follows


@dataclass(frozen=True, slots=True)
class BfdSession:
    """A single-hop BFD session over one router-firewall leg and family (govnet.render.bfd): the static routes
    over the leg are withdrawn when it goes down. Huawei devices configure it ('bfd NAME bind peer-ip'); Comware and
    IOS XE create it from the routes that name it ('bfd control-packet', 'ip route static bfd')."""

    name: str  # BFD<local discriminator>: at most 15 characters (VRP 5 / USG)
    family: int  # 4 or 6
    peer: str  # the far end's leg address
    source: str  # ours
    interface: str  # our leg sub-interface
    vrf: str | None  # the router's VPN instance; None on a firewall (global table)
    local: int  # discriminators of a static session (Huawei at both ends)
    remote: int
    auto: bool  # the far end runs dynamic sessions: negotiate the discriminators ('auto')


@dataclass(frozen=True, slots=True)
class Route:
    """A static route: a prefix (``network``/``length`` of ``prefix``) via a next hop, in a VPN instance or not."""

    prefix: Ip
    next_hop: str
    vrf: str | None  # None: the global table (firewalls)
    description: str  # the next-hop device, ASCII
    backup: bool = False  # a floating route (worse preference): used only while the primary's leg is down
    track: Probe | None = None  # withdrawn while this probe fails (a firewall's default toward a carrier)
    bfd: BfdSession | None = None  # withdrawn while this BFD session is down (a leg's far end hung or gone)

    @property
    def default(self) -> bool:
        return self.prefix.length == 0


class Vrf(NamedTuple):
    name: str
    zone: str
    number: int
    rd: str
    rt_import: tuple[str, ...]  # the zone's own and, for route leaking, its import_from zones' exports
    rt_export: tuple[str, ...]
    ipv6: bool = False  # IPv6 address family: a dual-stack zone, or an interface bound to it carries IPv6
    route_limit: int = 20000  # most routes the VPN instance accepts (alert at 80%): a leak cannot flood a PE
    own: tuple[Ip, ...] = ()  # the zone's own IPv4 prefixes (its pools) and anything inside: all an edge announces
    # An access edge (units attach here): the VPN instance's export route-policy lets into VPNv4 only the zone's
    # own prefixes and, exactly, what this device itself puts in the VPN (its static routes, the subnets of its
    # interfaces in it outside the pools: firewall legs, hand-offs).
    export_edge: bool = False
    export_extra: tuple[Ip, ...] = ()
    # ... and its import route-policy (govnet.render.imports): from the other PEs only the zone's own prefixes,
    # those of the zones it leaks from, exactly what it is entitled to through the firewalls, and (a VPN handed
    # off to the national backbone) routes through the national AS
    import_leaked: tuple[Ip, ...] = ()
    import_exact: tuple[Ip, ...] = ()
    import_asn: int | None = None
    # the same for the IPv6 family of a dual-stack edge ('-EXPORT6' / '-IMPORT6' policies): the zone's own IPv6
    # pools, what the device itself puts in the VPN, the leaked zones' IPv6 pools, the exact IPv6 prefixes
    own6: tuple[Ip, ...] = ()
    export_extra6: tuple[Ip, ...] = ()
    import_leaked6: tuple[Ip, ...] = ()
    import_exact6: tuple[Ip, ...] = ()

    @property
    def edge6(self) -> bool:
        """An access edge whose IPv6 family is filtered too."""
        return self.export_edge and self.ipv6

    @property
    def tag(self) -> str:
        """The stem of the VPN's prefix-list and route-policy names."""
        return self.name.upper()

    @property
    def rt_both(self) -> tuple[str, ...]:
        """Targets both imported and exported (one 'both' line on vendors that have it)."""
        return tuple(t for t in self.rt_import if t in self.rt_export)


class OspfArea(NamedTuple):
    area: str  # dotted, e.g. 0.0.0.0 or 0.0.14.17 (area 3601)
    networks: tuple[Ip, ...]  # the prefixes to enable OSPF on, for 'network' statements


class Igp(NamedTuple):
    protocol: str  # ospf or isis
    router_id: str
    areas: tuple[OspfArea, ...] = ()  # OSPF
    net: str = ""  # IS-IS network entity title
    ipv6: bool = False  # some interface runs the IPv6 underlay (OSPFv3 process / IS-IS IPv6 topology)
    areas6: tuple[str, ...] = ()  # OSPFv3 areas of those interfaces, in area order
    import_static: bool = False  # global static routes (to the firewalls' management loopbacks) go into the IGP
    reference_mbps: int = 1_000_000  # reference bandwidth, explicit so every vendor computes the same costs


class BgpPeer(NamedTuple):
    address: str
    name: str  # the peer device
    client: bool  # this device reflects routes to it


@dataclass(frozen=True, slots=True)
class VrfPeer:
    """An eBGP session inside a VPN instance: the national backbone hand-off (inter-AS option A). The edge
    policy: only the zone's own prefixes go out, none of them come in (nobody else may announce them)."""

    vrf: str
    address: str
    asn: int
    name: str  # the peer device
    route_limit: int = 20000  # most routes the peer may send (the zone's route_limit)


class Bgp(NamedTuple):
    asn: int
    router_id: str
    reflector: bool
    peers: tuple[BgpPeer, ...]
    vrfs: tuple[str, ...]
    static_vrfs: tuple[str, ...] = ()  # VPN instances whose static routes (toward a firewall) BGP advertises
    default_vrfs: tuple[str, ...] = ()  # ... among them those with a static default route
    vpnv6: tuple[BgpPeer, ...] = ()  # peers enabled for VPNv6; empty: no VPNv6 address family
    vrfs6: tuple[str, ...] = ()  # VPN instances with the IPv6 address family
    static_vrfs6: tuple[str, ...] = ()  # ... whose IPv6 static routes BGP advertises
    default_vrfs6: tuple[str, ...] = ()  # ... among them those with an IPv6 static default route
    vrf_peers: tuple[VrfPeer, ...] = ()  # eBGP sessions in VPN instances (national hand-off)


@dataclass(frozen=True, slots=True)
class Service:
    protocol: str  # tcp, udp, icmp
    low: int | None = None  # destination port range; None: any
    high: int | None = None


@dataclass(frozen=True, slots=True)
class SecurityZone:
    name: str
    zone: str  # the model's zone
    priority: int  # Huawei USG zone priority (1-100, unique)
    interfaces: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class SecurityRule:
    name: str
    description: str
    source_zone: str
    destination_zone: str
    sources: tuple[Ip, ...]  # empty: any
    destinations: tuple[Ip, ...]
    services: tuple[Service, ...]  # empty: any
    action: str  # permit or deny


@dataclass(frozen=True, slots=True)
class NatRule:
    name: str
    source_zone: str
    destination_zone: str
    pool: str  # address group name
    egress: tuple[str, ...] = ()  # the interfaces toward the pool's carrier (USG egress-interface); empty: any


@dataclass(frozen=True, slots=True)
class NatPool:
    name: str
    number: int
    first: str
    last: str
    interfaces: tuple[str, ...]  # the internet-zone interfaces (Comware applies 'nat outbound' on each)
    length: int = 32  # the pool's prefix length (its blackhole route)
    network: str = ""  # the pool's network address (its blackhole route)
    carrier: str = ""  # the carrier that announces it (ASCII tag); '' for an exit without handoffs


@dataclass(frozen=True, slots=True)
class Ha:
    """Hot standby of a firewall pair (USG HRP, SecPath RBM): the heartbeat port and the peer's address on it."""

    interface: str  # the heartbeat port (also the RBM data channel)
    local: str  # our address on it
    remote: str  # the peer's
    active: bool  # the active device (routers prefer it); the other is the standby
    peer: str  # the peer firewall
    tracked: tuple[str, ...]  # the physical ports toward the routers: losing one fails over


@dataclass(frozen=True, slots=True)
class Firewall:
    zones: tuple[SecurityZone, ...]
    rules: tuple[SecurityRule, ...]
    nat_pools: tuple[NatPool, ...]
    nat_rules: tuple[NatRule, ...]
    management: tuple[str, ...] = ()  # management sub-interfaces (the vendor's management/trust zone)
    ha: Ha | None = None  # hot standby with the site's other firewall


@dataclass(frozen=True, slots=True)
class Gateway:
    """An access gateway of the secure access platform (govnet.render.gateway): SSL VPN network extension."""

    name: str  # the virtual gateway / SSL VPN context name
    portal: Interface | None  # the loopback holding the address clients connect to
    pool: Ip  # the client pool (its first block): clients get addresses from it
    own: Ip  # the pool's first address: the gateway's side of the tunnels
    first: str  # the pool's first and last assignable addresses
    last: str
    routes: tuple[Ip, ...]  # pushed to the clients: what the policy lets the pool reach (through the firewall)
    certificate: str  # names the operator's certificate / SSL server policy on the device (not in the model)
    directory: str  # names the user directory / AAA domain clients authenticate against


class Services(NamedTuple):
    """Management: where the device sends time, logs and traps, and how administrators log in."""

    source: str  # the interface used as source (the management loopback)
    ntp: tuple[str, ...]
    syslog: tuple[str, ...]
    snmp_location: str
    snmp_contact: str | None
    snmp_community: str  # a secret (or its placeholder)
    trap_hosts: tuple[str, ...]
    radius: tuple[str, ...]
    radius_key: str  # a secret
    local_user: str
    local_password: str  # a secret
    domain: str = "extranet.local"  # DNS domain (IOS XE SSH keys are named from it)
    routing_key: str = ""  # a secret: OSPF and BGP authentication
    ntp_key: str = ""  # a secret: NTP authentication (key 1)
    snmp_user: str = "govnet-nms"  # the SNMPv3 user of the NMS (traps and polling)
    snmp_auth: str = ""  # a secret
    snmp_priv: str = ""  # a secret
    networks: tuple[Ip, ...] = ()  # the management networks: the only sources VTY and SNMP ACLs permit
    # the infrastructure pools (loopbacks, links): the only sources routing peers (BGP, LDP, OSPF, BFD) have, so
    # control-plane protection trusts them and drops routing protocols from anywhere else
    peers: tuple[Ip, ...] = ()
    # the interface RADIUS requests are sourced from (the management loopback); '': the platform names none
    # (reference.platforms radius_source), so they leave from the interface toward the servers
    radius_source: str = ""


_PORT_NUMBER = re.compile(r"(\d+)(?:/\d+)+$")  # slot/card/port at the end of a port name: the slot


class Block(NamedTuple):
    """A site block's discard route in a VPN instance, which BGP announces (govnet.render.blocks)."""

    prefix: Ip
    vrf: str
    description: str  # BLOCK-<site>, ASCII


class DeviceContext(NamedTuple):
    name: str
    hostname: str
    site: str
    level: str
    role: str
    platform: str
    vendor: str
    os: str  # the software whose syntax applies (reference.platforms: vrp8, vrp5, usg, comware7, iosxe)
    loopback: Interface
    management: Interface | None
    interfaces: tuple[Interface, ...]  # physical ports and sub-interfaces, in port order
    vrfs: tuple[Vrf, ...]
    igp: Igp | None
    mpls: bool
    bgp: Bgp | None
    firewall: Firewall | None
    routes: tuple[Route, ...]  # static routes: a firewall's toward its routers, a router's toward its firewalls
    services: Services
    blocks: tuple[Block, ...] = ()  # the site's zone blocks this router originates (govnet.render.blocks)
    control_plane: bool = False  # protect the control plane (cpu-defend / control-plane QoS / CoPP)
    gateway: Gateway | None = None  # an access gateway's SSL VPN (govnet.render.gateway)
    probes: tuple[Probe, ...] = ()  # a firewall's NQA probes of its exit's carriers (govnet.render.failover)
    # a carrier router's IPv6 sources allowed out toward its carriers: the province's own IPv6 prefixes that the
    # policy lets reach the internet at this exit (govnet.render.exits6); empty: no IPv6 handoff here
    carrier_v6: tuple[Ip, ...] = ()
    bfd: tuple[BfdSession, ...] = ()  # BFD sessions of the static routes over the legs (govnet.render.bfd)

    @property
    def slots(self) -> tuple[str, ...]:
        """The slots (first number of a port name) the device's physical ports are on: where a per-slot control
        plane policy is applied."""
        found: dict[str, None] = {}
        for i in self.interfaces:
            number = _PORT_NUMBER.search(i.name)
            if i.parent is None and number is not None and i.kind not in ("loopback", "management"):
                found[number.group(1)] = None
        return tuple(sorted(found, key=lambda s: (len(s), s)))

    @property
    def import_asns(self) -> tuple[int, ...]:
        """The ASes whose routes the access edges' import policies accept (a VPN handed off to the national
        backbone), each once, in VPN order: what the templates' filter chain selectattr | map | select | unique
        gave, computed here at a fraction of its cost."""
        return tuple(dict.fromkeys(v.import_asn for v in self.vrfs if v.export_edge and v.import_asn))

    @property
    def national_vrfs(self) -> tuple[str, ...]:
        """The VPN instances with an eBGP session to the national backbone (bgp.vrf_peers), in session order."""
        return tuple(p.vrf for p in self.bgp.vrf_peers) if self.bgp is not None else ()

    @property
    def routed(self) -> tuple[Interface, ...]:
        """The interfaces running the IGP and LDP."""
        return tuple(i for i in self.interfaces if i.igp)


def fingerprint_text(context: DeviceContext) -> str:
    """The context as compact JSON, the text the configs stage fingerprints (govnet.artefacts.configs): every
    value of the tree in order, named tuples as arrays, the dataclasses as their class name and fields. It
    changes whenever a value does, like the repr it replaced, and is a quarter cheaper to make (the named tuples'
    repr is Python code, one call per value; the JSON encoder walks them in C)."""
    return _ENCODER.encode(context)


def _plain(value: object) -> object:
    names = _FIELDS.get(type(value))
    if names is None:
        if not dataclasses.is_dataclass(value):
            return repr(value)  # nothing else is in a context today; a repr still fingerprints it
        names = _FIELDS[type(value)] = tuple(f.name for f in dataclasses.fields(value))
    return [type(value).__name__, *(getattr(value, name) for name in names)]


_FIELDS: dict[type, tuple[str, ...]] = {}
_ENCODER = json.JSONEncoder(check_circular=False, separators=(",", ":"), default=_plain)


def _unguarded_reprs() -> None:
    """A context is a tree of frozen values (no cycles), so the recursion guard dataclasses wrap each generated
    __repr__ in is pure cost: without it the configs stage's fingerprints (repr of every context) take a third
    less. The text is the same."""
    for value in list(globals().values()):
        if isinstance(value, type) and "__dataclass_fields__" in value.__dict__:
            unguarded = getattr(value.__repr__, "__wrapped__", None)
            if unguarded is not None:
                setattr(value, "__repr__", unguarded)  # noqa: B010 (mypy refuses assigning a method)


_unguarded_reprs()

