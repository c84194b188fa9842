"""GN929, GN932: after one router leg of a firewall pair fails, every router of the site sends each zone to one
firewall.

The routers reach the pair by static routes, the active firewall preferred and the peer a floating backup. When a
firewall loses its leg to one router, 'hrp track interface' makes the peer active and that router's routes over
the leg are withdrawn (its port is down), so it falls back to the peer. Another router still sends to the old
firewall unless its routes toward it are withdrawn too: with the ports toward the routers in one USG link group
the firewall's other legs go down with the failed one ("If one interface in the logical group is faulty, the
system changes the status of the other interfaces to Down", USG admin guide, "Configuring Link-group Using the
CLI"), and a router's route over such a leg is withdrawn when a BFD session follows it (its own port stays up).
Otherwise the two directions of a flow, and the NAT pools, are split between the pair.

This replays each leg failure on the configs as read back: the firewall's physical ports toward routers (the
parents of its /31 sub-interfaces that face a router), their link groups, and per router and VPN instance the
preferred static routes toward the pair that survive.

SecPath RBM pairs are replayed the same way, and a split is a warning (GN932), not an error: nothing makes their
other legs follow (the collaboration group's member command and RBM's interface monitoring are unconfirmed,
templates/h3c_secpath/firewall.j2), so the router on the failed leg falls back to the RBM standby while the others
keep the active firewall, and what a standby does with the traffic it is then sent is not stated by any text read
here. The warning says so in the configs' own terms, for the change board, instead of verify passing in silence.
"""

from __future__ import annotations

import ipaddress
from typing import NamedTuple

from govnet.diagnostics import Diagnostic
from govnet.reference.platforms import ROUTING_ROLES
from govnet.verify.context import VerifyContext
from govnet.verify.facts import Facts, Route
from govnet.verify.tracking import tied

Key = tuple[str, ipaddress.IPv4Network]


class Split(NamedTuple):
    """After ``port`` fails (toward ``failed``), ``moved`` sends ``vrf`` traffic for ``prefix`` to the peer while
    ``router`` still sends it to the firewall."""

    port: str
    failed: str
    moved: str
    vrf: str
    prefix: ipaddress.IPv4Network
    router: str


def _facing(ctx: VerifyContext, facts: Facts) -> dict[str, dict[str, set[str]]]:
    """A firewall's physical ports toward routers: port -> router -> the firewall's addresses facing it there."""
    found: dict[str, dict[str, set[str]]] = {}
    for name, port in facts.interfaces.items():
        parent, dot, _ = name.partition(".")
        if not dot or port.ipv4 is None or port.ipv4.network.prefixlen != 31:
            continue
        address = port.ipv4.ip
        far = address + 1 if int(address) % 2 == 0 else address - 1
        owner = ctx.owner_of(str(far))
        if owner is not None and ctx.role(owner[0].device) in ROUTING_ROLES:
            found.setdefault(parent, {}).setdefault(owner[0].device, set()).add(str(address))
    return found


def _choices(ctx: VerifyContext, router: Facts, pair: set[str], lost: set[str], cut: set[str]) -> dict[Key, set[str]]:
    """Per VPN instance and prefix, the firewalls of the pair the router's preferred surviving routes lead to. A
    route toward an address in ``cut`` (the router's own leg failed) is withdrawn; toward one in ``lost`` (a leg
    the link group took down, the router's port still up) only when a BFD session follows it."""
    alive: dict[Key, list[tuple[Route, str]]] = {}
    for route in router.routes:
        owner = ctx.owner_of(route.next_hop) if route.vrf else None
        if owner is None or owner[0].device not in pair:
            continue
        if route.next_hop in cut or (route.next_hop in lost and tied(router, route)):
            continue
        alive.setdefault((route.vrf, route.prefix), []).append((route, owner[0].device))
    chosen = {}
    for key, routes in alive.items():
        best = min(route.preference for route, _ in routes)
        chosen[key] = {firewall for route, firewall in routes if route.preference == best}
    return chosen


