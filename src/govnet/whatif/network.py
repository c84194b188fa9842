"""The graph what-if analyses run on: the model's devices and links (the graph verify proves equal to the
configs'), a virtual root standing for the province core, and the elements that can fail."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

from govnet.model.attach import attach_router
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
    """Nodes: ROOT (0), then the devices. Edges: ROOT to the province's routers, the site-internal edges
    (a site's devices reach each other over its LAN), then the model's links; parallel edges stay distinct."""

    def __init__(self, model: Model) -> None:
        self.model = model
        self.names = [ROOT, *model.devices]
        self.index = {name: i for i, name in enumerate(self.names)}
        self.ends: list[tuple[int, int]] = []
        self.links: list[Link | None] = []  # per edge: its model link (None: root and site-internal edges)
        self.adjacent: list[list[tuple[int, int]]] = [[] for _ in self.names]
        province = model.province.key
        for device in model.devices_of(province):
            if device.role in ROUTING_ROLES:
                self._edge(0, self.index[device.name], None)
        for key in model.site_by_key:
            devices = model.devices_of(key)
            for i, a in enumerate(devices):
                for z in devices[i + 1:]:
                    self._edge(self.index[a.name], self.index[z.name], None)
        for link in model.links:
            if link.a in self.index and link.b in self.index:
                self._edge(self.index[link.a], self.index[link.b], link)

    def _edge(self, i: int, j: int, link: Link | None) -> None:
        e = len(self.ends)
        self.ends.append((i, j))
        self.links.append(link)
        self.adjacent[i].append((j, e))
        self.adjacent[j].append((i, e))

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
    def attach(self) -> dict[str, int]:
        """Per site, the router its units attach to (govnet.model.attach): they are cut off when it is."""
        found = {}
        for key in self.site_devices:
            router = attach_router(self.model, key)
            if router is not None:
                found[key] = self.index[router.name]
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
            edges = frozenset(e for e, link in enumerate(self.links) if link is not None
                              and ((link.a in ends_a and link.b in ends_b) or (link.a in ends_b and link.b in ends_a)))
            return [Element("link", text, edges=edges)] if edges else []
        named = self.elements(kinds)
        key = carrier_key(text)
        return [e for e in named if e.name == text or (e.kind == "carrier" and carrier_key(e.name) == key)] \
            or [e for e in named if e.name == "conduit:" + text] \
            or [e for e in named if e.kind == "site" and self.model.site_by_key[e.name].name == text]  # 南昌市, as
        # draw --city takes it; a name several sites bear (城关镇) gives them all, and the caller lists their codes

    def _ends(self, ref: str) -> set[str]:
        if ref in self.index:
            return {ref}
        return {self.names[i] for i in self.site_devices.get(ref, [])}


def link_name(link: Link) -> str:
    return f"{link.a}/{link.b}"
