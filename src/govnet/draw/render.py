"""Rendering a Drawing to PNG, SVG or PDF bytes, byte-identical for the same drawing.

Two engines draw the same sheet (sheet.py): "govnet" (the default) writes SVG by hand (svg.py) and PNG with
aggdraw (raster.py) from the painted primitives (paint.py); "matplotlib" builds a figure and saves it, and is
what PDF uses (it embeds the shipped TrueType font). The matplotlib engine is the reference the fast one is
held to (tests/test_draw.py compares their label positions) and what `bench/draw.py` measures against.
"""

from __future__ import annotations

import io
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any, Literal

from govnet.draw.fonts import register
from govnet.draw.scene import Drawing, EdgeStyle, NodeStyle
from govnet.draw.sheet import MARGIN, PANEL_FONT, ROW, TITLE_BAND, Sheet, fit, wrap
from govnet.draw.style import LINK_COLOR
from govnet.draw.webfont import embed_in_svg
from govnet.gcpause import gc_paused

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

Engine = Literal["govnet", "matplotlib"]
MARKERS = {"circle": "o", "square": "s", "diamond": "D", "hexagon": "h", "star": "*", "triangle": "^"}
DASHES = (0, (4.0, 2.5))
METADATA: dict[str, dict[str, Any]] = {
    "png": {"Software": "govnet"},
    "svg": {"Creator": "govnet", "Date": None},
    "pdf": {"Creator": "govnet", "Producer": "govnet", "CreationDate": None, "ModDate": None},
}


@contextmanager
def _settings() -> Iterator[None]:
    import matplotlib

    families = register()
    with matplotlib.rc_context({
        "font.family": families,
        "svg.fonttype": "none",
        "svg.hashsalt": "govnet",
        "svg.id": "govnet",
        "pdf.fonttype": 42,
        "pdf.compression": 6,
        "axes.unicode_minus": False,
        "path.simplify": False,
    }):
        yield


def warm() -> None:
    """Load what every sheet of the default engine needs (aggdraw, the font's tables), so that worker processes
    forked afterwards share it instead of each loading it again."""
    import aggdraw  # noqa: F401
    from PIL import Image  # noqa: F401

    from govnet.draw.metrics import ascender, extent
    from govnet.draw.woff import woff

    extent("江西", 10.0)
    ascender()
    woff("")


def render(drawing: Drawing, fmt: str, *, dpi: float = 150.0, engine: Engine = "govnet") -> bytes:
    """The drawing as PNG, SVG or PDF bytes."""
    return render_formats(drawing, (fmt,), dpi=dpi, engine=engine)[fmt]


def render_formats(drawing: Drawing, formats: Sequence[str], *, dpi: float = 150.0,
                   engine: Engine = "govnet") -> dict[str, bytes]:
    """The drawing in several formats. PDF always goes through matplotlib, from one figure for every format
    asked of it (building the figure, text layout above all, costs as much as saving it)."""
    for fmt in formats:
        if fmt not in METADATA:
            raise ValueError(f"unknown image format {fmt!r}; choose png, svg or pdf")
    found: dict[str, bytes] = {}
    if engine == "govnet":
        from govnet.draw.paint import paint
        from govnet.draw.raster import png
        from govnet.draw.svg import svg

        # Paused collector: a sheet's tens of thousands of primitives, none in a cycle, would otherwise set off
        # collections that walk the whole model of a library caller (the command line has frozen it).
        with gc_paused():
            painted = paint(drawing) if "png" in formats or "svg" in formats else None  # once for both formats
            for fmt in formats:
                if fmt == "png":
                    found[fmt] = png(drawing, dpi, painted)
                elif fmt == "svg":
                    found[fmt] = svg(drawing, painted)
        formats = [f for f in formats if f not in found]
        if not formats:
            return found
    with _settings():
        figure = build_figure(drawing)
        for fmt in formats:
            if fmt == "png":
                found[fmt] = _png(figure, Sheet.of(drawing).png_dpi(dpi))
                continue
            buffer = io.BytesIO()
            figure.savefig(buffer, format=fmt, dpi=dpi, metadata=METADATA[fmt])
            # SVG keeps text as text: the font it needs goes with it
            found[fmt] = embed_in_svg(buffer.getvalue()) if fmt == "svg" else buffer.getvalue()
    return found


