"""Read a rendered config back into the facts verify judges (govnet.verify.facts), each with the line it was written on.

A line scanner, not the ttp templates of govnet/parsers/: ttp gives no line numbers, and every finding of verify
points at a config line. It reads the three dialects govnet renders (Huawei VRP/USG, H3C Comware/SecPath, Cisco
IOS XE) by their indentation blocks, like hier_config, and keeps only what the network's behaviour depends on.
A top-level line decides once which reader its block's lines go to (govnet.verify.readers); the lines of blocks
no reader wants (AAA, SNMP, ACLs, VTY lines: about a tenth of a config) are skipped unread.
"""

from __future__ import annotations

import ipaddress
import itertools
import re

from govnet.verify import policies, readers
from govnet.verify.facts import BfdSession, Facts, Interface, Peer, Route, Route6, Rule, Vrf, Vty

__all__ = ["Facts", "Interface", "Peer", "Route", "Route6", "Rule", "Vrf", "Vty", "scan"]

# The next hop is an address, or the null interface of a discard route (a site block's announcement).
_ROUTE = re.compile(r"^(?:ip route-static|ip route)(?: (?:vpn-instance|vrf) (\S+))? (\d+\.\d+\.\d+\.\d+) (\S+) "
                    r"(\d+\.\d+\.\d+\.\d+|NULL0|Null0)(?: preference (\d+)| (\d+))?")

# The words without which a line inside BGP says nothing readers.bgp records (a superset: readers.bgp decides).
_BGP_WORDS = re.compile(r"as-number|remote-as|enable|activate|reflect|import-route|redistribute|connect-interface|"
                        r"update-source|send-community|password").search

# The blocks whose lines are read, by the reader their top-level line picks (0: none, the block is skipped).
_SKIP, _PORT, _VRF, _BGP, _POLICY, _IGP, _NAT, _ROUTE_POLICY, _BACKUP, _ZONE, _VTY, _ACL, _RADIUS, _BFD = range(14)

# The first words of the top-level lines that say something (_top); every other top-level line is passed over.
_TOP_WORDS = frozenset({"sysname", "hostname", "bgp", "router", "ospf", "ospfv3", "isis", "mpls", "hrp",
                        "remote-backup", "nat", "ip", "firewall", "security-zone", "ipv6", "route-policy", "route-map",
                        "interface", "vrf", "nat-policy", "bfd", "user-interface", "line", "acl", "ssh",
                        "ntp-service", "ntp", "info-center", "logging", "snmp-agent", "snmp-server", "radius", "aaa",
                        "radius-server"})


# The first words of the management protocols' top-level lines (SNMP, NTP, syslog): read for their source alone.
_ONLY_SOURCES = frozenset({"ntp-service", "ntp", "info-center", "logging", "snmp-agent", "snmp-server"})


