"""The readers of the config blocks verify reads back (govnet.verify.scan calls them line by line): an interface,
a VPN instance, BGP, the security policy, source NAT, an IGP process. Each takes one line inside its block, already
stripped and split into words, and records what it says in the block's facts."""

from __future__ import annotations

import contextlib
import ipaddress
import re
import socket
from functools import lru_cache

from govnet.verify.facts import Facts, Interface, Net4, Peer, Rule, Source, Vrf, Vty

# The first words of the interface lines the reader below knows (any other line is skipped before its checks).
_PORT_WORDS = frozenset({"ip", "description", "vrf", "dot1q", "vlan-type", "encapsulation", "shutdown", "mpls", "isis",
                         "ospf", "nat", "ipv6", "ospfv3", "link-group", "no", "arp", "mtu", "bfd"})
_ADDRESS = re.compile(r"ip address (\S+) (\S+)")
# Dotted masks by their prefix length: most addresses are read with one, and an int and a length build the
# interface without parsing a '/mask' string again.
MASKS = {str(ipaddress.IPv4Network(f"0.0.0.0/{n}").netmask): n for n in range(33)}
_WILDCARDS = {str(ipaddress.IPv4Network(f"0.0.0.0/{n}").hostmask): n for n in range(33)}


def address4(address: str) -> int:
    """int(IPv4Address(address)), read by the C library where it takes the text: inet_pton takes exactly the
    dotted quads ipaddress does (four decimal octets, no leading zero); anything else goes to ipaddress, which
    raises ValueError as it always did. A fifth of the cost of ipaddress's own parser."""
    try:
        return int.from_bytes(socket.inet_pton(socket.AF_INET, address), "big")
    except (OSError, ValueError):
        return int(ipaddress.IPv4Address(address))


def interface6(text: str) -> ipaddress.IPv6Interface:
    """ipaddress.IPv6Interface(text) ('A/L' or 'A'), its address read by inet_pton where that takes it (the same
    128 bits; scoped and malformed addresses go to ipaddress, which raises ValueError as it always did)."""
    address, slash, length = text.partition("/")
    if slash and not (length.isascii() and length.isdigit() and int(length) <= 128):
        return ipaddress.IPv6Interface(text)
    try:
        number = int.from_bytes(socket.inet_pton(socket.AF_INET6, address), "big")
    except (OSError, ValueError):
        return ipaddress.IPv6Interface(text)
    return ipaddress.IPv6Interface((number, int(length) if slash else 128))


def _net(address: str, mask: str) -> Net4 | None:
    try:
        length = MASKS.get(mask)
        if length is None:
            return ipaddress.IPv4Interface(f"{address}/{mask}")
        return ipaddress.IPv4Interface((address4(address), length))
    except ValueError:
        return None


def wildcard(address: str, wildcard: str) -> ipaddress.IPv4Network | None:
    """The network an OSPF 'network A W' statement names ('0.0.0.3': a /30; host bits of A dropped)."""
    try:
        length = _WILDCARDS.get(wildcard)
        if length is None:
            inverse = ipaddress.IPv4Address(int(ipaddress.IPv4Address(wildcard)) ^ 0xFFFFFFFF)
            return ipaddress.IPv4Network(f"{address}/{inverse}", strict=False)
        mask = 0xFFFFFFFF ^ (0xFFFFFFFF >> length)
        return ipaddress.IPv4Network((int(ipaddress.IPv4Address(address)) & mask, length))
    except ValueError:
        return None


