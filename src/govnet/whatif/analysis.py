"""What a failure costs: the sites, units (per zone), management reach and BGP sessions it cuts off, computed for
every element at once from the cuts of one search (fast) or by searching again per failure (brute force, which
the tests hold the fast path to, and the benchmark compares against)."""

from __future__ import annotations

import heapq
from collections import deque
from collections.abc import Iterable
from dataclasses import dataclass, field

from govnet.model.types import Model
from govnet.reference.platforms import ROUTING_ROLES
from govnet.whatif.cuts import Tree
from govnet.whatif.network import Element, Network

UPPER = ("province", "city", "special")  # link ends of the levels --depth 2 pairs


@dataclass
class Impact:
    element: Element
    lost: frozenset[int]  # devices failed or cut off from the core
    sites: list[str] = field(default_factory=list)  # sites with no device left reaching the core
    units: dict[str, int] = field(default_factory=dict)  # active units cut off, per zone ('' = all units)
    sessions: list[tuple[str, str]] = field(default_factory=list)  # BGP sessions that drop
    moved: list[tuple[str, int, int, str, str]] = field(default_factory=list)  # site, bw before/after, carriers

    @property
    def unit_count(self) -> int:
        return self.units.get("", 0)


def sessions(model: Model) -> list[tuple[str, str]]:
    """The iBGP sessions the configs hold (README: reflectors at the route_reflectors levels, each router a
    client of the nearest reflector site above it, the reflectors of a site meshed)."""
    levels = set(model.routing.route_reflectors) if model.routing else set()
    reflectors: dict[str, list[str]] = {}
    for site_key, site in model.site_by_key.items():
        if site.level in levels:  # special sites are clients of the province's reflectors
            found = sorted(d.name for d in model.devices_of(site_key) if d.role == "core-router" and model.is_ours(d))
            if found:
                reflectors[site_key] = found
    pairs: set[tuple[str, str]] = set()
    for device in model.devices.values():
        if device.role not in ROUTING_ROLES or not model.is_ours(device):
            continue
        key: str | None = device.site
        if device.name in reflectors.get(device.site, []):
            pairs.update(_pair(device.name, r) for r in reflectors[device.site] if r != device.name)
            key = model.site_by_key[device.site].parent
        while key is not None and key not in reflectors:
            parent = model.site_by_key.get(key)
            key = parent.parent if parent is not None else None
        if key is not None:
            pairs.update(_pair(device.name, r) for r in reflectors[key])
    return sorted(pairs)


def _pair(a: str, b: str) -> tuple[str, str]:
    return (a, b) if a < b else (b, a)