def scan(device: str, file: str, text: str) -> Facts:
    """The facts of one config (any of the three dialects)."""
    facts = Facts(device, file)
    kind = _SKIP
    subject = ""  # the block's route policy name, or 'ipv6' for Comware's IPv6 security policy
    sub = ""  # the current second-level line inside the block (address family, OSPF area)
    sub2 = ""  # the current third-level line (Comware's address family inside a BGP VPN instance)
    port = Interface("", 0)
    vrf = Vrf("", 0)
    for number, raw in enumerate(text.splitlines(), 1):
        if not raw:
            continue
        if raw[0] != " ":
            if raw == "#" or raw == "!":  # the separators between blocks (a third of a Huawei config's lines)
                continue
            line = raw.rstrip()
            if not line or line.lstrip()[0] in "#!":
                continue
            sub = sub2 = ""
            kind, subject = _top(facts, line, number)
            if kind == _PORT:
                port = Interface(subject, number)
                facts.interfaces[port.name] = port
            elif kind == _VRF:
                vrf = Vrf(subject, number)
                facts.vrfs[vrf.name] = vrf
            continue
        if kind == _SKIP:
            continue
        stripped = raw.strip()
        if not stripped or stripped[0] in "#!":
            continue
        depth = len(raw) - len(raw.lstrip())
        if depth == 1:
            sub, sub2 = stripped, ""
        elif depth == 2:
            sub2 = stripped
        if kind == _BGP:
            if _BGP_WORDS(stripped):  # most BGP lines (peer descriptions, passwords, BFD) say nothing read here
                readers.bgp(facts, stripped.split(), number, sub, sub2)
            continue
        words = stripped.split()
        if kind == _PORT:
            if readers.interface(port, stripped, words, depth, number) is not None:
                readers.port_option(facts, port.name, stripped, number)
        elif kind == _VRF:
            readers.vrf_families(vrf, stripped, words, number, sub)
        elif kind == _POLICY:
            readers.rule(facts, words, number, depth, 6 if subject == "ipv6" else 4)
        elif kind == _IGP:
            readers.igp_process(facts, words, sub)
        elif kind == _NAT:
            readers.nat_rule(facts, words, depth)
        elif kind == _ROUTE_POLICY:
            if facts.route_policies:
                policies.match(facts.route_policies, subject, words, number)
        elif kind == _BACKUP and len(words) > 1 and raw.startswith(" remote-ip "):
            facts.ha_peer = words[1]
        elif kind == _VTY:
            readers.vty(facts, words)
        elif kind == _ACL:
            readers.acl_rule(facts.acls[subject], words, number)
        elif kind == _RADIUS:
            readers.radius_source(facts, words, number)
        elif kind == _BFD:
            _bfd_view(facts.bfd[subject], words)
        elif kind == _ZONE and len(words) > 2 and words[0] in ("add", "import") and words[1] == "interface":
            facts.security_zones[subject].add(words[2])  # USG 'add interface X', SecPath 'import interface X'
    _cover(facts)
    _labels(facts)
    _admin(facts)
    for found in facts.vrfs.values():
        if found.v6 is not None and not found.v6.line:  # no IPv6 family opened: no 6VPE
            found.v6 = None
    for port in facts.interfaces.values():
        for group in port.nat_groups:
            facts.nat_egress.setdefault(group, set()).add(port.name)
    for name, port in facts.interfaces.items():
        if name.lower().startswith("loopback") and port.ipv4 is not None and name[8:].isdigit():
            facts.loopbacks.setdefault(int(name[8:]), name)
    return facts


def _top(facts: Facts, line: str, number: int) -> tuple[int, str]:
    """Record what a top-level line says; return the reader of the block it opens and the block's subject."""
    first = line.split(None, 1)[0]
    if first not in _TOP_WORDS:
        if first.startswith("redundancy"):
            facts.ha, facts.ha_line = True, number
        elif first.startswith("security-policy"):
            return _POLICY, line.split()[-1]
        return _SKIP, ""
    if first in _ONLY_SOURCES:  # SNMP, NTP, syslog: a dozen lines a config, read only for a source they may name
        if "source" in line:
            readers.management_source(facts, line.split(), number)
        return _SKIP, ""
    if first in ("aaa", "radius", "radius-server"):
        return _aaa(facts, line, number)
    frequent = _frequent(facts, line, number)
    if frequent is not None:
        return frequent
    words = line.split()
    if first in ("ip", "ssh") and "source" in line and readers.management_source(facts, words, number):
        return _SKIP, ""  # the SSH server's source (VRP 'ssh server-source -i X', IOS XE 'ip ssh source-interface X')
        # and IOS XE's global RADIUS source ('ip radius source-interface X')
    if first in ("sysname", "hostname") and len(words) > 1:
        facts.hostname = words[1]
        facts.ios = first == "hostname"
    elif line.startswith(("bgp ", "router bgp ")):
        facts.asn, facts.bgp_line = words[-1], number
        facts.ios = facts.ios or first == "router"  # 'router bgp' is IOS XE's alone (VRP, Comware: 'bgp N')
    elif line.startswith(("ospf ", "router ospf ")):
        facts.ospf = True
    elif line.startswith(("ospfv3 ", "router ospfv3 ")):
        facts.ospf6 = True
    elif line.startswith(("isis ", "router isis")) or line == "isis":
        facts.isis_line = number
    elif line in ("mpls ldp", "mpls label protocol ldp"):
        facts.ldp_global = True
    elif line.startswith("mpls lsr-id ") and len(words) > 2:
        facts.lsr_id = words[2]
    elif line.startswith(("hrp enable", "remote-backup group")):
        facts.ha, facts.ha_line, facts.hrp = True, number, facts.hrp or first == "hrp"
    elif line.startswith("hrp interface ") and "remote" in words[:-1]:
        facts.ha_peer = words[words.index("remote") + 1]
    elif line.startswith(("nat address-group ", "ip nat pool ")):
        facts.nat_pools[words[2] if words[0] == "nat" else words[3]] = number  # as rules and ports name it
    elif line.startswith(("firewall zone ", "security-zone name ")):
        facts.security_zones.setdefault(words[-1], set())
    elif line == "bfd":  # Huawei: BFD enabled globally, without which no session is configured
        facts.bfd_enabled = True
    elif words[:4] in (["ip", "route", "static", "bfd"], ["ipv6", "route", "static", "bfd"]) or \
            (first == "bfd" and len(words) > 4 and words[2] == "bind"):
        _bfd_session(facts, words, number)
    elif words[:2] in (["ipv6", "route-static"], ["ipv6", "route"]):
        words, tie, port = _bfd_route(words)
        _route6(facts, words, number)
        if facts.routes6 and facts.routes6[-1].line == number:
            facts.routes6[-1].bfd = tie
            if tie == "bfd" and port:
                facts.bfd_routes.setdefault(f"{port} {facts.routes6[-1].next_hop}", number)
    elif line.startswith(("ip ip-prefix ", "ip prefix-list ")):
        policies.prefix_entry(facts.prefix_lists, words)
    elif line.startswith(("ip ipv6-prefix ", "ipv6 prefix-list ")):
        policies.prefix_entry(facts.prefix_lists6, words)
    elif line.startswith(("ip as-path", "ip community-")):
        policies.filter_entry(facts.route_filters, words)
    elif first in ("route-policy", "route-map") and len(words) > 3 and words[2] in ("permit", "deny"):
        policies.node(facts.route_policies, words)
    elif line.startswith(("user-interface vty ", "line vty ")):
        facts.vty_line = facts.vty_line or number
        readers.vty_block(facts, words, number)
    elif line.startswith("user-interface maximum-vty ") and words[-1].isdigit():
        facts.max_vty = int(words[-1])
    elif line.startswith("ssh server acl ") and len(words) > 3:  # Comware: the ACL of SSH logins
        facts.vty_acl = words[3]
    elif (first == "acl" and len(words) > 2 and words[1] in ("number", "basic")) or \
            line.startswith("ip access-list standard "):
        facts.acls[words[-1]] = []
    elif line.startswith(("ip route-static", "ip route ")):
        words, tie, port = _bfd_route(words)
        _route(facts, " ".join(words), number, tie, port)
    return _block(line, words)


