"""The PNG writer's fast paths (draw/raster.py) held to the plain computations they replace: the vectorised dashes
to a walk along each polyline, the RGBA canvas mapped to the palette to what Pillow's own quantize makes of the
same drawing on an RGB canvas, the sparse PNG (ink tiles only, written by pngfile.py) to Pillow's of every pixel."""

from __future__ import annotations

import itertools
import math
import random

import pytest

from govnet.draw.ink import ink_tiles
from govnet.draw.paint import paint
from govnet.draw.raster import _palette, _quantize, dashes, png
from govnet.draw.scene import Drawing, Edge, EdgeStyle, Label, LegendEntry, Marker, Node, NodeStyle

Point = tuple[float, float]


def walked(polylines: list[list[Point]], on: float, off: float, scale: float) -> list[list[float]]:
    """The dashes one polyline at a time: the pattern restarts at each polyline's first point and runs on round
    bends; a segment met again at the same distance along (a shared trunk) is drawn once."""
    found: list[list[float]] = []
    seen: set[tuple[float, ...]] = set()
    period = on + off
    for line in polylines:
        points = [(x * scale, y * scale) for x, y in line]
        along = 0.0
        for (x0, y0), (x1, y1) in itertools.pairwise(points):
            length = math.hypot(x1 - x0, y1 - y0)
            key = (x0, y0, x1, y1, along, along + length)
            if key not in seen and length > 0:
                seen.add(key)
                k = math.floor(along / period)
                while k * period < along + length:
                    lo, hi = max(k * period, along), min(k * period + on, along + length)
                    if hi > lo:
                        t0, t1 = (lo - along) / length, (hi - along) / length
                        found.append([x0 + (x1 - x0) * t0, y0 + (y1 - y0) * t0,
                                      x0 + (x1 - x0) * t1, y0 + (y1 - y0) * t1])
                    k += 1
            along += length
    return found


@pytest.mark.parametrize("seed", range(5))
def test_vectorised_dashes_match_a_walk_along_each_polyline(seed: int) -> None:
    rng = random.Random(seed)
    polylines: list[list[Point]] = []
    for _ in range(60):
        points = [(rng.uniform(0, 50), rng.uniform(0, 50)) for _ in range(rng.choice((1, 2, 2, 3, 5, 9)))]
        polylines.append(points)
        if rng.random() < 0.3:  # a route sharing its trunk with the one before, as a county view's villages do
            polylines.append([*points[:2], (rng.uniform(0, 50), rng.uniform(0, 50))])
    scale = rng.choice((1.0, 2.0833333333333335))
    fast = dashes(polylines, 4.0, 2.5, scale)
    slow = walked(polylines, 4.0, 2.5, scale)
    assert len(fast) == len(slow)
    for a, b in zip(fast, slow, strict=True):
        assert a == pytest.approx(b, abs=1e-9)


def test_rgba_canvas_maps_to_the_same_palette_image_as_rgb() -> None:
    aggdraw = pytest.importorskip("aggdraw")
    from PIL import Image

    from govnet.draw.fonts import font_path

    colours = ("#1f3b73", "#2e75b6", "#5a6b80", "#d7191c")
    images = []
    for mode, white in (("RGB", (255, 255, 255)), ("RGBA", (255, 255, 255, 255))):
        canvas = aggdraw.Draw(mode, (240, 160), white)
        canvas.line((5, 5, 230, 150, 20, 140), aggdraw.Pen(colours[2], 2.5, 230))
        canvas.ellipse((40, 40, 90, 90), aggdraw.Pen(colours[0], 1.5), aggdraw.Brush(colours[1]))
        canvas.polygon((120, 20, 200, 30, 160, 90), None, aggdraw.Brush("#ffffff", 217))
        canvas.text((100, 100), "南昌县 10G", aggdraw.Font(colours[3], str(font_path()), 22))
        images.append(Image.frombytes(mode, (240, 160), canvas.tobytes()))
    palette = _palette(colours)
    reference = images[0].quantize(palette=palette, dither=Image.Dither.NONE)
    fast = _quantize(images[1], palette)
    assert fast.mode == "P" and fast.getpalette() == reference.getpalette()
    assert fast.tobytes() == reference.tobytes()
    assert len(set(fast.tobytes())) > 4  # antialiased edges found blended entries, not just the base colours


def test_large_buffers_stay_in_the_heap_on_glibc() -> None:
    import platform

    from govnet.draw.memory import reuse_large_buffers

    if platform.libc_ver()[0] != "glibc":
        pytest.skip("mallopt is glibc's")
    assert reuse_large_buffers() is True


