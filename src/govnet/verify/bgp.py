"""BGP sessions both ends agree on, and where a PE's VPN routes travel through the route reflectors."""

from __future__ import annotations

import copy
import ipaddress
from functools import cached_property

from govnet.diagnostics import Diagnostic, some
from govnet.verify.context import VerifyContext
from govnet.verify.scan import Facts

State = tuple[str, bool]  # a router a route reaches, and whether it reaches it from a client of that router


class Sessions:
    """The iBGP VPNv4 sessions that come up: configured on both ends with matching AS and addresses, the peer's
    address reachable through the IGP, VPNv4 enabled on both."""

    def __init__(self, ctx: VerifyContext) -> None:
        self.ctx = ctx
        self.findings: list[Diagnostic] = []
        self.up: dict[str, dict[str, bool]] = {}  # device -> peer device -> whether the peer is its RR client
        self._memo: dict[tuple[tuple[str, bool], ...], frozenset[str]] = {}
        self._signatures: dict[str, tuple[tuple[str, bool], ...]] = {}
        self._v6: set[tuple[str, str]] = set()  # (device, peer device): sessions that carry VPNv6 too
        self._judge()

    @cached_property
    def vpnv6(self) -> Sessions:
        """The same sessions where both ends enable VPNv6 too: those that carry the 6VPE routes (reflection as
        for VPNv4)."""
        if all((device, peer) in self._v6 for device, peers in self.up.items() for peer in peers):
            return self  # every session carries both: the same reflection, already worked out
        other = copy.copy(self)
        other.__dict__.pop("reflectors", None)
        other.__dict__.pop("vpnv6", None)
        other.up = {device: {peer: client for peer, client in peers.items() if (device, peer) in self._v6}
                    for device, peers in self.up.items()}
        other._memo, other._signatures = {}, {}
        return other

    def _judge(self) -> None:
        ctx = self.ctx
        for facts in ctx.facts.values():
            self.up.setdefault(facts.device, {})
            for peer in facts.peers.values():
                found = ctx.owner_of(peer.address)
                if found is None and peer.remote_as != facts.asn and _connected(facts, peer.address):
                    continue  # eBGP to another network's router on a directly connected link (national backbone)
                if found is None:
                    self.findings.append(ctx.at("GN907", facts, peer.line, f"{facts.device}'s BGP peer "
                                                f"{peer.address} is no address of any configured device",
                                                "peer with the far router's Loopback0"))
                    continue
                far, _ = found
                back = far.peers.get(_source(facts))
                if back is None:
                    self.findings.append(ctx.at("GN907", facts, peer.line, f"{facts.device} peers with {far.device} "
                                                f"({peer.address}), but {far.device} has no session back to "
                                                f"{_source(facts)}", f"add the peer to {far.device}'s BGP"))
                    continue
                if peer.remote_as != far.asn:
                    self.findings.append(ctx.at("GN907", facts, peer.line, f"{facts.device} expects AS "
                                                f"{peer.remote_as} at {far.device}, which runs AS {far.asn}",
                                                "use the province's AS on both ends"))
                    continue
                if not (ctx.reaches(facts, far) and ctx.reaches(far, facts)):
                    self.findings.append(ctx.at("GN908", facts, peer.line, f"{facts.device}'s BGP session to "
                                                f"{far.device} ({peer.address}) cannot come up: the IGP has no "
                                                "route between their loopbacks", "see the IGP findings"))
                    continue
                if peer.vpnv6 != back.vpnv6 and not peer.vpnv6:
                    self.findings.append(ctx.at("GN909", facts, peer.line, f"VPNv6 is enabled toward "
                                                f"{facts.device} on {far.device} but not toward {far.device} "
                                                f"on {facts.device}", "enable the peer in the VPNv6 family"))
                if peer.vpnv4 != back.vpnv4:
                    if not peer.vpnv4:
                        self.findings.append(ctx.at("GN909", facts, peer.line, f"VPNv4 is enabled toward "
                                                    f"{facts.device} on {far.device} but not toward {far.device} "
                                                    f"on {facts.device}", "enable the peer in the VPNv4 family"))
                    continue
                if _sourced(facts, peer.source) != _source(facts):
                    port = peer.source or "the outgoing port"
                    self.findings.append(ctx.at("GN907", facts, peer.line, f"{facts.device} opens its session to "
                                                f"{far.device} ({peer.address}) from {port}, but {far.device} peers "
                                                f"with {_source(facts)}: the session never comes up",
                                                "source the session from Loopback0 (connect-interface / "
                                                "update-source)"))
                    continue
                if peer.password != back.password:
                    self.findings.append(ctx.at("GN907", facts, peer.line, f"TCP MD5 authentication is configured "
                                                f"toward {far.device} on {(facts if peer.password else far).device} "
                                                f"only: {far.device if peer.password else facts.device} answers "
                                                "unsigned, so the session never comes up",
                                                "set the peer's password on both ends, or on neither"))
                    continue
                if peer.vpnv4 and facts.ios and not peer.extended:
                    self.findings.append(ctx.at("GN909", facts, peer.line, f"{facts.device} sends its VPNv4 routes to "
                                                f"{far.device} ({peer.address}) without extended communities: "
                                                f"they reach {far.device} without route targets, and no VPN "
                                                "instance imports them", "add 'neighbor … send-community "
                                                "extended' in the VPNv4 family"))
                    continue
                if peer.vpnv4:
                    self.up[facts.device][far.device] = peer.client
                    if peer.vpnv6 and back.vpnv6:
                        self._v6.add((facts.device, far.device))

    @cached_property
    def reflectors(self) -> set[str]:
        return {name for name, peers in self.up.items() if any(peers.values())}

    def reach(self, origin: str) -> set[str]:
        """The routers that learn a route originated at ``origin`` (iBGP split horizon with reflection: a
        reflector passes a client's route to every peer and a non-client's route to its clients only)."""
        return set(self.reached_by(self.signature(origin))) | {origin}

    def signature(self, origin: str) -> tuple[tuple[str, bool], ...]:
        """What the first hop depends on: each peer that has the session up, and whether origin is its client."""
        found = self._signatures.get(origin)
        if found is None:
            found = self._signatures[origin] = self._signature(origin)
        return found

    def _signature(self, origin: str) -> tuple[tuple[str, bool], ...]:
        return tuple(sorted((peer, self.up.get(peer, {}).get(origin, False))
                            for peer in self.up.get(origin, {}) if origin in self.up.get(peer, {})))

    def reached_by(self, signature: tuple[tuple[str, bool], ...]) -> frozenset[str]:
        cached = self._memo.get(signature)
        if cached is not None:
            return cached
        leaves, onward = self._steps
        routers = {router for router, _ in signature}
        seen: set[State] = set(signature)
        queue = [state for state in signature if state[0] in self.reflectors]
        while queue:  # only reflectors pass a route on: the routers they pass it to are added at once
            state = queue.pop()
            routers |= leaves[state]
            for step in onward[state]:
                if step not in seen:
                    seen.add(step)
                    routers.add(step[0])
                    queue.append(step)
        result = frozenset(routers)
        self._memo[signature] = result
        return result

    @cached_property
    def _steps(self) -> tuple[dict[State, frozenset[str]], dict[State, list[State]]]:
        """Where a route goes from each reflector, by whether it came from a client: to every peer (from a client)
        or to its clients only, over sessions up on both ends; as the routers that pass it no further, and the
        states (reflector, whether the route reaches it from a client) that do."""
        leaves: dict[State, frozenset[str]] = {}
        onward: dict[State, list[State]] = {}
        for router in self.reflectors:
            for from_client in (True, False):
                states = [(peer, self.up.get(peer, {})[router]) for peer, is_client in self.up[router].items()
                          if router in self.up.get(peer, {}) and (from_client or is_client)]
                leaves[router, from_client] = frozenset(peer for peer, _ in states if peer not in self.reflectors)
                onward[router, from_client] = [state for state in states if state[0] in self.reflectors]
        return leaves, onward


