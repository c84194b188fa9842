"""What every verify family shares: the scanned configs, the indexes built from them, and a way to report."""

from __future__ import annotations

import ipaddress
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cached_property

import networkx as nx

from govnet import diagnostics as dg
from govnet.diagnostics import Diagnostic
from govnet.model.types import Model, Origin
from govnet.verify.scan import Facts, Interface, Route


@dataclass(frozen=True)
class Adjacency:
    """Two interfaces in one subnet: a layer-3 link as the configs build it."""

    a: Facts
    a_port: Interface
    b: Facts
    b_port: Interface


class VerifyContext:
    def __init__(self, model: Model, facts: Mapping[str, Facts]) -> None:
        self.model = model
        self.facts = dict(sorted(facts.items()))

    def at(self, code: str, facts: Facts, line: int, message: str, hint: str | None = None) -> Diagnostic:
        """A finding in a config file."""
        return dg.make(code, facts.file, max(line, 1), 1, message, hint=hint)

    def at_model(self, code: str, origin: Origin, message: str, hint: str | None = None) -> Diagnostic:
        """A finding whose cause is written in the model."""
        file, line, column, path = self.model.locate(origin)
        return dg.make(code, file, line, column, message, path=path, hint=hint)

    def site_of(self, device: str) -> str:
        found = self.model.devices.get(device)
        return found.site if found is not None else ""

    def role(self, device: str) -> str:
        found = self.model.devices.get(device)
        return found.role if found is not None else ""

    @cached_property
    def owner(self) -> dict[ipaddress.IPv4Address, tuple[Facts, Interface]]:
        """Every configured IPv4 address, with the device and interface that hold it."""
        index = {}
        for facts in self.facts.values():
            for interface in facts.interfaces.values():
                if interface.ipv4 is not None:
                    index[interface.ipv4.ip] = (facts, interface)
        return index

    @cached_property
    def _owner_by_text(self) -> dict[str, tuple[Facts, Interface]]:
        # ipaddress reads only the canonical dotted quad (no leading zeros), which is what str() writes: an exact
        # text lookup answers as parsing would, without parsing each of the ~26,000 peer and next-hop addresses.
        return {str(address): found for address, found in self.owner.items()}

    def owner_of(self, address: str) -> tuple[Facts, Interface] | None:
        return self._owner_by_text.get(address)

    @cached_property
    def routes_toward(self) -> dict[str, list[tuple[Facts, Route]]]:
        """Global-table static routes, by the device their next hop belongs to."""
        found: dict[str, list[tuple[Facts, Route]]] = {}
        for router in self.facts.values():
            for route in router.routes:
                owner = self.owner_of(route.next_hop) if not route.vrf else None
                if owner is not None:
                    found.setdefault(owner[0].device, []).append((router, route))
        return found

    @cached_property
    def subnets(self) -> dict[ipaddress.IPv4Network, list[tuple[Facts, Interface]]]:
        """Interfaces per subnet (loopbacks and host routes left out): who shares a segment with whom."""
        index: dict[ipaddress.IPv4Network, list[tuple[Facts, Interface]]] = {}
        for facts in self.facts.values():
            for interface in facts.interfaces.values():
                if interface.ipv4 is not None and interface.ipv4.network.prefixlen < 32:
                    index.setdefault(interface.ipv4.network, []).append((facts, interface))
        return index

    @cached_property
    def adjacencies(self) -> list[Adjacency]:
        """Every pair of interfaces of two devices in one subnet, both up. Ports of two different VPN instances
        are no pair: dedicated VPNs may reuse each other's addresses (a firewall's port, in no VPN instance,
        pairs with the router's leg in any)."""
        found = []
        for members in self.subnets.values():
            for i, (a, a_port) in enumerate(members):
                for b, b_port in members[i + 1:]:
                    if a_port.vrf and b_port.vrf and a_port.vrf != b_port.vrf:
                        continue
                    if a is not b and not a_port.shutdown and not b_port.shutdown:
                        found.append(Adjacency(a, a_port, b, b_port))
        return found

    @cached_property
    def igp(self) -> nx.Graph:
        """Routers joined where both ends of a global-table adjacency run the IGP (in one OSPF area), with the
        configured cost (the larger end's; 1 where none is configured, as both vendors' reference bandwidth
        gives equal costs to these ports)."""
        graph = nx.Graph()
        graph.add_nodes_from(name for name, facts in self.facts.items() if facts.igp)
        for adj in self.adjacencies:
            if adj.a_port.vrf or adj.b_port.vrf or not (in_igp(adj.a_port) and in_igp(adj.b_port)):
                continue
            if adj.a_port.ospf_area != adj.b_port.ospf_area:
                continue
            cost = max(adj.a_port.cost or 1, adj.b_port.cost or 1)
            graph.add_edge(adj.a.device, adj.b.device, weight=cost)
        return graph

    @cached_property
    def igp_component(self) -> dict[str, int]:
        """Per router, the number of its IGP component (0: the one holding the province core; none is 0 when no
        component holds it, so that every island is cut off, the largest too)."""
        components = sorted(nx.connected_components(self.igp), key=lambda c: (-self._holds_core(c), -len(c)))
        first = 0 if components and self._holds_core(components[0]) else 1
        return {name: i for i, members in enumerate(components, first) for name in members}

    def _holds_core(self, members: set[str]) -> bool:
        return any(d.name in members for d in self.model.devices_of(self.model.province.key))

    def advertised(self, facts: Facts, interface: Interface | None) -> bool:
        """Whether a router's address is in its IGP (so that other routers have a route to it)."""
        return interface is not None and facts.igp and in_igp(interface) and not interface.vrf

    def reaches(self, a: Facts, b: Facts) -> bool:
        """Whether a's IGP has a route to b's Loopback0 (same component, b's loopback advertised)."""
        ca, cb = self.igp_component.get(a.device), self.igp_component.get(b.device)
        return ca is not None and ca == cb and self.advertised(b, b.loopback(0))

    def named_device(self, description: str) -> str | None:
        """The device a port description ``TO-<device>-<port>`` names, if it is a device of the model."""
        if not description.startswith("TO-"):
            return None
        rest = description[3:]
        for i, char in enumerate(rest):
            if char == "-" and rest[:i] in self.model.devices:
                return rest[:i]
        return rest if rest in self.model.devices else None


def in_igp(interface: Interface) -> bool:
    return interface.isis or interface.ospf_area is not None
