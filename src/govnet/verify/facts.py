"""The facts verify judges, as a config's text was read back into them (govnet.verify.scan): each with the config
line it was written on, so that every finding points at one."""

from __future__ import annotations

import ipaddress
from dataclasses import dataclass, field
from typing import NamedTuple

from govnet.verify import policies

Net4 = ipaddress.IPv4Interface


@dataclass
class Interface:
    name: str
    line: int
    description: str = ""
    ipv4: Net4 | None = None
    ipv4_line: int = 0
    vrf: str = ""  # '' = the global table
    vlan: int | None = None
    shutdown: bool = False
    termination: bool = False  # VRP 'dot1q termination vid N': a VLAN tag termination sub-interface
    arp_broadcast: bool = False  # VRP 'arp broadcast enable': without it such a sub-interface resolves no address
    no_shutdown: bool = False  # 'no shutdown' written: an IOS XE router's physical port is down without it
    ldp: bool = False  # LDP runs on the port: 'mpls ldp' there, MPLS on the port and LDP on the device (scan._labels)
    mpls: bool = False  # MPLS on the port (Huawei 'mpls', Comware 'mpls enable', IOS XE 'mpls ip')
    isis: bool = False  # IS-IS enabled on the interface itself
    ospf_area: str | None = None  # OSPF area the interface runs in (from network statements or the interface)
    cost: int | None = None  # configured IGP cost (None: the vendor's default)
    auth: str = ""  # IGP authentication mode on the port, OSPF MD5's key ID included (key material left out)
    auth_key: str = ""  # IOS XE 'ip ospf message-digest-key N md5': the key ID its 'message-digest' mode sends
    passive: bool = False  # silent/passive: the IGP advertises the subnet but forms no adjacency
    network_type: str = ""  # OSPF network type set on the port ('' = the default for its medium)
    nat_groups: set[str] = field(default_factory=set)  # Comware 'nat outbound address-group N' on the port
    ipv6: ipaddress.IPv6Interface | None = None  # the global IPv6 address (link-local ones left out)
    ipv6_line: int = 0
    isis6: bool = False  # IS-IS carries IPv6 on the port ('isis ipv6 enable', 'ipv6 router isis')
    ospf6_area: str | None = None  # OSPFv3 area of the port ('ospfv3 1 area A', IOS XE 'ospfv3 1 ipv6 area A')
    link_group: int | None = None  # USG 'link-group N': the group's ports go down together


class Source(NamedTuple):
    """What a management protocol's packets leave from (NTP, syslog, SNMP traps, RADIUS, the SSH server): a port
    by name, or an address (USG 'info-center loghost A source-ip X', Comware RADIUS 'nas-ip X'). A tuple: a config
    has several, and the read-back cache unpickles a tuple at a fraction of a dataclass's cost."""

    service: str
    port: str  # '' when the config names an address
    address: str
    line: int


@dataclass
class Peer:
    address: str
    remote_as: str
    line: int
    vpnv4: bool = False
    client: bool = False
    vpnv6: bool = False
    source: str = ""  # the port the session is sourced from (connect-interface, update-source); '' the outgoing one
    password: bool = False  # TCP MD5 on the session ('peer X password', 'neighbor X password'): both ends or none
    extended: bool = False  # IOS XE 'send-community extended|both' in VPNv4: the routes carry their route targets


@dataclass
class Vrf:
    name: str
    line: int
    rd: str = ""
    rd_line: int = 0
    export: set[str] = field(default_factory=set)
    import_: set[str] = field(default_factory=set)
    rt_line: int = 0  # the first route-target line
    export_policy: str = ""  # IPv4 'export route-policy X' (IOS XE 'export map X')
    import_policy: str = ""
    v6: Vrf | None = None  # the IPv6 family (6VPE): its own targets and policies; None: no IPv6 family


@dataclass
class Route:
    vrf: str
    prefix: ipaddress.IPv4Network
    next_hop: str  # an address, or NULL0 (Cisco: Null0) for a discard route
    line: int
    preference: int = 0  # '' / 0: the platform's default for static routes; a backup route has a higher one
    bfd: str = ""  # what ties it to a BFD session (scan._bfd_route): a Huawei session name, 'bfd', or IOS XE 'IF NH'

    @property
    def discard(self) -> bool:
        """A route to the null interface: it announces a prefix and drops what no longer route matches."""
        return self.next_hop.upper() == "NULL0"