def _connected(facts: Facts, address: str) -> bool:
    ip = ipaddress.IPv4Address(address)
    return any(p.ipv4 is not None and ip in p.ipv4.network for p in facts.interfaces.values())


def _sourced(facts: Facts, port: str) -> str:
    """The address a session sourced from ``port`` leaves with: that port's ('' for the outgoing port, whose
    address depends on the path and is never the loopback the far end peers with)."""
    found = facts.interfaces.get(port) if port else None
    if found is None and port:  # IOS XE writes 'Loopback0', the interface block may say it otherwise
        found = next((p for name, p in facts.interfaces.items() if name.lower() == port.lower()), None)
    return str(found.ipv4.ip) if found is not None and found.ipv4 is not None else ""


def _source(facts: Facts) -> str:
    loopback = facts.loopback(0)
    return str(loopback.ipv4.ip) if loopback and loopback.ipv4 else ""


def check(ctx: VerifyContext, sessions: Sessions) -> list[Diagnostic]:
    """Session findings, and PEs whose VPN routes never reach another PE (an incomplete reflector cluster)."""
    found = list(sessions.findings)
    pes = [name for name, facts in ctx.facts.items() if facts.vrfs and facts.asn]
    missing: dict[str, list[str]] = {}
    by_signature: dict[tuple[tuple[str, bool], ...], list[str]] = {}
    for origin in pes:  # origins with the same first hop reach the same routers: one search per kind
        by_signature.setdefault(sessions.signature(origin), []).append(origin)
    for signature, origins in by_signature.items():
        reached = sessions.reached_by(signature)
        for other in pes:
            if other not in reached:
                unheard = [o for o in origins if o != other]
                if unheard:
                    missing.setdefault(other, []).extend(unheard)
    for device, origins in sorted(missing.items()):
        facts = ctx.facts[device]
        found.append(ctx.at("GN910", facts, facts.bgp_line, f"the VPN routes of {len(origins)} PE(s) "
                            f"({some(sorted(origins))}) never reach {device} over BGP",
                            "peer with a route reflector that reaches them"))
    return found
