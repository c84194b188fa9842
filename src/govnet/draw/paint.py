"""A Drawing painted on its Sheet: the list of primitives (lines, markers, text, boxes) in drawing order, in
points from the sheet's top-left corner, y downwards. The SVG and PNG writers only translate these, so the two
formats place every label, marker and line identically, and tests measure the labels here.

The geometry is the one the matplotlib renderer (render.py) draws: same sheet, title band, legend rows, z-order
(guides, edges, highlighted edges, edge labels, markers by size, labels, title, panel).
"""

from __future__ import annotations

import math
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache

from govnet.draw.layout import PT
from govnet.draw.metrics import extent
from govnet.draw.scene import Drawing, EdgeStyle, HAlign, Marker, NodeStyle, VAlign
from govnet.draw.sheet import MARGIN, PANEL_FONT, ROW, TITLE_BAND, Sheet, fit, wrap
from govnet.draw.style import LINK_COLOR

INCH = 72.0  # points
DASH = (4.0, 2.5)  # on, off, in multiples of the line width (matplotlib's "dashed" scales the same way)


@dataclass(frozen=True, slots=True)
class Line:
    points: tuple[tuple[float, float], ...]
    width: float
    color: str
    alpha: float = 1.0
    dashed: bool = False


@dataclass(frozen=True, slots=True)
class Mark:
    marker: Marker
    x: float
    y: float
    size: float  # matplotlib's marker size: a circle's diameter, points
    fill: str
    stroke: str
    stroke_width: float


@dataclass(frozen=True, slots=True)
class Text:
    """One line of text: its anchor point, alignment and rotation (degrees anticlockwise about the anchor, as
    matplotlib's rotation_mode="anchor"), and where its baseline starts relative to the anchor before rotation."""

    x: float
    y: float
    text: str
    size: float
    color: str
    rotation: float = 0.0
    ha: HAlign = "left"
    va: VAlign = "baseline"
    box: str | None = None  # fill of a rounded box behind the text (white label boxes)
    box_alpha: float = 1.0
    box_pad: float = 0.2  # in multiples of the font size
    id: str = ""  # "label-<node id>" for node labels
    title: str = ""  # the whole text of a label cut with '…' (the SVG's tooltip, searchable)

    def origin(self) -> tuple[float, float]:
        """Where the baseline starts, relative to the anchor, unrotated (y down)."""
        return _origin(self.text, self.size, self.ha, self.va)

    def corners(self, pad: float = 0.0) -> list[tuple[float, float]]:
        """The text's line box (advance × ascent+descent, grown by ``pad`` points) on the sheet, rotated."""
        found = extent(self.text, self.size)
        dx, base = self.origin()
        left, right = dx - pad, dx + found.advance + pad
        top, bottom = base - found.ascent - pad, base + found.descent + pad
        return [self.place(x, y) for x, y in ((left, top), (right, top), (right, bottom), (left, bottom))]

    def place(self, x: float, y: float) -> tuple[float, float]:
        """A point given relative to the anchor (unrotated, y down) on the sheet."""
        rad = math.radians(self.rotation)
        cos, sin = math.cos(rad), math.sin(rad)
        return self.x + x * cos + y * sin, self.y - x * sin + y * cos


Primitive = Line | Mark | Text


@lru_cache(maxsize=1 << 15)
def _origin(text: str, size: float, ha: HAlign, va: VAlign) -> tuple[float, float]:
    """Text.origin, kept per text, size and alignment: the PNG, its ink tiles and the SVG each ask for it."""
    found = extent(text, size)
    dx = -found.advance / 2 if ha == "center" else -found.advance if ha == "right" else 0.0
    top = {"top": 0.0, "center": -found.height / 2, "bottom": -found.height, "baseline": -found.ascent}[va]
    return dx, top + found.ascent


def paint(drawing: Drawing) -> tuple[Sheet, list[Primitive]]:
    """The sheet and everything on it, in drawing order."""
    sheet = Sheet.of(drawing)
    found = [*_edges(drawing, sheet), *_nodes(drawing, sheet), *_title(drawing, sheet), *_panel(drawing, sheet)]
    return sheet, found


def _area(drawing: Drawing, sheet: Sheet) -> tuple[float, float]:
    """The sheet position (points) of the drawing area's origin."""
    return (MARGIN + drawing.width / 2) * INCH, (sheet.height - MARGIN - drawing.height / 2) * INCH