@dataclass
class Route6:
    vrf: str
    prefix: ipaddress.IPv6Network
    next_hop: str
    line: int
    bfd: str = ""  # as Route.bfd


@dataclass
class BfdSession:
    """A Huawei static BFD session: 'bfd NAME bind peer-ip|peer-ipv6 P [vpn-instance V] interface IF
    source-ip|source-ipv6 S [auto]', with 'discriminator local N' / 'discriminator remote N' and 'commit' in its
    view (none of them after 'auto': the two ends negotiate the discriminators)."""

    name: str
    peer: str
    line: int
    vrf: str = ""
    port: str = ""
    source: str = ""
    auto: bool = False
    local: int | None = None
    remote: int | None = None
    committed: bool = False


@dataclass
class Rule:
    name: str
    line: int
    source_zone: str = ""
    destination_zone: str = ""
    action: str = ""  # permit or deny (Comware's pass/drop read as these)
    family: int = 4  # 6: a rule of Comware's 'security-policy ipv6'
    sources: set[ipaddress.IPv4Network] = field(default_factory=set)  # IPv4 source subnets (empty: any)
    destinations: set[ipaddress.IPv4Network] = field(default_factory=set)
    services: set[tuple[str, int | None, int | None]] = field(default_factory=set)  # (protocol, low, high); any
    sources6: set[ipaddress.IPv6Network] = field(default_factory=set)  # IPv6 source subnets (both empty: any)
    destinations6: set[ipaddress.IPv6Network] = field(default_factory=set)


@dataclass
class Vty:
    """One VTY block ('user-interface vty A B', 'line vty A B'): the login lines it covers and what it says."""
    first: int
    last: int
    line: int
    acl: str = ""  # VRP/USG 'acl N inbound', IOS XE 'access-class X in'
    protocols: str = ""  # what logins come over: 'ssh', 'all', 'telnet ssh' ... ('': not written)
    auth: str = ""  # how they authenticate: 'aaa' (VRP), 'scheme' (Comware), 'password' ..., IOS XE 'list L'
    huawei: bool = False  # VRP/USG 'user-interface vty' (Comware and IOS XE: 'line vty')

    @property
    def numbers(self) -> list[int]:
        """The line numbers the block covers (none for a range that is not numbers)."""
        return list(range(self.first, self.last + 1))