def interface(port: Interface, text: str, words: list[str], depth: int, number: int) -> str | None:
    """Record a line of an interface on the port; a line of the rarer kinds the port keeps no field for (MTU, OSPF's
    DD MTU check, IOS XE BFD timers: none in most configs, and a field costs every port in the read-back cache) is
    returned instead, for port_option."""
    if words[0] not in _PORT_WORDS:
        return None
    found = _ADDRESS.fullmatch(text) if depth == 1 and words[0] == "ip" else None  # ' ip address A M' only
    if found:
        port.ipv4, port.ipv4_line = _net(found.group(1), found.group(2)), number
    elif text.startswith("description "):
        port.description = text.split(None, 1)[1]
    elif text.startswith(("ip binding vpn-instance ", "vrf forwarding ")):
        port.vrf = words[-1]
    elif text.startswith(("dot1q termination vid ", "vlan-type dot1q", "encapsulation dot1Q ")):
        port.vlan = int(words[-1]) if words[-1].isdigit() else None
        port.termination = words[0] == "dot1q"
    elif text == "arp broadcast enable":
        port.arp_broadcast = True
    elif text == "shutdown":
        port.shutdown = True
    elif text == "no shutdown":
        port.no_shutdown = True
    elif text in ("mpls ldp", "mpls ldp enable", "mpls ip"):
        port.ldp = True
        port.mpls = port.mpls or text == "mpls ip"  # IOS XE: one line enables both
    elif text in ("mpls", "mpls enable"):
        port.mpls = True
    elif text.startswith("isis enable") or text == "ip router isis":
        port.isis = True
    elif text.startswith(("ospf cost ", "ip ospf cost ", "isis cost ", "isis metric ")) and words[-1].isdigit():
        port.cost = int(words[-1])
    elif text.startswith("ip ospf message-digest-key ") and len(words) > 3:  # IOS XE: the key ID of keyed MD5
        port.auth_key = words[3]
    elif text.startswith(("ospf authentication-mode", "isis authentication-mode", "ip ospf authentication",
                          "isis authentication mode")):
        port.auth = _auth_mode(words)
    elif text.startswith(("ospf network-type ", "ip ospf network ", "isis circuit-type ", "isis network ")):
        port.network_type = {"point-to-point": "p2p"}.get(words[-1], words[-1])
    elif text in ("isis silent", "ip ospf passive"):
        port.passive = True
    elif text.startswith("nat outbound address-group ") and len(words) > 3:
        port.nat_groups.add(words[3])
    elif text.startswith(("ospf enable ", "ip ospf ")) and "area" in words:
        port.ospf_area = words[words.index("area") + 1]
    elif words[0] == "ipv6" and len(words) > 2 and words[1] == "address" and "link-local" not in words:
        with contextlib.suppress(ValueError):
            port.ipv6, port.ipv6_line = interface6(words[2]), number
    elif text.startswith("isis ipv6 enable") or text == "ipv6 router isis":
        port.isis6 = True
    elif words[0] == "ospfv3" and "area" in words[:-1]:
        port.ospf6_area = words[words.index("area") + 1]
    elif words[0] == "link-group" and words[-1].isdigit():  # USG 'link-group [ public ] N'
        port.link_group = int(words[-1])
    elif words[0] in ("mtu", "bfd") or text in ("ospf mtu-enable", "ip ospf mtu-ignore") or \
            words[:2] in (["ip", "mtu"], ["ipv6", "mtu"]):
        return text
    return None


def port_option(facts: Facts, port: str, text: str, number: int) -> None:
    """A rarer interface line (interface() returned it): 'mtu N', 'ip mtu N', VRP/Comware 'ospf mtu-enable', IOS XE
    'ip ospf mtu-ignore' into the port's entry of Facts.mtus; 'ipv6 mtu N' into Facts.ipv6_mtus; IOS XE 'bfd
    interval ...' into Facts.bfd_ports."""
    words = text.split()
    mtu, ip, line, dd = facts.mtus.get(port, (None, None, 0, ""))
    if len(words) == 2 and words[0] == "mtu" and words[1].isdigit():
        facts.mtus[port] = (int(words[1]), ip, number, dd)
    elif len(words) == 3 and words[:2] == ["ip", "mtu"] and words[2].isdigit():
        facts.mtus[port] = (mtu, int(words[2]), number, dd)
    elif text in ("ospf mtu-enable", "ip ospf mtu-ignore"):
        facts.mtus[port] = (mtu, ip, line, "enable" if words[0] == "ospf" else "ignore")
    elif len(words) == 3 and words[:2] == ["ipv6", "mtu"] and words[2].isdigit():
        facts.ipv6_mtus[port] = (int(words[2]), number)
    elif words[:2] == ["bfd", "interval"]:
        facts.bfd_ports.add(port)


