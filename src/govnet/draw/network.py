"""What the views need to know about the network, computed from the model: which sites reach the core, and the
model's links bundled between the nodes a view draws."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass

from govnet.model.graph import DeviceGraph
from govnet.model.types import Link, Model


@dataclass(frozen=True)
class Highlight:
    """What to draw emphasised: sites (keys) and links (pairs of ends, each a device name or a site key).

    A site that a view does not draw on its own (a township in the province overview) emphasises the node
    that stands for it."""

    sites: frozenset[str] = frozenset()
    links: frozenset[frozenset[str]] = frozenset()

    def __bool__(self) -> bool:
        return bool(self.sites or self.links)

    def matches(self, link: Link, site_of: Callable[[str], str]) -> bool:
        if not self.links:
            return False
        a, b = {link.a, site_of(link.a)}, {link.b, site_of(link.b)}
        for pair in self.links:
            x, y = sorted(pair) if len(pair) == 2 else (next(iter(pair)),) * 2
            if (x in a and y in b) or (x in b and y in a):
                return True
        return False


@dataclass(frozen=True)
class Bundle:
    """The links between two drawn nodes; ``redundant`` unless one of them is a bridge of the device graph
    (losing it cuts something off: a single-homed site's uplink)."""

    a: str
    b: str
    links: tuple[Link, ...]
    redundant: bool

    @property
    def bandwidth(self) -> int | None:
        known = [link.bandwidth for link in self.links if link.bandwidth]
        return max(known) if known else None


@dataclass(frozen=True)
class Facts:
    """Graph facts every view uses, computed once per model on the site graph: a site's devices count as one
    node (they share the site's LAN), every link between two sites as one edge."""

    reachable: frozenset[str]  # keys of sites with a path to the provincial core
    bridges: frozenset[int]  # positions in model.links of the links whose loss cuts sites off
    # (position in model.links, site of end a, site of end b) of every link between two sites, in order: what
    # bundles() groups, worked out once instead of by each of a build's 30 sheets
    ends: tuple[tuple[int, str, str], ...] = ()


def facts(model: Model) -> Facts:
    ends: list[tuple[int, str, str]] = []
    for i, link in enumerate(model.links):
        da, db = model.devices.get(link.a), model.devices.get(link.b)
        if da is not None and db is not None and da.site != db.site:
            ends.append((i, da.site, db.site))
    graph = DeviceGraph(model.site_by_key, [(a, b) for _, a, b in ends])  # a multigraph on names: site keys
    reached = graph.search(model.province.key)
    return Facts(frozenset(graph.names[i] for i in reached), frozenset(ends[e][0] for e in graph.bridges()),
                 tuple(ends))


def bundles(model: Model, known: Facts, node_of: Mapping[str, str], other: str | None = None) -> list[Bundle]:
    """Links grouped by the pair of drawn nodes their ends' sites map to (``node_of[site key]``, ``other`` for a
    site not in it; None: not drawn). Links inside one node, or touching an undrawn one, are left out.
    Deterministic order. A mapping, not a function: a build's sheets look up 170,000 ends."""
    grouped: dict[tuple[str, str], list[int]] = {}
    get = node_of.get
    for i, site_a, site_b in known.ends:  # a link inside one site is inside one node: left out anyway
        na, nb = get(site_a, other), get(site_b, other)
        if na is None or nb is None or na == nb:
            continue
        key = (na, nb) if na <= nb else (nb, na)
        grouped.setdefault(key, []).append(i)
    return [Bundle(a, b, tuple(model.links[i] for i in found), not any(i in known.bridges for i in found))
            for (a, b), found in sorted(grouped.items())]


def site_of_device(model: Model) -> Callable[[str], str]:
    def site_of(name: str) -> str:
        device = model.devices.get(name)
        return device.site if device else name

    return site_of