@dataclass
class Facts:
    device: str
    file: str  # the config's path below the output directory (configs/<site>/<device>.cfg)
    hostname: str = ""
    interfaces: dict[str, Interface] = field(default_factory=dict)
    vrfs: dict[str, Vrf] = field(default_factory=dict)
    asn: str = ""
    bgp_line: int = 0
    peers: dict[str, Peer] = field(default_factory=dict)
    ospf: bool = False
    ospf_networks: list[tuple[ipaddress.IPv4Network, str]] = field(default_factory=list)  # network, area
    ospf_area_auth: dict[str, str] = field(default_factory=dict)  # area -> 'ospf <mode>' of its area view
    isis_line: int = 0
    ldp_global: bool = False
    lsr_id: str = ""  # Huawei/Comware 'mpls lsr-id': without it MPLS (and LDP) cannot be enabled
    ios: bool = False  # an IOS XE config ('hostname'): LDP is its default label protocol, no LSR ID is needed
    routes: list[Route] = field(default_factory=list)
    ha: bool = False  # firewall hot standby (HRP) / RBM configured
    ha_line: int = 0
    security_zones: dict[str, set[str]] = field(default_factory=dict)  # zone -> the interfaces bound to it
    loopbacks: dict[int, str] = field(default_factory=dict)  # number -> interface name (with an address)
    passive: set[str] = field(default_factory=set)  # ports named silent/passive in an IGP process
    rules: list[Rule] = field(default_factory=list)  # security policy, in order
    isis_level: str = ""  # 'level-1', 'level-2' or '' (both)
    isis_lsp_auth: str = ""  # the level-2 LSPs' authentication (VRP/Comware 'domain-authentication-mode', IOS XE
    # 'authentication mode M level-2'): a router drops the LSPs of a neighbour that authenticates them otherwise
    nat_pools: dict[str, int] = field(default_factory=dict)  # source NAT address group -> its line
    static_vrfs: set[str] = field(default_factory=set)  # VPN instances whose IPv4 static routes BGP announces
    # source NAT: address group (USG name, Comware number) -> the interfaces its traffic leaves by ('*': any)
    nat_egress: dict[str, set[str]] = field(default_factory=dict)
    ha_peer: str = ""  # the HA peer's address (USG 'hrp interface ... remote', RBM 'remote-ip')
    hrp: bool = False  # USG HRP ('hrp enable'), not SecPath RBM
    nat_rule_egress: set[str] = field(default_factory=set)  # while scanning: the current nat-policy rule's
    ospf6: bool = False  # an OSPFv3 process is configured
    routes6: list[Route6] = field(default_factory=list)  # IPv6 static routes
    direct_vrfs: set[str] = field(default_factory=set)  # VPN instances whose connected subnets BGP announces
    # prefix lists: name -> entries in order (action, network, ge, le; the exact prefix: its length as both)
    prefix_lists: dict[str, list[policies.Entry]] = field(default_factory=dict)
    prefix_lists6: dict[str, list[policies.Entry]] = field(default_factory=dict)  # IPv6 prefix lists
    route_filters: dict[str, list[policies.FilterEntry]] = field(default_factory=dict)  # 'as-path F', 'community F'
    # route policies (route-maps): name -> nodes in order (action, match and set clauses; no match: every route)
    route_policies: dict[str, list[policies.Node]] = field(default_factory=dict)
    direct6_vrfs: set[str] = field(default_factory=set)  # VPN instances whose IPv6 connected subnets BGP announces
    static6_vrfs: set[str] = field(default_factory=set)  # ... and whose IPv6 static routes
    isis6: str = ""  # IPv6 in the IS-IS process: 'mt' (own topology), 'st' (the IPv4 topology), '' (none)
    bfd: dict[str, BfdSession] = field(default_factory=dict)  # Huawei static BFD sessions by name
    bfd_enabled: bool = False  # Huawei 'bfd': BFD enabled globally
    static_bfd: dict[str, int] = field(default_factory=dict)  # IOS XE '[ip|ipv6] route static bfd IF NH': 'IF NH', line
    bfd_routes: dict[str, int] = field(default_factory=dict)  # Comware 'IF NH' of routes with 'bfd control-packet'
    vty_line: int = 0  # the VTY block ('user-interface vty', 'line vty')
    vty_acl: str = ""  # the ACL of logins (VRP 'acl N inbound', IOS XE 'access-class X in', Comware 'ssh server acl')
    vtys: list[Vty] = field(default_factory=list)  # the VTY blocks, in order
    max_vty: int = 0  # VRP/USG 'user-interface maximum-vty N' (0: not written, the default 5)
    # basic ACLs (and IOS XE standard lists): name -> rules in order (action, source network or None for any, line)
    acls: dict[str, list[tuple[str, ipaddress.IPv4Network | None, int]]] = field(default_factory=dict)
    sources: list[Source] = field(default_factory=list)  # the management protocols' source ports or addresses
    # the first RADIUS server block (VRP 8 'radius-server group', VRP 5/USG 'radius-server template', Comware
    # 'radius scheme', IOS XE 'aaa group server radius'): its line and first words; 0 and '': none
    radius_line: int = 0
    radius_kind: str = ""
    # the first VRP 'radius-server authentication A P' line with no 'source' of its own: its line and server (0, '':
    # none); only a source for every server of the block or system covers it
    radius_bare: tuple[int, str] = (0, "")
    radius_wide: bool = False  # a RADIUS source for every server: a block's or the system view's
    # per port that writes any: 'mtu N' and 'ip mtu N' (None: not written), the line of the last, and what the port
    # does with the MTU in OSPF's DD packets ('enable': VRP/Comware 'ospf mtu-enable', 'ignore': IOS XE 'ip ospf
    # mtu-ignore', ''). A port without an entry has its platform's default (an IOS XE sub-interface: its main
    # interface's). Kept here, not on every port: the read-back cache would pickle a field of each.
    mtus: dict[str, tuple[int | None, int | None, int, str]] = field(default_factory=dict)
    bfd_ports: set[str] = field(default_factory=set)  # IOS XE ports with BFD timers ('bfd interval ...')
    ipv6_mtus: dict[str, tuple[int, int]] = field(default_factory=dict)  # 'ipv6 mtu N' by port: N, its line
    aaa: bool = False  # IOS XE 'aaa new-model': without it, 'login authentication' names no list
    login_lists: set[str] = field(default_factory=set)  # IOS XE 'aaa authentication login L ...'

    @property
    def igp(self) -> bool:
        return self.ospf or self.isis_line > 0

    def loopback(self, number: int) -> Interface | None:
        name = self.loopbacks.get(number)
        return self.interfaces[name] if name is not None else None
