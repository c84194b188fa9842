"""zones/: security zones (zones.yaml), the inter-zone policy (policy.yaml) and the infrastructure address
pools (infrastructure.yaml). Nothing about a real province lives in the package: AS number, pools and IGP
are all read from here."""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from govnet.schema.addresses import Ipv4Address, Ipv4Interface, Ipv6Address, Ipv6Interface, Prefix
from govnet.schema.base import Code, Strict
from govnet.schema.services import ServiceSpec
from govnet.schema.topology import Role

ZoneKind = Literal["public", "dedicated", "internet", "office"]
# Levels a zone can be offered at or delegated to; "special" means the special sites (cloud, DR, ...).
ZoneLevel = Literal["province", "city", "county", "township", "village", "special"]
Family = Literal["ipv4", "ipv6"]
NAME_PATTERN = r"^[a-z][a-z0-9_-]{0,30}$"
# ASN:nn or IPv4:nn, the two route-distinguisher / route-target forms every vendor accepts.
ROUTE_VALUE = r"^(\d{1,10}|\d{1,3}(\.\d{1,3}){3}):\d{1,10}$"


class FamilyPlan(Strict):
    """One address family of a pool: its blocks, how they are delegated down the hierarchy, what a leaf gets."""

    pool: list[Prefix] = Field(min_length=1)
    # Prefix length of the block each site of a level gets, carved from its nearest ancestor's block.
    delegate: dict[ZoneLevel, int] = {}
    size: int | None = None  # prefix length of one leaf: a unit's subnet, a loopback, a link, an address
    # Site blocks nest in their parent site's block (summarisable routes); management blocks need not.
    nest: bool = True
    pins: dict[str, Prefix] = {}  # legacy addresses: subject (site code, unit id, device, link) -> prefix


class AddressPlan(Strict):
    ipv4: FamilyPlan | None = None
    ipv6: FamilyPlan | None = None


class RouteTargets(Strict):
    import_: list[str] = Field(default=[], alias="import")
    export: list[str] = []


class HandoffV6(Strict):
    """The IPv6 side of a carrier handoff, when the contract includes one."""

    address: Ipv6Interface  # ours, with the subnet's length: 2001:db8:ffff::2/126
    gateway: Ipv6Address  # the carrier's router: the IPv6 default route's next hop


class HandoffSpec(Strict):
    """One carrier's handoff at an exit, as the ISP contract gives it: our address on the carrier's subnet and
    the carrier's gateway. The circuit lands on one of the exit site's routers: the carriers, in list order,
    take the site's routers sorted by name in turn (the first carrier the first router, ...), unless 'device'
    names the router."""

    address: Ipv4Interface  # ours, with the subnet's length: 198.51.100.130/30
    gateway: Ipv4Address  # the carrier's router: the default route's next hop
    ipv6: HandoffV6 | None = None
    device: str | None = None  # the router that takes the circuit, instead of the derived one


class ExitSpec(Strict):
    """A unified internet exit (统一互联网出口): the site, its carriers, its ISP-assigned NAT addresses and the
    carriers' handoffs (one per carrier, keyed by the carrier's name as written in 'carriers')."""

    site: Code
    carriers: list[str] = []
    nat_pool: list[Prefix] = []
    handoffs: dict[str, HandoffSpec] = {}
    description: str | None = None


class AccessPlatformSpec(Strict):
    """The secure access platform (安全接入平台): VPN gateways for mobile staff and remote units."""

    site: Code
    gateways: int = Field(default=2, ge=1, le=16)  # devices of role access-gateway the site must have
    client_pool: list[Prefix] = []
    # The address clients connect to (ISP-assigned, announced by the carriers): routed to the active gateway.
    portal: Ipv4Address | None = None
    # Held on the gateways, not in the model: referenced by name, the operator imports/configures them.
    certificate: str = Field(default="SAP_PORTAL", pattern=r"^[A-Za-z][A-Za-z0-9_]{0,30}$")
    directory: str = Field(default="SAP_USERS", pattern=r"^[A-Za-z][A-Za-z0-9_]{0,30}$")


class ZoneSpec(Strict):
    name: str = Field(pattern=NAME_PATTERN)
    kind: ZoneKind
    title: str  # the Chinese name shown to people, e.g. 公用网络区
    description: str | None = None
    number: int = Field(ge=1, le=65535)  # the zone's number in route distinguishers and targets
    vrf: str | None = Field(default=None, pattern=r"^[A-Za-z][A-Za-z0-9_-]{0,30}$")  # default: name upper-cased
    rd: str | None = Field(default=None, pattern=ROUTE_VALUE)  # default: <asn>:<number>
    route_targets: RouteTargets | None = None  # default: import and export <asn>:<number>
    levels: list[ZoneLevel] = Field(min_length=1)  # where the zone may be offered
    min_mlps: int | None = Field(default=None, ge=1, le=5)  # 等保 level a joining unit needs at least
    firewall: bool = False  # traffic to or from other zones must cross a firewall
    import_from: list[str] = []  # zones whose routes this zone's VRF imports (route leaking)
    # most routes a PE's VPN instance of the zone accepts (and an eBGP edge peer may send): a leak cannot flood it
    route_limit: int = Field(default=20000, ge=100, le=10_000_000)
    addresses: AddressPlan | None = None
    exits: list[ExitSpec] = []  # internet zone only
    access_platform: AccessPlatformSpec | None = None  # internet zone only


class NationalSpec(Strict):
    """The hand-off to the national extranet backbone over the model's backbone links (inter-AS option A)."""

    asn: int = Field(ge=1, le=4294967295)  # the national backbone's AS, from the national plan
    zones: list[str] = ["public"]  # the VPNs handed off: one sub-interface and one eBGP session each


class RoutingSpec(Strict):
    asn: int = Field(ge=1, le=4294967295)  # the provincial AS
    igp: Literal["ospf", "isis"] = "ospf"
    route_reflectors: list[ZoneLevel] = ["province", "city"]
    national: NationalSpec | None = None  # none: backbone links carry no routing
    # roles whose control plane is protected (cpu-defend / control-plane QoS policy / CoPP)
    control_plane: list[Role] = ["core-router"]


class ZonesFile(Strict):
    """zones/zones.yaml."""

    routing: RoutingSpec
    zones: list[ZoneSpec] = Field(min_length=1)


class RuleSpec(Strict):
    name: str = Field(pattern=r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,62}$")
    from_: str = Field(alias="from")
    to: str
    source: list[str] = []  # address groups; empty means the whole zone
    destination: list[str] = []
    services: list[ServiceSpec] = []  # e.g. tcp/443, udp/53; empty means any
    action: Literal["permit", "deny"]
    nat: bool = False  # source NAT at the internet exit
    at: list[ZoneLevel] = Field(min_length=1)  # levels whose firewalls enforce the rule
    description: str | None = None


class PolicyFile(Strict):
    """zones/policy.yaml: default deny, explicit zone-to-zone rules."""

    default: Literal["deny"] = "deny"
    exit_levels: list[ZoneLevel] = ["province", "city"]  # where internet exits may be
    address_groups: dict[str, list[Prefix]] = {}
    rules: list[RuleSpec] = []


class InfrastructureFile(Strict):
    """zones/infrastructure.yaml: pools of the global routing table, unique across the province."""

    loopback: AddressPlan
    links: AddressPlan
    management: AddressPlan | None = None