def _aaa(facts: Facts, line: str, number: int) -> tuple[int, str]:
    """IOS XE's AAA lines ('aaa new-model', its login lists, 'aaa group server radius X' and its source), the
    RADIUS scheme of Comware ('radius scheme X' and its NAS address; 'radius nas-ip X' for every scheme) and the
    RADIUS server group of VRP 8 ('radius-server group X'; 'radius-server source interface X' for every group) and
    template of VRP 5 and the USG ('radius-server template X')."""
    words = line.split()
    if words[:2] == ["aaa", "new-model"]:
        facts.aaa = True
    elif words[1:3] == ["authentication", "login"] and len(words) > 3:
        facts.login_lists.add(words[3])
    elif words[1:2] == ["scheme"] or words[1:4] == ["group", "server", "radius"] or (
            words[0] == "radius-server" and words[1:2] in (["group"], ["template"]) and len(words) == 3):
        if not facts.radius_line:
            facts.radius_line, facts.radius_kind = number, " ".join(words[:2])
        return _RADIUS, ""
    else:  # a source for every group or scheme, in the system view
        readers.radius_source(facts, words, number)
    return _SKIP, ""


def _frequent(facts: Facts, line: str, number: int) -> tuple[int, str] | None:
    """What _top does with the most frequent top-level lines (nine in ten of those it reads), found without its
    chain of tests (none of its branches before the one taken here can take a line that starts so); None for
    any other line."""
    if line.startswith("interface "):
        return _PORT, line.split(None, 1)[1]
    if line.startswith("ip "):
        if line.startswith("ip vpn-instance "):
            return _VRF, line.split()[-1]
        if line.startswith("ip ip-prefix "):
            policies.prefix_entry(facts.prefix_lists, line.split())
            return _SKIP, ""
        if line.startswith("ip ipv6-prefix "):
            policies.prefix_entry(facts.prefix_lists6, line.split())
            return _SKIP, ""
        if line.startswith("ip route-static"):
            words, tie, port = _bfd_route(line.split())
            _route(facts, " ".join(words), number, tie, port)
            return _SKIP, ""
    elif line.startswith("route-policy "):
        words = line.split()
        if len(words) > 3 and words[2] in ("permit", "deny"):
            policies.node(facts.route_policies, words)
        return _ROUTE_POLICY, words[1]
    return None