def _scrawl(seed: int) -> Drawing:
    """A small drawing that reaches for every edge case of the ink tiles: nodes on and past the drawing area's
    edges, every marker, rotated labels with and without boxes, thick dashed and solid edges with sharp bends
    (miter joins), edge labels, a legend and notes."""
    rng = random.Random(seed)
    markers: list[Marker] = ["circle", "square", "diamond", "hexagon", "star", "triangle"]
    nodes = []
    for i in range(40):
        style = NodeStyle(rng.choice(markers), rng.uniform(0, 24), rng.choice(("#2e75b6", "#70ad47", "#ffffff")),
                          "#1f3b73", rng.choice((0.0, 0.8, 3.0)), rng.uniform(5, 16),
                          label_box=rng.random() < 0.3)
        label = Label(rng.choice(("南昌县", "莲塘镇 10.0.0.1", "Ag", "")), rng.uniform(-10, 10), rng.uniform(-10, 10),
                      rng.choice((0.0, 33.0, -60.0, 90.0, 180.0)), rng.choice(("left", "center", "right")),
                      rng.choice(("top", "center", "bottom", "baseline")))
        nodes.append(Node(f"n{i}", rng.uniform(-2.3, 2.3), rng.uniform(-1.8, 1.8), label, style, "site"))
    edges = []
    for _ in range(30):
        a, b = rng.sample(range(len(nodes)), 2)
        style = EdgeStyle(rng.choice((0.5, 1.2, 4.0, 9.0)), rng.choice(("#5a6b80", "#d7191c")), rng.random() < 0.5,
                          rng.choice((1.0, 0.9)))
        via = tuple((rng.uniform(-2.5, 2.5), rng.uniform(-2, 2)) for _ in range(rng.choice((0, 0, 1, 3))))
        edges.append(Edge(f"n{a}", f"n{b}", style, rng.choice(("", "2×10G")), via=via))
    legend = (LegendEntry("节点", node=nodes[0].style), LegendEntry("链路", edge=edges[0].style))
    return Drawing("scrawl", "标题 Title", "副标题", 4.0, 3.0, tuple(nodes), tuple(edges), legend, ("注：随机图",))


@pytest.mark.parametrize("seed", range(4))
def test_sparse_png_is_the_plain_png_byte_for_byte(seed: int) -> None:
    """Only the tiles that can hold ink are mapped to the palette and the file is written here, not by Pillow:
    the same bytes as every pixel mapped and Image.save."""
    drawing = _scrawl(seed)
    assert png(drawing, sparse=True) == png(drawing, sparse=False)


@pytest.mark.parametrize("seed", range(4))
def test_ink_tiles_hold_every_pixel_that_is_not_white(seed: int) -> None:
    import io

    import numpy as np
    from PIL import Image

    drawing = _scrawl(seed)
    sheet, primitives = paint(drawing)
    image = Image.open(io.BytesIO(png(drawing, sparse=False)))
    k = image.size[0] / (sheet.width * 72)
    tile = 8  # finer than the writer's: a loose mark would show
    rows, columns = -(-image.size[1] // tile), -(-image.size[0] // tile)
    inked = np.zeros((rows * tile, columns * tile), dtype=bool)
    inked[:image.size[1], :image.size[0]] = np.asarray(image) != 0  # index 0 is white
    found = inked.reshape(rows, tile, columns, tile).any(axis=(1, 3))
    marked = ink_tiles(primitives, k, tile, (rows, columns))
    assert found.sum() > 100
    assert not (found & ~marked).any(), np.argwhere(found & ~marked)[:5]
    assert marked.sum() < 2.5 * found.sum()  # and it does not mark the whole sheet


def test_the_standard_zlib_writes_the_same_png(monkeypatch: pytest.MonkeyPatch) -> None:
    import zlib

    from govnet.draw import pngfile

    drawing = _scrawl(0)
    fast = png(drawing)
    monkeypatch.setattr(pngfile, "_zlib", lambda: zlib)
    assert png(drawing) == fast


def test_the_canvas_is_read_in_place_with_the_bytes_tobytes_gives() -> None:
    aggdraw = pytest.importorskip("aggdraw")
    from govnet.draw.canvas import _view, pixels

    size = (301, 97)
    canvas = aggdraw.Draw("RGBA", size)
    canvas.line((0, 0, 300, 96, 20, 90), aggdraw.Pen("#5a6b80", 2.5, 230))
    canvas.polygon((120, 20, 200, 30, 160, 90), None, aggdraw.Brush("#d7191c", 217))
    view = _view(canvas, size)
    assert view is not None  # aggdraw's Draw object is laid out as canvas.py reads it
    assert view.tobytes() == canvas.tobytes()
    assert pixels(canvas, size).tobytes() == pixels(canvas, size, in_place=False).tobytes()
    assert _view(canvas, (97, 301)) is None  # not the canvas's size: not read


@pytest.mark.parametrize("seed", range(2))
def test_the_png_read_in_place_is_the_png_of_the_copied_canvas(seed: int) -> None:
    drawing = _scrawl(seed)
    assert png(drawing, in_place=True) == png(drawing, in_place=False)