def _auth_mode(words: list[str]) -> str:
    """An interface's IGP authentication as the protocol sends it, whatever the vendor's words: Huawei and Comware
    'isis authentication-mode md5 cipher K' and IOS XE 'isis authentication mode md5 level-2' (key chain) are one
    HMAC-MD5 (RFC 5304), OSPF 'message-digest' is MD5 too; key material is left out (secrets are not compared).

    >>> [_auth_mode(t.split()) for t in ("isis authentication-mode md5 cipher K",
    ...                                  "isis authentication mode md5 level-2")]
    ['isis md5', 'isis md5']
    >>> [_auth_mode(t.split()) for t in ("ip ospf authentication message-digest",
    ...                                  "ospf authentication-mode simple plain x")]
    ['ospf md5', 'ospf simple']
    """
    protocol = "isis" if "isis" in words else "ospf"
    for i, word in enumerate(words[2:], 3):
        if word in ("md5", "message-digest", "hmac-md5"):
            if protocol == "ospf" and word != "message-digest" and words[i:i + 1] and words[i].isdigit():
                return f"ospf {word} key {words[i]}"  # OSPF's MD5 key ID: the two ends must use one
            return f"{protocol} md5"
        if word in ("simple", "null", "keychain", "key-chain") or word.startswith(("hmac-sha", "gca")):
            return f"{protocol} {word}"
    return f"{protocol} {' '.join(words[2:3])}".strip()


def vrf(vrf: Vrf, words: list[str], number: int) -> None:
    if words[0] in ("route-distinguisher", "rd") and len(words) > 1:
        vrf.rd, vrf.rd_line = words[1], number
    elif words[0] == "vpn-target":  # vpn-target T... export-extcommunity | import-extcommunity | both
        targets, kind = words[1:-1], words[-1]
        if kind in ("export-extcommunity", "both"):
            vrf.export.update(targets)
        if kind in ("import-extcommunity", "both"):
            vrf.import_.update(targets)
        vrf.rt_line = vrf.rt_line or number
    elif words[0] in ("export", "import") and len(words) == 3 and words[1] in ("route-policy", "map"):
        if words[0] == "export":
            vrf.export_policy = words[2]
        else:
            vrf.import_policy = words[2]
    elif words[0] == "route-target" and len(words) == 3:  # route-target export|import|both T
        if words[1] in ("export", "both"):
            vrf.export.add(words[2])
        if words[1] in ("import", "both"):
            vrf.import_.add(words[2])
        vrf.rt_line = vrf.rt_line or number


def vrf_families(instance: Vrf, text: str, words: list[str], number: int, sub: str) -> None:
    """A line of a VPN instance: its IPv4 family's (Huawei 'ipv4-family', Comware and IOS XE 'address-family ipv4'),
    its IPv6 family's ('ipv6-family', 'address-family ipv6'), or the instance's own, which is both families' (a
    Comware RD or vpn-target in the instance view applies to IPv4 and IPv6 alike)."""
    v6 = instance.v6 = instance.v6 if instance.v6 is not None else Vrf(instance.name, 0)
    family = _family(sub)
    if family == 6:
        v6.line = v6.line or number
        if text != sub:
            vrf(v6, words, number)
        return
    vrf(instance, words, number)
    if family != 4:
        vrf(v6, words, number)


@lru_cache(maxsize=256)
def _family(sub: str) -> int:
    """The address family a VPN instance's second-level line opens: 4, 6, or 0 (the instance's own lines)."""
    words = sub.split()[:2]
    return 6 if words in (["ipv6-family"], ["address-family", "ipv6"]) else \
        4 if words in (["ipv4-family"], ["address-family", "ipv4"]) else 0


_IMPORTED = {"import-route static": "static", "redistribute static": "static", "import-route direct": "direct",
             "redistribute connected": "direct"}


def bgp(facts: Facts, words: list[str], number: int, sub: str, sub2: str) -> None:
    imported = _IMPORTED.get(" ".join(words[:2])) if len(words) == 2 else None
    if imported is not None:  # BGP announces a VPN instance's static or connected routes, of one family
        vrf = _bgp_vrf(sub, sub2, "4")
        v4, v6 = (facts.static_vrfs, facts.static6_vrfs) if imported == "static" else \
            (facts.direct_vrfs, facts.direct6_vrfs)
        if vrf:
            v4.add(vrf)
        elif vrf := _bgp_vrf(sub, sub2, "6"):
            v6.add(vrf)
        return
    if len(words) < 3 or words[0] not in ("peer", "neighbor"):
        return
    address = words[1]
    if words[2] in ("as-number", "remote-as") and len(words) > 3:
        facts.peers[address] = Peer(address, words[3], number)
        return
    peer = facts.peers.get(address)
    if peer is None:
        return
    if words[2] in ("connect-interface", "update-source") and len(words) > 3:
        peer.source = words[3]
        return
    if words[2] == "password" and len(words) > 3:  # the key is a secret: only whether the session has one
        peer.password = True
        return
    if "vpnv6" in sub and words[2] in ("enable", "activate"):
        peer.vpnv6 = True
    if "vpnv4" not in sub:
        return
    if words[2] in ("enable", "activate"):
        peer.vpnv4 = True
    elif words[2] in ("reflect-client", "route-reflector-client"):
        peer.client = True
    elif words[2] == "send-community" and words[3:4] in (["extended"], ["both"]):
        peer.extended = True