def _block(line: str, words: list[str]) -> tuple[int, str]:
    if line.startswith("interface "):
        return _PORT, line.split(None, 1)[1]
    if line.startswith(("ip vpn-instance ", "vrf definition ")):
        return _VRF, words[-1]
    if line.startswith(("bgp ", "router bgp ")):
        return _BGP, ""
    if line.startswith(("ospf ", "router ospf ", "isis ", "router isis")):
        return _IGP, ""
    if line == "nat-policy":
        return _NAT, ""
    if line.startswith(("route-policy ", "route-map ")):
        return _ROUTE_POLICY, words[1]
    if line == "remote-backup group":
        return _BACKUP, ""
    if line.startswith(("firewall zone ", "security-zone name ")):
        return _ZONE, words[-1]
    if line.startswith(("user-interface vty ", "line vty ")):
        return _VTY, ""
    if (words[0] == "acl" and len(words) > 2 and words[1] in ("number", "basic")) or \
            line.startswith("ip access-list standard "):
        return _ACL, words[-1]
    if words[0] == "bfd" and len(words) > 4 and words[2] == "bind":
        return _BFD, words[1]
    return _SKIP, ""


def _route(facts: Facts, line: str, number: int, tie: str = "", port: str = "") -> None:
    found = _ROUTE.match(line)
    if found:
        prefix = _network4(found.group(2), found.group(3))
        if prefix is None:
            return
        preference = int(found.group(5) or found.group(6) or 0)
        facts.routes.append(Route(found.group(1) or "", prefix, found.group(4), number, preference, tie))
        if tie == "bfd" and port:  # Comware: the session this route creates, on the port it names
            facts.bfd_routes.setdefault(f"{port} {found.group(4)}", number)


def _network4(address: str, mask: str) -> ipaddress.IPv4Network | None:
    """ipaddress.IPv4Network(f"{address}/{mask}") (strict: None when host bits are set, or the text is not an
    address and a mask), without its string parser for the usual masks: a dotted netmask or a length."""
    length = readers.MASKS.get(mask)
    if length is None and mask.isascii() and mask.isdigit() and int(mask) <= 32:
        length = int(mask)
    try:
        if length is None:
            return ipaddress.IPv4Network(f"{address}/{mask}")
        number = readers.address4(address)
    except ValueError:
        return None
    if number & (0xFFFFFFFF ^ (0xFFFFFFFF >> length)) != number:
        return None
    return ipaddress.IPv4Network((number, length))


def _cover(facts: Facts) -> None:
    """OSPF network statements put the interfaces whose address they cover into their area; silent and passive
    ports named in a process are marked."""
    for name in facts.passive:
        if name in facts.interfaces:
            facts.interfaces[name].passive = True
    for interface in facts.interfaces.values():  # IOS XE: the key ID is a line of its own
        if interface.auth == "ospf md5" and interface.auth_key:
            interface.auth = f"ospf md5 key {interface.auth_key}"
    if not facts.ospf_networks:
        return
    # An address is in a network when its bits under the mask are the network's (IPv4Network.__contains__, on ints).
    networks = [(int(network.network_address), int(network.netmask), area) for network, area in facts.ospf_networks]
    for interface in facts.interfaces.values():
        if interface.ipv4 is None or interface.vrf or interface.ospf_area is not None:
            continue
        address = int(interface.ipv4)
        for base, mask, area in networks:
            if address & mask == base:
                interface.ospf_area = area
                break
    if facts.ospf_area_auth:  # a port without its own authentication sends its area's
        for interface in facts.interfaces.values():
            if interface.ospf_area is not None and not interface.auth:
                interface.auth = facts.ospf_area_auth.get(interface.ospf_area, "")


def _admin(facts: Facts) -> None:
    """Ports down without a 'shutdown' of their own: an IOS XE router's physical port stays shut down until
    'no shutdown' (its default), and a sub-interface is down with its port."""
    for name, port in facts.interfaces.items():
        if facts.ios and not port.no_shutdown and "." not in name and \
                not name.lower().startswith(("loopback", "null", "tunnel", "vlan", "bdi")):
            port.shutdown = True
    for name, port in facts.interfaces.items():
        parent = facts.interfaces.get(name.split(".", 1)[0]) if "." in name else None
        if parent is not None and parent.shutdown:
            port.shutdown = True


