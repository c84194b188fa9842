"""GN937: the two ends of every BFD session that static routes follow agree (govnet.render.bfd renders them).

- Huawei (VRP 8, VRP 5, USG) configures a session: 'bfd NAME bind peer-ip P [vpn-instance V] interface IF source-ip
  S', then 'discriminator local L' and 'discriminator remote R' and 'commit' in its view, or 'auto' on the bind line
  to negotiate the discriminators. "The local discriminator of the local end must be the same as the remote
  discriminator of the remote end, and the remote discriminator of the local end must be the same as the local
  discriminator of the remote end. Otherwise, the BFD session cannot go Up" (NetEngine 8000 F command reference,
  discriminator (BFD session view)); "You must run the commit command to make BFD configurations take effect", which
  an 'auto' session needs not (USG CLI reference, commit); 'auto' is for a peer "that establishes BFD sessions
  dynamically" and takes no discriminators (USG administrator guide, auto-negotiation of static discriminators): a
  static end toward an end that negotiates (auto, Comware, IOS XE) names a remote discriminator the other end does
  not pick (but by chance), so the session does not come up.
- Huawei configures BFD only once it is enabled globally: "BFD can be configured only after the bfd command has been
  run globally" (NetEngine 8000 F configuration guide, Enabling BFD globally; NE40E V800R012C10 command reference,
  bfd, as the templates cite it).
- Comware creates its session from a static route that names its port and 'bfd control-packet'; IOS XE from an
  'ip route static bfd IF NH' line: the port is the one the route leaves by, and it needs its BFD timers ('bfd
  interval' on the interface: Cisco IOS XE 17 IP Routing: BFD Configuration Guide, Configuring BFD Support for
  Static Routing, as templates/cisco_iosxe/router.j2 cites it).

Each end is bound to a port of the device whose address it sends from and whose subnet holds the peer (single hop);
the peer is an address of another device, which runs a session back toward this end's address. Without it the
session never comes up, and every route that follows it is withdrawn. A route that tracks a Huawei session the config
does not define, or one toward another next hop, follows nothing (GN937 says which; GN927 judges routes without any).
"""

from __future__ import annotations

import ipaddress
from collections.abc import Iterable
from dataclasses import dataclass

from govnet.diagnostics import Diagnostic
from govnet.verify.context import VerifyContext
from govnet.verify.facts import Facts, Interface, Route, Route6
from govnet.verify.tracking import session_named

_HINT = "configure the session alike at both ends (govnet renders both)"
_TRACK = "track the session toward the route's next hop"


@dataclass(frozen=True)
class End:
    """One end of a BFD session as a config sets it up."""

    facts: Facts
    kind: str  # 'static' (Huawei, discriminators configured), 'auto' (Huawei, negotiated), 'dynamic' (from routes)
    name: str  # the Huawei session's name; '' for the others
    peer: str
    port: str
    source: str  # the address it sends from ('' : the port's own)
    line: int
    local: int | None = None
    remote: int | None = None


def _ends(facts: Facts) -> list[End]:
    found = [End(facts, "auto" if s.auto else "static", s.name, s.peer, s.port, s.source, s.line, s.local, s.remote)
             for s in facts.bfd.values()]
    # Comware: a route that names its port and 'bfd control-packet'; IOS XE: 'ip route static bfd IF NH'.
    for tie, line in (*facts.bfd_routes.items(), *facts.static_bfd.items()):
        port, _, peer = tie.partition(" ")
        found.append(End(facts, "dynamic", "", peer, port, "", line))
    return found


def _address(port: Interface, peer: str) -> ipaddress.IPv4Interface | ipaddress.IPv6Interface | None:
    """The port's address of the peer's family."""
    return port.ipv6 if ":" in peer else port.ipv4


def check(ctx: VerifyContext) -> list[Diagnostic]:
    ends = {name: mine for name, facts in ctx.facts.items() if (mine := _ends(facts))}
    toward = _Toward({(name, end.peer): end for name, mine in ends.items() for end in mine})
    owners6 = _Owners6(ctx, ends)
    found: list[Diagnostic] = []
    for mine in ends.values():
        for end in mine:
            found += _judge(ctx, end, owners6, toward)
    for facts in ctx.facts.values():
        found += _tracked(ctx, facts)
    return found


def _canonical(address: str) -> str:
    try:
        return str(ipaddress.ip_address(address))
    except ValueError:
        return address


class _Owners6:
    """The device and port of an IPv6 address (ctx.owner_of holds IPv4), by the address's number: first among the
    devices that run BFD (a session's peer runs one back), then, for an address none of them holds, every device."""

    def __init__(self, ctx: VerifyContext, ends: dict[str, list[End]]) -> None:
        self.ctx, self.names = ctx, ends
        self.index: dict[int, tuple[Facts, Interface]] | None = None
        self.complete = False

    def get(self, address: int) -> tuple[Facts, Interface] | None:
        if self.index is None:
            self.index = self._of(self.ctx.facts[name] for name in self.names)
        found = self.index.get(address)
        if found is None and not self.complete:
            self.index, self.complete = self._of(self.ctx.facts.values()), True
            found = self.index.get(address)
        return found

    @staticmethod
    def _of(devices: Iterable[Facts]) -> dict[int, tuple[Facts, Interface]]:
        return {int(port.ipv6): (facts, port) for facts in devices for port in facts.interfaces.values()
                if port.ipv6 is not None}