def _bgp_vrf(sub: str, sub2: str, family: str) -> str:
    """The VPN instance whose IPv4 or IPv6 (``family`` '4' or '6') family a BGP line is in ('' for another family or
    the global table): Huawei's 'ipv4-family vpn-instance X', IOS XE's 'address-family ipv4 vrf X', Comware's
    'ip vpn-instance X' with 'address-family ipv4' below it (ipv6 alike)."""
    words = sub.split()
    if words[:2] == [f"ipv{family}-family", "vpn-instance"] or words[:3] == ["address-family", f"ipv{family}", "vrf"]:
        return words[-1]
    if words[:2] == ["ip", "vpn-instance"] and sub2.startswith(f"address-family ipv{family}"):
        return words[-1]
    return ""


def rule(facts: Facts, words: list[str], number: int, depth: int, family: int) -> None:
    if depth == 1 and words[:2] == ["rule", "name"] and len(words) > 2:
        facts.rules.append(Rule(words[2], number, family=family))
    elif facts.rules and len(words) == 2:
        rule = facts.rules[-1]
        if words[0] == "source-zone":
            rule.source_zone = words[1]
        elif words[0] == "destination-zone":
            rule.destination_zone = words[1]
        elif words[0] == "action":
            rule.action = {"pass": "permit", "drop": "deny"}.get(words[1], words[1])
        elif words[0] in ("source-ip-host", "destination-ip-host"):
            _rule_address(rule, words[0], words[1], "32")
        elif words[0] == "service-port":  # SecPath: any port of the protocol
            rule.services.add((words[1], None, None))
    elif facts.rules and len(words) == 3 and words[0] in ("source-address", "destination-address",
                                                           "source-ip-subnet", "destination-ip-subnet"):
        _rule_address(facts.rules[-1], words[0], words[1], words[2])
    elif facts.rules and words[0] in ("service", "service-port"):
        _rule_service(facts.rules[-1], words)


def _rule_address(rule: Rule, kind: str, address: str, length: str) -> None:
    """USG 'source-address A 24' / 'source-address 2001:db8:: 48' and SecPath 'source-ip-subnet A 255.255.255.0' /
    'source-ip-host A' (IPv6: SecPath's 'security-policy ipv6' writes the same words with IPv6 prefixes)."""
    if ":" in address:
        _rule_address6(rule, kind, address, "128" if length == "32" else length)
        return
    try:
        network = ipaddress.IPv4Network(f"{address}/{length}")
    except ValueError:
        return
    (rule.sources if kind.startswith("source") else rule.destinations).add(network)


def _rule_address6(rule: Rule, kind: str, address: str, length: str) -> None:
    try:
        network = ipaddress.IPv6Network(f"{address}/{length}")
    except ValueError:
        return
    (rule.sources6 if kind.startswith("source") else rule.destinations6).add(network)


def _rule_service(rule: Rule, words: list[str]) -> None:
    """USG 'service protocol tcp destination-port 443 [to 450]', SecPath 'service-port tcp destination eq 443' or
    'destination range 8000 8010' (a protocol alone: every port)."""
    numbers = [int(w) for w in words if w.isdigit()]
    protocol = words[2] if words[:2] == ["service", "protocol"] and len(words) > 2 else words[1]
    if not numbers:
        rule.services.add((protocol, None, None))
    else:
        rule.services.add((protocol, numbers[0], numbers[-1]))


def nat_rule(facts: Facts, words: list[str], depth: int) -> None:
    """USG nat-policy: the address group a rule translates to, and the egress interfaces it matches."""
    if depth == 1 and words[:2] == ["rule", "name"]:
        facts.nat_rule_egress = set()
    elif words[0] == "egress-interface" and len(words) > 1:
        facts.nat_rule_egress.add(" ".join(words[1:]))
    elif words[:3] == ["action", "source-nat", "address-group"] and len(words) > 3:
        facts.nat_egress.setdefault(words[3], set()).update(facts.nat_rule_egress or {"*"})


