"""Which tiles of a PNG sheet can hold ink, from the painted primitives' geometry alone (no pixel is read).

A diagram is mostly white (4 % of a Jiangxi build's 187 Mpx are ink): the PNG writer maps only the tiles
marked here to the palette, and leaves the rest index 0 (white). Every mark errs on the side of ink: a line's
tiles are those within twice its width (a miter join reaches out four half-widths) of any of its segments, a
label's those of its glyphs' extent (and box) grown by a twentieth of its size (the font is hinted at another
size than the metrics' outlines), a marker's those of its outline grown by twice its stroke; each plus two pixels
of anti-aliasing. tests/test_draw_raster.py holds the marks to the pixels of random drawings.
"""

from __future__ import annotations

from itertools import pairwise
from typing import Any

from govnet.draw.metrics import extent
from govnet.draw.paint import Line, Mark, Primitive, Text
from govnet.draw.svg import marker_outline

AA = 2.0  # pixels of anti-aliasing (and rounding) around every shape

Box = tuple[float, float, float, float]  # left, top, right, bottom (pixels)


def ink_tiles(primitives: list[Primitive], k: float, tile: int, shape: tuple[int, int]) -> Any:
    """A (rows, columns) bool array over tiles of ``tile`` pixels: True where a primitive drawn at ``k`` pixels
    a point may leave a pixel other than white."""
    import numpy as np

    boxes: list[Box] = []  # points
    labels: list[tuple[float, float, float, float, float, float, float]] = []  # x, y, rotation, unrotated box
    segments: list[tuple[float, float, float, float, float]] = []  # x0, y0, x1, y1, reach (points)
    for p in primitives:
        if isinstance(p, Line):
            reach = 2 * p.width
            segments += [(x0, y0, x1, y1, reach) for (x0, y0), (x1, y1) in pairwise(p.points)]
            if len(p.points) == 1:
                segments.append((*p.points[0], *p.points[0], reach))
        elif isinstance(p, Mark):
            grow = 2 * p.stroke_width
            if p.marker == "circle":
                grow += p.size / 2
                boxes.append((p.x - grow, p.y - grow, p.x + grow, p.y + grow))
            else:
                xs, ys = zip(*marker_outline(p), strict=True)
                boxes.append((min(xs) - grow, min(ys) - grow, max(xs) + grow, max(ys) + grow))
        else:
            labels.append((p.x, p.y, p.rotation, *_label(p)))
    found = [np.array(boxes, dtype=float).reshape(-1, 4) * k]
    if labels:
        found.append(_rotated(np.array(labels, dtype=float)) * k)
    if segments:
        found.append(_along(np.array(segments, dtype=float) * k, tile))
    every = np.concatenate(found)
    every[:, :2] -= AA
    every[:, 2:] += AA
    return _cover(every, tile, shape)


def _label(text: Text) -> Box:
    """A label's glyphs and box relative to its anchor, unrotated (points, y down): left, top, right, bottom."""
    found = extent(text.text, text.size)
    dx, base = text.origin()
    pad, box = text.size / 20, text.box_pad * text.size if text.box is not None else 0.0
    return (dx + min(found.ink_left - pad, -box), base - found.ascent - max(pad, box),
            dx + max(found.ink_right + pad, found.advance + box), base + found.descent + max(pad, box))


def _rotated(labels: Any) -> Any:
    """The bounding boxes on the sheet of (x, y, rotation, left, top, right, bottom) rows: each box turned by its
    rotation about its anchor (as Text.place)."""
    import numpy as np

    x, y, rotation = labels[:, 0:1], labels[:, 1:2], np.radians(labels[:, 2:3])
    cos, sin = np.cos(rotation), np.sin(rotation)
    across = labels[:, [3, 5, 5, 3]]  # the four corners
    down = labels[:, [4, 4, 6, 6]]
    xs, ys = x + across * cos + down * sin, y - across * sin + down * cos
    return np.stack([xs.min(axis=1), ys.min(axis=1), xs.max(axis=1), ys.max(axis=1)], axis=1)


def _along(segments: Any, tile: int) -> Any:
    """Boxes (pixels) covering every pixel within each segment's reach: around points at most a quarter tile
    apart along it, each grown by its reach plus an eighth tile (no point of the segment is further than that
    from one of them)."""
    import numpy as np

    x0, y0, x1, y1, reach = segments.T
    step = tile / 4
    count = np.floor(np.hypot(x1 - x0, y1 - y0) / step).astype(np.intp) + 2  # both ends, evenly between
    which = np.repeat(np.arange(len(segments)), count)
    t = (np.arange(count.sum()) - np.repeat(np.cumsum(count) - count, count)) / np.repeat(count - 1, count)
    x = x0[which] + (x1 - x0)[which] * t
    y = y0[which] + (y1 - y0)[which] * t
    grow = reach[which] + step / 2
    return np.stack([x - grow, y - grow, x + grow, y + grow], axis=1)


def _cover(boxes: Any, tile: int, shape: tuple[int, int]) -> Any:
    """The tiles any of ``boxes`` (n × [left, top, right, bottom] pixels) touches: each box adds one at its first
    tile and takes it away past its last, in both directions, and the running sums count the boxes over a tile."""
    import numpy as np

    rows, columns = shape
    left = np.clip(np.floor(boxes[:, 0] / tile), 0, columns).astype(np.intp)
    top = np.clip(np.floor(boxes[:, 1] / tile), 0, rows).astype(np.intp)
    right = np.clip(np.floor(boxes[:, 2] / tile) + 1, 0, columns).astype(np.intp)  # one past the last tile
    bottom = np.clip(np.floor(boxes[:, 3] / tile) + 1, 0, rows).astype(np.intp)
    keep = (left < right) & (top < bottom)  # boxes off the sheet touch nothing
    left, top, right, bottom = left[keep], top[keep], right[keep], bottom[keep]
    wide, cells = columns + 1, (rows + 1) * (columns + 1)
    edges = (np.bincount(top * wide + left, minlength=cells) - np.bincount(top * wide + right, minlength=cells)
             - np.bincount(bottom * wide + left, minlength=cells) + np.bincount(bottom * wide + right, minlength=cells))
    return edges.reshape(rows + 1, wide).cumsum(axis=0).cumsum(axis=1)[:rows, :columns] > 0
