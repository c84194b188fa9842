"""What every view builder shares: its options, its one error, and turning bundles of links into styled edges."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field

from govnet.draw.network import Bundle, Facts, Highlight, site_of_device
from govnet.draw.scene import Drawing, Edge, LegendEntry, Node
from govnet.draw.style import edge_style, legend
from govnet.errors import UsageError
from govnet.model.types import Model
from govnet.reference.units import format_bandwidth


class UnknownSubject(UsageError):
    """The view was asked for a city (zone, …) that the model does not have; ``valid`` lists what it has."""

    def __init__(self, view: str, subject: str, valid: Sequence[tuple[str, str]]) -> None:
        self.view, self.subject, self.valid = view, subject, list(valid)
        choices = ", ".join(f"{key} {name}" for key, name in self.valid) or "none"
        super().__init__(f"no {view} '{subject}' in the model; choose one of: {choices}")


@dataclass(frozen=True)
class ViewOptions:
    date: str  # printed in the subtitle; the caller makes it deterministic
    subject: str | None = None  # which city (or, later, zone) to draw; None: every one the view has
    highlight: Highlight = field(default_factory=Highlight)


ViewBuilder = Callable[[Model, Facts, ViewOptions], list[Drawing]]


def styled_edges(model: Model, found: Sequence[Bundle], highlight: Highlight,
                 route: Callable[[str, str], tuple[tuple[float, float], ...]] | None = None) -> list[Edge]:
    """One edge per bundle, styled by bandwidth, redundancy and emphasis; ``route(a, b)`` gives its bends."""
    site_of = site_of_device(model)
    edges = []
    for bundle in found:
        kinds = sorted({link.kind for link in bundle.links})
        kind = next((k for k in ("backbone", "datacenter") if k in kinds), kinds[0])
        lit = any(highlight.matches(link, site_of) for link in bundle.links)
        edges.append(Edge(bundle.a, bundle.b, edge_style(bundle.bandwidth, bundle.redundant, kind, highlighted=lit),
                          highlighted=lit, links=len(bundle.links), bandwidth=bundle.bandwidth,
                          via=route(bundle.a, bundle.b) if route else ()))
    return edges


def legend_for(kinds: Sequence[str], nodes: Sequence[Node], edges: Sequence[Edge], *,
               unreachable: bool) -> tuple[LegendEntry, ...]:
    present = {n.kind for n in nodes}
    return legend([k for k in kinds if k in present], [e.bandwidth for e in edges if e.bandwidth],
                  single=any(e.style.dashed for e in edges), dual=any(not e.style.dashed for e in edges),
                  unreachable=unreachable,
                  highlighted=any(n.highlighted for n in nodes) or any(e.highlighted for e in edges))


def uplink_summary(bundle: Bundle) -> str:
    """'2×10G（电信、联通）' for the links of a bundle."""
    carriers = "、".join(sorted({link.carrier for link in bundle.links if link.carrier}))
    speed = format_bandwidth(bundle.bandwidth) if bundle.bandwidth else "?"
    return f"{len(bundle.links)}×{speed}" + (f"（{carriers}）" if carriers else "")


def children(model: Model) -> Mapping[str, list[str]]:
    """Site keys under each parent, in code order (first definition of a duplicated key only)."""
    found: dict[str, list[str]] = {}
    for key, site in sorted(model.site_by_key.items()):
        if site.parent is not None:
            found.setdefault(site.parent, []).append(key)
    return found