def igp_process(facts: Facts, words: list[str], sub: str) -> None:
    if words[:2] == ["ipv6", "enable"]:  # Huawei IS-IS view: 'ipv6 enable [topology ipv6]'
        facts.isis6 = "mt" if words[2:] == ["topology", "ipv6"] else "st"
    elif words[:2] == ["address-family", "ipv6"] and facts.isis_line:  # Comware, IOS XE: the IS-IS IPv6 family
        facts.isis6 = facts.isis6 or "st"
    elif words == ["multi-topology"] and sub.startswith("address-family ipv6") and facts.isis_line:
        facts.isis6 = "mt"
    if words[0] in ("is-level", "is-type") and len(words) > 1:
        facts.isis_level = {"level-1-2": ""}.get(words[1].replace("-only", ""), words[1].replace("-only", ""))
    if words[0] == "domain-authentication-mode" and len(words) > 1 and facts.isis_line:
        facts.isis_lsp_auth = {"hmac-md5": "md5"}.get(words[1], words[1])
    elif words[:2] == ["authentication", "mode"] and len(words) > 2 and words[3:4] in ([], ["level-2"]) \
            and facts.isis_line:
        facts.isis_lsp_auth = {"hmac-md5": "md5"}.get(words[2], words[2])
    if words[0] in ("silent-interface", "passive-interface") and len(words) > 1:
        facts.passive.add(" ".join(words[1:]))
    if words[0] == "authentication-mode" and len(words) > 1 and sub.startswith("area "):
        # Huawei and Comware OSPF area view: the mode every port of the area sends unless the port says its own.
        # The word is kept as written: OSPF's keyed MD5 ('md5', IOS XE 'message-digest') and HMAC-MD5 differ.
        # OSPF's keyed MD5 carries a key ID the receiver must hold: part of what the two ends must agree on.
        key = f" key {words[2]}" if words[1] in ("md5", "hmac-md5") and len(words) > 2 and words[2].isdigit() else ""
        facts.ospf_area_auth[sub.split()[-1]] = f"ospf {words[1]}{key}"
    if words[0] != "network" or len(words) < 3:
        return
    network = wildcard(words[1], words[2])
    area = words[4] if len(words) > 4 and words[3] == "area" else sub.split()[-1] if sub.startswith("area") else ""
    if network is not None:
        facts.ospf_networks.append((network, area))


def acl_rule(rules: list[tuple[str, ipaddress.IPv4Network | None, int]], words: list[str], number: int) -> None:
    """A rule of a basic ACL: VRP/Comware 'rule 5 permit source A W' / 'rule 1000 deny', IOS XE 'permit A W' /
    'permit host A' / 'deny any' (None: any source). An advanced rule (a protocol after the action) is no basic
    rule and is left out."""
    if words[0] == "rule" and len(words) > 2:
        words = words[2:]
    if not words or words[0] not in ("permit", "deny"):
        return
    action, rest = words[0], words[1:]
    if rest[:1] == ["source"]:
        rest = rest[1:]
    if not rest or rest[0] == "any":
        rules.append((action, None, number))
        return
    if rest[0] == "host":
        rest = [*rest[1:2], "0.0.0.0"]
    network = wildcard(rest[0], rest[1] if len(rest) > 1 and rest[1][:1].isdigit() else "0.0.0.0")
    if network is not None:  # not an address: an advanced rule's protocol
        rules.append((action, network, number))


def vty_block(facts: Facts, words: list[str], number: int) -> None:
    """'line vty A [B]' / 'user-interface vty A [B]': a block of login lines (a range that is not numbers is kept
    as no line at all, so that the lines it meant read as not configured)."""
    numbers = [int(w) for w in words[2:4] if w.isdigit()]
    first, last = (numbers[0], numbers[-1]) if numbers else (0, -1)
    facts.vtys.append(Vty(first, last, number, huawei=words[0] == "user-interface"))


