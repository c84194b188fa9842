"""Management: the servers govnet.yaml declares sit where the configs route them, every device's management
address reaches them (through the IGP, a management VPN, or a router's static route toward a firewall), and so does
the source of each management protocol the device speaks (NTP, syslog, SNMP traps, RADIUS, the SSH server: GN936),
an interface of the device with an address; a device with RADIUS servers names a RADIUS source (GN936)."""

from __future__ import annotations

import ipaddress

from govnet.diagnostics import Diagnostic
from govnet.model.types import Origin
from govnet.verify.bgp import Sessions
from govnet.verify.context import VerifyContext
from govnet.verify.scan import Facts, Interface

PROJECT_FILE = "govnet.yaml"


def servers(ctx: VerifyContext) -> list[tuple[str, str, Origin]]:
    """Every management server of the model: address, service, where it is written."""
    spec = ctx.model.project.management
    listed = [("ntp", ("ntp",), spec.ntp), ("syslog", ("syslog",), spec.syslog),
              ("snmp", ("snmp", "trap_hosts"), spec.snmp.trap_hosts), ("radius", ("aaa", "radius"), spec.aaa.radius)]
    return [(address, service, Origin(PROJECT_FILE, ("management", *path, i)))
            for service, path, addresses in listed for i, address in enumerate(addresses)]


def _attached(ctx: VerifyContext, addresses: list[str]) -> dict[str, list[tuple[Facts, str]]]:
    """Per server address, the devices (and routing table) that hold its subnet or a route to it: one pass over
    the configs for every server."""
    ips = [(address, int(ipaddress.IPv4Address(address))) for address in dict.fromkeys(addresses)]
    found: dict[str, list[tuple[Facts, str]]] = {address: [] for address in addresses}
    for facts in ctx.facts.values():
        for interface in facts.interfaces.values():
            if interface.ipv4 is None or interface.shutdown or interface.ipv4.network.prefixlen == 32:
                continue
            network = interface.ipv4.network
            base, mask = int(network.network_address), int(network.netmask)
            for address, ip in ips:
                if ip & mask == base:
                    found[address].append((facts, interface.vrf))
        for route in facts.routes:  # a route to a gateway of the NOC's own (not toward another device of ours)
            if route.prefix.prefixlen == 0 or route.discard:
                continue
            base, mask = int(route.prefix.network_address), int(route.prefix.netmask)
            for address, ip in ips:
                if ip & mask == base and ctx.owner_of(route.next_hop) is None:
                    found[address].append((facts, route.vrf))
    return found


def source(facts: Facts) -> Interface | None:
    """The address a device manages from, and the NMS knows it by: Loopback1 (govnet's plan). Not Loopback0 in its
    stead: the servers poll, log and authorise the Loopback1 address, which a config without it no longer has."""
    return facts.loopback(1)


def check(ctx: VerifyContext, sessions: Sessions) -> list[Diagnostic]:
    found = []
    attachments: list[tuple[Facts, str, ipaddress.IPv4Address]] = []
    listed = servers(ctx)
    attached_to = _attached(ctx, [address for address, _, _ in listed])
    for address, service, origin in listed:
        attached = attached_to[address]
        if not attached:
            found.append(ctx.at_model("GN917", origin, f"{service} server {address} is in no config: no device "
                                      "connects or routes its subnet, so no device reaches it",
                                      "attach the management servers to a router (management VPN or global "
                                      "table) and advertise their subnet"))
        attachments += [(far, table, ipaddress.IPv4Address(address)) for far, table in attached]
    if not attachments:
        return found  # nothing to reach: GN917 says so once per server, not once per device
    for facts in ctx.facts.values():
        port = source(facts)
        if not any(_reaches(ctx, sessions, facts, port, far, table, address) for far, table, address in attachments):
            found.append(ctx.at("GN918", facts, port.line if port else 1, f"{facts.device}'s management address "
                                f"({port.ipv4 if port else 'none'}) is unreachable from every management server",
                                "advertise it in the IGP or the management VPN, or route it toward the device"))
        if facts.sources:  # the management address's reach is GN918's, judged above: not again per source
            found += _sources(ctx, sessions, facts, attachments, {port.name: True} if port is not None else {})
        found += _radius_unsourced(ctx, facts)
    return found


def _radius_unsourced(ctx: VerifyContext, facts: Facts) -> list[Diagnostic]:
    """GN936: a config with RADIUS servers names the source of its RADIUS requests. Without one they leave from the
    outgoing interface's address, and a RADIUS server keys its clients by source address: it drops a request from an
    address it does not know (H3C/HPE Comware Security Command Reference, 'radius nas-ip': "If not, the server drops
    the packet"; Huawei's RADIUS troubleshooting: the server does not answer until the device's source address is
    added). No RADIUS account can log in then, only the local users once the servers time out. Not judged on the
    USG ('radius-server template' beside security zones): govnet renders no source there, for want of a USG
    reference for it (templates/common/huawei.j2), so the finding would be one no model change can clear; its requests
    leave from its management legs, and `govnet export freeradius` defines it under both legs' addresses. On VRP 5 the
    source is a keyword of each server line: a server whose line lacks it is unsourced, whatever the others say."""
    if not facts.radius_line or facts.radius_wide:
        return []
    if facts.radius_kind == "radius-server template" and facts.security_zones:
        return []
    line, server = facts.radius_bare
    if line and any(named.service == "RADIUS" for named in facts.sources):  # VRP: the others' sources are theirs
        return [ctx.at("GN936", facts, line, f"{facts.device} names no source for RADIUS server {server}: a "
                       "server line's source is its own, so requests to this server leave from the outgoing "
                       "interface's address, which it does not know as a client and drops; no RADIUS account can "
                       "log in while it is the server asked",
                       "add 'source LoopBack 1' to this server's line, as on the others")]
    if any(named.service == "RADIUS" for named in facts.sources):
        return []
    return [ctx.at("GN936", facts, facts.radius_line, f"{facts.device} names no source for RADIUS: its requests "
                   "leave from the outgoing interface's address, which the RADIUS servers do not know as a client "
                   "and drop; no RADIUS account can log in (only the local users, once the servers time out)",
                   "source RADIUS from the management address (Loopback1), the address the RADIUS servers know the "
                   "device by")]