def _labels(facts: Facts) -> None:
    """LDP runs on a port only where MPLS runs on it too and the device runs LDP: Huawei and Comware need the
    port's 'mpls' / 'mpls enable' beside 'mpls ldp', an LSR ID and the global 'mpls ldp' view; IOS XE's 'mpls ip'
    is both, with LDP as its default label protocol. A port that says 'mpls ldp' without the rest forms no
    session, so its label path stops there (GN905 at the link)."""
    device = facts.ios or (facts.ldp_global and bool(facts.lsr_id))
    for port in facts.interfaces.values():
        if port.ldp and not (device and port.mpls):
            port.ldp = False


def _route6(facts: Facts, words: list[str], number: int) -> None:
    """Huawei/Comware 'ipv6 route-static [vpn-instance V] P L NH', IOS XE 'ipv6 route [vrf V] P/L NH'."""
    rest = words[2:]
    vrf = ""
    if len(rest) > 1 and rest[0] in ("vpn-instance", "vrf"):
        vrf, rest = rest[1], rest[2:]
    if rest and "/" in rest[0]:
        rest = [*rest[0].split("/", 1), *rest[1:]]
    if len(rest) < 3:
        return
    try:
        prefix = ipaddress.IPv6Network(f"{rest[0]}/{rest[1]}")
    except ValueError:
        return
    facts.routes6.append(Route6(vrf, prefix, rest[2], number))
# A port name before a static route's next hop (Comware and IOS XE name it for static-route BFD), e.g.
# Ten-GigabitEthernet1/2/1.100, TenGigabitEthernet0/2/0.300.
_PORT_NAME = re.compile(r"^[A-Za-z][A-Za-z-]*\d+(?:/\d+)+(?:\.\d+)?$")


def _bfd_route(words: list[str]) -> tuple[list[str], str, str]:
    """A static route's words without what ties it to BFD, that tie, and the port named before the next hop:
    Huawei '... NH track bfd-session NAME' (the name), Comware '... IF NH bfd control-packet' ('bfd'), IOS XE
    '... IF NH' ('IF NH': BFD runs where an 'ip route static bfd IF NH' line names it). The port goes from the
    words, so the route reads as without.

    >>> _bfd_route("ip route-static vpn-instance A 0.0.0.0 0 GE1/0/1.100 10.0.0.1 bfd control-packet".split())
    (['ip', 'route-static', 'vpn-instance', 'A', '0.0.0.0', '0', '10.0.0.1'], 'bfd', 'GE1/0/1.100')
    >>> _bfd_route("ip route vrf A 0.0.0.0 0.0.0.0 Te0/2/0.100 10.0.0.1 2 name X".split())[1:]
    ('Te0/2/0.100 10.0.0.1', 'Te0/2/0.100')
    """
    kept: list[str] = []
    tie = port = ""
    index = 0
    while index < len(words):
        word, following = words[index], words[index + 1:index + 3]
        if word in ("description", "name"):
            kept += words[index:]
            break
        if word in ("vpn-instance", "vrf"):
            kept += words[index:index + 2]
            index += 2
            continue
        if word == "bfd" and following[:1] in (["control-packet"], ["echo-packet"]):
            tie, index = "bfd", index + 2
            continue
        if word == "track" and following[:1] == ["bfd-session"] and len(following) == 2:
            tie, index = following[1], index + 3
            continue
        if _PORT_NAME.match(word) and following and (following[0][:1].isdigit() or ":" in following[0]):
            tie = tie or f"{word} {following[0]}"
            port = port or word
            index += 1
            continue
        kept.append(word)
        index += 1
    return kept, tie, port


def _bfd_session(facts: Facts, words: list[str], number: int) -> None:
    """Huawei 'bfd NAME bind peer-ip|peer-ipv6 P [vpn-instance V] [interface IF] [source-ip|source-ipv6 S] [auto]'
    and IOS XE '[ip|ipv6] route static bfd IF NH'."""
    if words[0] == "bfd":
        session = facts.bfd[words[1]] = BfdSession(words[1], words[4], number, auto=words[-1] == "auto")
        for key, value in itertools.pairwise(words[5:]):
            if key == "vpn-instance":
                session.vrf = value
            elif key == "interface":
                session.port = value
            elif key in ("source-ip", "source-ipv6"):
                session.source = value
    elif len(words) > 5:
        facts.static_bfd[f"{words[4]} {words[5]}"] = number


def _bfd_view(session: BfdSession, words: list[str]) -> None:
    """A line of a Huawei BFD session's view: its discriminators and 'commit'."""
    if words[0] == "commit":
        session.committed = True
    elif words[0] == "discriminator" and len(words) == 3 and words[2].isdigit():
        if words[1] == "local":
            session.local = int(words[2])
        elif words[1] == "remote":
            session.remote = int(words[2])