class Analysis:
    def __init__(self, network: Network, bgp: Iterable[tuple[str, str]] = ()) -> None:
        self.network = network
        self.base = Tree(network.adjacent)
        self.bgp = [(network.index[a], network.index[b]) for a, b in bgp if a in network.index and b in network.index]
        self.by_device: dict[int, list[int]] = {}
        for s, (a, b) in enumerate(self.bgp):
            self.by_device.setdefault(a, []).append(s)
            self.by_device.setdefault(b, []).append(s)
        names = network.names
        self._named = [(names[a], names[b]) for a, b in self.bgp]  # each session by its devices' names
        self._first, self._second = [a for a, _ in self.bgp], [b for _, b in self.bgp]
        self._single: dict[int, tuple[list[str], dict[str, int], list[tuple[str, str]]]] = {}  # by lost device

    # -- the cut of one element -------------------------------------------------------------------------------

    def brute(self, element: Element) -> set[int]:
        """Devices that reached the core and no longer do: one new search without the element."""
        reached = _search(self.network.adjacent, element.devices, element.edges)
        lost = {v for v in self.base.order if v and v not in reached}
        return lost | self.network.cut_off_attached(lost, element.devices, element.edges)

    def fast(self, elements: Iterable[Element] | None = None) -> dict[tuple[str, str], set[int]]:
        """The same for every link, device, site, carrier and SRLG, from the cuts of one search (one more
        search per carrier and per SRLG: they fail many links at once). ``elements``: the network's elements,
        when the caller has listed them already."""
        network, base = self.network, self.base
        found: dict[tuple[str, str], set[int]] = {}
        bridges = base.bridges()
        for element in network.elements() if elements is None else elements:
            key = (element.kind, element.name)
            if element.kind == "link":
                (edge,) = element.edges
                cut = set(base.subtree(bridges[edge])) if edge in bridges else set()
                found[key] = cut | self._attached(cut, element)
            elif element.kind == "device":
                (device,) = element.devices
                cut = set(base.node_cut(device)) | {device} if base.reached(device) else set()
                found[key] = cut | self._attached(cut, element)
            elif element.kind in ("carrier", "srlg"):
                found[key] = self.brute(element)
        found.update(self._sites())
        return found

    def _attached(self, cut: set[int], element: Element) -> set[int]:
        """The firewalls and access gateways a cut of routers (or the element itself) takes with it."""
        return self.network.cut_off_attached(cut, element.devices, element.edges)

    def _sites(self) -> dict[tuple[str, str], set[int]]:
        """Sites fail as wholes: on the graph with each site contracted to one node, a site's cut is its
        articulation cut."""
        network = self.network
        keys = ["", *network.site_devices]
        index = {key: i for i, key in enumerate(keys)}
        adjacent: list[list[tuple[int, int]]] = [[] for _ in keys]
        for e, (i, j) in enumerate(network.ends):
            a = 0 if i == 0 else index[network.site_of[i]]
            b = 0 if j == 0 else index[network.site_of[j]]
            if a != b:
                adjacent[a].append((b, e))
                adjacent[b].append((a, e))
        tree = Tree(adjacent)
        found: dict[tuple[str, str], set[int]] = {}
        for key, devices in network.site_devices.items():
            s = index[key]
            if not tree.reached(s):
                found[("site", key)] = set()
                continue
            cut = set(devices)
            for t in tree.node_cut(s):
                cut.update(network.site_devices[keys[t]])
            found[("site", key)] = cut
        return found

    def pairs(self) -> list[tuple[Element, set[int]]]:
        """N-2 over the links between province, city and special sites: each pair that cuts something
        neither link cuts alone (one search per first link, the second read off its bridges)."""
        network, model = self.network, self.network.model
        upper = []
        for e, link in enumerate(network.links):
            if link is None:
                continue
            levels = {model.site_by_key[model.devices[end].site].level for end in (link.a, link.b)}
            if levels <= set(UPPER):
                upper.append(e)
        single = self.base.bridges()
        found = []
        for i, first in enumerate(upper):
            if first in single:
                continue
            tree = Tree(network.adjacent, skip={first})
            bridges = tree.bridges()
            for second in upper[i + 1:]:
                if second in bridges and second not in single:
                    a, b = network.links[first], network.links[second]
                    assert a is not None and b is not None
                    name = f"{a.a}/{a.b} + {b.a}/{b.b}"
                    element = Element("links", name, edges=frozenset((first, second)))
                    cut = set(tree.subtree(bridges[second]))
                    found.append((element, cut | network.cut_off_attached(cut, frozenset(), element.edges)))
        return found

    # -- what a cut costs ------------------------------------------------------------------------------------

    def impact(self, element: Element, cut: set[int], *, paths: bool = False) -> Impact:
        if len(cut) == 1 and not paths:  # nine failures in ten of an N-1 run: one device lost (a leaf, its link)
            (device,) = cut
            sites, units, dropped = self._one_lost(device)
            return Impact(element, frozenset(cut), list(sites), dict(units), list(dropped))
        return self.general_impact(element, cut, paths=paths)

    def _one_lost(self, device: int) -> tuple[list[str], dict[str, int], list[tuple[str, str]]]:
        """What losing ``device`` alone costs, whichever element failed (the device, its uplink, its site): its
        site when it is the site's only device, that site's units, and every BGP session of the device (with one
        device lost there is no island of two to keep a session up). Worked out once per device."""
        found = self._single.get(device)
        if found is None:
            network = self.network
            site = network.site_of[device]
            sites = [site] if network.site_devices[site] == [device] else []
            units = dict(network.units.get(site, {})) if _units_lost(network, site, {device}) else {}
            dropped = [self._named[s] for s in sorted(set(self.by_device.get(device, ())))]
            found = self._single[device] = (sites, units, dropped)
        return found

    def general_impact(self, element: Element, cut: set[int], *, paths: bool = False) -> Impact:
        """``impact`` for any cut (the reference the one-device path is held to by the tests)."""
        network = self.network
        lost = frozenset(cut)
        site_devices = network.site_devices
        # a site is lost when every device of it is (each site of a lost device judged once)
        sites = sorted(site for site in set(map(network.site_of.__getitem__, lost))
                       if lost.issuperset(site_devices[site]))
        units: dict[str, int] = {}
        per_site = network.units
        for site in sorted(set(map(network.site_of.__getitem__, lost))):
            if site in per_site and _units_lost(network, site, lost):
                for zone, count in per_site[site].items():
                    units[zone] = units.get(zone, 0) + count
        by_device = self.by_device
        touched = {s for v in lost if v in by_device for s in by_device[v]}  # the sessions of lost devices
        sessions: list[tuple[str, str]] = []
        if touched:
            island = self._islands(element, lost)
            # with no device cut off (only failed ones: a leaf device, most often) every session of theirs drops
            if island:
                get, first, second = island.get, self._first, self._second
                touched = {s for s in touched if get(first[s], -1) != get(second[s], -2)}
            named = self._named
            sessions = [named[s] for s in sorted(touched)]
        impact = Impact(element, lost, sites, units, sessions)
        if paths:
            impact.moved = self._moved(element, lost)
        return impact

    def _islands(self, element: Element, lost: frozenset[int]) -> dict[int, int]:
        """The devices cut off (not failed), numbered by the island they still form together: a session between
        two of them stays up only inside one island (a session with a device that still reaches the core, or
        with a failed one, drops)."""
        island: dict[int, int] = {}
        adjacent = self.network.adjacent
        for start in lost:
            if start in island or start in element.devices:
                continue
            island[start] = start
            queue = deque([start])
            while queue:
                v = queue.popleft()
                for w, e in adjacent[v]:
                    if w in lost and w not in island and w not in element.devices and e not in element.edges:
                        island[w] = start
                        queue.append(w)
        return island

    def _moved(self, element: Element, lost: frozenset[int]) -> list[tuple[str, int, int, str, str]]:
        """Sites still connected whose widest path to the core lost bandwidth or changed carrier."""
        before = _widest(self.network, frozenset(), frozenset())
        after = _widest(self.network, element.devices, element.edges)
        moved = []
        for site, devices in sorted(self.network.site_devices.items()):
            if any(d in lost for d in devices):
                continue
            old = max((before.get(d, (0, "")) for d in devices), default=(0, ""))
            new = max((after.get(d, (0, "")) for d in devices), default=(0, ""))
            if new[0] < old[0] or new[1] != old[1]:
                moved.append((site, old[0], new[0], old[1], new[1]))
        return moved