def _sources(ctx: VerifyContext, sessions: Sessions, facts: Facts,
             attachments: list[tuple[Facts, str, ipaddress.IPv4Address]], judged: dict[str, bool]) -> list[Diagnostic]:
    """GN936: each management protocol's source is an interface of the device, with an address, that the management
    servers reach. A source elsewhere sends from an address the servers do not know or cannot answer (NTP and
    RADIUS replies, SSH logins to a server-source, the NMS polling the trap source are lost). ``judged``: the ports
    whose reach is known (port name -> reachable)."""
    found = []
    hint = "source it from the management address (Loopback1), which the management servers reach"
    passed: set[str] = set()  # the sources already judged sound (a device names Loopback1 four or five times)
    for named in facts.sources:
        what = named.port or named.address
        if what in passed:
            continue
        port = _port(facts, named.port) if named.port else _holding(facts, named.address)
        if port is None and named.port:
            found.append(ctx.at("GN936", facts, named.line, f"{facts.device}'s {named.service} source {what} is no "
                                f"interface of the device: {named.service} toward the management servers fails", hint))
        elif port is None:
            found.append(ctx.at("GN936", facts, named.line, f"{facts.device}'s {named.service} source {what} is no "
                                f"address of the device: {named.service} toward the management servers fails", hint))
        elif port.ipv4 is None or port.shutdown:
            found.append(ctx.at("GN936", facts, named.line, f"{facts.device}'s {named.service} source {what} has no "
                                f"address up: {named.service} toward the management servers fails", hint))
        else:
            if port.name not in judged:
                judged[port.name] = any(_reaches(ctx, sessions, facts, port, far, table, address)
                                        for far, table, address in attachments)
            if not judged[port.name]:
                held = port.ipv4.ip if named.port else port.name  # the address of a port, the port of an address
                found.append(ctx.at("GN936", facts, named.line, f"{facts.device}'s {named.service} source {what} "
                                    f"({held}) is unreachable from every management server: nothing they "
                                    "send back to it arrives", hint))
            else:
                passed.add(what)
    return found


def _port(facts: Facts, name: str) -> Interface | None:
    """The interface a source names (VRP and Comware take any case: 'loopback1' is LoopBack1)."""
    found = facts.interfaces.get(name)
    if found is None:
        found = next((p for n, p in facts.interfaces.items() if n.lower() == name.lower()), None)
    return found


def _holding(facts: Facts, address: str) -> Interface | None:
    """The interface that holds an address of the device (compared as numbers: the text of every port's address
    costs more than the rest of the check)."""
    try:
        number = int(ipaddress.IPv4Address(address))
    except ValueError:
        return None
    return next((p for p in facts.interfaces.values() if p.ipv4 is not None and int(p.ipv4) == number), None)


def _reaches(ctx: VerifyContext, sessions: Sessions, facts: Facts, port: Interface | None, far: Facts, table: str,
             address: ipaddress.IPv4Address) -> bool:
    if port is None or port.ipv4 is None:
        return False
    if port.vrf != table:
        return False
    if table:  # a management VPN: BGP carries the routes both ways
        return far.device in sessions.reach(facts.device) and facts.device in sessions.reach(far.device)
    if facts.igp:
        return ctx.advertised(facts, port) and ctx.igp_component.get(facts.device) == ctx.igp_component.get(
            far.device)
    # A device without an IGP (a firewall): an IGP router routes its address toward it, and it routes the
    # servers back toward an IGP router.
    component = ctx.igp_component.get(far.device)
    there = any(port.ipv4.ip in route.prefix and _global_neighbour(router, route.next_hop)
                and ctx.igp_component.get(router.device) == component
                for router, route in ctx.routes_toward.get(facts.device, ()))
    return there and any(not route.vrf and address in route.prefix and _igp_hop(ctx, route.next_hop, component)
                         for route in facts.routes)


def _global_neighbour(router: Facts, address: str) -> bool:
    """A port of the router's global table is in the next hop's subnet."""
    ip = ipaddress.IPv4Address(address)
    return any(p.ipv4 is not None and not p.vrf and ip in p.ipv4.network for p in router.interfaces.values())


def _igp_hop(ctx: VerifyContext, address: str, component: int | None) -> bool:
    """The next hop is a global-table port of a router in the servers' IGP (a leg into a VPN instance is not:
    what arrives there is routed in the VPN)."""
    owner = ctx.owner_of(address)
    return owner is not None and component is not None and not owner[1].vrf \
        and ctx.igp_component.get(owner[0].device) == component