def _replay(ctx: VerifyContext, facts: Facts, peer: str) -> Split | None:
    """The first leg of the firewall whose failure leaves a router sending a zone to it while another sends the
    zone to the peer."""
    facing = _facing(ctx, facts)
    routers = sorted(set().union(*(set(by) for by in facing.values()))) if facing else []
    if len(routers) < 2:
        return None  # one router: its failed leg leaves no router on the old firewall
    pair = {facts.device, peer}
    for port in sorted(facing):
        group = facts.interfaces[port].link_group if port in facts.interfaces else None
        down = {p for p in facing if p == port or (group is not None and p in facts.interfaces
                                                 and facts.interfaces[p].link_group == group)}
        lost = {a for p in down for addresses in facing[p].values() for a in addresses}
        by_router = {}
        for name in routers:
            router = ctx.facts.get(name)
            if router is not None:
                cut = set(facing[port].get(name, set()))
                by_router[name] = _choices(ctx, router, pair, lost, cut)
        for name, chosen in by_router.items():
            for (vrf, prefix), firewalls in sorted(chosen.items(), key=lambda item: (item[0][0], str(item[0][1]))):
                if facts.device not in firewalls:
                    continue
                moved = [other for other, theirs in by_router.items()
                         if peer in theirs.get((vrf, prefix), set()) and facts.device not in theirs[(vrf, prefix)]]
                if not moved:
                    continue
                return Split(port, ", ".join(sorted(facing[port])), moved[0], vrf, prefix, name)
    return None


def _finding(ctx: VerifyContext, facts: Facts, peer: str, split: Split) -> Diagnostic:
    # The port's own block, or (a config that writes only its sub-interfaces) the first of those: no KeyError.
    lines = [port.line for name, port in facts.interfaces.items()
             if name == split.port or name.startswith(split.port + ".")]
    line = min(lines, default=facts.ha_line or 1)
    lost = f"when {facts.device} loses {split.port} (toward {split.failed}), {split.moved} sends {split.vrf} traffic "
    if facts.hrp:
        return ctx.at("GN929", facts, line,
                      lost + f"for {split.prefix} to {peer}, which HRP makes active, while {split.router} still sends "
                      f"it to {facts.device}: a flow's two directions part",
                      "put the firewall's ports toward the routers in one link group ('link-group 1' on each, as "
                      "govnet render does) and follow every route toward it with BFD")
    return ctx.at("GN932", facts, line,
                  lost + f"for {split.prefix} to {peer}, its RBM standby, while {split.router} still sends it to "
                  f"{facts.device}: what the standby does with that traffic is unproven (no RBM interface "
                  "monitoring is rendered: its command could not be confirmed)",
                  "check on the device that the standby forwards such traffic with the sessions RBM copied to it, "
                  "or monitor the legs from RBM by hand, after your firmware's RBM configuration guide (see "
                  "templates/h3c_secpath/firewall.j2)")


def check(ctx: VerifyContext) -> list[Diagnostic]:
    found = []
    for facts in ctx.facts.values():
        if not (facts.ha and facts.ha_peer):  # an HRP or RBM member
            continue
        owner = ctx.owner_of(facts.ha_peer)
        if owner is None:  # the heartbeat goes nowhere: the pair shares no sessions (and both may go active)
            found.append(ctx.at("GN916", facts, facts.ha_line or 1, f"{facts.device}'s hot standby peer "
                                f"{facts.ha_peer} is an address of no device: the pair shares no sessions",
                                "name the heartbeat address of the other firewall of the pair"))
            continue
        back = ctx.owner_of(owner[0].ha_peer) if owner[0].ha_peer else None
        if back is None or back[0].device != facts.device:  # one-sided: the other end heartbeats elsewhere
            found.append(ctx.at("GN916", facts, facts.ha_line or 1, f"{facts.device}'s hot standby peer "
                                f"{facts.ha_peer} is {owner[0].device}, which does not name {facts.device} as its "
                                "peer: the pair shares no sessions",
                                "name the heartbeat address of the other firewall of the pair"))
            continue
        split = _replay(ctx, facts, owner[0].device)
        if split is not None:
            found.append(_finding(ctx, facts, owner[0].device, split))
    return found