def _png(figure: Figure, dpi: float) -> bytes:
    """The figure as PNG, encoded here rather than by savefig: the sheet is opaque white, so RGB holds every
    pixel of matplotlib's RGBA, and zlib's run-length strategy at level 1 encodes it in about two thirds of the
    time of RGBA at level 1, into a smaller file (measured in bench/draw.py)."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from PIL import Image, PngImagePlugin

    figure.set_dpi(dpi)
    canvas = FigureCanvasAgg(figure)
    canvas.draw()  # type: ignore[no-untyped-call]
    pixels = canvas.buffer_rgba()  # type: ignore[no-untyped-call]
    rgba = Image.frombuffer("RGBA", canvas.get_width_height(), pixels, "raw", "RGBA", 0, 1)
    info = PngImagePlugin.PngInfo()
    for key, value in METADATA["png"].items():
        info.add_text(key, value)
    buffer = io.BytesIO()
    rgba.convert("RGB").save(buffer, format="png", pnginfo=info, dpi=(dpi, dpi), compress_level=1,
                             compress_type=3)  # 3: zlib.Z_RLE
    return buffer.getvalue()


def build_figure(drawing: Drawing) -> Figure:
    """The matplotlib figure of a drawing (for tests that measure the text extents)."""
    from matplotlib.figure import Figure

    with _settings():
        sheet = Sheet.of(drawing)
        figure = Figure(figsize=(sheet.width, sheet.height), facecolor="white")
        ax = figure.add_axes((MARGIN / sheet.width, MARGIN / sheet.height, drawing.width / sheet.width,
                              drawing.height / sheet.height))
        ax.set_xlim(-drawing.width / 2, drawing.width / 2)
        ax.set_ylim(-drawing.height / 2, drawing.height / 2)
        ax.set_axis_off()
        _edges(ax, drawing)
        _nodes(figure, ax, drawing)
        _title(figure, drawing, sheet)
        _panel(figure, drawing, sheet)
    return figure


def _edges(ax: Axes, drawing: Drawing) -> None:
    from matplotlib.collections import LineCollection

    where = {n.id: (n.x, n.y) for n in drawing.nodes}
    groups: dict[tuple[EdgeStyle, bool], list[list[tuple[float, float]]]] = {}
    for edge in drawing.edges:
        groups.setdefault((edge.style, edge.highlighted), []).append([where[edge.a], *edge.via, where[edge.b]])
    if drawing.guides:
        ax.add_collection(LineCollection([list(g) for g in drawing.guides], linewidths=0.7, colors=LINK_COLOR,
                                         alpha=0.9, zorder=0.5))
    for (style, lit), segments in sorted(groups.items(), key=lambda g: (g[0][1], g[0][0].width, repr(g[0][0]))):
        ax.add_collection(LineCollection(segments, linewidths=style.width, colors=style.color, alpha=style.alpha,
                                         linestyles=DASHES if style.dashed else "solid", capstyle="round",
                                         zorder=2 if lit else 1))
    for edge in drawing.edges:
        if edge.label:
            (xa, ya), (xb, yb) = where[edge.a], where[edge.b]
            ax.text((xa + xb) / 2, (ya + yb) / 2, edge.label, fontsize=7, ha="center", va="center", zorder=4,
                    color=edge.style.color, bbox={"boxstyle": "round,pad=0.15", "fc": "white", "ec": "none"})


def _nodes(figure: Figure, ax: Axes, drawing: Drawing) -> None:
    from matplotlib.transforms import offset_copy

    groups: dict[NodeStyle, list[tuple[float, float]]] = {}
    for node in drawing.nodes:
        groups.setdefault(node.style, []).append((node.x, node.y))
    for style, points in sorted(groups.items(), key=lambda g: (g[0].size, repr(g[0]))):
        ax.scatter([p[0] for p in points], [p[1] for p in points], s=style.size ** 2, marker=MARKERS[style.marker],
                   c=style.fill, edgecolors=style.stroke, linewidths=style.stroke_width, zorder=3)
    for node in drawing.nodes:
        label, style = node.label, node.style
        if not label.text:
            continue
        where = offset_copy(ax.transData, fig=figure, x=label.dx, y=label.dy, units="points")
        box = {"boxstyle": "round,pad=0.2", "fc": "white", "ec": "none", "alpha": 0.85} if style.label_box else None
        ax.text(node.x, node.y, label.text, transform=where, fontsize=style.font_size, color=style.font_color,
                rotation=label.rotation, rotation_mode="anchor", ha=label.ha, va=label.va, bbox=box, zorder=4,
                gid=f"label-{node.id}")


def _title(figure: Figure, drawing: Drawing, sheet: Sheet) -> None:
    top = 1 - MARGIN / sheet.height
    left = MARGIN / sheet.width
    title = fit(drawing.title, sheet.line, 20 * sheet.scale)
    figure.text(left, top, title, fontsize=20 * sheet.scale, va="top", ha="left", color="#0d1f40")
    subtitle = fit(drawing.subtitle, sheet.line, 11 * sheet.scale)
    figure.text(left, top - 0.5 * sheet.scale / sheet.height, subtitle, fontsize=11 * sheet.scale,
                va="top", ha="left", color="#404040")


def _panel(figure: Figure, drawing: Drawing, sheet: Sheet) -> None:
    """Legend and notes, laid out by hand in the panel right of the drawing area: fixed rows, no overlap."""
    from matplotlib.lines import Line2D

    k = sheet.scale
    inner_height = sheet.height - TITLE_BAND * k - 2 * MARGIN
    panel = figure.add_axes(((drawing.width + 2 * MARGIN) / sheet.width, MARGIN / sheet.height,
                             (sheet.panel - MARGIN) / sheet.width, inner_height / sheet.height))
    panel.set_axis_off()
    panel.set_xlim(0, sheet.panel - MARGIN)
    panel.set_ylim(-inner_height, 0)
    row, size = ROW * k, PANEL_FONT * k
    y = -row / 2
    panel.text(0, y, "图例", fontsize=size + 2, va="center", color="#0d1f40")
    for entry in drawing.legend:
        y -= row
        if entry.node is not None:
            style = entry.node
            panel.scatter([0.3 * k], [y], s=(min(style.size, 16) * k) ** 2, marker=MARKERS[style.marker],
                          c=style.fill, edgecolors=style.stroke, linewidths=style.stroke_width)
        elif entry.edge is not None:
            line = entry.edge
            panel.add_line(Line2D([0.0, 0.55 * k], [y, y], linewidth=line.width * k, color=line.color,
                                  linestyle=DASHES if line.dashed else "solid"))
        panel.text(0.7 * k, y, entry.label, fontsize=size, va="center", color="#202020")
    y -= row * 0.6
    for note in drawing.notes:
        for text in wrap(note, sheet.panel, size - k):
            y -= row * 0.85
            panel.text(0, y, text, fontsize=size - k, va="center", color="#303030")