def _units_lost(network: Network, site: str, lost: frozenset[int] | set[int]) -> bool:
    """Whether a site's units are cut off: their attach router is lost (govnet.model.attach: the sub-interfaces
    are on it alone), or, at a site with no router of ours, every device of the site."""
    router = network.attach.get(site)
    return router in lost if router is not None else lost.issuperset(network.site_devices[site])


def _search(adjacent: list[list[tuple[int, int]]], nodes: frozenset[int], edges: frozenset[int]) -> set[int]:
    seen = {0}
    queue = deque([0])
    while queue:
        v = queue.popleft()
        for w, e in adjacent[v]:
            if w not in seen and w not in nodes and e not in edges:
                seen.add(w)
                queue.append(w)
    return seen


INFINITE = 10**18  # above any bandwidth (bit/s)


def _widest(network: Network, nodes: frozenset[int], edges: frozenset[int]) -> dict[int, tuple[int, str]]:
    """Per device: the bandwidth of its widest path to the core (bit/s) and the carriers along it."""
    best: dict[int, tuple[int, str]] = {0: (INFINITE, "")}
    heap = [(-INFINITE, 0, "")]
    done: set[int] = set()
    while heap:
        negative, v, carriers = heapq.heappop(heap)
        if v in done:
            continue
        done.add(v)
        for w, e in network.adjacent[v]:
            if w in nodes or e in edges or w in done:
                continue
            link = network.links[e]
            width = min(-negative, link.bandwidth or INFINITE) if link is not None else -negative
            path = carriers
            if link is not None and link.carrier and link.carrier not in carriers.split("+"):
                path = "+".join(sorted(filter(None, [*carriers.split("+"), link.carrier])))
            if width > best.get(w, (-1, ""))[0]:
                best[w] = (width, path)
                heapq.heappush(heap, (-width, w, path))
    return best
