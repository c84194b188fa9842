"""The drawing structure every view builds and every output format renders: nodes with positions, labels and
styles, edges with styles, legend entries, notes. Plain frozen data: no matplotlib, no model objects.

Coordinates are in inches on the sheet's drawing area, origin at its centre, y upwards; font sizes in points.
A view builder decides the geometry (so label spacing can be planned in real units); a renderer only draws it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

Marker = Literal["circle", "square", "diamond", "hexagon", "star", "triangle"]
HAlign = Literal["left", "center", "right"]
VAlign = Literal["top", "center", "bottom", "baseline"]


@dataclass(frozen=True, slots=True)
class NodeStyle:
    marker: Marker = "circle"
    size: float = 6.0  # marker diameter, points
    fill: str = "#2e75b6"
    stroke: str = "#1f3b73"
    stroke_width: float = 0.8
    font_size: float = 8.0
    font_color: str = "#202020"
    label_box: bool = False  # a white box behind the label, for labels that sit over lines


@dataclass(frozen=True, slots=True)
class Label:
    """A node's text, placed relative to the node: an offset in points, alignment, and rotation in degrees
    about the anchor (the offset point), so a radial label reads outwards from its node."""

    text: str
    dx: float = 0.0
    dy: float = 0.0
    rotation: float = 0.0
    ha: HAlign = "center"
    va: VAlign = "center"


@dataclass(frozen=True, slots=True)
class Node:
    id: str  # unique in the drawing: a site key, or a derived id such as "townships:360102"
    x: float
    y: float
    label: Label
    style: NodeStyle
    kind: str  # what it stands for: province, city, county, township, gov-cloud, …; exports group by it
    highlighted: bool = False
    tooltip: str = ""  # longer description (full name, counts); used by the text exports


@dataclass(frozen=True, slots=True)
class EdgeStyle:
    width: float = 1.0  # points
    color: str = "#606060"
    dashed: bool = False
    alpha: float = 1.0


@dataclass(frozen=True, slots=True)
class Edge:
    a: str  # node ids
    b: str
    style: EdgeStyle
    label: str = ""  # e.g. "2×10G", drawn at the middle of the edge when not empty
    highlighted: bool = False
    links: int = 1  # how many model links it stands for
    bandwidth: int | None = None  # bit/s per link (the largest), for the exports
    via: tuple[tuple[float, float], ...] = ()  # bends between a and b (inches), for routed edges


@dataclass(frozen=True, slots=True)
class LegendEntry:
    label: str
    node: NodeStyle | None = None  # a marker entry …
    edge: EdgeStyle | None = None  # … or a line entry


@dataclass(frozen=True)
class Drawing:
    name: str  # file stem: "province", "city-3601"
    title: str  # model name and view, e.g. "江西省电子政务外网 — 全省骨干网概览"
    subtitle: str  # date and what the sheet counts
    width: float  # drawing area, inches (the renderer adds the title band and the legend panel)
    height: float
    nodes: tuple[Node, ...]
    edges: tuple[Edge, ...]
    legend: tuple[LegendEntry, ...]
    notes: tuple[str, ...] = ()  # lines printed under the legend
    guides: tuple[tuple[tuple[float, float], ...], ...] = ()  # solid polylines under the edges: the shared
    # trunks of routed edges, so that a dashed edge shows dashed only where it is alone
    view: str = ""  # the view that built it: "province", "city", …
    meta: dict[str, str] = field(default_factory=dict)  # free-form facts for exports (city code, …)

    def node(self, node_id: str) -> Node:
        return next(n for n in self.nodes if n.id == node_id)