# The top-level lines that name a management protocol's source, by their first words (a port after the keyword
# that follows): VRP/USG 'ntp-service unicast-server A source-interface X', Comware '... source X', 'info-center
# loghost source X', 'snmp-agent trap source X', VRP 'ssh server-source -i X'; IOS XE 'ntp server A ... source X',
# 'logging source-interface X', 'snmp-server trap-source X', 'ip ssh source-interface X', 'ip radius source-interface X'
# (the global RADIUS source).
_SOURCES = {("ntp-service", "unicast-server"): ("NTP", ("source-interface", "source")),
            ("ntp", "server"): ("NTP", ("source",)),
            ("info-center", "loghost"): ("syslog", ("source",)),
            ("logging", "source-interface"): ("syslog", ("source-interface",)),
            ("snmp-agent", "trap"): ("SNMP trap", ("source",)),
            ("snmp-server", "trap-source"): ("SNMP trap", ("trap-source",)),
            ("ssh", "server-source"): ("SSH server", ("-i",)),
            ("ip", "ssh"): ("SSH server", ("source-interface",)),
            ("ip", "radius"): ("RADIUS", ("source-interface",))}


def management_source(facts: Facts, words: list[str], number: int) -> bool:
    """Record the source a top-level management line names; whether it named one."""
    found = _SOURCES.get((words[0], words[1])) if len(words) > 2 else None
    if found is None:
        return False
    service, keywords = found
    for i, word in enumerate(words[1:-1], 1):
        if word in keywords:
            facts.sources.append(Source(service, words[i + 1], "", number))
            return True
        if word == "source-ip" and service == "syslog":  # USG: 'info-center loghost A source-ip X'
            facts.sources.append(Source(service, "", words[i + 1], number))
            return True
    return False


def radius_source(facts: Facts, words: list[str], number: int) -> None:
    """A line that sets the RADIUS source: Comware 'nas-ip X' (radius scheme) and 'radius nas-ip X' (system view),
    IOS XE 'ip radius source-interface X' (aaa group server radius, or global), VRP 8 'radius-server source
    interface X' (radius-server group, or system view: the port by name or by type and number), VRP 5 a server line's
    'source LoopBack N', 'source Vlanif N' or 'source ip-address X' (radius-server template)."""
    if words[-2:-1] == ["nas-ip"] and len(words) in (2, 3) and words[0] in ("nas-ip", "radius"):
        facts.sources.append(Source("RADIUS", "", words[-1], number))
        facts.radius_wide = True
    elif words[:3] == ["ip", "radius", "source-interface"] and len(words) == 4:
        facts.sources.append(Source("RADIUS", words[3], "", number))
        facts.radius_wide = True
    elif words[:3] == ["radius-server", "source", "interface"] and len(words) > 3:
        facts.sources.append(Source("RADIUS", "".join(words[3:]), "", number))
        facts.radius_wide = True
    elif words[:2] == ["radius-server", "authentication"] and "source" not in words[:-1]:
        if len(words) > 2 and not facts.radius_bare[0]:  # this server alone goes unsourced, unless a wide source
            facts.radius_bare = (number, words[2])
    elif words[:2] == ["radius-server", "authentication"]:
        given = words[words.index("source") + 1:words.index("source") + 3]
        if given[0] == "ip-address" and len(given) == 2:
            facts.sources.append(Source("RADIUS", "", given[1], number))
        elif len(given) == 2 and given[1].isdigit():
            facts.sources.append(Source("RADIUS", "".join(given), "", number))


def vty(facts: Facts, words: list[str]) -> None:
    """A line inside a VTY block: the ACL of logins (VRP/USG 'acl N inbound', IOS XE 'access-class X in'), how logins
    are authenticated (VRP 'authentication-mode aaa', Comware 'authentication-mode scheme', IOS XE 'login
    authentication LIST') and over what (VRP and Comware 'protocol inbound ssh', IOS XE 'transport input ssh')."""
    block = facts.vtys[-1] if facts.vtys else None
    if words[0] in ("acl", "access-class") and len(words) > 2 and words[-1] in ("inbound", "in"):
        facts.vty_acl = facts.vty_acl or words[1]
        if block is not None:
            block.acl = words[1]
    elif block is None:
        return
    elif words[:2] in (["protocol", "inbound"], ["transport", "input"]) and len(words) > 2:
        block.protocols = " ".join(words[2:])
    elif words[0] == "authentication-mode" and len(words) > 1:
        block.auth = " ".join(words[1:])
    elif words[:2] == ["login", "authentication"] and len(words) > 2:
        block.auth = f"list {words[2]}"