def _edges(drawing: Drawing, sheet: Sheet) -> Iterator[Primitive]:
    ox, oy = _area(drawing, sheet)

    def at(p: tuple[float, float]) -> tuple[float, float]:
        return ox + p[0] * INCH, oy - p[1] * INCH

    where = {n.id: (n.x, n.y) for n in drawing.nodes}
    for guide in drawing.guides:
        yield Line(tuple(at(p) for p in guide), 0.7, LINK_COLOR, 0.9)
    groups: dict[tuple[EdgeStyle, bool], list[tuple[tuple[float, float], ...]]] = {}
    for edge in drawing.edges:
        groups.setdefault((edge.style, edge.highlighted), []).append(
            tuple(at(p) for p in (where[edge.a], *edge.via, where[edge.b])))
    for (style, _), lines in sorted(groups.items(), key=lambda g: (g[0][1], g[0][0].width, repr(g[0][0]))):
        for points in lines:
            yield Line(points, style.width, style.color, style.alpha, style.dashed)
    for edge in drawing.edges:
        if edge.label:
            (xa, ya), (xb, yb) = at(where[edge.a]), at(where[edge.b])
            yield Text((xa + xb) / 2, (ya + yb) / 2, edge.label, 7.0, edge.style.color, 0.0, "center", "center",
                       box="#ffffff", box_pad=0.15)


def _nodes(drawing: Drawing, sheet: Sheet) -> Iterator[Primitive]:
    ox, oy = _area(drawing, sheet)
    groups: dict[NodeStyle, list[tuple[float, float]]] = {}
    for node in drawing.nodes:
        groups.setdefault(node.style, []).append((ox + node.x * INCH, oy - node.y * INCH))
    for style, points in sorted(groups.items(), key=lambda g: (g[0].size, repr(g[0]))):
        for x, y in points:
            yield Mark(style.marker, x, y, style.size, style.fill, style.stroke, style.stroke_width)
    for node in drawing.nodes:
        label, style = node.label, node.style
        if label.text:
            yield Text(ox + node.x * INCH + label.dx, oy - node.y * INCH - label.dy, label.text, style.font_size,
                       style.font_color, label.rotation, label.ha, label.va,
                       box="#ffffff" if style.label_box else None, box_alpha=0.85, id=f"label-{node.id}",
                       title=node.tooltip if "…" in label.text else "")


def _title(drawing: Drawing, sheet: Sheet) -> Iterator[Primitive]:
    k = sheet.scale
    yield Text(MARGIN * INCH, MARGIN * INCH, fit(drawing.title, sheet.line, 20 * k), 20 * k, "#0d1f40", va="top")
    yield Text(MARGIN * INCH, (MARGIN + 0.5 * k) * INCH, fit(drawing.subtitle, sheet.line, 11 * k), 11 * k, "#404040",
               va="top")


def _panel(drawing: Drawing, sheet: Sheet) -> Iterator[Primitive]:
    """Legend and notes in fixed rows in the panel right of the drawing area: no overlap."""
    k = sheet.scale
    left = (drawing.width + 2 * MARGIN) * INCH
    top = (TITLE_BAND * k + MARGIN) * INCH
    row, size = ROW * k, PANEL_FONT * k
    y = row / 2
    yield Text(left, top + y * INCH, "图例", size + 2, "#0d1f40", va="center")
    for entry in drawing.legend:
        y += row
        at = top + y * INCH
        if entry.node is not None:
            style = entry.node
            yield Mark(style.marker, left + 0.3 * k * INCH, at, min(style.size, 16) * k, style.fill, style.stroke,
                       style.stroke_width)
        elif entry.edge is not None:
            line = entry.edge
            yield Line(((left, at), (left + 0.55 * k * INCH, at)), line.width * k, line.color, 1.0, line.dashed)
        yield Text(left + 0.7 * k * INCH, at, entry.label, size, "#202020", va="center")
    y += row * 0.6
    for note in drawing.notes:
        for text in wrap(note, sheet.panel, size - k):
            y += row * 0.85
            yield Text(left, top + y * INCH, text, size - k, "#303030", va="center")


def label_corners(primitives: list[Primitive]) -> dict[str, list[tuple[float, float]]]:
    """Each node label's rotated line box (points, y down), by its id."""
    return {p.id: p.corners() for p in primitives if isinstance(p, Text) and p.id}


__all__ = ["INCH", "PT", "Line", "Mark", "Primitive", "Text", "label_corners", "paint"]