class _Toward:
    """The ends by device and the peer address as written; looked up by an address, found however the config wrote
    it (the canonical texts are made only when the written one misses)."""

    def __init__(self, written: dict[tuple[str, str], End]) -> None:
        self.written = written
        self._canonical: dict[tuple[str, str], End] | None = None

    def get(self, device: str, address: str) -> End | None:
        found = self.written.get((device, address))
        if found is None:
            if self._canonical is None:
                self._canonical = {(name, _canonical(peer)): end for (name, peer), end in self.written.items()}
            found = self._canonical.get((device, address))
        return found


def _judge(ctx: VerifyContext, end: End, owners6: _Owners6,
           toward: _Toward) -> list[Diagnostic]:
    facts, what = end.facts, f"{end.facts.device}'s BFD session toward {end.peer}"
    port = facts.interfaces.get(end.port)
    if port is None:
        return [ctx.at("GN937", facts, end.line, f"{what} is bound to {end.port or 'no interface'}, which the config "
                       "does not define: the session never comes up", _HINT)]
    mine = _address(port, end.peer)
    if mine is None or port.shutdown:
        return [ctx.at("GN937", facts, end.line, f"{what} is bound to {port.name}, which has no address up: the "
                       "session never comes up", _HINT)]
    if end.source and end.source != str(mine.ip) and _canonical(end.source) != str(mine.ip):
        return [ctx.at("GN937", facts, end.line, f"{what} is sent from {end.source}, which is not the address of "
                       f"{port.name} ({mine.ip}): the far end answers no such session", _HINT)]
    try:
        peer = ipaddress.ip_address(end.peer)
    except ValueError:
        peer = None
    if peer is None or peer not in mine.network:
        return [ctx.at("GN937", facts, end.line, f"{what} is bound to {port.name} ({mine}), whose subnet does not hold "
                       "the peer: a single-hop session never comes up", _HINT)]
    found = []
    if end.name and not facts.bfd_enabled:
        found.append(ctx.at("GN937", facts, end.line, f"{what} ({end.name}) is configured without BFD enabled globally "
                            "('bfd'): the session is not created", _HINT))
    if not end.name and facts.ios and end.port not in facts.bfd_ports:
        found.append(ctx.at("GN937", facts, end.line, f"{what} runs on {port.name}, which has no BFD timers ('bfd "
                            "interval'): the session does not come up", _HINT))
    if end.kind == "static" and (end.local is None or end.remote is None or not facts.bfd[end.name].committed):
        found.append(ctx.at("GN937", facts, end.line, f"{what} ({end.name}) lacks its local or remote discriminator "
                            "or its commit: the session is not created", _HINT))
    owner = owners6.get(int(peer)) if peer.version == 6 else ctx.owner_of(str(peer))
    if owner is None:
        return [*found, ctx.at("GN937", facts, end.line, f"{what}: {end.peer} is an address of no device", _HINT)]
    back = toward.get(owner[0].device, str(mine.ip))
    if back is None:
        return [*found, ctx.at("GN937", facts, end.line, f"{what}: {owner[0].device} runs no BFD session back toward "
                               f"{mine.ip}, so the session never comes up and the routes that follow it are withdrawn",
                               _HINT)]
    if end.kind == "static" and back.kind != "static":
        found.append(ctx.at("GN937", facts, end.line, f"{what} has static discriminators, but {back.facts.device} "
                            "negotiates them: the session never comes up", _HINT))
    elif end.kind == back.kind == "static" and facts.device < back.facts.device and \
            (end.local != back.remote or end.remote != back.local):
        found.append(ctx.at("GN937", facts, end.line, f"{what}: the discriminators are not crossed (local "
                            f"{end.local}, remote {end.remote} here; local {back.local}, remote {back.remote} on "
                            f"{back.facts.device}): the session never comes up", _HINT))
    return found


def _tracked(ctx: VerifyContext, facts: Facts) -> list[Diagnostic]:
    """A Huawei route that tracks a session the config does not define, or a session toward another next hop."""
    found = []
    routes: list[Route | Route6] = [*facts.routes, *facts.routes6]
    for route in routes:
        if not route.bfd or route.bfd == "bfd" or " " in route.bfd:
            continue  # no Huawei session named: Comware's 'bfd control-packet', or the port of Comware or IOS XE
        session = session_named(facts, route.bfd)
        if session is None:
            found.append(ctx.at("GN937", facts, route.line, f"{facts.device}'s route to {route.prefix} tracks BFD "
                                f"session {route.bfd}, which the config does not define: the route follows nothing",
                                _TRACK))
        elif session.peer != route.next_hop and _canonical(session.peer) != _canonical(route.next_hop):
            found.append(ctx.at("GN937", facts, route.line, f"{facts.device}'s route to {route.prefix} via "
                                f"{route.next_hop} tracks BFD session {route.bfd}, which watches {session.peer}: the "
                                "route stays while its next hop is dead", _TRACK))
    return found
