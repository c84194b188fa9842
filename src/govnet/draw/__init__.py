"""Topology diagrams: views build Drawings (scene.py) from the model; paint.py places everything on the sheet
and svg.py / raster.py (aggdraw) write SVG and PNG from that, PDF goes through matplotlib (render.py, imported
only when used); export.py writes DOT/Mermaid text.

    drawings = build_drawings(model, "city", ViewOptions(date="2024-05-01", subject="3601"))
    png = content(drawings[0], "png")            # or svg, pdf, dot, mermaid
    files = diagram_files(model, "province", ["png", "svg"], ViewOptions(date="2024-05-01"))
"""

from __future__ import annotations

from govnet.draw.compose import UnknownSubject, ViewBuilder, ViewOptions
from govnet.draw.files import FORMATS, content, contents, diagram_files, file_name
from govnet.draw.network import Highlight
from govnet.draw.scene import Drawing, Edge, EdgeStyle, Label, LegendEntry, Node, NodeStyle
from govnet.draw.views import VIEWS, build_drawings

__all__ = [
    "FORMATS",
    "VIEWS",
    "Drawing",
    "Edge",
    "EdgeStyle",
    "Highlight",
    "Label",
    "LegendEntry",
    "Node",
    "NodeStyle",
    "UnknownSubject",
    "ViewBuilder",
    "ViewOptions",
    "build_drawings",
    "content",
    "contents",
    "diagram_files",
    "file_name",
]
