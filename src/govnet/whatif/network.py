"""The graph what-if analyses run on: the links the configs build (the model's links and each site's router
interconnects, in the IGP; the graph verify proves equal to the configs'), a virtual root standing for the
province core, and the elements that can fail.

A site's firewalls and access gateways hang off its routers by their legs (sub-interfaces in VPN instances, no
IGP): they reach the core while one of their routers does, and carry nothing between routers. So they are kept
out of the searched graph and judged from their legs' routers afterwards (Network.attached)."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from functools import cached_property

from govnet.model.attach import attach_router
from govnet.model.interconnect import site_interconnects
from govnet.model.legs import site_legs
from govnet.model.types import Link, Model
from govnet.reference.platforms import ROUTING_ROLES
from govnet.text import carrier_key

ROOT = "<core>"  # the virtual node every province core router hangs from: "reaches the core" = reaches ROOT


@dataclass(frozen=True)
class Element:
    """Something that can fail: the devices and links that fail with it."""

    kind: str  # link, device, site, carrier, srlg
    name: str
    devices: frozenset[int] = frozenset()
    edges: frozenset[int] = frozenset()

    @property
    def label(self) -> str:
        return f"{self.kind} {self.name}"


class Network:
    """Nodes: ROOT (0), then the devices. Edges: ROOT to the province's routers, the site's router interconnects,
    the model's links, then the legs (router to firewall or access gateway, kept out of ``adjacent``: nothing is
    routed through them); parallel edges stay distinct."""

    def __init__(self, model: Model) -> None:
        self.model = model
        self.names = [ROOT, *model.devices]
        self.index = {name: i for i, name in enumerate(self.names)}
        self.ends: list[tuple[int, int]] = []
        self.links: list[Link | None] = []  # per edge: its model link (None: root, interconnect and leg edges)
        self.internal: dict[int, str] = {}  # edge -> kind, for a site's own links: interconnect, leg
        self.adjacent: list[list[tuple[int, int]]] = [[] for _ in self.names]
        # a firewall or access gateway -> its legs (router, edge): reached while one of these is up
        self.attached: dict[int, list[tuple[int, int]]] = {}
        province = model.province.key
        for device in model.devices_of(province):
            if device.role in ROUTING_ROLES:
                self._edge(0, self.index[device.name], None)
        shared = model.shared_sites
        for key in shared:  # govnet.model.interconnect: what govnet.render.interfaces builds
            for a, z in site_interconnects(model, key):
                self.internal[self._edge(self.index[a], self.index[z], None)] = "interconnect"
        for link in model.links:
            if link.a in self.index and link.b in self.index:
                self._edge(self.index[link.a], self.index[link.b], link)
        for key in shared:  # one leg per router and firewall, whatever zones its sub-interfaces carry
            for router, other in dict.fromkeys((leg.router, leg.firewall) for leg in site_legs(model, key)):
                e = len(self.ends)
                self.ends.append((self.index[router], self.index[other]))
                self.links.append(None)
                self.internal[e] = "leg"
                self.attached.setdefault(self.index[other], []).append((self.index[router], e))

    def _edge(self, i: int, j: int, link: Link | None) -> int:
        e = len(self.ends)
        self.ends.append((i, j))
        self.links.append(link)
        self.adjacent[i].append((j, e))
        self.adjacent[j].append((i, e))
        return e

    def cut_off_attached(self, lost: Collection[int], devices: frozenset[int], edges: frozenset[int]) -> set[int]:
        """The firewalls and access gateways that reached the core and no longer do, given the routers that no
        longer do (``lost``, failed ones included) and the failed devices and edges: those failed, and those
        whose every leg failed or ends at a router that no longer reaches the core. Only the devices hanging off
        a lost router or a failed leg are looked at."""
        hanging, reaching = self._hanging, self._reaching
        candidates = {v for r in lost for v in hanging.get(r, ())}
        candidates.update(self._leg_of[e] for e in edges if e in self._leg_of)
        candidates.update(v for v in devices if v in self.attached)
        return {v for v in candidates if v in self.reached_attached and (v in devices or not any(
            r in reaching and r not in lost and e not in edges for r, e in self.attached[v]))}

    @cached_property
    def _hanging(self) -> dict[int, list[int]]:
        """Per router, the firewalls and access gateways with a leg to it."""
        found: dict[int, list[int]] = {}
        for v, legs in self.attached.items():
            for r, _ in legs:
                found.setdefault(r, []).append(v)
        return found

    @cached_property
    def _leg_of(self) -> dict[int, int]:
        """Per leg, the firewall or access gateway it hangs."""
        return {e: v for v, legs in self.attached.items() for _, e in legs}

    @cached_property
    def _reaching(self) -> frozenset[int]:
        """The routers that reach the core with nothing failed."""
        from govnet.whatif.cuts import Tree

        return frozenset(Tree(self.adjacent).order)

    @cached_property
    def reached_attached(self) -> frozenset[int]:
        """The firewalls and access gateways that reach the core with nothing failed."""
        return frozenset(v for v, legs in self.attached.items() if any(r in self._reaching for r, _ in legs))

    @cached_property
    def attach(self) -> dict[str, int]:
        """Per site, the router its units attach to (govnet.model.attach): they are cut off when it is."""
        found = {}
        for key in self.site_devices:
            router = attach_router(self.model, key)
            if router is not None:
                found[key] = self.index[router.name]
        return found

    @cached_property
    def site_of(self) -> list[str]:
        return ["", *(device.site for device in self.model.devices.values())]

    @cached_property
    def site_devices(self) -> dict[str, list[int]]:
        found: dict[str, list[int]] = {}
        for i, site in enumerate(self.site_of):
            if i:
                found.setdefault(site, []).append(i)
        return found

    @cached_property
    def units(self) -> dict[str, dict[str, int]]:
        """Active units per site, per zone they join."""
        found: dict[str, dict[str, int]] = {}
        registry = self.model.registry
        for unit in registry.units if registry else ():
            if unit.status == "active":
                per_zone = found.setdefault(unit.site, {})
                for zone in unit.zones:
                    per_zone[zone] = per_zone.get(zone, 0) + 1
                per_zone[""] = per_zone.get("", 0) + 1  # '' = the unit itself, counted once
        return found

    def elements(self, kinds: tuple[str, ...] = ("link", "device", "site", "carrier", "srlg")) -> list[Element]:
        """Every element of the given kinds, in a stable order."""
        found: list[Element] = []
        if "link" in kinds:
            found += [Element("link", link_name(link), edges=frozenset((e,)))
                      for e, link in enumerate(self.links) if link is not None]
            found += [Element("link", self.edge_name(e), edges=frozenset((e,))) for e in self.internal]
        if "device" in kinds:
            found += [Element("device", name, devices=frozenset((i,))) for i, name in enumerate(self.names) if i]
        if "site" in kinds:
            found += [Element("site", key, devices=frozenset(ids)) for key, ids in self.site_devices.items()]
        groups: dict[tuple[str, str], set[int]] = {}
        spelled: dict[str, str] = {}  # a carrier's key -> its first spelling, the name shown
        for e, link in enumerate(self.links):
            if link is None:
                continue
            key = carrier_key(link.carrier) if "carrier" in kinds else None
            if key is not None:  # '电信' and '电信 ' are one carrier, as validation's diversity check (GN407) counts
                groups.setdefault(("carrier", key), set()).add(e)
                spelled.setdefault(key, link.carrier.strip() if link.carrier else key)
            for group in link.srlg if "srlg" in kinds else ():
                groups.setdefault(("srlg", group), set()).add(e)
        found += [Element(kind, spelled[name] if kind == "carrier" else name, edges=frozenset(edges))
                  for (kind, name), edges in sorted(groups.items())]
        return found

    def find(self, text: str) -> Element | None:
        """An element by how a user names it: a device, a site key, a carrier, an SRLG (or conduit:X), a link
        as END/END (device names or site keys, meaning the site's devices). A name two kinds share is None here:
        matches() lists them."""
        found = self.matches(text)
        return found[0] if len(found) == 1 else None

    def matches(self, text: str) -> list[Element]:
        """Every element ``text`` may name: one, none, or several of different kinds (an SRLG named 3601 and the
        site 3601: the SRLG used to win without a word); 'site:3601', 'srlg:3601', 'carrier:…' or 'device:…'
        picks one kind."""
        kind, _, rest = text.partition(":")
        kinds: tuple[str, ...] = ("device", "site", "carrier", "srlg")
        if kind in kinds and rest:
            kinds, text = (kind,), rest
        elif "/" in text:
            a, b = text.split("/", 1)
            ends_a, ends_b = self._ends(a), self._ends(b)
            edges = frozenset(e for e in range(len(self.ends)) if (self.links[e] is not None or e in self.internal)
                              and self._joins(e, ends_a, ends_b))
            return [Element("link", text, edges=edges)] if edges else []
        named = self.elements(kinds)
        key = carrier_key(text)
        return [e for e in named if e.name == text or (e.kind == "carrier" and carrier_key(e.name) == key)] \
            or [e for e in named if e.name == "conduit:" + text] \
            or [e for e in named if e.kind == "site" and self.model.site_by_key[e.name].name == text]  # 南昌市, as
        # draw --city takes it; a name several sites bear (城关镇) gives them all, and the caller lists their codes

    def _joins(self, e: int, ends_a: set[str], ends_b: set[str]) -> bool:
        a, b = (self.names[i] for i in self.ends[e])
        return (a in ends_a and b in ends_b) or (a in ends_b and b in ends_a)

    def edge_name(self, e: int) -> str:
        """A link's name, END/END: a model link as written, a site's own link by its two devices."""
        link = self.links[e]
        i, j = self.ends[e]
        return link_name(link) if link is not None else f"{self.names[i]}/{self.names[j]}"

    def _ends(self, ref: str) -> set[str]:
        if ref in self.index:
            return {ref}
        return {self.names[i] for i in self.site_devices.get(ref, [])}


def link_name(link: Link) -> str:
    return f"{link.a}/{link.b}"
